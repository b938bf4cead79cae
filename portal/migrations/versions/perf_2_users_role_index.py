"""users by role: the staff lists of the queue and case pages read the few staff from an index

Revision ID: perf_2
Revises: perf_1
Create Date: 2026-11-25 19:20:00.000000

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "perf_2"
down_revision = "perf_1"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_users_role"), ["role"], unique=False)


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_users_role"))
