"""The staff queue: filters, sort, pagination and exports of the filtered list."""

from __future__ import annotations

from datetime import date
from urllib.parse import parse_qsl, urlencode

from flask import render_template, request
from flask_login import current_user
from markupsafe import Markup
from werkzeug.datastructures import MultiDict

from portal.accounts.models import USERS_GENERATION
from portal.cases import exports, objections, queries, worklist
from portal.cases import queue as case_queue
from portal.cases.case_rows import NOTIFICATION_GENERATION
from portal.cases.kinds import KINDS
from portal.cases.status import CaseStatus
from portal.core.pagination import clamp_page, parse_day, parse_int
from portal.core.permissions import Permission, permission_required
from portal.core.shared_cache import CASE_GENERATION
from portal.core.timeutil import today_local
from portal.firms.vocab import INDUSTRIES, QUALIFICATIONS
from portal.i18n import lazy_gettext as _l
from portal.templating import kept_for, kept_shared
from portal.web.exports import stream_or_prepare
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


def filter_from_args(args) -> case_queue.QueueFilter:
    """Read the queue filters from the query string; unknown values are ignored, never an error.
    With no filter at all the queue shows the open cases the user can act on (``stage=all`` shows all)."""
    kind = args.get("type") if args.get("type") in KINDS else None
    status = args.get("status") if args.get("status") in {s.value for s in CaseStatus} else None
    return case_queue.QueueFilter(
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
        sort=args.get("sort") if args.get("sort") in case_queue.SORTS else "due",
        stage=_stage(args),
        user_id=current_user.id,
    )


def _stage(args) -> str | None:
    if args.get("stage") in case_queue.QUEUES:
        return args["stage"]
    if args.get("stage") == "all" or any(args.get(k) for k in FILTER_ARGS if k != "sort"):
        return None
    return case_queue.DEFAULT_QUEUE


def active_filters(filters: case_queue.QueueFilter, args: dict) -> list[tuple[str, str, dict]]:
    """(name, shown value, link without it) for every active filter, the named queue included."""
    chips = []
    # only values the filter accepted show (an ignored nonsense value is not an active filter)
    labels = {
        "type": lambda v: KINDS[v].label if v == filters.kind else None,
        "status": lambda v: CaseStatus(v).label if v == filters.status else None,
        "stage": lambda v: case_queue.QUEUES[v].label if v == filters.stage else None,
        "holder": lambda v: next((u.name for u in queries.staff_members() if u.id == filters.holder_id), None),
        "unassigned": lambda v: _l("Unassigned") if filters.unassigned else None,
        "overdue": lambda v: _l("Overdue") if filters.overdue else None,
        "due_soon": lambda v: _l("Due soon") if filters.due_soon else None,
        "industry": lambda v: dict(INDUSTRIES).get(v) if v == filters.industry else None,
        "qualification": lambda v: dict(QUALIFICATIONS).get(v) if v == filters.qualification else None,
        "from": lambda v: f"≥ {filters.date_from.isoformat()}" if filters.date_from else None,
        "to": lambda v: f"≤ {filters.date_to.isoformat()}" if filters.date_to else None,
        "q": lambda v: filters.q,
    }
    shown = dict(args)
    if filters.stage and "stage" not in shown:
        shown["stage"] = filters.stage  # the default view is a filter too, and can be removed
    for name, value in shown.items():
        if name in ("sort", "page") or not value or value == "all":
            continue
        text = labels[name](value) if name in labels else None
        if text is None:
            continue
        rest = {k: v for k, v in shown.items() if k != name}
        if name == "stage":
            rest["stage"] = "all"  # removing the named queue must not bring the default view back
        chips.append((name, str(text), rest))
    return chips


def view_args(view: str | None) -> dict[str, str]:
    """The queue arguments a case page was opened with (``?view=``), known names only."""
    pairs = parse_qsl((view or "")[:1000], keep_blank_values=False)
    return {k: v for k, v in pairs if k in FILTER_ARGS and v}


def view_filter(view: str | None) -> case_queue.QueueFilter:
    return filter_from_args(MultiDict(view_args(view)))


# the columns whose header sorts the queue: (column, ascending key); a second click reverses it
SORT_COLUMNS = {
    "reference": "reference",
    "type": "type",
    "firm": "firm",
    "status": "status",
    "submitted": "oldest",
    "due": "due",
    "holder": "holder",
}


def sort_links(args: dict[str, str], current: str) -> dict[str, tuple[dict, str | None]]:
    """Per column: the arguments of its header link and the current direction (asc/desc/None)."""
    reverse = {"oldest": "submitted", "submitted": "oldest"}
    links = {}
    for column, key in SORT_COLUMNS.items():
        flipped = reverse.get(key) or f"-{key}"
        if current == key:
            direction, target = "asc", flipped
        elif current == flipped:
            direction, target = "desc", key
        else:
            direction, target = None, key
        links[column] = ({**{k: v for k, v in args.items() if k != "page"}, "sort": target}, direction)
    return links


