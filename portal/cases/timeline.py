"""A case's timeline from the audit log: the firm sees status changes and objection conclusions
only; staff see everything."""

from __future__ import annotations

from portal.audit.labels import register
from portal.audit.queries import case_events
from portal.cases.status import CaseAction
from portal.i18n import lazy_gettext as _l

OBJECTION_ACTIONS = {
    "objection": _l("Objection filed"),
    "objection_verifying": _l("Objection being verified"),
    "objection_upheld": _l("Objection upheld"),
    "objection_dismissed": _l("Objection dismissed"),
}
register(actions=OBJECTION_ACTIONS)

FIRM_VISIBLE = frozenset(a.value for a in CaseAction) | {"objection_upheld", "objection_dismissed"}


def timeline(case, firm_view: bool) -> list:
    return case_events(case.id, FIRM_VISIBLE if firm_view else None)


def latest_note(events: list, action: str) -> str | None:
    """The text given with the last ``action`` (e.g. the list of material a 补正 asks for)."""
    for event in reversed(events):
        if event.action == action:
            return event.note
    return None
