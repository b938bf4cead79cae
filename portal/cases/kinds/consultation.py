"""指导咨询 — guidance on trademarks, filing abroad, pledge financing and insurance."""

from __future__ import annotations

from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from portal.cases.kinds.base import CaseKind, Material, Step
from portal.cases.kinds.fields import RequiredIf
from portal.cases.status import Track
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
    topic = SelectField(
        _l("Topic"), choices=[("", _l("Choose…")), *TOPICS], validators=[DataRequired(_l("Choose a topic."))]
    )
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


def summary(data: dict) -> str:
    return ((data.get("question", {}).get("question") or [""])[0])[:60]


KIND = CaseKind(
    value="consultation",
    code="CS",
    position=5,
    badge="info",
    label=_l("Guidance and consultation"),
    intro=_l(
        "Ask for guidance on trademark registration, filing abroad (Madrid, PCT, Paris, Hague), "
        "pledge financing or IP insurance."
    ),
    track=Track.SERVICE,
    guide_slug="overseas-filing-consultation",
    wording={"approved": _l("Answered"), "approve": _l("Send the answer")},
    accept_days=3,
    decide_days=5,
    steps=(Step("question", _l("Your question"), QuestionForm),),
    materials=(Material("other", _l("Supporting documents"), False),),
    summary=summary,
    examples={
        "question": {
            "topic": "madrid",
            "target_countries": "美国、欧盟、东盟",
            "contact_time": "morning",
            "question": "我司计划通过马德里体系在美国和欧盟注册商标，请问基础商标有什么要求，费用如何计算？",
        },
    },
)
