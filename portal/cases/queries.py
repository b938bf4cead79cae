"""Read side: a firm's own cases, the staff queue with its filters, counts for the home page."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TypeVar

from flask import current_app
from sqlalchemy import ColumnElement, Select, UnaryExpression, and_, bindparam, exists, func, or_, select
from sqlalchemy import case as sql_case
from sqlalchemy.orm import contains_eager, defer, joinedload, load_only, selectinload, with_expression

from portal.accounts.models import USERS_GENERATION, User
from portal.cases.clock import due_soon_days
from portal.cases.models import Case, CaseMessage, Objection
from portal.cases.status import (
    AWAITING_FIRM,
    OPEN_STATE_VALUES,
    PUBLIC_STATES,
    STAFF_OPEN_STATES,
    CaseStatus,
)
from portal.core.pagination import parse_int
from portal.core.shared_cache import CASE_GENERATION, remember
from portal.core.timeutil import today_local
from portal.core.working_days import add_working_days
from portal.extensions import db
from portal.firms.models import Firm, FirmQualification
from portal.i18n import lazy_gettext as _l

T = TypeVar("T")
ASKS_URGENCY = "rights-protection"  # the kind whose form asks how urgent the matter is (help.urgency)
OPEN_STATES = (*sorted(STAFF_OPEN_STATES), *sorted(AWAITING_FIRM))


def _in(states) -> ColumnElement[bool]:
    return Case.status.in_([s.value for s in states])


def open_states_condition() -> ColumnElement[bool]:
    """Open, written exactly as the partial index ix_cases_open_due is declared (the values inline, in
    the same order): SQLite and PostgreSQL use a partial index only for a query stating its condition."""
    return Case.status.in_(
        bindparam("open_states", list(OPEN_STATE_VALUES), unique=True, expanding=True, literal_execute=True)
    )


def overdue_condition(today: date) -> ColumnElement[bool]:
    """Past the time limit; a case paused for 补正 after its limit had passed stays overdue."""
    return and_(
        Case.clock_phase.is_not(None),
        or_(
            and_(Case.paused_since.is_(None), Case.due_date < today),
            and_(Case.paused_since.is_not(None), Case.due_date < Case.paused_since),
        ),
    )


def due_soon_condition(today: date) -> ColumnElement[bool]:
    return and_(
        Case.clock_phase.is_not(None),
        Case.paused_since.is_(None),
        Case.due_date >= today,
        Case.due_date <= add_working_days(today, due_soon_days()),
    )


def open_objection_condition() -> ColumnElement[bool]:
    return exists().where(Objection.case_id == Case.id, Objection.status.in_(["received", "verifying"]))


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
        NamedQueue("in_review", _l("In review"), lambda u, t: _in((CaseStatus.ACCEPTED, CaseStatus.UNDER_REVIEW))),
        NamedQueue("awaiting_firm", _l("Waiting for the firm"), lambda u, t: _in(AWAITING_FIRM)),
        NamedQueue(
            "notice",
            _l("Passed review or in public notice"),
            lambda u, t: _in((CaseStatus.APPROVED, CaseStatus.PUBLICITY)),
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


def _seen_by(user) -> ColumnElement[bool]:
    """The cases a firm user sees: the whole firm's for an administrator, else the ones they filed."""
    from portal.core.permissions import Permission

    mine = Case.firm_id == user.firm_id
    return mine if user.can(Permission.FIRM_CASES_ALL) else and_(mine, Case.created_by_id == user.id)


def firm_case(user, key: str) -> Case | None:
    """The case by reference or ``draft-<id>`` if ``user`` sees it; None for anybody else's (the view 404s)."""
    stmt = select(Case).where(_seen_by(user))
    if key.startswith("draft-") and parse_int(key[6:]) is not None:
        stmt = stmt.where(Case.id == parse_int(key[6:]))  # still valid after submit: a second click lands on the case
    else:
        stmt = stmt.where(Case.reference == key)
    return db.session.scalar(stmt.options(selectinload(Case.files)))


def firm_cases(user) -> Select:
    """The cases ``user`` sees of their firm, drafts first, then newest submissions (paginated by the caller)."""
    return (
        select(Case)
        .where(_seen_by(user))
        .options(defer(Case.data))  # the answers are not listed
        .order_by(Case.submitted_at.desc().nulls_first(), Case.id.desc())
    )


