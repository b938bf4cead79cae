"""The staff queue: filters, sort, pagination and exports of the filtered list."""

from __future__ import annotations

from datetime import date

from flask import render_template, request
from flask_login import current_user

from portal.cases import exports, queries
from portal.cases.kinds import KINDS
from portal.cases.status import CaseStatus
from portal.core.pagination import clamp_page, parse_day, parse_int
from portal.core.permissions import Permission, permission_required
from portal.firms.vocab import INDUSTRIES, QUALIFICATIONS
from portal.web.staff import bp

PER_PAGE = 25
FILTER_ARGS = (
    "type",
    "status",
    "holder",
    "unassigned",
    "overdue",
    "due_soon",
    "industry",
    "qualification",
    "from",
    "to",
    "q",
    "sort",
    "stage",
)


def _date(value: str | None) -> date | None:
    return parse_day(value)


def _int(value: str | None) -> int | None:
    return parse_int(value)


def filter_from_args(args) -> queries.QueueFilter:
    """Read the queue filters from the query string; unknown values are ignored, never an error."""
    kind = args.get("type") if args.get("type") in KINDS else None
    status = args.get("status") if args.get("status") in {s.value for s in CaseStatus} else None
    return queries.QueueFilter(
        kind=kind,
        status=status,
        holder_id=_int(args.get("holder")) if args.get("holder") != "me" else current_user.id,
        unassigned=args.get("unassigned") == "1",
        overdue=args.get("overdue") == "1",
        due_soon=args.get("due_soon") == "1",
        industry=args.get("industry") if args.get("industry") in dict(INDUSTRIES) else None,
        qualification=args.get("qualification") if args.get("qualification") in dict(QUALIFICATIONS) else None,
        date_from=_date(args.get("from")),
        date_to=_date(args.get("to")),
        q=(args.get("q") or "").strip()[:100] or None,
        sort=args.get("sort") if args.get("sort") in queries.SORTS else "due",
        stage=args.get("stage") if args.get("stage") in queries.QUEUES else None,
        user_id=current_user.id,
    )


@bp.route("/queue")
@permission_required(Permission.CASE_VIEW)
def queue():
    filters = filter_from_args(request.args)
    page = queries.queue_page(filters, clamp_page(request.args.get("page")), PER_PAGE)
    # only known filter names travel on in links (a stray ?fmt= must not clash with the export's own argument)
    args = {k: v for k, v in request.args.items() if k in FILTER_ARGS and v}
    return render_template(
        "staff/queue.html",
        page=page,
        filters=filters,
        args=args,
        kinds=KINDS.values(),
        statuses=list(CaseStatus)[1:],
        staff=queries.staff_members(),
        industries=INDUSTRIES,
        qualifications=QUALIFICATIONS,
        queues=queries.QUEUES,
    )


@bp.route("/queue/export.<fmt>")
@permission_required(Permission.CASE_VIEW)
def export_queue(fmt: str):
    if fmt not in ("xlsx", "csv"):
        from flask import abort

        abort(404)
    filters = filter_from_args(request.args)
    return exports.queue_export(queries.queue_statement(filters), fmt)
