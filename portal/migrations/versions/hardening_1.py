"""hardening: the audit log refuses DELETE, TRUNCATE and INSERT OR REPLACE; its free text moves to
audit_texts (redactable); registration awaits confirmation

Revision ID: hardening_1
Revises: scaleout_1
Create Date: 2026-11-25 16:20:00

"""

import sqlalchemy as sa
from alembic import op

revision = "hardening_1"
down_revision = "scaleout_1"
branch_labels = None
depends_on = None

# Only the owning role (the one that runs migrations) may purge, and only after
# ``SET LOCAL portal.audit_purge = 'on'`` (portal/audit/guard.py): the app's role never can.
PG_FUNCTION = """CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'TRUNCATE')
       AND current_setting('portal.audit_purge', true) = 'on'
       AND pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'USAGE') THEN
        IF TG_LEVEL = 'ROW' THEN
            RETURN OLD;
        END IF;
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'audit rows are append-only';
END; $$ LANGUAGE plpgsql"""

PG_OLD_FUNCTION = """CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger AS $$
    BEGIN RAISE EXCEPTION 'audit rows are append-only'; END; $$ LANGUAGE plpgsql"""


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("awaiting_confirmation", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.create_table(
        "audit_texts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("redacted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["event_id"], ["audit_events.id"], name=op.f("fk_audit_texts_event_id_audit_events")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_texts")),
        sa.UniqueConstraint("event_id", name=op.f("uq_audit_texts_event_id")),
    )
    op.create_table(
        "code_claims",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("credit_code", sa.String(length=18), nullable=False),
        sa.Column("firm_name", sa.String(length=200), nullable=False),
        sa.Column("contact_name", sa.String(length=100), nullable=False),
        sa.Column("mobile", sa.String(length=20), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("licence_stored_name", sa.String(length=64), nullable=False),
        sa.Column("licence_original_name", sa.String(length=255), nullable=False),
        sa.Column("letter_stored_name", sa.String(length=64), nullable=False),
        sa.Column("letter_original_name", sa.String(length=255), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("holder_firm_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("new_firm_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("status IN ('pending','confirmed','refused')", name=op.f("ck_code_claims_status")),
        sa.ForeignKeyConstraint(["decided_by_id"], ["users.id"], name=op.f("fk_code_claims_decided_by_id_users")),
        sa.ForeignKeyConstraint(["holder_firm_id"], ["firms.id"], name=op.f("fk_code_claims_holder_firm_id_firms")),
        sa.ForeignKeyConstraint(["new_firm_id"], ["firms.id"], name=op.f("fk_code_claims_new_firm_id_firms")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_code_claims")),
    )
    op.create_index(op.f("ix_code_claims_credit_code"), "code_claims", ["credit_code"], unique=False)
    # existing free text moves out of the append-only rows: a one-off, as the owner, guard lifted
    op.execute("INSERT INTO audit_texts (event_id, text) SELECT id, note FROM audit_events WHERE note IS NOT NULL")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only")
        op.execute("UPDATE audit_events SET note = NULL WHERE note IS NOT NULL")
        op.execute("ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only")
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_update")
        op.execute("UPDATE audit_events SET note = NULL WHERE note IS NOT NULL")
        op.execute(
            """CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
            BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END"""
        )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(PG_FUNCTION)
        op.execute(
            """CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
            FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()"""
        )
    else:
        # audit_purge_allowed() is defined on every connection the app opens (portal/audit/guard.py);
        # any other client gets "no such function", which refuses the delete too
        op.execute(
            """CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
            WHEN NOT audit_purge_allowed()
            BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END"""
        )
        op.execute(
            """CREATE TRIGGER audit_events_no_replace BEFORE INSERT ON audit_events
            WHEN NEW.id IS NOT NULL AND EXISTS (SELECT 1 FROM audit_events WHERE id = NEW.id)
            BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END"""
        )


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_truncate ON audit_events")
        op.execute(PG_OLD_FUNCTION)
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_replace")
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_delete")
    # the free text stays in audit_texts' place only as far as the old schema can hold it: dropped
    op.drop_table("audit_texts")
    op.drop_index(op.f("ix_code_claims_credit_code"), table_name="code_claims")
    op.drop_table("code_claims")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("awaiting_confirmation")
