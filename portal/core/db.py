"""Transaction helpers: one commit per request, side effects only after it succeeds."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path

from flask import g, has_app_context

from portal.core import mail
from portal.extensions import db

log = logging.getLogger(__name__)


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def delete_after_commit(path: Path) -> None:
    """Remove ``path`` once the transaction that stopped referring to it has committed."""
    if has_app_context():
        g.setdefault("delete_after_commit", []).append(path)


def delete_on_rollback(path: Path) -> None:
    """Remove ``path`` (a file just written) if the transaction that refers to it is rolled back."""
    if has_app_context():
        g.setdefault("delete_on_rollback", []).append(path)


def _unlink(paths) -> None:
    for path in paths:
        try:
            Path(path).unlink(missing_ok=True)
        except OSError:
            log.exception("could not remove %s", path)


def rollback() -> None:
    """Roll back, drop queued mail and remove files written for the abandoned transaction."""
    db.session.rollback()
    mail.discard_queue()
    _unlink(g.pop("delete_on_rollback", []) if has_app_context() else [])
    if has_app_context():
        g.pop("delete_after_commit", None)


def commit() -> None:
    """Commit the session, then send the mail queued during the request and remove released files."""
    try:
        db.session.commit()
    except Exception:
        rollback()
        raise
    mail.flush_queue()
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
