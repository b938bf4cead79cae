"""the pledge-loan interest subsidy (知识产权质押融资贴息) and the IP insurance premium subsidy (知识产权保险保费补贴)
join the case kinds of cases and calls

Revision ID: subsidy_1
Revises: perf_2
Create Date: 2026-11-25 20:05:00

"""

from alembic import op

revision = "subsidy_1"
down_revision = "perf_2"
branch_labels = None
depends_on = None

KINDS_BEFORE = (
    "kind IN ('rights-protection','brand-demonstration','ip-demonstration','copyright-demonstration','consultation')"
)
KINDS_AFTER = (
    "kind IN ('rights-protection','brand-demonstration','ip-demonstration','copyright-demonstration','consultation',"
    "'pledge-interest-subsidy','insurance-premium-subsidy')"
)


def _recreate(check: str) -> None:
    for table in ("cases", "calls"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint("kind", type_="check")
            batch_op.create_check_constraint("kind", check)


def upgrade():
    _recreate(KINDS_AFTER)


def downgrade():
    _recreate(KINDS_BEFORE)
