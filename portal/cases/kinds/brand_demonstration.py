"""商标品牌示范企业 — the district's own scheme: the district reviews, publishes and recognises."""

from __future__ import annotations

from wtforms import DecimalField, TextAreaField
from wtforms.validators import Length, NumberRange, Optional

from portal.cases.kinds.base import CaseKind, Material, Step
from portal.cases.kinds.fields import CLEAN_RECORD, NO_VIOLATIONS, confirm, count, highlights, yes_no
from portal.cases.status import Track
from portal.core.forms import BaseForm
from portal.i18n import lazy_gettext as _l


class BrandEligibilityForm(BaseForm):
    years_operating = count(
        _l("Years in operation"),
        minimum=3,
        message=_l("Firms must have operated for at least three years."),
        condition=_l("The firm has operated for at least three years."),
    )
    registered_marks = count(
        _l("Registered trademarks in use"),
        minimum=1,
        message=_l("At least one registered trademark in use is required."),
        condition=_l("The firm owns at least one registered trademark that it uses."),
    )
    clean_record = confirm(CLEAN_RECORD, NO_VIOLATIONS)


class BrandAssessmentForm(BaseForm):
    brand_rules = yes_no(_l("Do you have written brand management rules?"))
    brand_staff = count(_l("Staff working on brand management"))
    madrid_filings = count(_l("Madrid international registrations"))
    brand_sales = DecimalField(
        _l("Sales under own brands last year (10,000 yuan)"),
        places=2,
        validators=[Optional(), NumberRange(min=0, message=_l("Enter an amount of 0 or more."))],
    )
    anti_counterfeit = TextAreaField(
        _l("Anti-counterfeiting and brand protection work"),
        validators=[Optional(), Length(max=3000)],
        render_kw={"rows": 3},
    )
    achievements = highlights()


def summary(data: dict) -> str:
    # the stored title is the firm's own words, never translated text
    return ((data.get("assessment", {}).get("achievements") or [""])[0])[:60]


KIND = CaseKind(
    value="brand-demonstration",
    code="BD",
    position=2,
    label=_l("Trademark-brand demonstration enterprise"),
    intro=_l("Apply to be recognised as a trademark-brand demonstration enterprise of the district."),
    track=Track.RECOGNITION,
    guide_slug="brand-demonstration-application",
    wording={
        "approved": _l("Passed review (proposed for recognition)"),
        "approve": _l("Pass the review (propose for recognition)"),
    },
    # recognised by the district itself: the issuing body's name comes from the ISSUING_BODY setting
    number_format="津红知认〔{year}〕{n}号",
    accept_days=5,
    decide_days=30,
    steps=(
        Step("eligibility", _l("Eligibility"), BrandEligibilityForm),
        Step("assessment", _l("Self-assessment"), BrandAssessmentForm),
    ),
    materials=(
        Material("trademark_certificates", _l("Trademark registration certificates"), True),
        Material("brand_rules", _l("Brand management rules"), True),
        Material(
            "credit_commitment",
            _l("Credit commitment, signed and sealed"),
            True,
            original=True,
            template="credit-commitment",
        ),
        Material("other", _l("Other material"), False),
    ),
    summary=summary,
    examples={
        "eligibility": {"years_operating": "12", "registered_marks": "8", "clean_record": "yes"},
        "assessment": {
            "brand_rules": "yes",
            "brand_staff": "3",
            "madrid_filings": "2",
            "brand_sales": "5200.50",
            "achievements": "“津门”系列品牌入选天津老字号，连续五年销售额增长超过百分之十。",
        },
    },
)
