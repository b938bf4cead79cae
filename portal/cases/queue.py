"""The staff queue's read side: the named queues (tabs and home tiles), the filters and sorts, one page
of the queue and the home page's counts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import ColumnElement, Select, UnaryExpression, and_, func, or_, select
from sqlalchemy import case as sql_case
from sqlalchemy.orm import contains_eager, defer, joinedload, load_only, with_expression

from portal.accounts.models import User
from portal.cases.kinds import rights_protection
from portal.cases.models import Case
from portal.cases.queries import (
    counted,
    due_soon_condition,
    escape_like,
    open_objection_condition,
    open_states_condition,
    overdue_condition,
    status_in,
)
from portal.cases.status import AWAITING_FIRM, CaseStatus
from portal.core.timeutil import today_local
from portal.extensions import db
from portal.firms.models import Firm, FirmQualification
from portal.i18n import lazy_gettext as _l

ASKS_URGENCY = rights_protection.KIND.value  # the kind whose form asks how urgent the matter is (help.urgency)


@dataclass(frozen=True)
class NamedQueue:
    """A queue tab and home tile: its name, its label and the condition that selects its cases."""

    key: str
    label: object
    # (the signed-in user's id, or None outside a request; today) -> the WHERE clause
    condition: Callable[[int | None, date], ColumnElement[bool]]
    alert: bool = False  # a non-zero count is shown as a warning
    # the condition selects open cases only: no finished case to put last, and the due-date order can
    # read ix_cases_open_due / ix_cases_queue_due as they are
    open_only: bool = True


QUEUES: dict[str, NamedQueue] = {
    q.key: q
    for q in (
        NamedQueue("awaiting_acceptance", _l("Awaiting acceptance"), lambda u, t: Case.status == CaseStatus.SUBMITTED),
        NamedQueue(
            "in_review", _l("In review"), lambda u, t: status_in((CaseStatus.ACCEPTED, CaseStatus.UNDER_REVIEW))
        ),
        NamedQueue("awaiting_firm", _l("Waiting for the firm"), lambda u, t: status_in(AWAITING_FIRM)),
        NamedQueue(
            "notice",
            _l("Passed review or in public notice"),
            lambda u, t: status_in((CaseStatus.APPROVED, CaseStatus.PUBLICITY)),
        ),
        NamedQueue(
            "outcome_due",
            _l("Outcome to confirm or record"),
            lambda u, t: or_(
                and_(Case.status == CaseStatus.PUBLICITY, Case.publicity_end < t), Case.status == CaseStatus.RECOMMENDED
            ),
            alert=True,
        ),
        NamedQueue(
            "objections",
            _l("Open objections"),
            lambda u, t: open_objection_condition(),
            alert=True,
            open_only=False,  # an objection may come in after the recognition
        ),
        NamedQueue("sign_off", _l("Awaiting sign-off"), lambda u, t: Case.status == CaseStatus.PROPOSED, alert=True),
        NamedQueue("mine", _l("Cases I hold"), lambda u, t: and_(Case.holder_id == u, open_states_condition())),
        NamedQueue(
            "unassigned", _l("Unassigned"), lambda u, t: and_(Case.holder_id.is_(None), open_states_condition())
        ),
        NamedQueue("overdue", _l("Overdue"), lambda u, t: overdue_condition(t), alert=True),
        NamedQueue("due_soon", _l("Due soon"), lambda u, t: due_soon_condition(t)),
        NamedQueue("open", _l("Open only"), lambda u, t: open_states_condition()),
        # the default view: open cases nobody else holds, overdue first (the order is by due date)
        NamedQueue(
            "actionable",
            _l("Open cases I can act on"),
            lambda u, t: and_(open_states_condition(), or_(Case.holder_id.is_(None), Case.holder_id == u)),
        ),
    )
}
HOME_TILES = [k for k in QUEUES if k not in ("open", "actionable")]
DEFAULT_QUEUE = "actionable"

# every submitted case has a due date (the clock keeps the last one when it stops), so finished cases
# would come first by date: they go last in every due-date order that may hold them ("all cases" pages
# read that order from ix_cases_queue_finished_due)
FINISHED_LAST = Case.finished.asc()
DUE_SORTS = ("due", "-due")
_FIRM_NAME = select(Firm.name).where(Firm.id == Case.firm_id).correlate(Case).scalar_subquery()
_HOLDER_NAME = select(User.name).where(User.id == Case.holder_id).correlate(Case).scalar_subquery()

# the whitelist of sort keys (a column header link, or the sort menu); anything else sorts by due date
SORTS: dict[str, tuple[UnaryExpression, ...]] = {
    "due": (Case.due_date.asc(), Case.id.asc()),
    "-due": (Case.due_date.desc(), Case.id.desc()),
    "submitted": (Case.submitted_at.desc(), Case.id.desc()),
    "oldest": (Case.submitted_at.asc(), Case.id.asc()),
    "reference": (Case.reference.asc(),),
    "-reference": (Case.reference.desc(),),
    "type": (Case.kind.asc(), Case.due_date.asc(), Case.id.asc()),
    "-type": (Case.kind.desc(), Case.due_date.asc(), Case.id.asc()),
    "status": (Case.status.asc(), Case.due_date.asc(), Case.id.asc()),
    "-status": (Case.status.desc(), Case.due_date.asc(), Case.id.asc()),
    "firm": (_FIRM_NAME.asc(), Case.id.asc()),
    "-firm": (_FIRM_NAME.desc(), Case.id.desc()),
    "holder": (_HOLDER_NAME.asc().nulls_first(), Case.due_date.asc(), Case.id.asc()),
    "-holder": (_HOLDER_NAME.desc().nulls_last(), Case.due_date.asc(), Case.id.asc()),
}


@dataclass
class QueueFilter:
    kind: str | None = None
    status: str | None = None
    holder_id: int | None = None
    unassigned: bool = False
    overdue: bool = False
    due_soon: bool = False
    industry: str | None = None
    qualification: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    q: str | None = None
    sort: str = "due"
    stage: str | None = None  # a named queue
    user_id: int | None = None  # whose "mine" queue
    extra: dict = field(default_factory=dict)


def queue_statement(f: QueueFilter) -> Select:
    """The filtered, sorted queue; firm and holder come in the same query (no N+1)."""
    today = today_local()
    stmt = select(Case).where(Case.status != CaseStatus.DRAFT)
    if f.industry or f.q:
        # filter on the firm in the same join that loads it (no second join to firms)
        stmt = stmt.join(Case.firm).options(contains_eager(Case.firm))
    if f.kind:
        stmt = stmt.where(Case.kind == f.kind)
    if f.status:
        stmt = stmt.where(Case.status == f.status)
    if f.stage in QUEUES:
        stmt = stmt.where(QUEUES[f.stage].condition(f.user_id, today))
    if f.holder_id:
        stmt = stmt.where(Case.holder_id == f.holder_id)
    if f.unassigned:
        stmt = stmt.where(Case.holder_id.is_(None))
    if f.overdue:
        stmt = stmt.where(overdue_condition(today))
    if f.due_soon:
        stmt = stmt.where(due_soon_condition(today))
    if f.industry:
        stmt = stmt.where(Firm.industry == f.industry)
    if f.qualification:  # a subquery on firm ids: works with or without the join above
        stmt = stmt.where(
            Case.firm_id.in_(select(FirmQualification.firm_id).where(FirmQualification.kind == f.qualification))
        )
    if f.date_from:
        stmt = stmt.where(Case.submitted_at >= _utc_start(f.date_from))
    if f.date_to:
        stmt = stmt.where(Case.submitted_at < _utc_start(f.date_to + timedelta(days=1)))
    if f.q:
        term = f"%{escape_like(f.q.strip())}%"
        stmt = stmt.where(
            or_(
                Case.reference.ilike(term, escape="\\"),
                Firm.name.ilike(term, escape="\\"),
                Firm.credit_code.ilike(term, escape="\\"),
                Case.title.ilike(term, escape="\\"),
            )
        )
    sort = f.sort if f.sort in SORTS else "due"
    # one status, or a queue of open cases: every row has the same rank, so the order leaves it out
    one_rank = f.status is not None or (f.stage in QUEUES and QUEUES[f.stage].open_only)
    if sort in DUE_SORTS and not one_rank:
        stmt = stmt.order_by(FINISHED_LAST)
    return stmt.order_by(*SORTS[sort])


def _utc_start(day: date) -> datetime:
    # submitted_at is naive UTC; a Shanghai calendar day starts at 16:00 UTC the day before
    return datetime.combine(day, time()) - timedelta(hours=8)


def home_counts(user_id: int) -> dict[str, int]:
    """The count of every named queue, in one query (kept as :func:`counted`)."""

    def compute() -> dict[str, int]:
        today = today_local()
        row = db.session.execute(
            select(*[func.count().filter(QUEUES[k].condition(user_id, today)) for k in HOME_TILES]).where(
                Case.status != CaseStatus.DRAFT
            )
        ).one()
        return dict(zip(HOME_TILES, row, strict=True))

    return counted(f"home:{user_id}", compute)


def queue_page(f: QueueFilter, page: int, per_page: int):
    """One page of the queue in two steps: the page's ids from an index, then those cases with firm and
    holder. Deep pages then skip over index entries instead of joined rows."""
    from portal.core.pagination import Page, clamp_page, count_rows

    stmt = queue_statement(f)
    total = counted(f"queue:{f!r}", lambda: count_rows(stmt.options(load_only(Case.id))))
    pages = max(1, -(-total // per_page))
    page = min(clamp_page(page), pages)
    ids = list(
        db.session.scalars(
            stmt.with_only_columns(Case.id, maintain_column_froms=True).limit(per_page).offset((page - 1) * per_page)
        )
    )
    rows = (
        {
            c.id: c
            for c in db.session.scalars(
                select(Case)
                .where(Case.id.in_(ids))
                .options(
                    # what a row shows (portal.cases.presenters.case_rows) and nothing else
                    # whole rows but the answers: loading a handful of columns (load_only) cost the ORM
                    # more than the rest of the columns did, and a missed one cost a statement
                    defer(Case.data),
                    # the urgency marker: read out of the answers of the one kind that asks
                    with_expression(
                        Case.urgency_answer,
                        sql_case((Case.kind == ASKS_URGENCY, Case.data[("help", "urgency")]), else_=None),
                    ),
                    with_expression(Case.objection_open, open_objection_condition()),  # the 异议 marker
                    joinedload(Case.firm),
                    joinedload(Case.holder),
                )
            )
        }
        if ids
        else {}
    )
    return Page(items=[rows[i] for i in ids], page=page, per_page=per_page, total=total)
