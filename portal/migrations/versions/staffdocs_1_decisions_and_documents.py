"""decisions and documents: reason and opinion templates, documents issued on a case, extensions of a
time limit, two-level sign-off (the proposed status and its proposer)

Revision ID: staffdocs_1
Revises: content2_1
Create Date: 2026-11-25 18:30:00

"""

import sqlalchemy as sa
from alembic import op

from portal.cases.paperwork import DOCUMENT_VALUES
from portal.cases.status import CaseStatus

revision = "staffdocs_1"
down_revision = "firmpages_1"
branch_labels = None
depends_on = None

STATUSES = ",".join(f"'{s.value}'" for s in CaseStatus)
OLD_STATUSES = ",".join(f"'{s.value}'" for s in CaseStatus if s != CaseStatus.PROPOSED)


def upgrade():
    op.create_table(
        "case_phrases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=True),
        sa.Column("action", sa.String(length=30), nullable=False),
        sa.Column("title", sa.String(length=60), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], name=op.f("fk_case_phrases_created_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_phrases")),
    )
    op.create_index(op.f("ix_case_phrases_kind"), "case_phrases", ["kind"], unique=False)
    op.create_table(
        "case_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("doc_type", sa.String(length=30), nullable=False),
        sa.Column("number", sa.String(length=60), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("action", sa.String(length=30), nullable=False),
        sa.Column("stored_name", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(f"doc_type IN ({DOCUMENT_VALUES})", name=op.f("ck_case_documents_doc_type")),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_case_documents_case_id_cases")),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], name=op.f("fk_case_documents_created_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_documents")),
        sa.UniqueConstraint("number", name=op.f("uq_case_documents_number")),
        sa.UniqueConstraint("stored_name", name=op.f("uq_case_documents_stored_name")),
    )
    op.create_index(op.f("ix_case_documents_case_id"), "case_documents", ["case_id"], unique=False)
    op.create_table(
        "case_extensions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("days", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("requested_by_id", sa.Integer(), nullable=True),
        sa.Column("requested_at", sa.DateTime(), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("decision_note", sa.Text(), nullable=True),
        sa.Column("due_before", sa.Date(), nullable=True),
        sa.Column("due_after", sa.Date(), nullable=True),
        sa.CheckConstraint("days > 0", name=op.f("ck_case_extensions_days")),
        sa.CheckConstraint("status IN ('pending','approved','refused')", name=op.f("ck_case_extensions_status")),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_case_extensions_case_id_cases")),
        sa.ForeignKeyConstraint(["decided_by_id"], ["users.id"], name=op.f("fk_case_extensions_decided_by_id_users")),
        sa.ForeignKeyConstraint(
            ["requested_by_id"], ["users.id"], name=op.f("fk_case_extensions_requested_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_extensions")),
    )
    op.create_index(op.f("ix_case_extensions_case_id"), "case_extensions", ["case_id"], unique=False)
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("phase_extended_days", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("proposed_by_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f("fk_cases_proposed_by_id_users"), "users", ["proposed_by_id"], ["id"])
        batch_op.drop_constraint("status", type_="check")
        batch_op.create_check_constraint("status", f"status IN ({STATUSES})")


def downgrade():
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_constraint("status", type_="check")
        batch_op.create_check_constraint("status", f"status IN ({OLD_STATUSES})")
        batch_op.drop_constraint(batch_op.f("fk_cases_proposed_by_id_users"), type_="foreignkey")
        batch_op.drop_column("proposed_by_id")
        batch_op.drop_column("phase_extended_days")
    op.drop_index(op.f("ix_case_extensions_case_id"), table_name="case_extensions")
    op.drop_table("case_extensions")
    op.drop_index(op.f("ix_case_documents_case_id"), table_name="case_documents")
    op.drop_table("case_documents")
    op.drop_index(op.f("ix_case_phrases_kind"), table_name="case_phrases")
    op.drop_table("case_phrases")
