"""the open cases in due order: a partial index the default staff queue reads its page from

Revision ID: perf_1
Revises: content2_1
Create Date: 2026-11-25 18:40:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "perf_1"
down_revision = "market_3"
branch_labels = None
depends_on = None

# portal.cases.status.OPEN_STATES_SQL when this revision was written
OPEN_STATES_SQL = (
    "status IN ('accepted', 'approved', 'proposed', 'publicity', 'recommended', 'submitted', 'under_review', "
    "'correction_requested', 'supplement_requested')"
)


def upgrade():
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.create_index(
            "ix_cases_open_due",
            ["due_date", "id", "holder_id"],
            unique=False,
            sqlite_where=sa.text(OPEN_STATES_SQL),
            postgresql_where=sa.text(OPEN_STATES_SQL),
        )


def downgrade():
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index("ix_cases_open_due")