def firm_case_page(user, page: int, per_page: int):
    """One page of :func:`firm_cases` and the names of who filed them (``{user id: name}``).

    The count is kept like the queue's (:func:`counted`): the firm's list is the first page a firm user
    sees, and counting their cases on every visit cost a statement. The names come as plain rows: as
    loaded users (selectinload) they took half the page's database time, and joined to the cases
    they made PostgreSQL hash every user."""
    from portal.core.pagination import Page, clamp_page, count_rows

    # the role decides whether the whole firm's cases are seen (_seen_by)
    total = counted(
        f"firm-cases:{user.id}:{user.role}:{user.firm_id}", lambda: count_rows(select(Case.id).where(_seen_by(user)))
    )
    page = min(clamp_page(page), max(1, -(-total // per_page)))
    items = list(db.session.scalars(firm_cases(user).limit(per_page).offset((page - 1) * per_page)))
    filer_ids = {c.created_by_id for c in items if c.created_by_id is not None}
    filers: dict[int, str] = {}
    if filer_ids:
        filers.update(
            (row[0], row[1]) for row in db.session.execute(select(User.id, User.name).where(User.id.in_(filer_ids)))
        )
    return Page(items=items, page=page, per_page=per_page, total=total), filers


def staff_case(reference: str) -> Case | None:
    return db.session.scalar(
        select(Case)
        .where(Case.reference == reference, Case.status != CaseStatus.DRAFT)
        .options(
            selectinload(Case.files),
            joinedload(Case.holder),
            # the messages with their attachments in two statements, not one more per message
            selectinload(Case.messages).selectinload(CaseMessage.attachments),
        )
    )


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
        term = f"%{_escape_like(f.q.strip())}%"
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


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def counted(name: str, compute: Callable[[], T]) -> T:
    """A count kept in the shared cache until a case, objection, firm, qualification or calendar day
    changes (``CASE_GENERATION``, bumped after their commit): exact, and counted once per change
    instead of on every request. ``COUNT_CACHE_SECONDS`` bounds it (0: always counted)."""
    return remember(
        f"count:{today_local().isoformat()}:{name}",
        (CASE_GENERATION,),
        compute,
        current_app.config.get("COUNT_CACHE_SECONDS", 0),
    )


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


@dataclass(frozen=True)
class StaffMember:
    """A staff member as the holder lists show them; plain values, so the list can be kept."""

    id: int
    name: str
    role: str

    @property
    def role_enum(self):
        from portal.core.permissions import Role

        return Role(self.role)


def staff_members() -> list[StaffMember]:
    """Active reviewers, supervisors and administrators by name (the holder choices), kept in the shared
    cache until a user changes: the queue and every case page list them."""
    from portal.core.permissions import Role

    def compute() -> list[StaffMember]:
        rows = db.session.execute(
            select(User.id, User.name, User.role)
            .where(User.role.in_([Role.REVIEWER, Role.SUPERVISOR, Role.ADMIN]), User.active.is_(True))
            .order_by(User.name, User.id)
        )
        return [StaffMember(*row) for row in rows]

    return remember("staff-members", (USERS_GENERATION,), compute, current_app.config.get("COUNT_CACHE_SECONDS", 0))


def publicity_cases(current: bool) -> list[Case]:
    """Notices running today, or past notices that ended in recognition: the public never sees
    internal states, and a notice leaves the current list the day after it ends."""
    today = today_local()
    if current:
        stmt = (
            select(Case)
            .where(Case.status == CaseStatus.PUBLICITY, Case.publicity_start <= today, Case.publicity_end >= today)
            .order_by(Case.publicity_end)
        )
    else:
        stmt = (
            select(Case)
            .where(
                Case.publicity_start.is_not(None),
                Case.recognised_on.is_not(None),
                _in(PUBLIC_STATES | {CaseStatus.CLOSED}),
            )
            .order_by(Case.publicity_start.desc())
            .limit(200)
        )
    return list(db.session.scalars(stmt))


def recognised_cases() -> list[Case]:
    """The honour list: recognitions only (a recommendation is not one), with the recognising body."""
    return list(
        db.session.scalars(
            select(Case)
            .where(Case.recognised_on.is_not(None), _in((CaseStatus.RECOGNISED, CaseStatus.CLOSED)))
            .order_by(Case.kind, Case.recognised_on.desc())
        )
    )


def public_case(reference: str) -> Case | None:
    """A case whose public notice page may be shown now (the view 404s otherwise)."""
    case = db.session.scalar(select(Case).where(Case.reference == reference))
    return case if case is not None and case.public_notice_visible else None


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


def firms_statement(q: str | None = None, industry: str | None = None) -> Select:
    """Registered firms with their number of submitted cases, in one query (the staff firm list)."""
    cases = (
        select(Case.firm_id, func.count(Case.id).label("n"))
        .where(Case.status != CaseStatus.DRAFT)
        .group_by(Case.firm_id)
        .subquery()
    )
    stmt = select(Firm, func.coalesce(cases.c.n, 0)).outerjoin(cases, cases.c.firm_id == Firm.id)
    if q:
        term = f"%{_escape_like(q.strip())}%"
        stmt = stmt.where(or_(Firm.name.ilike(term, escape="\\"), Firm.credit_code.ilike(term, escape="\\")))
    if industry:
        stmt = stmt.where(Firm.industry == industry)
    return stmt.order_by(Firm.name)


def progress_lookup(reference: str, credit_code: str) -> Case | None:
    """办件进度查询: the case only when the reference and the firm's credit code belong together
    (a wrong pair and an unknown reference look the same to the visitor)."""
    reference, credit_code = (reference or "").strip().upper(), (credit_code or "").strip().upper()
    if not reference or not credit_code:
        return None
    return db.session.scalar(
        select(Case)
        .join(Case.firm)
        .where(Case.reference == reference, Firm.credit_code == credit_code, Case.status != CaseStatus.DRAFT)
    )
