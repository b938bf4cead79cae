"""知识产权质押融资贴息 — an interest subsidy on a loan secured by a pledge of IP rights. The district
opens it in calls; each call's notice sets the rate and the ceiling."""

from __future__ import annotations

from wtforms import BooleanField, DecimalField, IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, ValidationError

from portal.cases import lookups
from portal.cases.kinds.base import CaseKind, Material, Step, first
from portal.cases.kinds.fields import CLEAN_RECORD, NO_VIOLATIONS, RequiredIf, confirm
from portal.cases.status import Track
from portal.core.forms import BaseForm
from portal.i18n import lazy_gettext as _l

# the firm's granted pledge loans, as {"ref", "label"} dicts (registered by the web layer from portal.market)
GRANTED_LOANS = "granted_pledge_loans"
TYPED = ""  # the loan was not arranged through this portal: the firm types its details


class LoanForm(BaseForm):
    loan = SelectField(
        _l("Your pledge loan"),
        choices=[(TYPED, _l("Not arranged through this portal: enter the loan below"))],
        validate_choice=False,
        description=_l("Pledge loans granted through this portal's financing requests are listed here."),
    )
    bank = StringField(
        _l("Lending bank"),
        validators=[RequiredIf("loan", [TYPED], _l("Enter the lending bank.")), Length(max=200)],
    )
    amount = DecimalField(
        _l("Loan amount (10,000 yuan)"),
        places=2,
        validators=[
            RequiredIf("loan", [TYPED], _l("Enter the loan amount.")),
            NumberRange(min=0.01, max=10_000_000, message=_l("Enter an amount above 0.")),
        ],
    )
    term_months = IntegerField(
        _l("Loan term (months)"),
        validators=[
            RequiredIf("loan", [TYPED], _l("Enter the loan term in months.")),
            NumberRange(min=1, max=360, message=_l("Enter a term of 1 to 360 months.")),
        ],
    )
    interest_paid = DecimalField(
        _l("Interest paid in the period of the call (10,000 yuan)"),
        places=2,
        validators=[
            InputRequired(_l("Enter the interest paid.")),
            NumberRange(min=0.01, max=1_000_000, message=_l("Enter an amount above 0.")),
        ],
    )
    pledged_rights = StringField(
        _l("Pledged IP rights"),
        validators=[DataRequired(_l("Enter the numbers of the pledged rights.")), Length(max=500)],
        description=_l("Patent numbers, trademark registration numbers or copyright registration numbers"),
    )
    pledge_registered = confirm(
        _l("The loan is secured by a pledge of our firm's IP rights, and the pledge is registered."),
        _l("Only loans secured by a registered pledge of the firm's own IP rights can be subsidised."),
    )
    clean_record = confirm(CLEAN_RECORD, NO_VIOLATIONS)
    declaration = BooleanField(
        _l("We declare that the information given is true and complete."),
        validators=[InputRequired(_l("Confirm that the information is true."))],
    )

    def __init__(self, *args, loans: list | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.loans = loans
        self.loan.choices = [*self.loan.choices[:1], *((loan["ref"], loan["label"]) for loan in loans or ())]

    def validate_loan(self, field):
        # a reference the firm does not hold (a stale or edited form) is refused, never stored
        if field.data and self.loans is not None and field.data not in {loan["ref"] for loan in self.loans}:
            raise ValidationError(str(_l("Choose one of your granted pledge loans, or enter the loan below.")))


def summary(data: dict) -> str:
    loan = first(data, "loan", "loan") or first(data, "loan", "bank") or ""
    interest = first(data, "loan", "interest_paid")
    return f"{loan} / {interest}" if loan and interest else loan


KIND = CaseKind(
    value="pledge-interest-subsidy",
    code="PS",
    position=6,
    badge="success",
    label=_l("Pledge-loan interest subsidy"),
    intro=_l(
        "Apply for a subsidy on the interest your firm has paid on a loan secured by a pledge of its patents, "
        "trademarks or copyrights, while a call for applications is open."
    ),
    track=Track.SERVICE,
    call=True,
    guide_slug="pledge-interest-subsidy",
    wording={"approved": _l("Subsidy granted"), "approve": _l("Grant the subsidy")},
    accept_days=5,
    decide_days=15,
    steps=(
        Step(
            "loan",
            _l("The pledge loan"),
            LoanForm,
            firm_context=lambda firm_id: {"loans": lookups.lookup(GRANTED_LOANS, firm_id)},
        ),
    ),
    materials=(
        Material("loan_contract", _l("Loan contract"), True),
        Material("pledge_registration", _l("Pledge registration notice"), True),
        Material("interest_vouchers", _l("Interest payment vouchers"), True),
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
        "loan": {
            "loan": TYPED,
            "bank": "某商业银行天津分行",
            "amount": "500.00",
            "term_months": "12",
            "interest_paid": "18.50",
            "pledged_rights": "ZL202110123456.7；第28765432号",
            "pledge_registered": "y",
            "clean_record": "y",
            "declaration": "y",
        },
    },
)
