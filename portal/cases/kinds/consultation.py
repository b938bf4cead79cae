"""指导咨询 — guidance on trademarks, filing abroad, pledge financing and insurance."""

from __future__ import annotations

from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

from portal.cases.kinds.fields import RequiredIf
from portal.core.forms import BaseForm
from portal.i18n import lazy_gettext as _l

TOPICS = [
    ("trademark", _l("Trademark registration")),
    ("madrid", _l("Madrid international trademark registration")),
    ("pct", _l("PCT international patent application")),
    ("paris", _l("Paris Convention priority filing")),
    ("hague", _l("Hague international design registration")),
    ("pledge", _l("IP pledge financing")),
    ("insurance", _l("IP insurance")),
    ("other", _l("Other IP question")),
]
OVERSEAS = ["madrid", "pct", "paris", "hague"]


class QuestionForm(BaseForm):
    topic = SelectField(_l("Topic"), choices=TOPICS, validators=[InputRequired(_l("Choose a topic."))])
    target_countries = StringField(
        _l("Target countries or regions"),
        validators=[
            RequiredIf("topic", OVERSEAS, _l("For filings abroad, name the countries or regions you have in mind.")),
            Length(max=300),
        ],
    )
    question = TextAreaField(
        _l("Your question"),
        validators=[
            DataRequired(_l("Enter your question.")),
            Length(min=10, max=3000, message=_l("Write your question in 10 to 3000 characters.")),
        ],
        render_kw={"rows": 6},
    )
    contact_time = SelectField(
        _l("Preferred contact time"),
        choices=[
            ("any", _l("Any working time")),
            ("morning", _l("Weekday mornings")),
            ("afternoon", _l("Weekday afternoons")),
        ],
    )
    contact_phone = StringField(_l("Phone for this question (optional)"), validators=[Length(max=30)])


MATERIALS = (("other", _l("Supporting documents (optional)"), False),)


def summary(data: dict) -> str:
    return (data.get("question", {}).get("question") or "")[:60]
