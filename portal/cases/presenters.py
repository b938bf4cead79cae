"""Turn stored answers back into (question, answer) pairs for check pages and case views."""

from __future__ import annotations

from wtforms import BooleanField, RadioField, SelectField, SelectMultipleField

from portal.cases.models import Case
from portal.i18n import gettext as _


def answers(case: Case, step) -> list[tuple[str, str]]:
    from portal.cases.services import make_step_form

    stored = (case.data or {}).get(step.key) or {}
    form = make_step_form(case, step, data=stored, formdata=None, meta={"csrf": False})
    rows = []
    for field in form:
        if field.type in ("CSRFTokenField", "HiddenField", "SubmitField"):
            continue
        value = stored.get(field.name)
        rows.append((str(field.label.text), _display(field, value)))
    return rows


def _display(field, value) -> str:
    if value in (None, "", []):
        return "—"
    if isinstance(field, BooleanField):
        return _("Yes") if value else _("No")
    if isinstance(field, (SelectField, RadioField, SelectMultipleField)):
        labels = {str(k): str(v) for k, v in field.choices}
        if isinstance(value, list):
            return "、".join(labels.get(str(v), str(v)) for v in value)
        return labels.get(str(value), str(value))
    return str(value)
