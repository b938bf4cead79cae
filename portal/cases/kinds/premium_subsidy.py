"""知识产权保险保费补贴 — a subsidy on the premium a firm paid for IP insurance. The district opens it
in calls; each call's notice sets the rate and the ceiling."""

from __future__ import annotations

from wtforms import BooleanField, DateField, DecimalField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from portal.cases import lookups
from portal.cases.kinds.base import CaseKind, Material, Step, first
from portal.cases.kinds.fields import CLEAN_RECORD, NO_VIOLATIONS, RequiredIf, confirm
from portal.cases.status import Track
from portal.core.forms import BaseForm
from portal.i18n import lazy_gettext as _l

# the firm's granted IP insurance, as {"ref", "label"} dicts (registered from portal.market where the app is built)
GRANTED_INSURANCE = "granted_insurance"
TYPED = ""
INSURANCE_TYPES = [
    ("enforcement", _l("Patent enforcement insurance")),
    ("infringement_loss", _l("Insurance against losses from infringement")),
    ("liability", _l("Liability insurance for infringing a patent")),
    ("pledge_guarantee", _l("Guarantee insurance for IP pledge loans")),
    ("overseas", _l("Overseas IP infringement liability insurance")),
    ("other", _l("Other IP insurance")),
]


class PolicyForm(BaseForm):
    policy = SelectField(
        _l("Your IP insurance"),
        choices=[(TYPED, _l("Not arranged through this portal: enter the policy below"))],
        validate_choice=False,
        description=_l("IP insurance granted through this portal's financing requests is listed here."),
    )
    insurer = StringField(
        _l("Insurer"),
        validators=[RequiredIf("policy", [TYPED], _l("Enter the insurer.")), Length(max=200)],
    )
    insurance_type = SelectField(
        _l("Type of insurance"),
        choices=[("", _l("Choose…")), *INSURANCE_TYPES],
        validators=[DataRequired(_l("Choose the type of insurance."))],
    )
    policy_number = StringField(
        _l("Policy number"), validators=[DataRequired(_l("Enter the policy number.")), Length(max=60)]
    )
    starts_on = DateField(_l("Cover starts on"), validators=[InputRequired(_l("Enter the date the cover starts."))])
    ends_on = DateField(_l("Cover ends on"), validators=[InputRequired(_l("Enter the date the cover ends."))])
    premium_paid = DecimalField(
        _l("Premium paid (10,000 yuan)"),
        places=2,
        validators=[
            InputRequired(_l("Enter the premium paid.")),
            NumberRange(min=0.01, max=1_000_000, message=_l("Enter an amount above 0.")),
        ],
    )
    other_subsidy = StringField(
        _l("Other subsidies received for this premium (optional)"), validators=[Optional(), Length(max=300)]
    )
    own_rights = confirm(
        _l("The policy insures IP rights our firm holds, and the premium is paid."),
        _l("Only paid premiums on insurance of the firm's own IP rights can be subsidised."),
    )
    clean_record = confirm(CLEAN_RECORD, NO_VIOLATIONS)
    declaration = BooleanField(
        _l("We declare that the information given is true and complete."),
        validators=[InputRequired(_l("Confirm that the information is true."))],
    )

    def __init__(self, *args, policies: list | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.policies = policies
        self.policy.choices = [*self.policy.choices[:1], *((p["ref"], p["label"]) for p in policies or ())]

    def validate_policy(self, field):
        if field.data and self.policies is not None and field.data not in {p["ref"] for p in self.policies}:
            raise ValidationError(
                str(_l("Choose one of your granted IP insurance policies, or enter the policy below."))
            )

    def validate_ends_on(self, field):
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError(str(_l("The cover cannot end before it starts.")))


def summary(data: dict) -> str:
    return first(data, "policy", "policy_number") or ""


KIND = CaseKind(
    value="insurance-premium-subsidy",
    code="PP",
    position=7,
    badge="success",
    label=_l("IP insurance premium subsidy"),
    intro=_l(
        "Apply for a subsidy on the premium your firm has paid for IP insurance, while a call for applications is open."
    ),
    track=Track.SERVICE,
    call=True,
    guide_slug="insurance-premium-subsidy",
    wording={"approved": _l("Premium subsidy granted"), "approve": _l("Grant the premium subsidy")},
    accept_days=5,
    decide_days=15,
    steps=(
        Step(
            "policy",
            _l("The insurance policy"),
            PolicyForm,
            firm_context=lambda firm_id: {"policies": lookups.lookup(GRANTED_INSURANCE, firm_id)},
        ),
    ),
    materials=(
        Material("policy", _l("Insurance policy"), True),
        Material("premium_vouchers", _l("Premium payment vouchers"), True),
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
        "policy": {
            "policy": TYPED,
            "insurer": "某财产保险股份有限公司天津分公司",
            "insurance_type": "enforcement",
            "policy_number": "PZBA202612000000123",
            "starts_on": "2026-01-01",
            "ends_on": "2026-12-31",
            "premium_paid": "3.20",
            "own_rights": "y",
            "clean_record": "y",
            "declaration": "y",
        },
    },
)
