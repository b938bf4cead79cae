"""Who holds how much: open cases per reviewer by due band, and the optional rule per case kind that
assigns new submissions on arrival (round robin, or to whoever holds the fewest open cases)."""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace

from sqlalchemy import func, select

from portal.accounts.models import User
from portal.audit.services import record
from portal.cases import notifications
from portal.cases.desk_models import AssignmentRule
from portal.cases.kinds import KINDS
from portal.cases.models import Case
from portal.cases.queries import OPEN_STATES, due_soon_condition, overdue_condition
from portal.core.enums import LabeledEnum
from portal.core.errors import ServiceError
from portal.core.permissions import Permission, Role, role_has
from portal.core.timeutil import today_local
from portal.extensions import db
from portal.i18n import gettext as _
from portal.i18n import lazy_gettext as _l


class AssignMode(LabeledEnum):
    ROUND_ROBIN = "round_robin"
    LEAST_LOADED = "least_loaded"

    __labels__ = {"round_robin": _l("Round robin"), "least_loaded": _l("Fewest open cases")}
    __badges__ = {"round_robin": "info", "least_loaded": "info"}


@dataclass(frozen=True)
class Load:
    user: User | None  # None: nobody holds them
    overdue: int
    due_soon: int
    later: int

    @property
    def total(self) -> int:
        return self.overdue + self.due_soon + self.later


def handlers() -> list[User]:
    """Active staff who may handle cases, by name."""
    roles = [r.value for r in Role if role_has(r, Permission.CASE_TRIAGE)]
    return list(db.session.scalars(select(User).where(User.role.in_(roles), User.active.is_(True)).order_by(User.name)))


def workload() -> list[Load]:
    """Every handler's open cases by due band (a case waiting for the firm counts as later), in one query;
    the unassigned open cases come last."""
    today = today_local()
    over, soon = overdue_condition(today), due_soon_condition(today)
    rows = db.session.execute(
        select(
            Case.holder_id,
            func.count().filter(over),
            func.count().filter(soon & ~over),
            func.count(),
        )
        .where(Case.status.in_([s.value for s in OPEN_STATES]))
        .group_by(Case.holder_id)
    ).all()
    counts = {holder: (o, s, n - o - s) for holder, o, s, n in rows}
    loads = [Load(u, *counts.get(u.id, (0, 0, 0))) for u in handlers()]
    loads.sort(key=lambda load: (-load.overdue, -load.total, load.user.name if load.user else ""))
    if None in counts:
        loads.append(Load(None, *counts[None]))
    return loads


# --- assignment rules -------------------------------------------------------------------------


def rules() -> dict[str, AssignmentRule]:
    return {r.kind: r for r in db.session.scalars(select(AssignmentRule))}


def set_rule(kind: str, mode: str | None, actor) -> None:
    """Set (or with no mode, remove) the rule for ``kind``; audited."""
    if kind not in KINDS:
        raise ServiceError(_("Unknown application type."))
    if mode and mode not in AssignMode._value2member_map_:
        raise ServiceError(_("Choose round robin or fewest open cases."))
    row = db.session.scalar(select(AssignmentRule).where(AssignmentRule.kind == kind))
    before = row.mode if row else None
    if not mode:
        if row is not None:
            db.session.delete(row)
    elif row is None:
        db.session.add(AssignmentRule(kind=kind, mode=mode, updated_by_id=actor.id))
    else:
        row.mode, row.updated_by_id = mode, actor.id
    if before != (mode or None):
        record(
            "assignment_rule",
            "assignment_rule",
            None,
            actor=actor,
            from_value=before,
            to_value=mode or None,
            detail={"kind": kind},
        )
    db.session.flush()


def reviewers() -> list[User]:
    """Who rules assign to: active reviewers, by id (a stable round-robin order)."""
    return list(
        db.session.scalars(select(User).where(User.role == Role.REVIEWER, User.active.is_(True)).order_by(User.id))
    )


SYSTEM = SimpleNamespace(id=None, role="system")  # the audit row's actor for an assignment by rule


def assign_on_arrival(case: Case) -> User | None:
    """Apply the kind's rule to a case just submitted; returns the reviewer it went to, if any."""
    rule = db.session.scalar(select(AssignmentRule).where(AssignmentRule.kind == case.kind))
    people = reviewers()
    if rule is None or not people or case.holder_id is not None:
        return None
    if rule.mode == AssignMode.ROUND_ROBIN:
        after = [u for u in people if rule.last_user_id is not None and u.id > rule.last_user_id]
        chosen = (after or people)[0]
    else:
        held = dict(
            db.session.execute(
                select(Case.holder_id, func.count())
                .where(Case.holder_id.in_([u.id for u in people]), Case.status.in_([s.value for s in OPEN_STATES]))
                .group_by(Case.holder_id)
            ).all()
        )
        chosen = min(people, key=lambda u: (held.get(u.id, 0), u.id))
    rule.last_user_id = chosen.id
    case.holder_id, case.holder = chosen.id, chosen
    record(
        "auto_assign",
        "case",
        case.id,
        actor=SYSTEM,
        case_id=case.id,
        to_value=str(chosen.id),
        detail={"mode": rule.mode},
    )
    notifications.notify([chosen], case, "assigned")
    return chosen
