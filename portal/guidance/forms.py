"""The editor's form: item fields plus the Chinese and English texts side by side."""

from __future__ import annotations

import re

from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, DateTimeLocalField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from portal.core.forms import BaseForm
from portal.guidance import faq, schedule
from portal.guidance.models import ContentItem
from portal.guidance.services import SLUG_PATTERN
from portal.guidance.status import (
    LOCALES,
    OUTLINE_TASK_COUNT,
    SERVICE_FIELDS,
    TEXT_FIELDS,
    ApplicationType,
    ArticleKind,
    ContentType,
    Topic,
)
from portal.i18n import lazy_gettext as _l

LANGUAGE_NAMES = {"zh": _l("Chinese"), "en": _l("English")}
TEXT_LABELS = {"title": _l("Title"), "summary": _l("Summary"), "body": _l("Text (Markdown)"), **dict(SERVICE_FIELDS)}
ARTICLE_ONLY = ("topic", "kind", "application_type", "outline_tasks")
POLICY_ONLY = ("issuer", "issuer_en")


def parse_tasks(raw: str) -> list[int]:
    """'6, 7' / '6，7' / '6、7' → [6, 7]; raises ValueError on anything else."""
    parts = [p for p in re.split(r"[\s,，、;；]+", raw or "") if p]
    numbers = sorted({int(p) for p in parts})
    if any(n < 1 or n > OUTLINE_TASK_COUNT for n in numbers):
        raise ValueError(raw)
    return numbers


class Slug:
    def __call__(self, form, field):
        if not SLUG_PATTERN.match(field.data or "") or len(field.data) > 80:
            raise ValidationError(
                str(
                    _l(
                        "Use lower-case letters a–z, digits and single hyphens, e.g. "
                        "madrid-trademark (at most 80 characters)."
                    )
                )
            )


class OutlineTasks:
    def __call__(self, form, field):
        try:
            parse_tasks(field.data)
        except ValueError:
            raise ValidationError(
                str(_l("Enter task numbers from 1 to %(n)s separated by commas, e.g. 6, 7.", n=OUTLINE_TASK_COUNT))
            ) from None


class Questions:
    """常见问题 in the form guidance/faq.py reads: "### question", then its answer."""

    def __call__(self, form, field):
        problem = faq.problem(field.data)
        if problem == "lead":
            raise ValidationError(str(_l("Start with a question: a line beginning with ###.")))
        if problem == "unanswered":
            raise ValidationError(str(_l("Write an answer below every question.")))


