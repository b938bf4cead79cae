"""Reads for the staff report queue."""

from __future__ import annotations

from sqlalchemy import select

from portal.core.pagination import Page, paginate
from portal.extensions import db
from portal.reports.models import Report
from portal.reports.status import FILTERS_LABELS, OPEN_STATES

#: the queue's filters: open reports (due soonest first), or one state
FILTERS = tuple(FILTERS_LABELS)


def report_queue(view: str, page: int) -> Page:
    stmt = select(Report)
    if view == "open" or view not in FILTERS:
        stmt = stmt.where(Report.status.in_([s.value for s in OPEN_STATES])).order_by(Report.due_date, Report.id)
    else:
        stmt = stmt.where(Report.status == view).order_by(Report.id.desc())
    return paginate(stmt, page)


def staff_report(reference: str) -> Report | None:
    return db.session.scalar(select(Report).where(Report.reference == reference))


def linked_reports(report: Report) -> list[Report]:
    """The other reports about the same target: the first one and everything linked to it."""
    root = report.duplicate_of_id or report.id
    return list(
        db.session.scalars(
            select(Report)
            .where((Report.id == root) | (Report.duplicate_of_id == root), Report.id != report.id)
            .order_by(Report.id)
        )
    )
