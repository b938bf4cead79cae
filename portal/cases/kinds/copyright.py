"""版权示范单位 / 示范园区（基地） — the National Copyright Administration's programme: the district
reviews and recommends through Tianjin's copyright authority; the national administration recognises."""

from __future__ import annotations

from wtforms import IntegerField, RadioField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from portal.cases.kinds.base import CaseKind, Material, Step, first
from portal.cases.kinds.fields import RequiredIf, confirm, count
from portal.cases.status import Track
from portal.core.forms import BaseForm
from portal.i18n import lazy_gettext as _l


class CopyrightApplicantForm(BaseForm):
    unit_type = RadioField(
        _l("Applying as"),
        choices=[("unit", _l("Copyright demonstration unit")), ("park", _l("Copyright demonstration park or base"))],
        validators=[InputRequired(_l("Choose unit or park."))],
    )
    years_operating = count(
        _l("Years in operation"),
        minimum=3,
        message=_l("Firms must have operated for at least three years."),
        condition=_l("The applicant has operated for at least three years."),
    )
    clean_record = confirm(
        _l("Our unit has committed no malicious infringement in the last three years."),
        _l("Only applicants without malicious infringement in the last three years can apply."),
    )


class CopyrightWorksForm(BaseForm):
    works_count = count(_l("Works created or used last year"))
    registered_copyrights = count(_l("Registered copyrights"))
    software_copyrights = count(_l("Registered software copyrights"))
    park_firms = IntegerField(
        _l("Copyright firms in the park"),
        validators=[
            RequiredIf("unit_type", ["park"], _l("Enter the number of copyright firms in the park.")),
            NumberRange(min=0, max=100000),
        ],
    )
    management_system = TextAreaField(
        _l("Copyright management: rules, responsible body and staff"),
        validators=[
            DataRequired(_l("Describe how copyright is managed.")),
            Length(min=20, max=5000, message=_l("Describe it in 20 to 5000 characters.")),
        ],
        render_kw={"rows": 5},
    )

    def __init__(self, *args, unit_type: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # the park question only applies to parks: the field reads the first step's answer, and a
        # unit never sees it (nor is it validated or stored)
        self.unit_type = type("Answer", (), {"data": unit_type})()
        if unit_type == "unit":
            del self.park_firms


def summary(data: dict) -> str:
    return ((data.get("works", {}).get("management_system") or [""])[0])[:60]


KIND = CaseKind(
    value="copyright-demonstration",
    code="CD",
    position=4,
    label=_l("Copyright demonstration unit or park"),
    intro=_l(
        "Apply to be recommended as a copyright demonstration unit or park. The district reviews and recommends; "
        "the National Copyright Administration recognises."
    ),
    track=Track.RECOMMENDATION,
    guide_slug="copyright-demonstration-application",
    wording={
        "approved": _l("Passed review (proposed for recommendation)"),
        "approve": _l("Pass the review (propose for recommendation)"),
    },
    authority=_l("National Copyright Administration"),
    number_format="津红版荐〔{year}〕{n}号",
    accept_days=5,
    decide_days=30,
    steps=(
        Step("applicant", _l("Applicant"), CopyrightApplicantForm),
        # the park question only applies to parks: the form reads the first step's answer
        Step(
            "works",
            _l("Works and management"),
            CopyrightWorksForm,
            context=lambda answers: {"unit_type": first(answers, "applicant", "unit_type")},
        ),
    ),
    materials=(
        Material("copyright_certificates", _l("Copyright registration certificates"), True),
        Material("management_rules", _l("Copyright management rules"), True),
        Material(
            "credit_commitment",
            _l("Credit commitment, signed and sealed"),
            True,
            original=True,
            template="credit-commitment",
        ),
        Material("other", _l("Other material"), False),
    ),
    summary=summary,
    examples={
        "applicant": {"unit_type": "unit", "years_operating": "7", "clean_record": "yes"},
        "works": {
            "works_count": "120",
            "registered_copyrights": "64",
            "software_copyrights": "18",
            "management_system": "设立版权管理部门并配备专职人员，建立作品登记、授权使用和侵权监测制度。",
        },
    },
)
