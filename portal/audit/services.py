"""Writing audit rows; the request's user and address are taken from the request when present."""

from __future__ import annotations

from flask import has_request_context, request
from flask_login import current_user
from sqlalchemy import Select, select, update

from portal.audit.models import AuditEvent, AuditText
from portal.core.db import utcnow
from portal.core.shared_cache import CASE_PAGE_GENERATION, changed_in_bulk
from portal.extensions import db


def client_ip() -> str | None:
    if not has_request_context():
        return None
    return request.remote_addr


def record(
    action: str,
    object_type: str,
    object_id: int | None = None,
    *,
    actor=None,
    case_id: int | None = None,
    from_value: str | None = None,
    to_value: str | None = None,
    note: str | None = None,
    detail: dict | None = None,
    anonymous: bool = False,
) -> AuditEvent:
    """Append one audit row (flushed with the caller's transaction, never committed here).
    ``anonymous``: the person asked not to be named (an anonymous report): no account, no address."""
    if actor is None and not anonymous and has_request_context() and current_user.is_authenticated:
        actor = current_user._get_current_object()
    row = AuditEvent(
        actor_id=getattr(actor, "id", None),
        actor_role=getattr(actor, "role", None),
        ip=None if anonymous else client_ip(),
        action=action,
        object_type=object_type,
        object_id=object_id,
        case_id=case_id,
        from_value=from_value,
        to_value=to_value,
        detail=detail,
    )
    if note:
        # free text may name people: it lives where deletion can redact it (redact_texts)
        row.free_text = AuditText(text=note)
    db.session.add(row)
    return row


def redact_texts(events: Select, *, actor, firm_id: int) -> int:
    """Blank the free text of the audit events ``events`` selects (their ids), for a PIPL deletion.

    The one path that changes what the audit log shows; it writes an audit row of its own.
    """
    ids = select(AuditText.id).where(AuditText.event_id.in_(events), AuditText.redacted_at.is_(None))
    count = db.session.execute(
        update(AuditText)
        .where(AuditText.id.in_(ids.scalar_subquery()))
        .values(text=None, redacted_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount
    changed_in_bulk(db.session, CASE_PAGE_GENERATION)  # kept case pages show the texts (the flush never sees it)
    record("audit_texts_redacted", "firm", firm_id, actor=actor, detail={"count": count})
    return count
