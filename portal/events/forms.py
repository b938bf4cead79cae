"""Forms for the event editor, sign-ups (firm and public), the door and feedback."""

from __future__ import annotations

from wtforms import BooleanField, DateTimeLocalField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import URL, DataRequired, InputRequired, Length, NumberRange, Optional

from portal.core.forms import BaseForm
from portal.core.validators import MainlandMobile, normalise_mobile
from portal.events.queries import to_utc
from portal.events.status import Audience, EventKind
from portal.i18n import lazy_gettext as _l

LOCAL_FORMAT = "%Y-%m-%dT%H:%M"
TIME_HELP = _l("Beijing time")


def _when(label):
    return DateTimeLocalField(
        label,
        format=LOCAL_FORMAT,
        description=TIME_HELP,
        validators=[InputRequired(_l("Enter a date and time."))],
    )


class EventForm(BaseForm):
    title = StringField(_l("Title (Chinese)"), validators=[DataRequired(_l("Enter a title.")), Length(max=200)])
    title_en = StringField(_l("Title (English)"), validators=[Optional(), Length(max=200)])
    kind = SelectField(_l("Type"), choices=EventKind.choices())
    audience = SelectField(_l("Who may sign up"), choices=Audience.choices())
    starts_at = _when(_l("Starts"))
    ends_at = _when(_l("Ends"))
    place = StringField(_l("Place"), validators=[Optional(), Length(max=200)])
    online_url = StringField(
        _l("Online link"), validators=[Optional(), URL(message=_l("Enter a full web address.")), Length(max=500)]
    )
    capacity = IntegerField(
        _l("Seats"), validators=[InputRequired(_l("Enter the number of seats.")), NumberRange(0, 100000)]
    )
    max_attendees = IntegerField(
        _l("Attendees per firm sign-up"), default=2, validators=[InputRequired(), NumberRange(1, 50)]
    )
    signup_opens_at = _when(_l("Sign-up opens"))
    signup_closes_at = _when(_l("Sign-up closes"))
    cancel_hours_before = IntegerField(
        _l("Cancellation closes (hours before the start)"),
        default=24,
        validators=[InputRequired(), NumberRange(0, 720)],
    )
    organiser = StringField(_l("Organiser"), validators=[DataRequired(_l("Enter the organiser.")), Length(max=200)])
    contact = StringField(_l("Contact"), validators=[DataRequired(_l("Enter a contact.")), Length(max=200)])
    gives_certificate = BooleanField(_l("Attendees receive a training certificate"))
    training_hours = IntegerField(_l("Training hours"), default=0, validators=[Optional(), NumberRange(0, 200)])
    notice_slug = StringField(_l("Notice address (the part after /notices/)"), validators=[Optional(), Length(max=80)])
    description = TextAreaField(
        _l("Description (Chinese, Markdown)"), validators=[Optional(), Length(max=20000)], render_kw={"rows": 8}
    )
    description_en = TextAreaField(
        _l("Description (English, Markdown)"), validators=[Optional(), Length(max=20000)], render_kw={"rows": 6}
    )

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if not (self.place.data or self.online_url.data):
            self.place.errors = [*self.place.errors, _l("Enter a place or an online link.")]
            ok = False
        return ok

    def values(self) -> dict:
        return {
            "kind": self.kind.data,
            "audience": self.audience.data,
            "title": self.title.data,
            "title_en": self.title_en.data or "",
            "description": self.description.data or "",
            "description_en": self.description_en.data or "",
            "starts_at": to_utc(self.starts_at.data),
            "ends_at": to_utc(self.ends_at.data),
            "place": self.place.data or "",
            "online_url": self.online_url.data or "",
            "capacity": self.capacity.data,
            "max_attendees": self.max_attendees.data,
            "signup_opens_at": to_utc(self.signup_opens_at.data),
            "signup_closes_at": to_utc(self.signup_closes_at.data),
            "cancel_hours_before": self.cancel_hours_before.data,
            "organiser": self.organiser.data,
            "contact": self.contact.data,
            "gives_certificate": bool(self.gives_certificate.data),
            "training_hours": self.training_hours.data or 0,
            "notice_slug": self.notice_slug.data or None,
        }


class FirmSignUpForm(BaseForm):
    attendees = TextAreaField(
        _l("Attendees"),
        description=_l("One name per line."),
        validators=[DataRequired(_l("Enter the name of at least one attendee.")), Length(max=1000)],
        render_kw={"rows": 3},
    )

    def names(self) -> list[str]:
        return [line.strip() for line in (self.attendees.data or "").splitlines() if line.strip()]


class PublicSignUpForm(BaseForm):
    name = StringField(_l("Your name"), validators=[DataRequired(_l("Enter your name.")), Length(max=100)])
    organisation = StringField(_l("Organisation (optional)"), validators=[Optional(), Length(max=200)])
    mobile = StringField(
        _l("Mobile number"), validators=[DataRequired(_l("Enter your mobile number.")), MainlandMobile()]
    )
    sms_code = StringField(_l("SMS code"), validators=[Optional(), Length(max=6)])

    def mobile_number(self) -> str:
        return normalise_mobile(self.mobile.data)


class CheckInForm(BaseForm):
    code = StringField(
        _l("Registration number"),
        validators=[DataRequired(_l("Type the registration number or scan its QR code.")), Length(max=40)],
        render_kw={"autocapitalize": "characters", "autocomplete": "off", "autofocus": True},
    )


class WalkInForm(BaseForm):
    name = StringField(_l("Name"), validators=[DataRequired(_l("Enter the name.")), Length(max=100)])
    organisation = StringField(_l("Organisation (optional)"), validators=[Optional(), Length(max=200)])
    mobile = StringField(_l("Mobile number (optional)"), validators=[Optional(), MainlandMobile()])
