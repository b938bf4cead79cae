"""Export the staff queue with Chinese headers (the agreed column names) and date cells."""

from __future__ import annotations

from flask import Response
from flask_babel import force_locale
from sqlalchemy import Select, func, select

from portal.core.spreadsheets import csv_response, xlsx_response
from portal.core.timeutil import local_date, today_local
from portal.extensions import db
from portal.firms.vocab import INDUSTRIES, label_of
from portal.i18n import gettext as _

MAX_ROWS = 50_000


def row_count(stmt: Select) -> int:
    """Rows the export of ``stmt`` will hold (at most MAX_ROWS)."""
    counted = select(func.count()).select_from(stmt.order_by(None).subquery())
    return min(db.session.scalar(counted) or 0, MAX_ROWS)


def queue_rows(stmt: Select) -> tuple[list[str], list[list]]:
    with force_locale("zh_Hans_CN"):
        headers = [
            _("Reference"),
            _("Type"),
            _("Status"),
            _("Firm"),
            _("Unified social credit code"),
            _("Industry"),
            _("Summary"),
            _("Application date"),
            _("Due"),
            _("Working days left"),
            _("Holder"),
        ]
        rows = []
        for case in db.session.scalars(stmt.limit(MAX_ROWS)).unique():
            rows.append(
                [
                    case.reference,
                    case.type_enum.label,
                    case.status_shown.label,
                    case.firm.name,
                    case.firm.credit_code,
                    label_of(INDUSTRIES, case.firm.industry),
                    case.title,
                    # real date cells in XLSX (the CSV writes them as YYYY-MM-DD)
                    local_date(case.submitted_at) if case.submitted_at else None,
                    case.due_date if case.due_date and case.clock_phase else None,
                    case.days_left if case.days_left is not None else "",
                    case.holder.name if case.holder else "",
                ]
            )
    return headers, rows


def selected_statement(references: list[str]) -> Select:
    from sqlalchemy import select

    from portal.cases.models import Case

    return select(Case).where(Case.reference.in_(references)).order_by(Case.due_date, Case.id)


def queue_export(stmt: Select, fmt: str) -> Response:
    headers, rows = queue_rows(stmt)
    name = f"案件清单-{today_local().isoformat()}"
    if fmt == "csv":
        return csv_response(f"{name}.csv", headers, rows)
    return xlsx_response(f"{name}.xlsx", [("案件清单", headers, rows)])
