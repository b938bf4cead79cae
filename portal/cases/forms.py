"""Forms shared by every case type: uploads, messages, 补正 answers, ratings, staff decisions."""

from __future__ import annotations

from flask_wtf.file import FileField, MultipleFileField
from wtforms import HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from portal.core.forms import BaseForm
from portal.i18n import lazy_gettext as _l


class UploadForm(BaseForm):
    material = SelectField(_l("What the file is"), validators=[InputRequired(_l("Choose what the file is."))])
    file = FileField(_l("File"), description=_l("PDF, JPG, PNG, DOCX or XLSX; at most 20 MB per file"))

    def __init__(self, *args, materials=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.material.choices = [(m.key, m.label) for m in materials]


class MessageForm(BaseForm):
    body = TextAreaField(
        _l("Message"), validators=[DataRequired(_l("Write a message first.")), Length(max=5000)], render_kw={"rows": 3}
    )


class SupplementForm(BaseForm):
    version = HiddenField()
    reply = TextAreaField(_l("Your reply"), validators=[Optional(), Length(max=5000)], render_kw={"rows": 4})
    files = MultipleFileField(
        _l("Additional material"), description=_l("PDF, JPG, PNG, DOCX or XLSX; at most 20 MB per file")
    )


class RatingForm(BaseForm):
    rating = RadioField(
        _l("How satisfied are you with the service?"),
        coerce=int,
        choices=[
            (5, _l("Very satisfied")),
            (4, _l("Satisfied")),
            (3, _l("Neutral")),
            (2, _l("Dissatisfied")),
            (1, _l("Very dissatisfied")),
        ],
        validators=[InputRequired(_l("Choose a rating."))],
    )
    comment = TextAreaField(_l("Comment (optional)"), validators=[Optional(), Length(max=2000)], render_kw={"rows": 3})


class ConfirmForm(BaseForm):
    """An action with nothing to type (withdraw, accept …) still carries the version seen."""

    version = HiddenField()


class DecisionForm(BaseForm):
    version = HiddenField()
    reason = TextAreaField(
        _l("Reason (shown to the firm)"), validators=[Optional(), Length(max=5000)], render_kw={"rows": 3}
    )
    certificate_no = StringField(_l("Certificate number"), validators=[Optional(), Length(max=60)])


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
    evidence = FileField(_l("Evidence (optional)"), description=_l("PDF, JPG, PNG, DOCX or XLSX; at most 20 MB"))
