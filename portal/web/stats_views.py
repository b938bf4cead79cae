"""Shared pieces of the staff statistics page and the public open-data page."""

from __future__ import annotations

from flask import request

from portal.cases.kinds import KINDS
from portal.core.pagination import parse_day
from portal.stats.service import StatsFilter


def filter_from_args() -> StatsFilter:
    def day(name):
        return parse_day(request.args.get(name))

    kind = request.args.get("type")
    return StatsFilter(date_from=day("from"), date_to=day("to"), kind=kind if kind in KINDS else None)


def chart_data(tables):
    """Series for the charts, read from the same tables the page and the export show."""
    by_key = {t.key: t for t in tables}
    data = {}
    if "received_by_month" in by_key:
        rows = by_key["received_by_month"].rows[-12:]
        data["months"] = ([r[0] for r in rows], [r[-1] for r in rows])
    if "backlog" in by_key:
        data["backlog"] = [(r[0], r[1]) for r in by_key["backlog"].rows]
    if "indicators" in by_key:
        rows = [r for r in by_key["indicators"].rows if isinstance(r[4], (int, float))]
        data["per_10k"] = ([str(r[0]) for r in rows], [r[4] for r in rows])
    if "qualifications" in by_key:
        data["qualifications"] = [(r[0], r[1]) for r in by_key["qualifications"].rows]
    return data
