"""Forms of a firm's own account: colleagues, invitations, corrections, sign-in by SMS, notifications."""

from __future__ import annotations

from wtforms import BooleanField, FileField, HiddenField, PasswordField, RadioField, StringField
from wtforms.validators import DataRequired, EqualTo, InputRequired, Length, Optional

from portal.accounts.forms import RegistrationForm
from portal.core.forms import BaseForm, email_field
from portal.core.permissions import Role
from portal.core.validators import MainlandMobile, StrongPassword
from portal.i18n import lazy_gettext as _l

FIRM_ROLE_CHOICES = [
    (Role.FIRM_APPLICANT.value, _l("Applicant: files cases and sees only the ones they filed")),
    (Role.FIRM.value, _l("Administrator: sees every case of the firm and manages colleagues")),
]


class Attached:
    """Marks a file field as required (starred); the view reports a missing file next to it."""

    field_flags = {"required": True}

    def __call__(self, form, field):
        return None


CODE = [Optional(), Length(6, 6, _l("The code has 6 digits."))]
CODE_KW = {"inputmode": "numeric", "maxlength": 6, "autocomplete": "one-time-code"}


class SmsSignInForm(BaseForm):
    mobile = StringField(
        _l("Mobile number"), validators=[DataRequired(_l("Enter your mobile number.")), MainlandMobile()]
    )
    code = StringField(
        _l("SMS verification code"),
        validators=CODE,
        description=_l("Press “Send code” first; the code is valid for 5 minutes and works once"),
        render_kw=CODE_KW,
    )
    remember = BooleanField(_l("Keep me signed in on this device"))


class InvitationForm(BaseForm):
    email = email_field(label=_l("Colleague's email"), missing=_l("Enter your colleague's email address."))
    role = RadioField(
        _l("Role"),
        choices=FIRM_ROLE_CHOICES,
        default=Role.FIRM_APPLICANT.value,
        validators=[InputRequired(_l("Choose administrator or applicant."))],
    )


class ColleagueRoleForm(BaseForm):
    role = RadioField(
        _l("Role"), choices=FIRM_ROLE_CHOICES, validators=[InputRequired(_l("Choose administrator or applicant."))]
    )


class ActiveForm(BaseForm):
    active = HiddenField(validators=[InputRequired()])  # "1" reactivates, "0" deactivates


class AcceptInvitationForm(BaseForm):
    name = StringField(_l("Your name"), validators=[DataRequired(_l("Enter your name.")), Length(1, 100)])
    mobile = StringField(
        _l("Mobile number (optional)"),
        validators=[Optional(), MainlandMobile()],
        description=_l("You can verify it later for sign-in by SMS code and SMS notices"),
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(_l("Choose a password.")), StrongPassword()],
        description=_l("At least 10 characters, mixing letters, digits or symbols"),
    )
    confirm = PasswordField(
        _l("Repeat password"),
        validators=[
            DataRequired(_l("Repeat the password.")),
            EqualTo("password", _l("The two passwords do not match.")),
        ],
    )
    consent = RegistrationForm.consent


class NameCorrectionForm(BaseForm):
    new_name = StringField(
        _l("New firm name"),
        validators=[DataRequired(_l("Enter the firm's name as on its new business licence.")), Length(2, 200)],
    )
    licence = FileField(
        _l("New business licence"),
        validators=[Attached()],
        description=_l("A scan or photo of the licence: PDF, JPG or PNG, at most 20 MB"),
    )


class ContactNameForm(BaseForm):
    contact_name = StringField(
        _l("Contact person"), validators=[DataRequired(_l("Enter the name of the contact person.")), Length(1, 100)]
    )


class MobileChangeForm(BaseForm):
    mobile = StringField(
        _l("New mobile number"), validators=[DataRequired(_l("Enter a mainland mobile number.")), MainlandMobile()]
    )
    code = StringField(
        _l("SMS verification code"),
        validators=CODE,
        description=_l("Sent to the new number; it changes once you enter the code"),
        render_kw=CODE_KW,
    )


class EmailChangeForm(BaseForm):
    email = email_field(label=_l("New email address"))
    code = StringField(
        _l("Code from the email"),
        validators=CODE,
        description=_l("Sent to the new address; it changes once you enter the code"),
        render_kw=CODE_KW,
    )


class CorrectionDecisionForm(BaseForm):
    decision = RadioField(
        _l("Decision"),
        choices=[("confirm", _l("Confirm: the licence shows the new name")), ("refuse", _l("Refuse"))],
        validators=[InputRequired(_l("Choose whether to confirm or refuse the correction."))],
    )
    note = StringField(_l("Note to the firm (optional)"), validators=[Optional(), Length(max=500)])
