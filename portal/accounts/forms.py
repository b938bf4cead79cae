from __future__ import annotations

from wtforms import (
    BooleanField,
    EmailField,
    FileField,
    PasswordField,
    RadioField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, EqualTo, InputRequired, Length, Optional

from portal.core.forms import BaseForm, email_field
from portal.core.validators import USCC, MainlandMobile, StrongPassword
from portal.i18n import lazy_gettext as _l


class RegistrationForm(BaseForm):
    firm_name = StringField(
        _l("Firm name"),
        validators=[DataRequired(_l("Enter the firm's name as on its business licence.")), Length(2, 200)],
        description=_l("As on the business licence, e.g. 天津红桥示例科技有限公司"),
    )
    credit_code = StringField(
        _l("Unified social credit code"),
        validators=[
            DataRequired(_l("Enter the 18-character unified social credit code.")),
            USCC(exception_field="code_exception"),
        ],
        description=_l("18 characters, printed on the business licence"),
    )
    # shown only when the code fails nothing but its check digit (some early codes are real and do)
    code_exception = BooleanField(
        _l("This code is exactly as printed on our business licence: register it and have staff check it")
    )
    contact_name = StringField(
        _l("Contact person"), validators=[DataRequired(_l("Enter the name of the contact person.")), Length(1, 100)]
    )
    mobile = StringField(
        _l("Mobile number"), validators=[DataRequired(_l("Enter a mainland mobile number.")), MainlandMobile()]
    )
    sms_code = StringField(
        _l("SMS verification code"),
        validators=[
            DataRequired(_l("Enter the code sent to the mobile number: press “Send code” first.")),
            Length(6, 6, _l("The code has 6 digits.")),
        ],
        description=_l("Press “Send code”: a 6-digit code valid for 5 minutes is sent to the mobile number"),
        render_kw={"inputmode": "numeric", "maxlength": 6},
    )
    email = email_field()
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
    consent = BooleanField(
        _l("I have read the privacy notice and agree that my data is processed for these services."),
        validators=[InputRequired(_l("You must agree to the privacy notice to register."))],
    )
    submit = SubmitField(_l("Register"))


class LoginForm(BaseForm):
    email = EmailField(_l("Email"), validators=[DataRequired(_l("Enter your email address."))])
    password = PasswordField(_l("Password"), validators=[DataRequired(_l("Enter your password."))])
    remember = BooleanField(_l("Keep me signed in on this device"))
    submit = SubmitField(_l("Sign in"))


class ForgotPasswordForm(BaseForm):
    email = email_field(missing=_l("Enter your email address."))
    submit = SubmitField(_l("Send reset link"))


class SignInLinkForm(BaseForm):
    email = email_field(missing=_l("Enter your email address."))
    submit = SubmitField(_l("Email me a sign-in link"))


class UseSignInLinkForm(BaseForm):
    submit = SubmitField(_l("Sign in"))


class ResetPasswordForm(BaseForm):
    password = PasswordField(_l("New password"), validators=[DataRequired(_l("Choose a password.")), StrongPassword()])
    confirm = PasswordField(
        _l("Repeat password"),
        validators=[
            DataRequired(_l("Repeat the password.")),
            EqualTo("password", _l("The two passwords do not match.")),
        ],
    )
    submit = SubmitField(_l("Set new password"))


class ChangePasswordForm(BaseForm):
    current_password = PasswordField(
        _l("Current password"), validators=[DataRequired(_l("Enter your current password."))]
    )
    password = PasswordField(_l("New password"), validators=[DataRequired(_l("Choose a password.")), StrongPassword()])
    confirm = PasswordField(
        _l("Repeat password"),
        validators=[
            DataRequired(_l("Repeat the password.")),
            EqualTo("password", _l("The two passwords do not match.")),
        ],
    )
    submit = SubmitField(_l("Change password"))


class CodeClaimForm(BaseForm):
    """The real firm asks for its credit code back; evidence is required."""

    firm_name = RegistrationForm.firm_name
    credit_code = RegistrationForm.credit_code
    contact_name = RegistrationForm.contact_name
    mobile = RegistrationForm.mobile
    email = RegistrationForm.email
    licence = FileField(
        _l("Business licence"), description=_l("A scan or photo of the licence: PDF, JPG or PNG, at most 20 MB")
    )
    letter = FileField(
        _l("Letter under the firm's seal"),
        description=_l("A letter stating that the firm has not registered on the portal, with the firm's seal"),
    )


class ClaimDecisionForm(BaseForm):
    decision = RadioField(
        _l("Decision"),
        choices=[
            ("confirm", _l("Confirm: move the code to the claimant")),
            (
                "recover",
                _l(
                    "Confirm, the same firm whose administrator left: the claimant becomes an administrator "
                    "of the existing account, which keeps its cases"
                ),
            ),
            ("refuse", _l("Refuse the claim")),
        ],
        validators=[InputRequired(_l("Choose whether to confirm or refuse the claim."))],
    )
    reason = TextAreaField(_l("Reason (recorded)"), validators=[Optional(), Length(max=2000)], render_kw={"rows": 2})
