"""A case's timeline from the audit log: the firm sees status changes and objection conclusions
only; staff see everything."""

from __future__ import annotations

from sqlalchemy import select

from portal.accounts.models import User
from portal.audit.labels import register
from portal.audit.queries import case_events
from portal.cases.status import CaseAction
from portal.extensions import db
from portal.i18n import lazy_gettext as _l

OBJECTION_ACTIONS = {
    "objection": _l("Objection filed"),
    "objection_verifying": _l("Objection being verified"),
    "objection_upheld": _l("Objection upheld"),
    "objection_dismissed": _l("Objection dismissed"),
}
register(actions=OBJECTION_ACTIONS)

PERSON_ACTIONS = ("assign", "claim", "auto_assign")
# proposals and their return are the office's own steps; approved extensions and issued documents are the firm's
FIRM_VISIBLE = frozenset(a.value for a in CaseAction if a not in (CaseAction.PROPOSE, CaseAction.RETURN_PROPOSAL)) | {
    "objection_upheld",
    "objection_dismissed",
    "extension_approved",
    "document_issued",
}


def timeline(case, firm_view: bool) -> list:
    """The events in order; assignments name the person they went to ("已分派给 李审查")."""
    events = case_events(case.id, FIRM_VISIBLE if firm_view else None)
    ids = {int(e.to_value or 0) for e in events if e.action in PERSON_ACTIONS and (e.to_value or "").isdigit()}
    names = dict(db.session.execute(select(User.id, User.name).where(User.id.in_(ids))).all()) if ids else {}
    for event in events:
        value = event.to_value or ""
        event.subject = names.get(int(value)) if event.action in PERSON_ACTIONS and value.isdigit() else None
    return events


def latest_note(events: list, action: str) -> str | None:
    """The text given with the last ``action`` (e.g. the list of material a 补正 asks for)."""
    for event in reversed(events):
        if event.action == action:
            return event.note
    return None
