"""Forms of the market pages; the services check the same rules again."""

from __future__ import annotations

from flask_wtf.file import FileField
from wtforms import BooleanField, DateField, DecimalField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional, ValidationError

from portal.core.forms import BaseForm
from portal.core.timeutil import today_local
from portal.core.validators import USCC, MainlandMobile
from portal.i18n import lazy_gettext as _l
from portal.market import patent_numbers
from portal.market.vocab import AgencyKind, CreditStatus, InspectionKind, InstitutionKind, LegalStatus, OfferMode

_REQUIRED = _l("This field is required.")


def _not_future(form, field):
    if field.data and field.data > today_local():
        raise ValidationError(str(_l("The date cannot be in the future.")))


class AgencyForm(BaseForm):
    name = StringField(_l("Agency name"), validators=[DataRequired(_REQUIRED), Length(max=200)])
    credit_code = StringField(_l("Unified social credit code"), validators=[DataRequired(_REQUIRED), USCC()])
    kind = SelectField(
        _l("Kind of agency"),
        choices=[("", _l("Choose one")), *AgencyKind.choices()],
        validators=[InputRequired(_l("Choose the kind of agency."))],
    )
    licence_no = StringField(_l("Filing or licence number"), validators=[Optional(), Length(max=60)])
    address = StringField(_l("Postal address"), validators=[Optional(), Length(max=300)])
    contact = StringField(_l("Contact details"), validators=[Optional(), Length(max=200)])
    services = TextAreaField(_l("Services offered"), validators=[Optional(), Length(max=2000)])


class StatusForm(BaseForm):
    status = SelectField(
        _l("Credit status"),
        choices=[("", _l("Choose one")), *CreditStatus.choices()],
        validators=[InputRequired(_l("Choose the credit status."))],
    )
    effective_on = DateField(
        _l("In effect from"), validators=[InputRequired(_l("Enter the date the decision takes effect.")), _not_future]
    )
    until = DateField(
        _l("Listed until"), validators=[Optional()], description=_l("Leave empty if the decision sets no end.")
    )
    decision_no = StringField(
        _l("Decision number"),
        validators=[Optional(), Length(max=120)],
        description=_l("Required for the serious dishonesty list, e.g. 津市监信〔2026〕12号."),
    )
    issuing_body = StringField(_l("Issuing body"), validators=[DataRequired(_REQUIRED), Length(max=200)])
    source = StringField(
        _l("Where it is published"),
        validators=[DataRequired(_REQUIRED), Length(max=500)],
        description=_l("The web address or gazette where the decision was published."),
    )
    reason = TextAreaField(_l("Reason"), validators=[Optional(), Length(max=2000)])


class InspectionForm(BaseForm):
    inspection_kind = SelectField(_l("Kind of inspection"), choices=InspectionKind.choices())
    inspected_on = DateField(_l("Inspection date"), validators=[InputRequired(_l("Enter the date.")), _not_future])
    unit = StringField(_l("Inspecting unit"), validators=[DataRequired(_REQUIRED), Length(max=200)])
    result = TextAreaField(_l("Result of the inspection"), validators=[DataRequired(_REQUIRED), Length(max=2000)])


class ImportForm(BaseForm):
    sheet = FileField(_l("Spreadsheet (XLSX)"))

    def validate_sheet(self, field):
        if not getattr(field.data, "filename", ""):
            raise ValidationError(str(_l("Choose the XLSX file to import.")))


class ImportConfirmForm(BaseForm):
    payload = HiddenField()


class FirmAgencyForm(BaseForm):
    agency = SelectField(_l("Our IP agency"), coerce=str, validate_choice=True)


class InstitutionForm(BaseForm):
    name = StringField(_l("Name of the university or institute"), validators=[DataRequired(_REQUIRED), Length(max=200)])
    kind = SelectField(_l("Kind of institution"), choices=InstitutionKind.choices())
    credit_code = StringField(_l("Unified social credit code"), validators=[DataRequired(_REQUIRED), USCC()])
    contact_name = StringField(_l("Contact person"), validators=[DataRequired(_REQUIRED), Length(max=100)])
    contact_phone = StringField(_l("Contact mobile"), validators=[DataRequired(_REQUIRED), MainlandMobile()])
    email = StringField(
        _l("Email address of the account"),
        validators=[DataRequired(_REQUIRED), Email(_l("Enter a valid email address.")), Length(max=254)],
    )


