"""Reading the audit log: a case's timeline, the admin's filtered list."""

from __future__ import annotations

from sqlalchemy import select

from portal.audit.models import AuditEvent
from portal.cases.status import CaseAction
from portal.extensions import db

# what a firm sees on its timeline: status changes only, not notes, downloads or assignments
FIRM_VISIBLE = frozenset(a.value for a in CaseAction)


def case_timeline(case_id: int, firm_view: bool) -> list[AuditEvent]:
    stmt = select(AuditEvent).where(AuditEvent.case_id == case_id).order_by(AuditEvent.id)
    if firm_view:
        stmt = stmt.where(AuditEvent.action.in_(FIRM_VISIBLE))
    return list(db.session.scalars(stmt))