class BeijingDateTimeField(DateTimeLocalField):
    """A date and time picker whose parse error comes from the portal's catalog (WTForms' own
    Chinese catalog has no translation for it, so Chinese editors saw English)."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(str(_l("Enter a date and time, e.g. 2027-01-01 00:00."))) from None


class ContentForm(BaseForm):
    slug = StringField(
        _l("Web address (slug)"),
        [InputRequired(_l("Enter the web address.")), Slug()],
        description=_l(
            "Lower-case letters, digits and hyphens, e.g. madrid-trademark. It appears in the page's address."
        ),
    )
    topic = SelectField(_l("Topic"), choices=Topic.choices())
    kind = SelectField(
        _l("Kind"),
        choices=ArticleKind.choices(),
        description=_l(
            "A service guide shows the structured sections (conditions, materials, "
            "procedure, time limit …) below the text."
        ),
    )
    application_type = SelectField(
        _l("Online application it starts"), choices=[("", _l("None")), *ApplicationType.choices()]
    )
    outline_tasks = StringField(
        _l("District outline tasks"),
        [Optional(), OutlineTasks()],
        description=_l("Numbers of the outline's tasks this article serves, e.g. 6, 7."),
    )
    issuer = StringField(_l("Issuing body (Chinese)"), [Length(max=200)])
    issuer_en = StringField(_l("Issuing body (English)"), [Length(max=200)])
    published_on = DateField(
        _l("Publication date"), [Optional()], description=_l("Leave empty to use the day it is published.")
    )
    publish_at = BeijingDateTimeField(
        _l("Visible from (Beijing time)"),
        [Optional()],
        format="%Y-%m-%dT%H:%M",
        description=_l("A published item stays hidden until then. Leave empty to show it as soon as it is published."),
    )
    expire_at = BeijingDateTimeField(
        _l("Visible until (Beijing time)"),
        [Optional()],
        format="%Y-%m-%dT%H:%M",
        description=_l("From then on the public no longer sees it, e.g. when a new law takes effect."),
    )
    replaced_by = StringField(
        _l("Replaced by (web address)"),
        [Optional(), Slug()],
        description=_l("After it expires, its address leads to this item of the same type."),
    )
    editor_note = TextAreaField(
        _l("Note for editors"),
        [Length(max=2000)],
        render_kw={"rows": 2},
        description=_l("Shown only in the back office, e.g. what must happen before this item is published."),
    )

    def validate_expire_at(self, field):
        if field.data and self.publish_at.data and field.data <= self.publish_at.data:
            raise ValidationError(str(_l("The end of visibility must be after its start.")))

    def validate_replaced_by(self, field):
        if field.data and not self.expire_at.data:
            raise ValidationError(str(_l("Enter when this item stops being visible, or leave this empty.")))

    def __init__(self, content_type: ContentType, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.content_type = content_type
        drop = []
        if content_type != ContentType.ARTICLE:
            drop += ARTICLE_ONLY
        else:
            drop.append("published_on")
        if content_type != ContentType.POLICY:
            drop += POLICY_ONLY
        for name in drop:
            del self[name]
        if content_type != ContentType.ARTICLE:
            for name, _label in SERVICE_FIELDS:
                for loc in LOCALES:
                    del self[f"{name}_{loc}"]

    def text_rows(self):
        """(label, zh field, en field) for each text, for the side-by-side layout."""
        return [
            (TEXT_LABELS[name], self[f"{name}_zh"], self[f"{name}_en"]) for name in TEXT_FIELDS if f"{name}_zh" in self
        ]

    def fill_from(self, item: ContentItem) -> None:
        self.slug.data = item.slug
        for name in ("topic", "kind", "application_type", "issuer", "issuer_en", "published_on"):
            if name in self:
                self[name].data = getattr(item, name) or ("" if name != "published_on" else None)
        self.publish_at.data = schedule.to_beijing(item.publish_at)
        self.expire_at.data = schedule.to_beijing(item.expire_at)
        self.replaced_by.data = item.replaced_by or ""
        self.editor_note.data = item.editor_note or ""
        if "outline_tasks" in self:
            self.outline_tasks.data = ", ".join(str(n) for n in item.outline_tasks or [])
        for loc in LOCALES:
            text = item.texts.get(loc)
            for name in TEXT_FIELDS:
                if f"{name}_{loc}" in self:
                    self[f"{name}_{loc}"].data = getattr(text, name, "") if text is not None else ""

    def to_data(self) -> dict:
        """The services' snapshot shape."""
        data: dict = {"slug": self.slug.data}
        for name in ("topic", "kind", "application_type", "issuer", "issuer_en", "published_on"):
            if name in self:
                data[name] = self[name].data
        for name in ("publish_at", "expire_at", "replaced_by", "editor_note"):
            data[name] = self[name].data
        if "outline_tasks" in self:
            try:
                data["outline_tasks"] = parse_tasks(self.outline_tasks.data or "")
            except ValueError:  # only reachable from the preview, which renders unvalidated input
                data["outline_tasks"] = []
        data["texts"] = {
            loc: {name: self[f"{name}_{loc}"].data or "" for name in TEXT_FIELDS if f"{name}_{loc}" in self}
            for loc in LOCALES
        }
        return data


def _text_field(name: str, loc: str):
    label = _l("%(field)s (%(language)s)", field=TEXT_LABELS[name], language=LANGUAGE_NAMES[loc])
    if name == "title":
        validators = [Length(max=300)]
        if loc == "zh":
            validators.insert(0, InputRequired(_l("Enter the Chinese title.")))
        return StringField(label, validators)
    validators = [Length(max=100_000)]
    if name == "body" and loc == "zh":
        validators.insert(0, InputRequired(_l("Enter the Chinese text.")))
    if name == "faq":
        validators.append(Questions())
        return TextAreaField(
            label,
            validators,
            render_kw={"rows": 8},
            description=_l("Each question on its own line starting with ###, its answer below it."),
        )
    return TextAreaField(label, validators, render_kw={"rows": 12 if name == "body" else 4})


for _name in TEXT_FIELDS:
    for _loc in LOCALES:
        setattr(ContentForm, f"{_name}_{_loc}", _text_field(_name, _loc))


class AttachmentForm(BaseForm):
    file = FileField(_l("File (PDF, DOCX, XLSX, JPG or PNG)"), [FileRequired(_l("Choose a file to upload."))])
