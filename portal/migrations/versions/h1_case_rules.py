"""case rules: calls, objection life, recommendation outcome, recomputable clocks, audit values

Revision ID: h1_case_rules
Revises: g1_calendar_days
Create Date: 2026-11-25 15:40:00

"""

import sqlalchemy as sa
from alembic import op

from portal.cases.kinds import KINDS, CaseType
from portal.cases.status import CaseStatus

revision = "h1_case_rules"
down_revision = "g1_calendar_days"
branch_labels = None
depends_on = None

# the CHECK constraints follow the enums (tests/meta/test_migrations.py compares them with the database)
STATUSES = ",".join(f"'{s.value}'" for s in CaseStatus)
KIND_VALUES = ",".join(f"'{k.value}'" for k in CaseType)
KIND_LIMITS = list(KINDS.values())
OLD_STATUSES = (
    "'draft','submitted','accepted','not_accepted','under_review','supplement_requested','approved','rejected',"
    "'publicity','recognised','closed','withdrawn'"
)


def upgrade():
    op.create_table(
        "calls",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("opens_on", sa.Date(), nullable=False),
        sa.Column("closes_on", sa.Date(), nullable=False),
        sa.Column("quota", sa.Integer(), nullable=True),
        sa.Column("notice_url", sa.String(length=300), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(f"kind IN ({KIND_VALUES})", name=op.f("ck_calls_kind")),
        sa.CheckConstraint("closes_on >= opens_on", name=op.f("ck_calls_window")),
        sa.CheckConstraint("quota IS NULL OR quota > 0", name=op.f("ck_calls_quota")),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], name=op.f("fk_calls_created_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calls")),
    )
    op.create_index(op.f("ix_calls_kind"), "calls", ["kind"], unique=False)

    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("clock_days", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("phase_paused_days", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("reply_due", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("reply_reminded_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("call_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("recommended_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("recognised_by", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("recognition_doc_no", sa.String(length=100), nullable=True))
        batch_op.create_foreign_key(batch_op.f("fk_cases_call_id_calls"), "calls", ["call_id"], ["id"])
        batch_op.create_index(batch_op.f("ix_cases_call_id"), ["call_id"], unique=False)
        batch_op.create_unique_constraint("uq_cases_kind_certificate_no", ["kind", "certificate_no"])
        batch_op.drop_constraint("status", type_="check")
        batch_op.create_check_constraint("status", f"status IN ({STATUSES})")
        batch_op.drop_constraint("kind", type_="check")
        batch_op.create_check_constraint("kind", f"kind IN ({KIND_VALUES})")

    with op.batch_alter_table("objections", schema=None) as batch_op:
        batch_op.add_column(sa.Column("status", sa.String(length=20), nullable=False, server_default="received"))
        batch_op.add_column(sa.Column("conclusion", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("concluded_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("concluded_by_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_objections_concluded_by_id_users"), "users", ["concluded_by_id"], ["id"]
        )

    # running phases get their inputs back, so their dates can be recomputed from the calendar
    for kind in KIND_LIMITS:
        for phase, days in (("accept", kind.accept_days), ("decide", kind.decide_days)):
            op.execute(
                sa.text(
                    "UPDATE cases SET clock_days = :days, phase_paused_days = paused_days "
                    "WHERE kind = :kind AND clock_phase = :phase"
                ).bindparams(days=days, kind=kind.value, phase=phase)
            )
    # audit values hold codes, ids and dates of any length the app writes
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.alter_column("from_value", type_=sa.String(length=200), existing_type=sa.String(length=40))
        batch_op.alter_column("to_value", type_=sa.String(length=200), existing_type=sa.String(length=40))
    if op.get_bind().dialect.name == "sqlite":
        # SQLite rebuilt the table: put its append-only trigger back
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_update")
        op.execute(
            """CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
            BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END"""
        )


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.alter_column("audit_events", "to_value", type_=sa.String(length=40), existing_type=sa.String(length=200))
        op.alter_column("audit_events", "from_value", type_=sa.String(length=40), existing_type=sa.String(length=200))
    with op.batch_alter_table("objections", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_objections_concluded_by_id_users"), type_="foreignkey")
        for column in ("concluded_by_id", "concluded_at", "conclusion", "status"):
            batch_op.drop_column(column)
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_constraint("status", type_="check")
        batch_op.create_check_constraint("status", f"status IN ({OLD_STATUSES})")
        batch_op.drop_constraint("uq_cases_kind_certificate_no", type_="unique")
        batch_op.drop_index(batch_op.f("ix_cases_call_id"))
        batch_op.drop_constraint(batch_op.f("fk_cases_call_id_calls"), type_="foreignkey")
        for column in (
            "recognition_doc_no",
            "recognised_by",
            "recommended_on",
            "call_id",
            "reply_reminded_on",
            "reply_due",
            "phase_paused_days",
            "clock_days",
        ):
            batch_op.drop_column(column)
    op.drop_index(op.f("ix_calls_kind"), table_name="calls")
    op.drop_table("calls")
