"""Transaction helpers: one commit per request, side effects only after it succeeds."""

from __future__ import annotations

import logging
import time
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from flask import g, has_app_context
from sqlalchemy import event, inspect, text
from sqlalchemy.orm import Session

from portal.core import background, mail, sms
from portal.extensions import db

log = logging.getLogger(__name__)


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def delete_after_commit(path: Path | str) -> None:
    """Remove ``path`` (or the stored upload of that name) once the transaction that stopped referring
    to it has committed."""
    if has_app_context():
        g.setdefault("delete_after_commit", []).append(path)


def delete_on_rollback(path: Path | str) -> None:
    """Remove ``path`` (a file just written, or a stored upload's name) if the transaction that refers to
    it is rolled back."""
    if has_app_context():
        g.setdefault("delete_on_rollback", []).append(path)


def _unlink(paths) -> None:
    for path in paths:
        try:
            if isinstance(path, str):
                from portal.core.storage import get_store

                get_store().delete(path)
            else:
                Path(path).unlink(missing_ok=True)
        except Exception:  # a leftover file is harmless; an exception here would undo nothing
            log.exception("could not remove %s", path)


class ValueTooLong(ValueError):
    """A text value longer than its column: refused before the database sees it, on every engine."""

    def __init__(self, column: str, limit: int):
        super().__init__(f"{column} longer than {limit} characters")
        self.column, self.limit = column, limit


def _check_lengths(session, _context, _instances) -> None:
    for obj in (*session.new, *session.dirty):
        for prop in inspect(obj).mapper.column_attrs:
            column = prop.columns[0]
            limit = getattr(column.type, "length", None)
            value = getattr(obj, prop.key, None) if limit else None
            if limit and isinstance(value, str) and len(value) > limit:
                raise ValueTooLong(f"{column.table.name}.{column.name}", limit)


def register_length_guard() -> None:
    """SQLite stores any length and PostgreSQL raises mid-request: check every string column first."""
    if not event.contains(Session, "before_flush", _check_lengths):
        event.listen(Session, "before_flush", _check_lengths)


@contextmanager
def statement_deadline(milliseconds: int):
    """Statements in the block fail once they run longer than ``milliseconds`` (on both engines)."""
    conn = db.session.connection()
    if conn.dialect.name == "postgresql":
        conn.execute(text(f"SET LOCAL statement_timeout = {int(milliseconds)}"))
        yield
        return
    raw = conn.connection.driver_connection
    if raw is None:  # a pooled connection is always checked out here; say so if that ever changes
        raise RuntimeError("statement_deadline needs an open database connection")
    deadline = time.monotonic() + milliseconds / 1000
    raw.set_progress_handler(lambda: int(time.monotonic() > deadline), 1000)  # non-zero interrupts the statement
    try:
        yield
    finally:
        raw.set_progress_handler(None, 0)


def rollback() -> None:
    """Roll back, drop queued mail and remove files written for the abandoned transaction."""
    db.session.rollback()
    mail.discard_queue()
    sms.discard_queue()
    if has_app_context():
        background.discard_uncommitted_tasks()
    _unlink(g.pop("delete_on_rollback", []) if has_app_context() else [])
    if has_app_context():
        g.pop("delete_after_commit", None)


def commit() -> None:
    """Commit the session with the mail queued during the request (outbox rows), then hand the mail to
    the background tasks and remove released files."""
    try:
        staged = mail.stage_queue()
        db.session.commit()
    except Exception:
        rollback()
        raise
    mail.dispatch(staged)
    sms.flush_queue()
    if has_app_context():
        background.dispatch_committed()
    if has_app_context():
        g.pop("delete_on_rollback", None)
        _unlink(g.pop("delete_after_commit", []))


def discard_uncommitted() -> None:
    """End of request: roll back anything left uncommitted and remove the files written for it
    (a view that returned early or raised never leaves an orphaned upload)."""
    if not has_app_context():
        return
    if g.get("delete_on_rollback") or db.session.new or db.session.dirty or db.session.deleted:
        rollback()
