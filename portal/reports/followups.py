"""回访: a follow-up falls due a configurable number of working days after a rights-protection case
closes (domain.md §4.1 and §4.3). The task is derived from the closed case, so nothing in the case
workflow changes; recording the outcome creates the follow-up row, and the outcomes feed statistics.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from flask import current_app
from sqlalchemy import func, select

from portal.audit.services import record
from portal.cases.models import Case
from portal.cases.status import CaseStatus
from portal.core.enums import LabeledEnum
from portal.core.errors import ServiceError
from portal.core.permissions import Permission
from portal.core.timeutil import local_date, today_local
from portal.core.working_days import add_working_days, working_days_left
from portal.extensions import db
from portal.i18n import gettext as _
from portal.i18n import lazy_gettext as _l
from portal.reports.models import CaseFollowUp

RIGHTS_PROTECTION = "rights-protection"


class DisputeOutcome(LabeledEnum):
    MEDIATED = "mediated"
    ADMINISTRATIVE = "administrative"
    LITIGATED = "litigated"
    SETTLED = "settled"
    DROPPED = "dropped"

    __labels__ = {
        "mediated": _l("Mediated"),
        "administrative": _l("Administrative handling"),
        "litigated": _l("Litigated"),
        "settled": _l("Settled between the parties"),
        "dropped": _l("Dropped"),
    }


#: outcomes in which the dispute was resolved (the statistics' "resolved" share)
RESOLVED = frozenset(
    {DisputeOutcome.MEDIATED, DisputeOutcome.ADMINISTRATIVE, DisputeOutcome.LITIGATED, DisputeOutcome.SETTLED}
)


class FollowUpError(ServiceError):
    pass


@dataclass(frozen=True)
class FollowUpTask:
    case: Case
    due_on: date
    days_left: int


def due_on(case: Case) -> date:
    return add_working_days(local_date(case.closed_at), current_app.config["FOLLOW_UP_WORKING_DAYS"])


def _closed_rights_cases():
    return select(Case).where(
        Case.kind == RIGHTS_PROTECTION, Case.status == CaseStatus.CLOSED, Case.closed_at.is_not(None)
    )


def open_tasks(today: date | None = None) -> list[FollowUpTask]:
    """Closed rights-protection cases still without a follow-up, soonest due first."""
    today = today or today_local()
    done = select(CaseFollowUp.case_id)
    cases = db.session.scalars(_closed_rights_cases().where(Case.id.not_in(done)).order_by(Case.closed_at, Case.id))
    tasks = [FollowUpTask(case, due_on(case), 0) for case in cases]
    return [FollowUpTask(t.case, t.due_on, working_days_left(today, t.due_on)) for t in tasks]


def follow_up_for(case: Case) -> CaseFollowUp | None:
    return db.session.scalar(select(CaseFollowUp).where(CaseFollowUp.case_id == case.id))


def can_follow_up(case: Case) -> bool:
    return case.kind == RIGHTS_PROTECTION and case.status == CaseStatus.CLOSED and case.closed_at is not None


def record_outcome(
    case: Case,
    actor,
    outcome: str,
    amount_recovered: Decimal | None = None,
    satisfaction: int | None = None,
    note: str = "",
) -> CaseFollowUp:
    """Staff (CASE_TRIAGE) or the case's own firm records how the dispute ended; once per case."""
    by_firm = actor.can(Permission.CASE_APPLY)
    if by_firm and actor.firm_id != case.firm_id:
        raise FollowUpError(_("You may only report on your own cases."))
    if not by_firm and not actor.can(Permission.CASE_TRIAGE):
        raise FollowUpError(_("You may not record follow-ups."))
    if not can_follow_up(case):
        raise FollowUpError(_("A follow-up is recorded only for a closed rights-protection case."))
    if follow_up_for(case) is not None:
        raise FollowUpError(_("The outcome of this case has already been recorded."))
    if outcome not in DisputeOutcome._value2member_map_:
        raise FollowUpError(_("Choose how the dispute ended."))
    follow_up = CaseFollowUp(
        case_id=case.id,
        due_on=due_on(case),
        outcome=outcome,
        amount_recovered=amount_recovered,
        satisfaction=satisfaction,
        note=(note or "").strip() or None,
        recorded_by_firm=by_firm,
        recorded_by_id=actor.id,
        recorded_on=today_local(),
    )
    db.session.add(follow_up)
    db.session.flush()
    record("follow_up", "case", case.id, actor=actor, case_id=case.id, to_value=outcome)
    return follow_up


@dataclass(frozen=True)
class OutcomeRow:
    outcome: DisputeOutcome
    count: int
    share: float
    amount: Decimal


def outcome_figures() -> tuple[list[OutcomeRow], int, float]:
    """Per outcome: count, share of all followed-up cases and amount recovered; plus the total and the
    share resolved (everything but dropped)."""
    rows = dict(
        (o, (n, a or Decimal(0)))
        for o, n, a in db.session.execute(
            select(CaseFollowUp.outcome, func.count(CaseFollowUp.id), func.sum(CaseFollowUp.amount_recovered)).group_by(
                CaseFollowUp.outcome
            )
        )
    )
    total = sum(n for n, _a in rows.values())
    figures = [
        OutcomeRow(
            o,
            rows.get(o.value, (0, 0))[0],
            (rows.get(o.value, (0, 0))[0] / total) if total else 0.0,
            Decimal(rows.get(o.value, (0, 0))[1] or 0),
        )
        for o in DisputeOutcome
    ]
    resolved = sum(r.count for r in figures if r.outcome in RESOLVED)
    return figures, total, (resolved / total) if total else 0.0
