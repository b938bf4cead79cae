"""商标品牌示范企业 and 知识产权示范/优势企业 applications."""

from __future__ import annotations

from wtforms import DecimalField, IntegerField, RadioField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from portal.cases.kinds.fields import RequiredIf, yes_no
from portal.core.forms import BaseForm
from portal.i18n import lazy_gettext as _l


def count(label, required=True, minimum=0, message=None):
    validators = [InputRequired(_l("Enter a whole number."))] if required else [Optional()]
    validators.append(NumberRange(min=minimum, max=1_000_000, message=message or _l("Enter a number of 0 or more.")))
    return IntegerField(label, validators=validators)


def highlights():
    return TextAreaField(
        _l("Main achievements"),
        validators=[
            DataRequired(_l("Describe your main achievements.")),
            Length(min=20, max=5000, message=_l("Describe your achievements in 20 to 5000 characters.")),
        ],
        render_kw={"rows": 5},
    )


NO_VIOLATIONS = _l("Only firms without serious violations or dishonesty in the last three years can apply.")


class BrandEligibilityForm(BaseForm):
    years_operating = count(
        _l("Years in operation"), minimum=3, message=_l("Firms must have operated for at least three years.")
    )
    registered_marks = count(
        _l("Registered trademarks in use"),
        minimum=1,
        message=_l("At least one registered trademark in use is required."),
    )
    clean_record = yes_no(_l("No serious violations or dishonesty in the last three years?"), must_be_yes=NO_VIOLATIONS)


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
        ],
    )
    clean_record = yes_no(_l("No serious violations or dishonesty in the last three years?"), must_be_yes=NO_VIOLATIONS)

    def validate_years_as_advantage(self, field):
        if self.level.data == "demonstration" and field.data is not None and field.data < 3:
            raise ValidationError(str(_l("Demonstration status needs three years as an advantage enterprise.")))


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


BRAND_MATERIALS = (
    ("licence", _l("Business licence (copy)"), True),
    ("trademark_certificates", _l("Trademark registration certificates"), True),
    ("brand_rules", _l("Brand management rules"), True),
    ("other", _l("Other material"), False),
)
IP_MATERIALS = (
    ("licence", _l("Business licence (copy)"), True),
    ("ip_list", _l("List of IP held (patents, trademarks, copyrights)"), True),
    ("management_certificate", _l("IP management system certificate"), False),
    ("other", _l("Other material"), False),
)


def brand_summary(data: dict) -> str:
    # the stored title is the firm's own words, never translated text
    return (data.get("assessment", {}).get("achievements") or "")[:60]


def ip_summary(data: dict) -> str:
    return (data.get("assessment", {}).get("achievements") or "")[:60]
