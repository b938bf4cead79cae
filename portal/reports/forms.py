"""The public report form, the tracking form and the staff action form."""

from __future__ import annotations

import time

from flask import current_app
from flask_wtf.file import MultipleFileField
from itsdangerous import BadSignature, URLSafeTimedSerializer
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import URL, DataRequired, Email, InputRequired, Length, NumberRange, Optional, ValidationError

from portal.core.forms import BaseForm
from portal.core.timeutil import today_local
from portal.core.validators import MainlandMobile
from portal.i18n import lazy_gettext as _l
from portal.reports.followups import DisputeOutcome
from portal.reports.overseas import Category, Field, Region
from portal.reports.routing import ReportKind
from portal.reports.service_links import EntryData, LinkGroup
from portal.reports.services import Filing

MAX_FILES = 5


def _signer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="report-form-start")


def sign_start(at: float | None = None) -> str:
    return _signer().dumps(at if at is not None else time.time())


def filled_slowly(token: str | None, minimum: float) -> bool:
    """True when ``token`` is ours, under a day old, and at least ``minimum`` seconds have passed."""
    try:
        started = float(_signer().loads(token or "", max_age=86400))
    except (BadSignature, TypeError, ValueError):
        return False
    return time.time() - started >= minimum


class ReportForm(BaseForm):
    kind = SelectField(
        _l("What are you reporting?"),
        choices=[("", _l("Choose one")), *ReportKind.choices()],
        validators=[InputRequired(_l("Choose what you are reporting."))],
    )
    what = TextAreaField(
        _l("What happened"),
        description=_l("Goods, brand or work concerned, and what makes you think it infringes."),
        validators=[
            DataRequired(_l("Describe what you saw.")),
            Length(min=10, max=5000, message=_l("Describe what you saw in 10 to 5000 characters.")),
        ],
        render_kw={"rows": 5},
    )
    # not Optional(): that would stop the check that an address or a web address is given
    place = StringField(_l("Where (address or shop)"), validators=[Length(max=300)])
    url = StringField(
        _l("Web address of the online shop or listing"),
        validators=[Optional(), URL(message=_l("Enter a full web address, starting with https://.")), Length(max=500)],
    )
    happened_on = DateField(_l("When (optional)"), validators=[Optional()])
    right_concerned = StringField(_l("The right concerned (optional)"), validators=[Optional(), Length(max=200)])
    registration_no = StringField(
        _l("Registration or patent number (optional)"), validators=[Optional(), Length(max=60)]
    )
    suspected_crime = BooleanField(_l("Large scale or repeated: I believe this may be a crime"))
    evidence = MultipleFileField(
        _l("Evidence (optional)"),
        description=_l("Up to 5 files: PDF, JPG, PNG, DOCX or XLSX; at most 20 MB per file"),
    )
    reporter_name = StringField(_l("Your name (optional)"), validators=[Optional(), Length(max=100)])
    reporter_phone = StringField(_l("Mobile number (optional)"), validators=[Optional(), MainlandMobile()])
    reporter_email = StringField(
        _l("Email (optional)"), validators=[Optional(), Email(_l("Enter a valid email address.")), Length(max=254)]
    )
    notify_reporter = BooleanField(_l("Email me when the report's state changes"))
    notify_sms = BooleanField(_l("Text me the outcome by SMS (give your name and mobile number)"))
    confirm_true = BooleanField(
        _l("I have read the statements above; what I report is true to the best of my knowledge"),
        validators=[DataRequired(_l("Confirm that you have read the statements."))],
    )
    # a field people never see: a form that fills it in was filled in by a program
    website = StringField(_l("Leave this field empty"), validators=[Optional(), Length(max=200)])
    # the CAPTCHA-free challenge: when the form was shown, signed; too quick a reply is a program
    started = HiddenField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_submitted():
            self.started.data = sign_start()

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        minimum = current_app.config["REPORT_MIN_FILL_SECONDS"]
        if minimum and not filled_slowly(self.started.data, minimum):
            self.form_errors.append(str(_l("Please take a moment to check your report, then send it again.")))
            self.started.data = sign_start()
            return False
        return valid

    def validate_place(self, field):
        if not field.data and not self.url.data:
            raise ValidationError(str(_l("Give an address, a shop name or the web address of the seller.")))

    def validate_happened_on(self, field):
        if field.data and field.data > today_local():
            raise ValidationError(str(_l("The date cannot be in the future.")))

    def validate_notify_reporter(self, field):
        if field.data and not self.reporter_email.data:
            raise ValidationError(str(_l("Give an email address to be told of changes.")))

    def validate_notify_sms(self, field):
        if field.data and not (self.reporter_phone.data and (self.reporter_name.data or "").strip()):
            raise ValidationError(str(_l("Give your name and mobile number to be told by SMS.")))

    def validate_evidence(self, field):
        files = [f for f in (field.data or []) if getattr(f, "filename", "")]
        if len(files) > MAX_FILES:
            raise ValidationError(str(_l("Attach at most %(n)s files.", n=MAX_FILES)))

    def is_spam(self) -> bool:
        return bool(self.website.data)

    def filing(self) -> Filing:
        files = [(f.filename, f.read()) for f in (self.evidence.data or []) if getattr(f, "filename", "")]
        return Filing(
            kind=self.kind.data,
            what=self.what.data,
            place=self.place.data or "",
            url=self.url.data or "",
            happened_on=self.happened_on.data,
            right_concerned=self.right_concerned.data or "",
            registration_no=self.registration_no.data or "",
            suspected_crime=bool(self.suspected_crime.data),
            reporter_name=self.reporter_name.data or "",
            reporter_phone=self.reporter_phone.data or "",
            reporter_email=self.reporter_email.data or "",
            notify_reporter=bool(self.notify_reporter.data),
            notify_sms=bool(self.notify_sms.data),
            evidence=tuple(files),
        )


