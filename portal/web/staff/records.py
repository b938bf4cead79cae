"""Case records for supervisors: the audit log of case events as people read it, filtered, exported."""

from __future__ import annotations

from flask import render_template, request

from portal.cases import records
from portal.core.pagination import clamp_page, parse_day
from portal.core.permissions import Permission, permission_required
from portal.core.spreadsheets import xlsx_response
from portal.core.timeutil import today_local
from portal.extensions import db
from portal.web.staff import bp

RECORD_ARGS = ("reference", "person", "actor", "action", "from", "to")


def record_filter(args, cases_only: bool) -> records.RecordFilter:
    known = dict(records.action_choices())
    return records.RecordFilter(
        reference=(args.get("reference") or "").strip()[:30] or None,
        person=(args.get("person") or "").strip()[:100] or None,
        actor=(args.get("actor") or "").strip()[:100] or None,
        action=args.get("action") if args.get("action") in known else None,
        date_from=parse_day(args.get("from")),
        date_to=parse_day(args.get("to")),
        cases_only=cases_only,
    )


def render_records(endpoint: str, export_endpoint: str, cases_only: bool, title: str):
    f = record_filter(request.args, cases_only)
    page = db.paginate(records.statement(f), page=clamp_page(request.args.get("page")), per_page=50, error_out=False)
    args = {k: v for k, v in request.args.items() if k in RECORD_ARGS and v}
    return render_template(
        "staff/records.html",
        page=page,
        entries=records.entries(list(page.items)),
        actions=records.action_choices(),
        args=args,
        endpoint=endpoint,
        export_endpoint=export_endpoint,
        title=title,
        show_account=not cases_only,  # the administrator's log names accounts too
    )


def export_records(cases_only: bool):
    """The filtered record as XLSX: at once when small, prepared in the background when large."""
    from portal.i18n import gettext as _
    from portal.web.exports import stream_or_prepare

    chosen = record_filter(request.args, cases_only)

    def stream():
        headers, rows = records.export_rows(chosen)
        return xlsx_response(f"办件记录-{today_local().isoformat()}.xlsx", [("办件记录", headers, rows)])

    title = _("Case records") if cases_only else _("Audit log")
    return stream_or_prepare("records" if cases_only else "audit", title, records.count(chosen), stream)


@bp.route("/records")
@permission_required(Permission.CASE_ASSIGN)
def case_records():
    from portal.i18n import gettext as _

    return render_records("staff.case_records", "staff.export_case_records", True, _("Case records"))


@bp.route("/records/export.xlsx")
@permission_required(Permission.CASE_ASSIGN)
def export_case_records():
    return export_records(True)
