"""Forms of the expert review: the pool, rubrics, assignment, the declaration, scoring and the panel."""

from __future__ import annotations

from decimal import Decimal

from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional

from portal.cases.kinds import KINDS
from portal.cases.kinds.fields import MultiCheckboxField
from portal.core.forms import BaseForm
from portal.i18n import lazy_gettext as _l


def field_choices() -> list[tuple[str, object]]:
    return [(k.value, k.label) for k in KINDS.values() if k.needs_call]


class ExpertForm(BaseForm):
    name = StringField(_l("Full name"), validators=[DataRequired(_l("Enter the expert's full name.")), Length(max=100)])
    email = StringField(
        _l("Email"),
        validators=[
            DataRequired(_l("Enter an email address.")),
            Email(_l("Enter a valid email address.")),
            Length(max=254),
        ],
    )
    fields = MultiCheckboxField(_l("Fields of expertise"), validators=[DataRequired(_l("Choose at least one field."))])
    employer = StringField(_l("Employer"), validators=[Optional(), Length(max=200)])
    relationships = TextAreaField(
        _l("Firms the expert works with or for"),
        description=_l(
            "One firm name or unified social credit code a line; these firms' cases are never assigned to the expert."
        ),
        validators=[Optional(), Length(max=5000)],
        render_kw={"rows": 3},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.choices = field_choices()


RUBRIC_ROWS = 6


class RubricForm(BaseForm):
    """Up to six criteria, one row of fields each (``label_0``, ``weight_0`` …); an empty row is skipped."""

    deadline = DateField(_l("Review deadline"), validators=[InputRequired(_l("Enter the review deadline."))])
    experts_per_case = IntegerField(
        _l("Experts per case"),
        default=3,
        validators=[InputRequired(_l("Enter how many experts review each case.")), NumberRange(min=1, max=15)],
    )

    @staticmethod
    def data_from(rubric) -> dict:
        data = {"deadline": rubric.deadline, "experts_per_case": rubric.experts_per_case}
        for i, criterion in enumerate(rubric.criteria[:RUBRIC_ROWS]):
            for name in ("label", "weight", "low", "high", "guidance"):
                data[f"{name}_{i}"] = criterion[name]
        return data

    def row_fields(self) -> list[dict]:
        return [
            {name: self[f"{name}_{i}"] for name in ("label", "weight", "low", "high", "guidance")}
            for i in range(RUBRIC_ROWS)
        ]

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        for row in self.row_fields():
            if row["label"].data:
                for name in ("weight", "low", "high"):
                    if row[name].data is None and not row[name].errors:
                        row[name].errors = [*row[name].errors, str(_l("Enter a number."))]
                        ok = False
        return ok

    def rows(self) -> list[dict]:
        """The filled-in rows as plain numbers."""
        return [
            {
                "label": row["label"].data,
                "weight": float(row["weight"].data),
                "low": float(row["low"].data),
                "high": float(row["high"].data),
                "guidance": row["guidance"].data or "",
            }
            for row in self.row_fields()
            if row["label"].data
        ]


for _i in range(RUBRIC_ROWS):
    setattr(RubricForm, f"label_{_i}", StringField(_l("Criterion"), validators=[Optional(), Length(max=200)]))
    setattr(
        RubricForm,
        f"weight_{_i}",
        DecimalField(_l("Weight (%)"), validators=[Optional(), NumberRange(min=0, max=100)]),
    )
    setattr(RubricForm, f"low_{_i}", DecimalField(_l("Lowest score"), default=Decimal(0), validators=[Optional()]))
    setattr(RubricForm, f"high_{_i}", DecimalField(_l("Highest score"), default=Decimal(10), validators=[Optional()]))
    setattr(
        RubricForm,
        f"guidance_{_i}",
        TextAreaField(_l("Guidance for experts"), validators=[Optional(), Length(max=2000)], render_kw={"rows": 2}),
    )


class AssignForm(BaseForm):
    expert = SelectField(_l("Expert"), coerce=int, validators=[InputRequired(_l("Choose an expert."))])


class DeclarationForm(BaseForm):
    full_name = StringField(
        _l("Your full name"), validators=[DataRequired(_l("Type your full name to sign.")), Length(max=100)]
    )
    agree = BooleanField(
        _l("I declare that I have no conflict of interest with this applicant and will keep the review confidential."),
        validators=[DataRequired(_l("Tick the box to confirm the declaration."))],
    )


class ConflictForm(BaseForm):
    note = TextAreaField(
        _l("What is the conflict?"),
        validators=[DataRequired(_l("Say briefly what the conflict is.")), Length(max=2000)],
        render_kw={"rows": 2},
    )


def score_form(rubric, *args, **kwargs) -> BaseForm:
    """A form with one number field per criterion of ``rubric``, named by the criterion's index."""

    class ScoreForm(BaseForm):
        version = HiddenField()
        opinion = TextAreaField(_l("Overall opinion"), validators=[Optional(), Length(max=5000)], render_kw={"rows": 5})

    for index, criterion in enumerate(rubric.criteria):
        field = DecimalField(
            criterion["label"],
            description=criterion.get("guidance") or None,
            validators=[
                Optional(),
                NumberRange(
                    min=criterion["low"],
                    max=criterion["high"],
                    message=_l("Enter a score from %(min)s to %(max)s."),
                ),
            ],
            render_kw={
                "inputmode": "decimal",
                "data-weight": criterion["weight"],
                "data-low": criterion["low"],
                "data-high": criterion["high"],
                "class": "form-control review-score",
            },
        )
        setattr(ScoreForm, f"c{index}", field)
    form = ScoreForm(*args, **kwargs)
    form.criteria_fields = [form[f"c{i}"] for i in range(len(rubric.criteria))]
    return form


class ReopenForm(BaseForm):
    reason = TextAreaField(
        _l("Reason for reopening"),
        validators=[DataRequired(_l("Give the reason for reopening the scores.")), Length(max=2000)],
        render_kw={"rows": 2},
    )


class PanelForm(BaseForm):
    attendees = TextAreaField(
        _l("Attendees"),
        validators=[DataRequired(_l("List who attended the panel.")), Length(max=2000)],
        render_kw={"rows": 2},
    )
    minutes = TextAreaField(
        _l("Minutes"),
        validators=[DataRequired(_l("Record the minutes of the discussion.")), Length(max=10000)],
        render_kw={"rows": 4},
    )
    opinion = TextAreaField(
        _l("Panel opinion (released to the firms that pass)"),
        validators=[DataRequired(_l("Write the panel's opinion.")), Length(max=2000)],
        render_kw={"rows": 3},
    )
    rest = RadioField(
        _l("Cases below the quota"),
        choices=[("reserve", _l("Place on the reserve list")), ("reject", _l("Reject"))],
        default="reserve",
        validators=[InputRequired(_l("Choose what happens to the cases below the quota."))],
    )
    rest_reason = TextAreaField(
        _l("Reason for the cases below the quota"),
        validators=[DataRequired(_l("Give the reason for the cases below the quota.")), Length(max=2000)],
        render_kw={"rows": 2},
    )
