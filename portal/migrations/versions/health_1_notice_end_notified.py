"""cases remember which public notice staff were told had ended, so the daily job tells them once per notice

Revision ID: health_1
Revises: perf_3
Create Date: 2026-11-26 00:10:00

"""

import sqlalchemy as sa
from alembic import op

revision = "health_1"
down_revision = "perf_3"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("notice_end_notified_for", sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_column("notice_end_notified_for")
