"""The counts of the queues that ask who holds a case are answered from an index, not by reading every
case (perf_4): after any change the count is worked out again, and at 1 000 000 cases SQLite's full
read took up to a second."""

from __future__ import annotations

import pytest
from sqlalchemy import func, inspect, text
from sqlalchemy.orm import load_only

from portal.cases import queue as case_queue
from portal.cases.models import Case
from portal.extensions import db


def _count_sql(stage: str | None) -> str:
    stmt = case_queue.queue_statement(case_queue.QueueFilter(stage=stage, user_id=1)).options(load_only(Case.id))
    count = stmt.with_only_columns(func.count(), maintain_column_froms=True).order_by(None)
    return str(count.compile(db.engine, compile_kwargs={"literal_binds": True}))


def test_the_index_is_in_the_schema(app_ctx):
    indexes = {index["name"]: index["column_names"] for index in inspect(db.engine).get_indexes("cases")}
    assert indexes["ix_cases_status_holder"] == ["status", "holder_id"]


@pytest.mark.parametrize("stage", [case_queue.DEFAULT_QUEUE, "mine", "unassigned"])
def test_holder_queues_are_counted_from_the_index(app_ctx, stage):
    if db.engine.dialect.name == "postgresql":
        # PostgreSQL chooses by the table's statistics, which a nearly empty test table does not have,
        # and combines indexes (a bitmap of the partial index of open cases, here): all this can ask is
        # that, with a full read ruled out, some index answers the count
        db.session.execute(text("SET LOCAL enable_seqscan = off"))
        plan = " | ".join(db.session.execute(text("EXPLAIN " + _count_sql(stage))).scalars())
        assert "Seq Scan on cases" not in plan and "Index" in plan, plan
        return
    plan = " | ".join(row[-1] for row in db.session.execute(text("EXPLAIN QUERY PLAN " + _count_sql(stage))))
    assert "USING COVERING INDEX ix_cases_status_holder" in plan, plan
