"""the receipt's verification code, attachments on case messages, follow-ups of low ratings (整改)

Revision ID: firmpages_1
Revises: content2_1
Create Date: 2026-11-25 18:40:00.000000

"""

import secrets

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "firmpages_1"
down_revision = "content2_1"
branch_labels = None
depends_on = None

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def upgrade():
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("receipt_code", sa.String(length=16), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_cases_receipt_code"), ["receipt_code"])
    # every case submitted before this revision gets its code now
    bind = op.get_bind()
    cases = sa.table("cases", sa.column("id", sa.Integer), sa.column("receipt_code", sa.String))
    rows = bind.execute(sa.text("SELECT id FROM cases WHERE reference IS NOT NULL")).fetchall()
    for (case_id,) in rows:
        code = "".join(secrets.choice(ALPHABET) for _ in range(12))
        bind.execute(cases.update().where(cases.c.id == case_id).values(receipt_code=code))

    with op.batch_alter_table("case_files", schema=None) as batch_op:
        batch_op.add_column(sa.Column("message_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_case_files_message_id"), ["message_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_case_files_message_id_case_messages"), "case_messages", ["message_id"], ["id"]
        )

    op.create_table(
        "rating_followups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("raised_at", sa.DateTime(), nullable=False),
        sa.Column("outcome", sa.Text(), nullable=True),
        sa.Column("resolved_by_id", sa.Integer(), nullable=True),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_rating_followups_case_id_cases")),
        sa.ForeignKeyConstraint(
            ["resolved_by_id"], ["users.id"], name=op.f("fk_rating_followups_resolved_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rating_followups")),
        sa.UniqueConstraint("case_id", name=op.f("uq_rating_followups_case_id")),
    )
    # low ratings given before follow-ups existed are followed up too
    op.execute(
        "INSERT INTO rating_followups (case_id, raised_at) "
        "SELECT id, COALESCE(rated_at, CURRENT_TIMESTAMP) FROM cases WHERE rating IS NOT NULL AND rating < 3"
    )


def downgrade():
    op.drop_table("rating_followups")
    with op.batch_alter_table("case_files", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_case_files_message_id_case_messages"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_case_files_message_id"))
        batch_op.drop_column("message_id")
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_cases_receipt_code"), type_="unique")
        batch_op.drop_column("receipt_code")
