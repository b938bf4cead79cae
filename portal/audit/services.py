"""Writing audit rows; the request's user and address are taken from the request when present."""

from __future__ import annotations

from flask import has_request_context, request
from flask_login import current_user

from portal.audit.models import AuditEvent
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
) -> AuditEvent:
    """Append one audit row (flushed with the caller's transaction, never committed here)."""
    if actor is None and has_request_context() and current_user.is_authenticated:
        actor = current_user._get_current_object()
    row = AuditEvent(
        actor_id=getattr(actor, "id", None),
        actor_role=getattr(actor, "role", None),
        ip=client_ip(),
        action=action,
        object_type=object_type,
        object_id=object_id,
        case_id=case_id,
        from_value=from_value,
        to_value=to_value,
        note=note,
        detail=detail,
    )
    db.session.add(row)
    return row
