"""Outgoing mail kept in the database until it is delivered (a transactional outbox).

Mail queued during a request is written here in the same transaction as the decision it reports,
so a rolled-back decision sends nothing and a committed one loses nothing: when the broker or the
mail relay is down, the row waits and ``deliver_pending`` (Celery beat, every minute) sends it later.
Delivery locks the row and marks it sent in one transaction, so a task delivered twice (a worker
killed mid-task, ``acks_late``) sends the mail once; the body is emptied once sent (reset links,
personal data).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from flask import current_app, g, has_request_context
from sqlalchemy import DateTime, Integer, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column

from portal.core.background import local_task
from portal.core.db import utcnow
from portal.extensions import Model, db

log = logging.getLogger(__name__)

DELIVER_TASK = "portal.deliver_mail"


class OutgoingMail(Model):
    __tablename__ = "outgoing_mail"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    # the request that queued the mail: failures are logged with it
    request_id: Mapped[str | None] = mapped_column(String(64))
    sent_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(500))


def stage(mails) -> list[int]:
    """Add the queued mails to the current transaction; their ids."""
    request_id = g.get("request_id") if has_request_context() else None
    rows = [
        OutgoingMail(recipient=m.to, subject=m.subject[:300], body=m.body, request_id=request_id, attempts=0)
        for m in mails
    ]
    if not rows:
        return []
    db.session.add_all(rows)
    db.session.flush()
    return [row.id for row in rows]


@local_task(DELIVER_TASK)
def deliver(mail_id: int) -> bool:
    """Send one outbox mail unless it was sent already; True when sent now. Raises when sending failed
    (the attempt is recorded; Celery retries with backoff)."""
    from portal.core.mail import Mail, send_now

    row = db.session.scalars(
        select(OutgoingMail).where(OutgoingMail.id == mail_id).with_for_update(skip_locked=True)
    ).first()
    if row is None or row.sent_at is not None:
        db.session.rollback()
        return False
    try:
        send_now(
            Mail(row.recipient, row.subject, row.body),
            message_id=f"<outbox-{row.id}-{row.created_at:%Y%m%d%H%M%S}@hongqiao-ip.portal>",
        )
    except Exception as err:
        row.attempts += 1
        row.last_error = f"{type(err).__name__}: {err}"[:500]
        request_id = row.request_id
        db.session.commit()
        log.error("mail %s to %s failed (request %s): %s", mail_id, row.recipient, request_id, err)
        raise
    row.sent_at = utcnow()
    row.body = ""
    row.attempts += 1
    db.session.commit()
    return True


def pending_ids(older_than_seconds: int = 0, limit: int = 200) -> list[int]:
    cutoff = utcnow() - timedelta(seconds=older_than_seconds)
    return list(
        db.session.scalars(
            select(OutgoingMail.id)
            .where(OutgoingMail.sent_at.is_(None), OutgoingMail.created_at <= cutoff)
            .order_by(OutgoingMail.id)
            .limit(limit)
        )
    )


def deliver_pending(older_than_seconds: int | None = None) -> int:
    """Send what is still waiting (the broker or the relay was down); returns how many were sent."""
    if older_than_seconds is None:
        older_than_seconds = current_app.config["MAIL_OUTBOX_RETRY_AFTER"]
    sent = 0
    for mail_id in pending_ids(older_than_seconds):
        try:
            sent += deliver(mail_id)
        except Exception:  # logged in deliver(); the next sweep tries again
            db.session.rollback()
    return sent
