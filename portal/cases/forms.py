"""Forms shared by every case type: uploads, messages, 补正 answers, ratings, staff decisions."""

from __future__ import annotations

from flask_wtf.file import FileField, MultipleFileField
from wtforms import (
    DateField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import URL, DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from portal.core.forms import BaseForm
from portal.core.uploads import upload_hint
from portal.i18n import lazy_gettext as _l


class UploadForm(BaseForm):
    material = SelectField(_l("What the file is"), validators=[InputRequired(_l("Choose what the file is."))])
    # several files at once for one material (each checked on its own; one refused file stores none)
    file = MultipleFileField(_l("Files"), description=upload_hint())

    def __init__(self, *args, materials=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.material.choices = [(m.key, m.label) for m in materials]


class MessageForm(BaseForm):
    body = TextAreaField(
        _l("Message"), validators=[DataRequired(_l("Write a message first.")), Length(max=5000)], render_kw={"rows": 3}
    )
    attachments = MultipleFileField(_l("Attachments (optional)"), description=upload_hint())


class SupplementForm(BaseForm):
    version = HiddenField()
    reply = TextAreaField(_l("Your reply"), validators=[Optional(), Length(max=5000)], render_kw={"rows": 4})
    files = MultipleFileField(_l("Additional material"), description=upload_hint())


# 好差评: a rating below 基本满意 (3) needs a comment saying what went wrong
COMMENT_REQUIRED = _l("Tell us what went wrong: a comment is required with this rating.")


def needs_comment(rating) -> bool:
    return isinstance(rating, int) and rating < 3


class RatingForm(BaseForm):
    rating = RadioField(
        _l("How satisfied are you with the service?"),
        coerce=int,
        # the 好差评 scale (stored 1–5; portal/cases/ratings.py names them)
        choices=[
            (5, _l("Very satisfied")),
            (4, _l("Satisfied")),
            (3, _l("Fairly satisfied")),
            (2, _l("Dissatisfied")),
            (1, _l("Very dissatisfied")),
        ],
        validators=[InputRequired(_l("Choose a rating."))],
    )
    comment = TextAreaField(
        _l("Comment"),
        # no Optional(): it would stop the chain before validate_comment sees an empty comment
        validators=[Length(max=2000)],
        render_kw={"rows": 3},
        description=_l("Required if you are dissatisfied: tell us what went wrong."),
    )

    def validate_comment(self, field):
        if needs_comment(self.rating.data) and not (field.data or "").strip():
            raise ValidationError(str(COMMENT_REQUIRED))


class ConfirmForm(BaseForm):
    """An action with nothing to type (withdraw, accept …) still carries the version seen."""

    version = HiddenField()


STALE_FORM = _l("This page is out of date. Reload the case and try again.")


class WithdrawForm(BaseForm):
    version = HiddenField()
    reason = TextAreaField(
        _l("Why do you withdraw the application?"),
        validators=[DataRequired(_l("Tell us why you withdraw the application.")), Length(max=1000)],
        render_kw={"rows": 2},
        description=_l("For example: the dispute was settled, or you applied elsewhere."),
    )


class DecisionForm(BaseForm):
    # a decision must say which version of the case it was made on
    version = HiddenField(validators=[DataRequired(STALE_FORM)])
    reason = TextAreaField(
        _l("Reason (shown to the firm)"), validators=[Optional(), Length(max=5000)], render_kw={"rows": 3}
    )
    certificate_no = StringField(
        _l("Number"),
        validators=[Optional(), Length(max=60)],
        description=_l("Leave empty to issue the programme's next number."),
    )
    authority = StringField(_l("Issuing authority"), validators=[Optional(), Length(max=200)])
    doc_no = StringField(_l("Document number of the decision"), validators=[Optional(), Length(max=100)])
    decided_on = DateField(_l("Date of the decision"), validators=[Optional()])
    # a 补正 request's itemised materials (checked against the case type by the service)
    materials = SelectMultipleField(_l("Materials to send"), validate_choice=False)
    phrase = StringField(_l("Template"), validators=[Optional(), Length(max=12)])

    def outcome(self) -> dict:
        return {"authority": self.authority.data, "doc_no": self.doc_no.data, "decided_on": self.decided_on.data}


class ObjectionConclusionForm(BaseForm):
    finding = RadioField(
        _l("Finding"),
        choices=[("dismissed", _l("Dismiss the objection")), ("upheld", _l("Uphold the objection"))],
        validators=[InputRequired(_l("Choose whether the objection is upheld."))],
    )
    outcome = RadioField(
        _l("If upheld, the case"),
        choices=[("revert", _l("returns to review")), ("reject", _l("is rejected"))],
        validators=[Optional()],
    )
    conclusion = TextAreaField(
        _l("Conclusion of the verification"),
        validators=[DataRequired(_l("Write the conclusion of the verification.")), Length(max=5000)],
        render_kw={"rows": 3},
        description=_l("Shown on the case and sent to the objector."),
    )


class CallForm(BaseForm):
    kind = SelectField(_l("Programme"), validators=[InputRequired(_l("Choose the programme."))])
    year = IntegerField(_l("Year"), validators=[InputRequired(_l("Enter the year.")), NumberRange(min=2020, max=2100)])
    title = StringField(_l("Title"), validators=[DataRequired(_l("Enter the title of the call.")), Length(max=200)])
    opens_on = DateField(_l("Opens on"), validators=[InputRequired(_l("Enter the opening date."))])
    closes_on = DateField(_l("Closes on"), validators=[InputRequired(_l("Enter the closing date."))])
    quota = IntegerField(
        _l("Quota (optional)"),
        validators=[Optional(), NumberRange(min=1, max=10000, message=_l("Enter a quota of 1 or more."))],
    )
    notice_url = StringField(
        _l("Link to the call notice"),
        validators=[Optional(), URL(message=_l("Enter a full web address.")), Length(max=300)],
    )

    def values(self) -> dict:
        return {
            name: getattr(self, name).data for name in ("kind", "year", "title", "opens_on", "closes_on", "quota")
        } | {"notice_url": self.notice_url.data or None}


class NoteForm(BaseForm):
    body = TextAreaField(
        _l("Internal note (never shown to the firm)"),
        id="note-body",
        validators=[DataRequired(_l("Write the note first.")), Length(max=5000)],
        render_kw={"rows": 3},
    )


class AssignForm(BaseForm):
    version = HiddenField()
    holder_id = SelectField(_l("Assign to"), coerce=int, validators=[InputRequired(_l("Choose a staff member."))])


class ObjectionForm(BaseForm):
    name = StringField(
        _l("Your name or organisation"),
        validators=[DataRequired(_l("Enter your name or your organisation's name.")), Length(max=100)],
    )
    contact = StringField(
        _l("Phone or email"),
        validators=[DataRequired(_l("Enter a phone number or email address so we can reach you.")), Length(max=100)],
    )
    reason = TextAreaField(
        _l("Reason for the objection"),
        validators=[
            DataRequired(_l("Explain the objection.")),
            Length(min=10, max=5000, message=_l("Explain the objection in 10 to 5000 characters.")),
        ],
        render_kw={"rows": 5},
    )
    evidence = FileField(_l("Evidence (optional)"), description=upload_hint(per_file=False))


class PhraseForm(BaseForm):
    # the service checks both against the kinds and the table, with a message of its own
    kind = SelectField(_l("Case type"), validate_choice=False)
    action = SelectField(_l("Action"), validators=[InputRequired(_l("Choose the action."))], validate_choice=False)
    title = StringField(
        _l("Short name"),
        validators=[DataRequired(_l("Give the template a short name.")), Length(max=60)],
        description=_l("What staff see in the list, e.g. “Business licence missing”."),
    )
    text = TextAreaField(
        _l("Text"),
        validators=[DataRequired(_l("Write the text of the template.")), Length(max=2000)],
        render_kw={"rows": 4},
        description=_l("Inserted into the reason or opinion; staff can edit it before sending."),
    )

    def values(self) -> dict:
        return {"kind": self.kind.data, "action": self.action.data, "title": self.title.data, "text": self.text.data}


class ExtensionRequestForm(BaseForm):
    days = IntegerField(
        _l("Working days to add"),
        validators=[InputRequired(_l("Enter the number of working days.")), NumberRange(min=1, max=60)],
    )
    reason = TextAreaField(
        _l("Reason (shown to the firm)"),
        validators=[DataRequired(_l("Give the reason for the extension: the firm will see it.")), Length(max=2000)],
        render_kw={"rows": 2},
    )


class ExtensionDecisionForm(BaseForm):
    decision = RadioField(
        _l("Decision"),
        choices=[("approve", _l("Approve the extension")), ("refuse", _l("Refuse the extension"))],
        validators=[InputRequired(_l("Choose whether to approve the extension."))],
    )
    note = TextAreaField(
        _l("Comment (for the reviewer)"), validators=[Optional(), Length(max=2000)], render_kw={"rows": 2}
    )


def preferences_form(kinds, chosen: dict, formdata=None):
    """One row of channel checkboxes per event kind (``kinds``), filled from ``chosen`` on GET."""
    from portal.cases.kinds.fields import MultiCheckboxField
    from portal.cases.preferences import Channel

    class PreferencesForm(BaseForm):
        pass

    for kind in kinds:
        field = MultiCheckboxField(kind.label, choices=Channel.choices(), validate_choice=True)
        setattr(PreferencesForm, kind.value, field)
    if formdata is None:
        return PreferencesForm(data={k.value: [c.value for c in chosen[k]] for k in kinds})
    return PreferencesForm()
