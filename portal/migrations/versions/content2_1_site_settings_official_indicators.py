"""site settings (the portal's identity, contacts and population, changed by an administrator) and
official indicator figures entered by staff

Revision ID: content2_1
Revises: content_1
Create Date: 2026-11-25 16:20:00.000000

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "content2_1"
down_revision = "content_1"
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


def downgrade():
    with op.batch_alter_table("official_indicators", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_official_indicators_indicator"))
    op.drop_table("official_indicators")
    op.drop_table("site_settings")
