"""维权援助申请 — rights-protection assistance."""

from __future__ import annotations

from wtforms import BooleanField, DecimalField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from portal.cases.kinds.base import CaseKind, Material, Step, first
from portal.cases.kinds.fields import MultiCheckboxField, RequiredIf
from portal.cases.status import Track
from portal.core.forms import BaseForm
from portal.i18n import lazy_gettext as _l

RIGHT_TYPES = [
    ("patent_invention", _l("Invention patent")),
    ("patent_utility", _l("Utility model patent")),
    ("patent_design", _l("Design patent")),
    ("trademark", _l("Trademark")),
    ("copyright", _l("Copyright")),
    ("trade_secret", _l("Trade secret")),
    ("gi", _l("Geographical indication")),
    ("plant_variety", _l("Plant variety right")),
    ("layout_design", _l("Integrated circuit layout design")),
]
APPLICANT_ROLES = [
    ("holder", _l("Our firm holds the right, or is licensed to use it")),
    ("accused", _l("Our firm is accused of infringing another party's right")),
]
# rights without a registration certificate to upload
UNCERTIFIED_RIGHTS = {"trade_secret"}
HELP_TYPES = [
    ("consultation", _l("Legal and procedural advice")),
    ("opinion", _l("Opinion on infringement and damages")),
    ("mediation", _l("Mediation")),
    ("referral", _l("Referral to enforcement authorities")),
    ("litigation", _l("Support for litigation")),
    ("overseas", _l("Guidance on an overseas dispute")),
]


class RightForm(BaseForm):
    # either party to a dispute may ask for assistance
    applicant_role = RadioField(
        _l("Your firm's position"),
        choices=APPLICANT_ROLES,
        validators=[InputRequired(_l("Tell us whether your firm holds the right or is accused of infringing it."))],
    )
    right_type = SelectField(
        _l("Type of right"),
        choices=[("", _l("Choose…")), *RIGHT_TYPES],  # nothing preselected
        validators=[DataRequired(_l("Choose the type of right."))],
    )
    right_number = StringField(
        _l("Right number"),
        validators=[
            RequiredIf(
                "right_type",
                [v for v, _ in RIGHT_TYPES if v not in UNCERTIFIED_RIGHTS],
                _l("Enter the patent, registration or certificate number."),
            ),
            Length(max=60),
        ],
        description=_l(
            "Patent number, trademark registration number, copyright registration number, plant variety right number "
            "or layout design registration number; not needed for a trade secret"
        ),
    )
    right_holder = StringField(
        _l("Right holder"), validators=[DataRequired(_l("Enter the right holder's name.")), Length(max=200)]
    )


class InfringementForm(BaseForm):
    infringer = StringField(
        _l("The other party"),
        validators=[DataRequired(_l("Enter the name of the other party.")), Length(max=200)],
        description=_l("The suspected infringer, or the party that accuses your firm"),
    )
    place = StringField(
        _l("Where the infringement takes place"),
        validators=[DataRequired(_l("Enter an address, market or online shop address.")), Length(max=300)],
    )
    scope = RadioField(
        _l("Domestic or overseas"),
        choices=[("domestic", _l("Domestic")), ("overseas", _l("Overseas"))],
        validators=[InputRequired(_l("Choose domestic or overseas."))],
    )
    country = StringField(
        _l("Country or region"),
        validators=[
            RequiredIf("scope", ["overseas"], _l("Enter the country or region of the overseas dispute.")),
            Length(max=100),
        ],
    )
    facts = TextAreaField(
        _l("What happened"),
        validators=[
            DataRequired(_l("Describe what happened.")),
            Length(min=20, max=5000, message=_l("Describe what happened in 20 to 5000 characters.")),
        ],
        render_kw={"rows": 6},
    )
    losses = DecimalField(
        _l("Estimated losses (10,000 yuan)"),
        places=2,
        validators=[Optional(), NumberRange(min=0, max=10_000_000, message=_l("Enter an amount of 0 or more."))],
    )
    proceedings = RadioField(
        _l("Is the matter already before a court or an authority?"),
        choices=[
            ("none", _l("No")),
            ("court", _l("Yes, a court")),
            ("authority", _l("Yes, an administrative authority")),
        ],
        validators=[InputRequired(_l("Tell us whether other proceedings are under way."))],
    )
    proceedings_detail = StringField(
        _l("Which court or authority, and the case number"),
        validators=[
            RequiredIf("proceedings", ["court", "authority"], _l("Name the court or authority and the case number.")),
            Length(max=300),
        ],
    )


class HelpForm(BaseForm):
    help_requested = MultiCheckboxField(
        _l("Help you are asking for"),
        choices=HELP_TYPES,
        validators=[DataRequired(_l("Choose at least one kind of help."))],
    )
    urgency = RadioField(
        _l("Urgency"),
        choices=[("normal", _l("Normal")), ("urgent", _l("Urgent"))],
        validators=[InputRequired(_l("Choose how urgent the request is."))],
        default="normal",
    )
    urgency_reason = StringField(
        _l("Why it is urgent"),
        validators=[RequiredIf("urgency", ["urgent"], _l("Tell us why the request is urgent.")), Length(max=300)],
    )
    declaration = BooleanField(
        _l("We declare that the information given is true and complete."),
        validators=[InputRequired(_l("Confirm that the information is true."))],
    )


def summary(data: dict) -> str:
    right = data.get("right", {})
    infringement = data.get("infringement", {})
    parts = ((right.get("right_number") or [""])[0], (infringement.get("infringer") or [""])[0])
    return " / ".join(x for x in parts if x)


KIND = CaseKind(
    value="rights-protection",
    code="RP",
    position=1,
    badge="danger",
    label=_l("Rights-protection assistance"),
    intro=_l(
        "Ask for help in an IP dispute in China or abroad, whether your firm's patent, trademark, copyright, trade "
        "secret, geographical indication, plant variety or layout design is infringed, or your firm is accused of "
        "infringing."
    ),
    track=Track.SERVICE,
    guide_slug="rights-protection-assistance",
    wording={"approved": _l("Assistance granted"), "approve": _l("Grant assistance")},
    accept_days=2,
    decide_days=10,
    steps=(
        Step("right", _l("The right infringed"), RightForm),
        Step("infringement", _l("The infringement"), InfringementForm),
        Step("help", _l("Help requested"), HelpForm),
    ),
    materials=(
        Material(
            "evidence", _l("Evidence of the infringement (receipts, notarised purchases, screenshots, photos)"), True
        ),
        Material(
            "right_certificate",
            _l("Certificate of the right (patent certificate, registration certificate)"),
            True,
            waived_when=lambda answers: (
                first(answers, "right", "right_type") in UNCERTIFIED_RIGHTS
                or first(answers, "right", "applicant_role") == "accused"
            ),
            waiver=_l("Not needed for a trade secret, or when your firm is the accused party."),
        ),
        Material("other", _l("Other material"), False),
    ),
    summary=summary,
    examples={
        "right": {
            "applicant_role": "holder",
            "right_type": "trademark",
            "right_number": "第28765432号",
            "right_holder": "{firm}",
        },
        "infringement": {
            "infringer": "某商贸有限公司",
            "place": "天津市红桥区某批发市场",
            "scope": "domestic",
            "facts": "在批发市场发现多家商户销售假冒我司注册商标的商品，已公证购买取证。",
            "losses": "35.50",
            "proceedings": "none",
        },
        "help": {"help_requested": ["mediation", "referral"], "urgency": "normal", "declaration": "y"},
    },
)
