"""Turn stored answers back into (question, answer) pairs for check pages and case views, and cases
into the rows of the staff case tables."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

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


@dataclass(slots=True)
class CaseRow:
    """One row of a staff case table with every shown text worked out (templates/staff/_case_table.html)."""

    case: Case
    url: str
    type_label: str
    status_label: str
    badge: str
    submitted: str
    row_class: str
    due: str | None = None  # None: no running time limit ("—")
    overdue: bool = False
    deadline_badge: str | None = None  # the badge's colour; None: the quiet "n working days left"
    deadline_text: str = ""
    holder: str = ""


def case_rows(
    cases, endpoint: str | None = "staff.case_detail", holders: bool = True, key_arg: str = "reference"
) -> list[CaseRow]:
    """The rows of a case table. A page repeats a handful of kinds, states, dates and day counts, so
    each label, formatted date and deadline text is worked out once per page, not once per cell; the
    link too, from one address with a marker (``key_arg`` names the endpoint's argument: the firm's
    pages take the reference or ``draft-<id>``)."""
    from flask import url_for
    from flask_babel import get_locale

    from portal.cases.rules import due_soon_days
    from portal.core.timeutil import format_day, local_date

    locale = str(get_locale())
    memo: dict[tuple, str] = {}

    def once(key: tuple, make) -> str:
        if key not in memo:
            memo[key] = str(make())
        return memo[key]

    marker = "__reference__"
    url_args: dict = {key_arg: marker}
    url_pattern = url_for(endpoint, **url_args) if endpoint else ""  # None: the caller links
    soon = due_soon_days()
    unassigned = _("Unassigned")
    rows = []
    for case in cases:
        kind = case.case_kind
        status = case.status_enum
        submitted_on = local_date(case.submitted_at)
        row = CaseRow(
            case=case,
            url=url_pattern.replace(marker, quote(case.url_key, safe="")) if endpoint else "",
            type_label=once(("type", case.kind), lambda case=case: case.type_enum.label),
            status_label=once(
                ("status", case.kind, status.value), lambda kind=kind, status=status: kind.label_for(status)
            ),
            badge=status.badge,
            submitted=(
                "—"
                if submitted_on is None
                else once(
                    ("day", submitted_on),
                    lambda day=submitted_on: format_day(day, "medium", locale),  # as the due date beside it
                )
            ),
            row_class="",
            # the firm's own list shows no holder: asking would load each holder
            holder=(case.holder.name if case.holder else unassigned) if holders else "",
        )
        left = case.days_left
        if case.due_date and case.clock_phase and left is not None:
            paused = case.is_paused
            row.overdue = left < 0
            row.due = once(("due", case.due_date), lambda day=case.due_date: format_day(day, "medium", locale))
            if paused and row.overdue:
                n = case.overdue_days
                row.deadline_badge = "danger"
                row.deadline_text = once(
                    ("paused-late", n), lambda n=n: _("paused, overdue by %(n)s working days", n=n)
                )
            elif paused:
                row.deadline_badge = "warning"
                row.deadline_text = once(("paused",), lambda: _("paused: waiting for the firm"))
            elif left < 0:
                row.deadline_badge = "danger"
                row.deadline_text = once(("late", left), lambda n=-left: _("overdue by %(n)s working days", n=n))
            elif left == 0:
                row.deadline_badge = "warning"
                row.deadline_text = once(("today",), lambda: _("due today"))
            else:
                row.deadline_text = once(("left", left), lambda n=left: _("%(n)s working days left", n=n))
            row.row_class = "table-danger" if row.overdue else ("table-warning" if not paused and left <= soon else "")
        rows.append(row)
    return rows
