"""PostgreSQL roles for production: migrations run as the tables' owner, the app as a role that is not.

A role that does not own a table can neither drop nor disable its triggers, so the audit log's
append-only triggers hold even against the app's own credentials. The app role gets what the
portal needs on every table, and on ``audit_events`` only SELECT and INSERT.
Run ``flask grant-app-role`` as the owner after every ``flask db upgrade``: new tables need grants.
"""

from __future__ import annotations

import re

from sqlalchemy import text
from sqlalchemy.engine import Connection

ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
APPEND_ONLY_TABLES = ("audit_events",)


def grant_app_role(conn: Connection, role: str) -> None:
    """Grant ``role`` (which must exist and must not own the tables) what the running portal needs."""
    if not ROLE_NAME.match(role):
        raise ValueError(f"not a plain role name: {role!r}")
    if conn.dialect.name != "postgresql":
        raise ValueError("database roles exist on PostgreSQL only")
    owner = conn.scalar(text("SELECT tableowner FROM pg_tables WHERE schemaname = 'public' AND tablename = 'users'"))
    if owner == role:
        raise ValueError(f"{role} owns the tables: connect the portal as another role")
    for statement in (
        f'GRANT USAGE ON SCHEMA public TO "{role}"',
        f'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "{role}"',
        f'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO "{role}"',
        f'REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA public FROM "{role}"',
        f'REVOKE INSERT, UPDATE, DELETE ON alembic_version FROM "{role}"',
        *(f'REVOKE UPDATE, DELETE ON {table} FROM "{role}"' for table in APPEND_ONLY_TABLES),
        f'REVOKE CREATE ON SCHEMA public FROM "{role}"',
    ):
        conn.execute(text(statement))
