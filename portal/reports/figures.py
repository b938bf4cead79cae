"""Public report figures for /data/: counts by kind and state per quarter, small cells suppressed.

A cell of one or two reports could point at a reporter or a reported shop, so counts below
``REPORT_MIN_CELL`` are shown as "<n"; a row with a suppressed cell also hides its total, which
would otherwise give the hidden value away.
"""

from __future__ import annotations

from collections import Counter

from flask import current_app
from sqlalchemy import func, select

from portal.extensions import db
from portal.i18n import gettext as _
from portal.reports.models import Report
from portal.reports.routing import ReportKind
from portal.reports.status import ReportStatus


def quarter_of(day) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def quarterly_rows() -> tuple[list[str], list[list]]:
    """(state labels, rows of [quarter, kind label, count per state…, total]), newest quarter first."""
    minimum = current_app.config["REPORT_MIN_CELL"]
    counts: Counter = Counter()
    for received_on, kind, status, n in db.session.execute(
        select(Report.received_on, Report.kind, Report.status, func.count(Report.id)).group_by(
            Report.received_on, Report.kind, Report.status
        )
    ):
        counts[(quarter_of(received_on), kind, status)] += n
    quarters = sorted({q for q, _k, _s in counts}, reverse=True)
    rows = []
    for quarter in quarters:
        for kind in ReportKind:
            cells = [counts.get((quarter, kind.value, status.value), 0) for status in ReportStatus]
            if not any(cells):
                continue
            hidden = any(0 < c < minimum for c in cells)
            shown = [f"<{minimum}" if 0 < c < minimum else c for c in cells]
            label = _("%(year)s Q%(quarter)s", year=quarter[0], quarter=quarter[1])
            rows.append([label, kind.label, *shown, "—" if hidden else sum(cells)])
    return [s.label for s in ReportStatus], rows
