"""cases know whether they are finished, so that the all-cases queue reads its due-date order (finished
cases last) from an index; rights-protection cases keep their accused party, normalised, in an indexed
column for the duplicate check

Revision ID: perf_3
Revises: subsidy_1
Create Date: 2026-11-25 21:40:00

"""

import sqlalchemy as sa
from alembic import op

revision = "perf_3"
down_revision = "subsidy_1"
branch_labels = None
depends_on = None

BATCH = 1000
# portal.cases.status.FINAL_STATES and OPEN_STATES_SQL when this revision was written
MARK_FINISHED = (
    "UPDATE cases SET finished = "
    "(status IN ('closed', 'not_accepted', 'not_recognised', 'recognised', 'rejected', 'withdrawn'))"
)
OPEN_STATES_SQL = (
    "status IN ('accepted', 'approved', 'proposed', 'publicity', 'recommended', 'submitted', 'under_review', "
    "'correction_requested', 'supplement_requested')"
)


def accused_party(data):
    """portal.cases.parties.accused_party when this revision was written."""
    values = ((data or {}).get("infringement") or {}).get("infringer") or []
    text = "".join(str(values[0]).split()).casefold() if values else ""
    return text[:200] or None


def upgrade():
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("accused_party", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("finished", sa.Boolean(), server_default=sa.text("false"), nullable=False))
    op.execute(MARK_FINISHED)
    _fill_accused_party()
    op.create_index("ix_cases_queue_finished_due", "cases", ["finished", "due_date", "id", "status"])
    op.create_index(
        "ix_cases_open_accused_party",
        "cases",
        ["accused_party", "submitted_at"],
        sqlite_where=sa.text(OPEN_STATES_SQL),
        postgresql_where=sa.text(OPEN_STATES_SQL),
    )


def _fill_accused_party() -> None:
    conn = op.get_bind()
    cases = sa.table("cases", sa.column("id", sa.Integer), sa.column("data", sa.JSON), sa.column("kind"))
    update = sa.text("UPDATE cases SET accused_party = :party WHERE id = :id")
    last = 0
    while True:
        rows = conn.execute(
            sa.select(cases.c.id, cases.c.data)
            .where(cases.c.kind == "rights-protection", cases.c.id > last)
            .order_by(cases.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            return
        values = [{"id": row.id, "party": accused_party(row.data)} for row in rows]
        conn.execute(update, [v for v in values if v["party"]] or [{"id": 0, "party": None}])
        last = rows[-1].id


def downgrade():
    op.drop_index("ix_cases_queue_finished_due", table_name="cases")
    op.drop_index("ix_cases_open_accused_party", table_name="cases")
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_column("finished")
        batch_op.drop_column("accused_party")
