"""public infringement reports and their evidence files; 回访 follow-ups of closed cases; overseas early warnings

Revision ID: reports_1
Revises: content_1
Create Date: 2026-11-25 16:20:00

"""

import sqlalchemy as sa
from alembic import op

from portal.reports.routing import ReportKind
from portal.reports.status import ReportStatus

revision = "reports_1"
down_revision = "content_1"
branch_labels = None
depends_on = None

# the CHECK constraints follow the enums (tests/meta/test_migrations.py compares them with the database)
STATUSES = ",".join(f"'{s.value}'" for s in ReportStatus)
KINDS = ",".join(f"'{k.value}'" for k in ReportKind)


def upgrade():
    op.create_table(
        "reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=24), nullable=False),
        sa.Column("tracking_hash", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("suspected_crime", sa.Boolean(), nullable=False),
        sa.Column("line", sa.String(length=30), nullable=False),
        sa.Column("what", sa.Text(), nullable=False),
        sa.Column("place", sa.String(length=300), nullable=True),
        sa.Column("url", sa.String(length=500), nullable=True),
        sa.Column("happened_on", sa.Date(), nullable=True),
        sa.Column("right_concerned", sa.String(length=200), nullable=True),
        sa.Column("registration_no", sa.String(length=60), nullable=True),
        sa.Column("target_key", sa.String(length=300), nullable=True),
        sa.Column("duplicate_of_id", sa.Integer(), nullable=True),
        sa.Column("reporter_name", sa.String(length=100), nullable=True),
        sa.Column("reporter_phone", sa.String(length=30), nullable=True),
        sa.Column("reporter_email", sa.String(length=254), nullable=True),
        sa.Column("notify_reporter", sa.Boolean(), nullable=False),
        sa.Column("ip", sa.String(length=45), nullable=True),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("handling_unit", sa.String(length=200), nullable=True),
        sa.Column("transferred_to", sa.String(length=200), nullable=True),
        sa.Column("transferred_on", sa.Date(), nullable=True),
        sa.Column("outcome_note", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(f"status IN ({STATUSES})", name=op.f("ck_reports_status")),
        sa.CheckConstraint(f"kind IN ({KINDS})", name=op.f("ck_reports_kind")),
        sa.ForeignKeyConstraint(["duplicate_of_id"], ["reports.id"], name=op.f("fk_reports_duplicate_of_id_reports")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reports")),
        sa.UniqueConstraint("reference", name=op.f("uq_reports_reference")),
    )
    op.create_index("ix_reports_status_due", "reports", ["status", "due_date"], unique=False)
    op.create_index(op.f("ix_reports_status"), "reports", ["status"], unique=False)
    op.create_index(op.f("ix_reports_received_on"), "reports", ["received_on"], unique=False)
    op.create_index(op.f("ix_reports_target_key"), "reports", ["target_key"], unique=False)
    op.create_index(op.f("ix_reports_duplicate_of_id"), "reports", ["duplicate_of_id"], unique=False)

    op.create_table(
        "report_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("stored_name", sa.String(length=64), nullable=False),
        sa.Column("original_name", sa.String(length=200), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["report_id"], ["reports.id"], name=op.f("fk_report_files_report_id_reports"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_files")),
    )
    op.create_index(op.f("ix_report_files_report_id"), "report_files", ["report_id"], unique=False)
    op.create_index(op.f("ix_report_files_sha256"), "report_files", ["sha256"], unique=False)
    op.create_index(op.f("ix_report_files_created_at"), "report_files", ["created_at"], unique=False)

    op.create_table(
        "case_follow_ups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("amount_recovered", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("satisfaction", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("recorded_by_firm", sa.Boolean(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("recorded_on", sa.Date(), nullable=False),
        sa.CheckConstraint(
            "satisfaction IS NULL OR (satisfaction BETWEEN 1 AND 5)", name=op.f("ck_case_follow_ups_satisfaction")
        ),
        sa.CheckConstraint(
            "amount_recovered IS NULL OR amount_recovered >= 0", name=op.f("ck_case_follow_ups_amount_recovered")
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_case_follow_ups_case_id_cases"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["recorded_by_id"], ["users.id"], name=op.f("fk_case_follow_ups_recorded_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_follow_ups")),
        sa.UniqueConstraint("case_id", name=op.f("uq_case_follow_ups_case_id")),
    )

    op.create_table(
        "overseas_subscriptions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("firm_id", sa.Integer(), nullable=False),
        sa.Column("region", sa.String(length=20), nullable=False),
        sa.Column("field", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["firm_id"], ["firms.id"], name=op.f("fk_overseas_subscriptions_firm_id_firms"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_overseas_subscriptions")),
        sa.UniqueConstraint("firm_id", "region", "field", name="uq_overseas_subscriptions_firm_region_field"),
    )
    op.create_index(op.f("ix_overseas_subscriptions_firm_id"), "overseas_subscriptions", ["firm_id"], unique=False)
    op.create_table(
        "warning_notices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("category", sa.String(length=30), nullable=False),
        sa.Column("region", sa.String(length=20), nullable=False),
        sa.Column("field", sa.String(length=20), nullable=False),
        sa.Column("published_at", sa.DateTime(), nullable=False),
        sa.Column("published_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["published_by_id"], ["users.id"], name=op.f("fk_warning_notices_published_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_warning_notices")),
    )
    op.create_index(op.f("ix_warning_notices_region"), "warning_notices", ["region"], unique=False)
    op.create_index(op.f("ix_warning_notices_published_at"), "warning_notices", ["published_at"], unique=False)


def downgrade():
    op.drop_table("warning_notices")
    op.drop_table("overseas_subscriptions")
    op.drop_table("case_follow_ups")
    op.drop_table("report_files")
    op.drop_table("reports")
