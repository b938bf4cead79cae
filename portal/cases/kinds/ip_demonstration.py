"""知识产权优势/示范企业 — a national programme (CNIPA): the district reviews and recommends."""

from __future__ import annotations

from wtforms import DecimalField, IntegerField, RadioField
from wtforms.validators import InputRequired, NumberRange, Optional

from portal.cases.kinds.base import CaseKind, Material, Step
from portal.cases.kinds.fields import (
    CLEAN_RECORD,
    NO_VIOLATIONS,
    Eligibility,
    RequiredIf,
    confirm,
    count,
    highlights,
)
from portal.cases.status import Track
from portal.core.forms import BaseForm
from portal.i18n import lazy_gettext as _l


class IpEligibilityForm(BaseForm):
    level = RadioField(
        _l("Status applied for"),
        choices=[("advantage", _l("IP advantage enterprise")), ("demonstration", _l("IP demonstration enterprise"))],
        validators=[InputRequired(_l("Choose the status you apply for."))],
    )
    years_as_advantage = IntegerField(
        _l("Years since recognition as an advantage enterprise"),
        validators=[
            RequiredIf("level", ["demonstration"], _l("Enter the years since recognition as an advantage enterprise.")),
            NumberRange(min=0, max=100),
            Eligibility(
                _l(
                    "Firms applying for demonstration status have been an advantage enterprise for at least three years."
                ),
                _l("Demonstration status needs three years as an advantage enterprise."),
                lambda form, field: form.level.data != "demonstration" or field.data >= 3,
            ),
        ],
    )
    clean_record = confirm(CLEAN_RECORD, NO_VIOLATIONS)


class IpAssessmentForm(BaseForm):
    invention_patents = count(_l("Valid invention patents"))
    pct_filings = count(_l("PCT applications"))
    management_standard = RadioField(
        _l("IP management system (GB/T 29490)"),
        choices=[("certified", _l("Certified")), ("in_progress", _l("Being introduced")), ("none", _l("Not yet"))],
        validators=[InputRequired(_l("Choose the state of your IP management system."))],
    )
    ip_staff = count(_l("Staff working on IP"))
    rd_spending = DecimalField(
        _l("R&D spending last year (10,000 yuan)"),
        places=2,
        validators=[Optional(), NumberRange(min=0, message=_l("Enter an amount of 0 or more."))],
    )
    achievements = highlights()


def summary(data: dict) -> str:
    return ((data.get("assessment", {}).get("achievements") or [""])[0])[:60]


KIND = CaseKind(
    value="ip-demonstration",
    code="ID",
    position=3,
    label=_l("IP demonstration / advantage enterprise"),
    intro=_l(
        "Apply for IP advantage or demonstration enterprise status. The district reviews and recommends; "
        "the China National Intellectual Property Administration recognises."
    ),
    track=Track.RECOMMENDATION,
    guide_slug="ip-demonstration-enterprise",
    wording={
        "approved": _l("Passed review (proposed for recommendation)"),
        "approve": _l("Pass the review (propose for recommendation)"),
    },
    authority=_l("China National Intellectual Property Administration"),
    number_format="津红知荐〔{year}〕{n}号",
    accept_days=5,
    decide_days=30,
    steps=(
        Step("eligibility", _l("Eligibility"), IpEligibilityForm),
        Step("assessment", _l("Self-assessment"), IpAssessmentForm),
    ),
    materials=(
        Material("ip_list", _l("List of IP held (patents, trademarks, copyrights)"), True),
        Material("management_certificate", _l("IP management system certificate"), False),
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
        "eligibility": {"level": "advantage", "clean_record": "yes"},
        "assessment": {
            "invention_patents": "46",
            "pct_filings": "5",
            "management_standard": "certified",
            "ip_staff": "4",
            "rd_spending": "2300.75",
            "achievements": "建成知识产权管理体系并通过认证，核心产品专利覆盖率达到九成以上。",
        },
    },
)
