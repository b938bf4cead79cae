"""The audit log is append-only in the database itself, on SQLite and PostgreSQL.

The test-suite clean-up empties it through portal.audit.guard.purge as the tables' owner, so the
triggers stay installed for every test; on PostgreSQL the app's production role (not the owner)
cannot change, remove, truncate or un-guard audit rows at all.
"""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from portal.audit import guard
from portal.audit.services import record
from portal.core.db import commit
from portal.core.db_roles import grant_app_role
from portal.extensions import db


@pytest.fixture
def audit_row(app_ctx):
    row = record("test_event", "firm", 1, to_value="kept")
    commit()
    return row.id


def _refused(conn, statement: str, **params) -> None:
    with pytest.raises(DBAPIError):
        with conn.begin_nested():
            conn.execute(text(statement), params)


def _count(conn) -> int:
    return conn.scalar(text("SELECT count(*) FROM audit_events"))


def test_update_delete_and_replace_are_refused(audit_row):
    with db.engine.connect() as conn, conn.begin():
        _refused(conn, "UPDATE audit_events SET to_value = 'changed' WHERE id = :id", id=audit_row)
        _refused(conn, "DELETE FROM audit_events WHERE id = :id", id=audit_row)
        _refused(conn, "DELETE FROM audit_events")
        if conn.dialect.name == "sqlite":
            _refused(
                conn,
                "INSERT OR REPLACE INTO audit_events (id, created_at, action, object_type) "
                "VALUES (:id, CURRENT_TIMESTAMP, 'forged', 'firm')",
                id=audit_row,
            )
        else:
            _refused(conn, "TRUNCATE audit_events")
            _refused(conn, "TRUNCATE audit_events CASCADE")
        assert _count(conn) == 1
        assert conn.scalar(text("SELECT to_value FROM audit_events")) == "kept"


def test_the_owner_purges_only_through_the_purge_path(audit_row):
    with db.engine.connect() as conn:
        with conn.begin():
            _refused(conn, "DELETE FROM audit_events")
        with conn.begin(), guard.purge(conn):
            conn.execute(text("DELETE FROM audit_events"))
        with conn.begin():
            assert _count(conn) == 0
            record_again = (
                "INSERT INTO audit_events (created_at, action, object_type) VALUES (CURRENT_TIMESTAMP, 'x', 'y')"
            )
            conn.execute(text(record_again))
            # the flag ended with the purge: the guard is on again
            _refused(conn, "DELETE FROM audit_events")


@pytest.fixture
def app_role(app_ctx):
    name = f"portal_app_{db.engine.url.database}".lower().replace("-", "_")
    with db.engine.begin() as conn:
        if conn.scalar(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name}) is None:
            conn.execute(text(f'CREATE ROLE "{name}" NOLOGIN'))
        grant_app_role(conn, name)
    return name


@pytest.mark.postgres  # database roles exist on PostgreSQL only; SQLite is covered by the trigger tests
def test_the_app_role_cannot_remove_or_unguard_audit_rows(app_role, audit_row):
    with db.engine.connect() as conn, conn.begin():
        conn.execute(text(f'SET LOCAL ROLE "{app_role}"'))
        # what the portal does works
        conn.execute(
            text("INSERT INTO audit_events (created_at, action, object_type) VALUES (now(), 'as_app', 'firm')")
        )
        assert _count(conn) == 2
        conn.execute(text("UPDATE users SET name = name WHERE false"))
        # what it must never do does not
        _refused(conn, "UPDATE audit_events SET to_value = 'changed'")
        _refused(conn, "DELETE FROM audit_events")
        _refused(conn, "TRUNCATE audit_events")
        _refused(conn, "ALTER TABLE audit_events DISABLE TRIGGER ALL")
        _refused(conn, "DROP TRIGGER audit_events_append_only ON audit_events")
        conn.execute(text("SET LOCAL portal.audit_purge = 'on'"))
        _refused(conn, "DELETE FROM audit_events")
        _refused(conn, "TRUNCATE audit_events")
        assert _count(conn) == 2


@pytest.mark.postgres  # database roles exist on PostgreSQL only
def test_the_owner_role_is_refused_as_app_role(app_ctx):
    with db.engine.begin() as conn:
        owner = conn.scalar(text("SELECT tableowner FROM pg_tables WHERE tablename = 'users'"))
        with pytest.raises(ValueError, match="owns the tables"):
            grant_app_role(conn, owner)


def test_grant_app_role_command_refuses_sqlite_and_odd_names(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["grant-app-role", "x; DROP TABLE users"])
    assert result.exit_code != 0