class TrackForm(BaseForm):
    reference = StringField(
        _l("Report number"), validators=[DataRequired(_l("Enter the report number.")), Length(max=24)]
    )
    code = StringField(_l("Tracking code"), validators=[DataRequired(_l("Enter the tracking code.")), Length(max=30)])


class ReportActionForm(BaseForm):
    version = HiddenField()
    note = TextAreaField(
        _l("What the reporter is told"), validators=[Optional(), Length(max=5000)], render_kw={"rows": 3}
    )
    body = StringField(_l("Receiving body"), validators=[Optional(), Length(max=200)])
    on = DateField(_l("Transferred on"), validators=[Optional()])


class FollowUpForm(BaseForm):
    outcome = RadioField(
        _l("How did the dispute end?"),
        choices=DisputeOutcome.choices(),
        validators=[InputRequired(_l("Choose how the dispute ended."))],
    )
    amount_recovered = DecimalField(
        _l("Amount recovered in yuan (optional)"),
        places=2,
        validators=[Optional(), NumberRange(min=0, message=_l("Enter an amount of 0 or more."))],
    )
    satisfaction = RadioField(
        _l("How satisfied is the firm with the assistance?"),
        coerce=int,
        choices=[
            (5, _l("Very satisfied")),
            (4, _l("Satisfied")),
            (3, _l("Neutral")),
            (2, _l("Dissatisfied")),
            (1, _l("Very dissatisfied")),
        ],
        validators=[Optional()],
    )
    note = TextAreaField(_l("Notes (optional)"), validators=[Optional(), Length(max=2000)], render_kw={"rows": 3})

    def answers(self) -> dict:
        """The outcome as ``followups.record_outcome`` takes it."""
        return {
            "outcome": self.outcome.data,
            "amount_recovered": self.amount_recovered.data,
            "satisfaction": self.satisfaction.data,
            "note": self.note.data,
        }


class SubscriptionForm(BaseForm):
    region = SelectField(
        _l("Country or region"),
        choices=[("", _l("Choose one")), *Region.choices()],
        validators=[InputRequired(_l("Choose a country or region."))],
    )
    field = SelectField(_l("IP field"), choices=Field.choices(), validators=[Optional()])


class WarningForm(BaseForm):
    title = StringField(_l("Title"), validators=[DataRequired(_l("Enter a title.")), Length(max=200)])
    category = SelectField(
        _l("What happened"),
        choices=[("", _l("Choose one")), *Category.choices()],
        validators=[InputRequired(_l("Choose what happened."))],
    )
    region = SelectField(
        _l("Country or region"),
        choices=[("", _l("Choose one")), *Region.choices()],
        validators=[InputRequired(_l("Choose a country or region."))],
    )
    field = SelectField(_l("IP field"), choices=Field.choices(), validators=[Optional()])
    body = TextAreaField(
        _l("Warning text"),
        validators=[DataRequired(_l("Write the warning.")), Length(max=10000)],
        render_kw={"rows": 6},
    )


class ConfirmDeleteForm(BaseForm):
    """A button with nothing to type still carries the CSRF token."""


class ServiceLinkForm(BaseForm):
    group = SelectField(
        _l("Group"),
        choices=[("", _l("Choose one")), *LinkGroup.choices()],
        validators=[InputRequired(_l("Choose a group."))],
    )
    name = StringField(_l("Name of the system"), validators=[DataRequired(_l("Enter the name.")), Length(max=200)])
    url = StringField(
        _l("Address"),
        validators=[
            DataRequired(_l("Enter the address.")),
            Length(max=500),
            URL(require_tld=True, message=_l("Enter the full address, starting with https://.")),
        ],
        render_kw={"inputmode": "url", "placeholder": "https://"},
    )
    purpose = StringField(
        _l("Purpose in one line"),
        validators=[DataRequired(_l("Say in one line what firms use it for.")), Length(max=300)],
    )
    name_en = StringField(_l("Name in English (optional)"), validators=[Optional(), Length(max=200)])
    purpose_en = StringField(_l("Purpose in English (optional)"), validators=[Optional(), Length(max=300)])

    def data_(self) -> EntryData:
        return EntryData(
            group=self.group.data or "",
            name=self.name.data or "",
            url=self.url.data or "",
            purpose=self.purpose.data or "",
            name_en=self.name_en.data or "",
            purpose_en=self.purpose_en.data or "",
        )


class OverseasMarketForm(BaseForm):
    region = SelectField(
        _l("Country or region"),
        choices=[("", _l("Choose one")), *Region.choices()],
        validators=[InputRequired(_l("Choose a country or region."))],
    )
    country = StringField(
        _l("Country (optional)"),
        validators=[Optional(), Length(max=60)],
        description=_l("Within a region, e.g. Germany in the European Union."),
    )
    ip_type = SelectField(
        _l("IP type"),
        choices=[("", _l("No filing there yet (a market)")), *[c for c in Field.choices() if c[0]]],
        validators=[Optional()],
    )
    number = StringField(
        _l("Application or registration number (optional)"),
        validators=[Optional(), Length(max=60)],
    )
