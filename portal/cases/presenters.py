"""Turn stored answers back into (question, answer) pairs for check pages and case views."""

from __future__ import annotations

from wtforms import BooleanField, RadioField, SelectField, SelectMultipleField

from portal.cases.kinds.fields import applies
from portal.cases.models import Case
from portal.cases.services import stored_step_form
from portal.i18n import gettext as _


def answers(case: Case, step) -> list[tuple[str, str]]:
    """The step's questions with the firm's answers as it submitted them (choices shown by label)."""
    stored = (case.data or {}).get(step.key) or {}
    form = stored_step_form(case, step)
    rows = []
    for field in form:
        if field.type in ("CSRFTokenField", "HiddenField", "SubmitField") or not applies(form, field):
            continue
        rows.append((str(field.label.text), _display(field, stored.get(field.name) or [])))
    return rows


def _display(field, values: list[str]) -> str:
    values = [v for v in values if v not in (None, "")]
    if not values:
        return _("No") if isinstance(field, BooleanField) else "—"
    if isinstance(field, BooleanField):
        return _("Yes")
    if isinstance(field, (SelectField, RadioField, SelectMultipleField)):
        labels = {str(k): str(v) for k, v in field.choices}
        return "、".join(labels.get(v, v) for v in values)
    return "、".join(values)
