"""expert review: the expert role, expert profiles, rubrics, review assignments and panel decisions

Revision ID: review_1
Revises: events_1
Create Date: 2026-11-25 16:05:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "review_1"
down_revision = "events_1"
branch_labels = None
depends_on = None

ROLES_BEFORE = "role IN ('firm','reviewer','supervisor','editor','admin')"
ROLES_AFTER = "role IN ('firm','reviewer','supervisor','editor','admin','expert')"


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_constraint("role", type_="check")
        batch_op.create_check_constraint("role", ROLES_AFTER)

    op.create_table(
        "expert_profiles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("employer", sa.String(length=200), nullable=False),
        sa.Column("relationships", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_expert_profiles_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_expert_profiles")),
        sa.UniqueConstraint("user_id", name=op.f("uq_expert_profiles_user_id")),
    )
    op.create_table(
        "rubrics",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("call_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("criteria", sa.JSON(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("experts_per_case", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["call_id"], ["calls.id"], name=op.f("fk_rubrics_call_id_calls")),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], name=op.f("fk_rubrics_created_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rubrics")),
        sa.UniqueConstraint("call_id", "version", name="uq_rubrics_call_version"),
    )
    op.create_index(op.f("ix_rubrics_call_id"), "rubrics", ["call_id"], unique=False)
    op.create_table(
        "review_assignments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("expert_id", sa.Integer(), nullable=False),
        sa.Column("rubric_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("assigned_by_id", sa.Integer(), nullable=True),
        sa.Column("assigned_at", sa.DateTime(), nullable=False),
        sa.Column("declared_name", sa.String(length=100), nullable=True),
        sa.Column("declared_at", sa.DateTime(), nullable=True),
        sa.Column("declared_ip", sa.String(length=64), nullable=True),
        sa.Column("conflict_note", sa.Text(), nullable=True),
        sa.Column("scores", sa.JSON(), nullable=False),
        sa.Column("opinion", sa.Text(), nullable=True),
        sa.Column("total", sa.Float(), nullable=True),
        sa.Column("submitted_at", sa.DateTime(), nullable=True),
        sa.Column("reopen_reason", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "status IN ('assigned','declared','submitted','conflict')", name=op.f("ck_review_assignments_status")
        ),
        sa.ForeignKeyConstraint(
            ["assigned_by_id"], ["users.id"], name=op.f("fk_review_assignments_assigned_by_id_users")
        ),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_review_assignments_case_id_cases")),
        sa.ForeignKeyConstraint(["expert_id"], ["users.id"], name=op.f("fk_review_assignments_expert_id_users")),
        sa.ForeignKeyConstraint(["rubric_id"], ["rubrics.id"], name=op.f("fk_review_assignments_rubric_id_rubrics")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_assignments")),
        sa.UniqueConstraint("case_id", "expert_id", name="uq_review_assignments_case_expert"),
    )
    op.create_index(op.f("ix_review_assignments_case_id"), "review_assignments", ["case_id"], unique=False)
    op.create_index(op.f("ix_review_assignments_expert_id"), "review_assignments", ["expert_id"], unique=False)
    op.create_table(
        "review_panel_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("call_id", sa.Integer(), nullable=False),
        sa.Column("attendees", sa.Text(), nullable=False),
        sa.Column("minutes", sa.Text(), nullable=False),
        sa.Column("opinion", sa.Text(), nullable=False),
        sa.Column("outcomes", sa.JSON(), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["call_id"], ["calls.id"], name=op.f("fk_review_panel_decisions_call_id_calls")),
        sa.ForeignKeyConstraint(
            ["decided_by_id"], ["users.id"], name=op.f("fk_review_panel_decisions_decided_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_panel_decisions")),
        sa.UniqueConstraint("call_id", name=op.f("uq_review_panel_decisions_call_id")),
    )


def downgrade():
    op.drop_table("review_panel_decisions")
    op.drop_index(op.f("ix_review_assignments_expert_id"), table_name="review_assignments")
    op.drop_index(op.f("ix_review_assignments_case_id"), table_name="review_assignments")
    op.drop_table("review_assignments")
    op.drop_index(op.f("ix_rubrics_call_id"), table_name="rubrics")
    op.drop_table("rubrics")
    op.drop_table("expert_profiles")
    op.execute("DELETE FROM users WHERE role = 'expert'")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_constraint("role", type_="check")
        batch_op.create_check_constraint("role", ROLES_BEFORE)
