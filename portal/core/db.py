"""Transaction helpers: one commit per request, side effects only after it succeeds."""
from __future__ import annotations

from datetime import UTC, datetime

from portal.core import mail
from portal.extensions import db


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def commit() -> None:
    """Commit the session, then send the mail queued during the request."""
    try:
        db.session.commit()
    except Exception:
        db.session.rollback()
        mail.discard_queue()
        raise
    mail.flush_queue()
