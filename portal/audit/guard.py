"""The database keeps the audit log append-only; one owner-only path may still empty it.

PostgreSQL: triggers refuse UPDATE, DELETE and TRUNCATE. In production the app connects as a
role that does not own the tables (README, "Database roles"), so it can neither drop nor disable
the triggers. The only way around them is ``purge`` below, and it works only for a member of
the owning role (the migration role): the test-suite clean-up and a retention job run as owner.

SQLite: triggers refuse UPDATE, DELETE and INSERT OR REPLACE. SQLite has no roles; ``purge``
raises a flag on the one connection it uses, read by the ``audit_purge_allowed()`` function
the delete trigger calls.
"""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager

from sqlalchemy import event, text
from sqlalchemy.engine import Connection, Engine

PURGE_FLAG = "audit_purge"


def _on_connect(dbapi_connection, connection_record) -> None:
    if isinstance(dbapi_connection, sqlite3.Connection):
        info = connection_record.info
        info[PURGE_FLAG] = False
        dbapi_connection.create_function("audit_purge_allowed", 0, lambda: int(info.get(PURGE_FLAG, False)))


def register_sqlite_purge_function() -> None:
    if not event.contains(Engine, "connect", _on_connect):
        event.listen(Engine, "connect", _on_connect)


@contextmanager
def purge(conn: Connection):
    """Within the block, ``conn`` may delete audit rows — if it connects as the tables' owner."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SET LOCAL portal.audit_purge = 'on'"))  # ends with the transaction
        yield
        return
    info = conn.connection.info
    info[PURGE_FLAG] = True
    try:
        yield
    finally:
        info[PURGE_FLAG] = False