class PatentNumber:
    def __call__(self, form, field):
        message = patent_numbers.application_number_error(field.data or "")
        if message:
            raise ValidationError(str(message))


class ListingForm(BaseForm):
    application_no = StringField(
        _l("Patent application number"),
        validators=[DataRequired(_REQUIRED), PatentNumber()],
        description=_l("As on the certificate, e.g. ZL201310699744.2; the check character is verified."),
    )
    title = StringField(_l("Title of the invention"), validators=[DataRequired(_REQUIRED), Length(max=200)])
    ipc = StringField(
        _l("IPC class"), validators=[DataRequired(_REQUIRED), Length(max=20)], description=_l("e.g. G06F 16/00")
    )
    legal_status = SelectField(_l("Legal status"), choices=LegalStatus.choices())
    field = StringField(
        _l("Technical field"), validators=[DataRequired(_REQUIRED), Length(max=100)], description=_l("e.g. 新材料")
    )
    mode = SelectField(_l("Offered for"), choices=OfferMode.choices())
    terms = TextAreaField(_l("Terms"), validators=[DataRequired(_REQUIRED), Length(max=2000)])
    price = DecimalField(
        _l("Price (10,000 yuan)"),
        places=2,
        validators=[Optional(), NumberRange(min=0, message=_l("The price cannot be negative."))],
        description=_l("Leave empty for “negotiable”."),
    )
    open_licence_terms = TextAreaField(
        _l("Open licence terms"),
        validators=[Optional(), Length(max=2000)],
        description=_l("For an open licence: the fee and terms as declared to CNIPA."),
    )


class InterestForm(BaseForm):
    message = TextAreaField(
        _l("Message to the patent owner"),
        validators=[DataRequired(_l("Tell the owner briefly what you would use the patent for.")), Length(max=1000)],
    )


class StageForm(BaseForm):
    stage = SelectField(_l("Next stage"), choices=[])
    contract_type = SelectField(
        _l("Contract type"), choices=[("", _l("Choose when signing")), *OfferMode.choices()], validators=[Optional()]
    )
    amount = DecimalField(
        _l("Amount (10,000 yuan)"),
        places=2,
        validators=[Optional(), NumberRange(min=0, message=_l("The amount cannot be negative."))],
        description=_l("Only if the parties disclose it."),
    )
    signed_on = DateField(_l("Signed on"), validators=[Optional(), _not_future])
    filed_on = DateField(_l("Recorded (备案) on"), validators=[Optional(), _not_future])
    public_consent = BooleanField(_l("Both parties agree to publish the deal"))
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=2000)])


class NeedForm(BaseForm):
    title = StringField(_l("What technology do you need?"), validators=[DataRequired(_REQUIRED), Length(max=200)])
    field = StringField(_l("Technical field"), validators=[DataRequired(_REQUIRED), Length(max=100)])
    description = TextAreaField(_l("Description"), validators=[DataRequired(_REQUIRED), Length(max=3000)])
    budget = StringField(_l("Budget"), validators=[Optional(), Length(max=100)], description=_l("e.g. 50万元 or 面议"))


class AnswerForm(BaseForm):
    message = TextAreaField(_l("Your answer"), validators=[DataRequired(_REQUIRED), Length(max=2000)])


class AgencyAccountForm(BaseForm):
    email = StringField(
        _l("Email address of the agency's account"),
        validators=[DataRequired(_REQUIRED), Email(_l("Enter a valid email address.")), Length(max=254)],
    )


class OwnEntryForm(BaseForm):
    name = StringField(_l("Agency name"), validators=[DataRequired(_REQUIRED), Length(max=200)])
    licence_no = StringField(_l("Filing or licence number"), validators=[Optional(), Length(max=60)])
    address = StringField(_l("Postal address"), validators=[Optional(), Length(max=300)])
    contact = StringField(_l("Contact details"), validators=[Optional(), Length(max=200)])
    services = TextAreaField(_l("Services offered"), validators=[Optional(), Length(max=2000)])