# a page of the queue shows cases, their firms and objections and the calendar (CASE_GENERATION), the
# holders and the staff to assign to (USERS_GENERATION) and the reader's unread notifications
RESULTS_GENERATIONS = (CASE_GENERATION, USERS_GENERATION, NOTIFICATION_GENERATION)


@bp.route("/queue")
@permission_required(Permission.CASE_VIEW)
def queue():
    filters = filter_from_args(request.args)
    # only known filter names travel on in links (a stray ?fmt= must not clash with the export's own argument)
    args = {k: v for k, v in request.args.items() if k in FILTER_ARGS and v}
    view_qs = urlencode(sorted(args.items())) or "stage=" + (filters.stage or "all")
    staff = queries.staff_members()
    return render_template(
        "staff/queue.html",
        args=args,
        filter_panel=filter_panel(filters, args, view_qs, staff),
        results=results(filters, args, clamp_page(request.args.get("page")), view_qs, staff),
    )


def keepable(args: dict[str, str]) -> bool:
    """Whether a view of the queue is worth keeping: no typed search or date range (rarely asked twice),
    and every value one the filter takes (an ignored ``?type=zzz`` must not make a kept page of its own)."""
    accepted = {
        "type": KINDS,
        "status": CaseStatus._value2member_map_,
        "unassigned": ("1",),
        "overdue": ("1",),
        "due_soon": ("1",),
        "industry": dict(INDUSTRIES),
        "qualification": dict(QUALIFICATIONS),
        "sort": case_queue.SORTS,
        "stage": (*case_queue.QUEUES, "all"),
    }
    for name, value in args.items():
        if name == "holder":
            if value != "me" and not (value.isdigit() and len(value) < 10):
                return False
        elif name not in accepted or value not in accepted[name]:
            return False
    return True


def results(
    filters: case_queue.QueueFilter,
    args: dict[str, str],
    page_number: int,
    view_qs: str,
    staff: list[queries.StaffMember],
) -> Markup:
    """One page of the queue with its bulk form and pagination, kept in the shared cache per person (their
    marks and permissions), arguments, page and day (due dates count down) when the view is keepable."""

    def render_results() -> str:
        page = case_queue.queue_page(filters, page_number, PER_PAGE)
        return render_template(
            "staff/_queue_results.html",
            page=page,
            args=args,
            staff=staff,
            marks=worklist.row_marks(page.items, current_user.id),
            sorts=sort_links(args, filters.sort),
            view_qs=view_qs,
            staff_can_assign=current_user.can(Permission.CASE_ASSIGN),
        )

    if not keepable(args):
        return Markup(render_results())  # noqa: S704 rendered by Jinja with autoescape
    name = f"staff-queue:{current_user.id}:{today_local().isoformat()}:{page_number}:{view_qs}"
    return kept_shared(name, RESULTS_GENERATIONS, render_results, forms=True)


def filter_panel(
    filters: case_queue.QueueFilter, args: dict[str, str], view_qs: str, staff: list[queries.StaffMember]
) -> Markup:
    """The tabs and the filter form, kept per worker (``kept_for``): they follow from the arguments, the
    person (``holder=me``) and the staff list alone. The objection badge and the saved views are filled
    in on every request."""
    # a one-off view is rendered, not kept (keepable); "me" is each person's own
    key = (
        None
        if not keepable(args)
        else (
            tuple(sorted(args.items())),
            current_user.id if args.get("holder") == "me" else None,
            tuple((member.id, member.name) for member in staff),
        )
    )
    panel = kept_for(
        "staff/_queue_filters.html",
        key,
        lambda: {
            "filters": filters,
            "args": args,
            "kinds": KINDS.values(),
            "statuses": [(s.value, s.label) for s in list(CaseStatus)[1:]],
            "staff": staff,
            "industries": INDUSTRIES,
            "qualifications": QUALIFICATIONS,
            "chips": active_filters(filters, args),
        },
    )
    count = objections.open_count()
    badge = Markup(' <span class="badge text-bg-warning">{}</span>').format(count) if count else Markup()
    views = render_template("staff/_saved_views.html", saved_views=worklist.views_for(current_user.id), view_qs=view_qs)
    return Markup(  # noqa: S704 both parts rendered with autoescape
        str(panel).replace("<!--queue:objections-->", str(badge)).replace("<!--queue:saved-views-->", views)
    )


@bp.route("/queue/objections")
@permission_required(Permission.CASE_VIEW)
def objection_queue():
    """The 异议 tab: open objections, the oldest first, each with its own due date."""
    return render_template(
        "staff/objection_queue.html",
        objections=[(o, objections.due_date(o)) for o in objections.open_objections()],
        today=today_local(),
    )


@bp.route("/queue/export.<fmt>")
@permission_required(Permission.CASE_VIEW)
def export_queue(fmt: str):
    if fmt not in ("xlsx", "csv"):
        from flask import abort

        abort(404)
    filters = filter_from_args(request.args)
    stmt = case_queue.queue_statement(filters)
    return stream_or_prepare(
        "queue", _l("Case list export"), exports.row_count(stmt), lambda: exports.queue_export(stmt, fmt)
    )
