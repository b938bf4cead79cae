"""Read side: a firm's own cases, the staff queue with its filters, counts for the home page."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from sqlalchemy import ColumnElement, Select, and_, bindparam, exists, func, or_, select
from sqlalchemy.orm import defer, joinedload, selectinload

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
from portal.firms.models import Firm

T = TypeVar("T")
OPEN_STATES = (*sorted(STAFF_OPEN_STATES), *sorted(AWAITING_FIRM))


def status_in(states) -> ColumnElement[bool]:
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


def escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def counted(name: str, compute: Callable[[], T]) -> T:
    """A count kept in the shared cache until a case, objection, firm, qualification or calendar day
    changes (``CASE_GENERATION``, bumped after their commit): exact, and counted once per change
    instead of on every request. ``COUNT_CACHE_SECONDS`` bounds it (0: always counted)."""
    return remember(f"count:{today_local().isoformat()}:{name}", (CASE_GENERATION,), compute)


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

    return remember("staff-members", (USERS_GENERATION,), compute)


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
                status_in(PUBLIC_STATES | {CaseStatus.CLOSED}),
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
            .where(Case.recognised_on.is_not(None), status_in((CaseStatus.RECOGNISED, CaseStatus.CLOSED)))
            .order_by(Case.kind, Case.recognised_on.desc())
        )
    )


def public_case(reference: str) -> Case | None:
    """A case whose public notice page may be shown now (the view 404s otherwise)."""
    case = db.session.scalar(select(Case).where(Case.reference == reference))
    return case if case is not None and case.public_notice_visible else None


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
        term = f"%{escape_like(q.strip())}%"
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
