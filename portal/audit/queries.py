"""Reading the audit log: one case's events, the admin's filtered list."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select

from portal.audit.models import AuditEvent
from portal.extensions import db


def case_events(case_id: int, actions: Iterable[str] | None = None) -> list[AuditEvent]:
    """A case's events in order; ``actions`` limits them (the firm sees status changes only)."""
    stmt = select(AuditEvent).where(AuditEvent.case_id == case_id).order_by(AuditEvent.id)
    if actions is not None:
        stmt = stmt.where(AuditEvent.action.in_(list(actions)))
    return list(db.session.scalars(stmt))
