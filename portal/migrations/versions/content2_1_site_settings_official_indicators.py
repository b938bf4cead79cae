"""site settings (the portal's identity, contacts and population, changed by an administrator) and
official indicator figures entered by staff; the staff check of credit codes that fail their check digit

Revision ID: content2_1
Revises: review_1
Create Date: 2026-11-25 16:20:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "content2_1"
down_revision = "review_1"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "site_settings",
        sa.Column("key", sa.String(length=60), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_site_settings")),
    )
    op.create_table(
        "official_indicators",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("indicator", sa.String(length=60), nullable=False),
        sa.Column("value", sa.Numeric(precision=10, scale=2), nullable=False),
        sa.Column("reference_date", sa.Date(), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.Column("entered_by_id", sa.Integer(), nullable=True),
        sa.Column("entered_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_official_indicators")),
    )
    with op.batch_alter_table("official_indicators", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_official_indicators_indicator"), ["indicator"], unique=False)
    with op.batch_alter_table("firms", schema=None) as batch_op:
        batch_op.add_column(sa.Column("code_review", sa.String(length=20), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("code_reviewed_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("code_reviewed_by_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_firms_code_review"), ["code_review"], unique=False)


def downgrade():
    with op.batch_alter_table("firms", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_firms_code_review"))
        batch_op.drop_column("code_reviewed_by_id")
        batch_op.drop_column("code_reviewed_at")
        batch_op.drop_column("code_review")
    with op.batch_alter_table("official_indicators", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_official_indicators_indicator"))
    op.drop_table("official_indicators")
    op.drop_table("site_settings")
