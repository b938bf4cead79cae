"""Calls for applications (申报批次): demonstration programmes accept submissions only while a call
is open; rights protection and consultation are open all year."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from portal.audit.services import record
from portal.cases.models import Call, Case
from portal.cases.status import CaseStatus
from portal.core.errors import ServiceError
from portal.extensions import db
from portal.i18n import gettext as _


def open_call(kind, day: date) -> Call | None:
    return db.session.scalar(
        select(Call)
        .where(Call.kind == kind.value, Call.opens_on <= day, Call.closes_on >= day)
        .order_by(Call.closes_on)
        .limit(1)
    )


def next_call(kind, day: date) -> Call | None:
    return db.session.scalar(
        select(Call).where(Call.kind == kind.value, Call.opens_on > day).order_by(Call.opens_on).limit(1)
    )


def last_call(kind, day: date) -> Call | None:
    return db.session.scalar(
        select(Call).where(Call.kind == kind.value, Call.closes_on < day).order_by(Call.closes_on.desc()).limit(1)
    )


def require_open_call(kind, day: date) -> Call:
    call = open_call(kind, day)
    if call is None:
        upcoming = next_call(kind, day)
        if upcoming is not None:
            raise ServiceError(
                _(
                    "No call for applications is open. The next call opens on %(date)s; your draft is kept.",
                    date=upcoming.opens_on.isoformat(),
                )
            )
        raise ServiceError(_("No call for applications is open now; your draft is kept."))
    return call


def all_calls() -> list[tuple[Call, int]]:
    """Every call, newest first, with the number of applications it received."""
    counts = (
        select(Case.call_id, func.count(Case.id).label("n"))
        .where(Case.status != CaseStatus.DRAFT, Case.call_id.is_not(None))
        .group_by(Case.call_id)
        .subquery()
    )
    stmt = (
        select(Call, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.call_id == Call.id)
        .order_by(Call.opens_on.desc(), Call.id.desc())
    )
    return [(call, n) for call, n in db.session.execute(stmt)]


def save_call(call: Call | None, values: dict, actor) -> Call:
    """Create or change a call; a window that overlaps another call of the same programme is refused."""
    if values["closes_on"] < values["opens_on"]:
        raise ServiceError(_("The call cannot close before it opens."))
    overlap = select(Call.id).where(
        Call.kind == values["kind"], Call.opens_on <= values["closes_on"], Call.closes_on >= values["opens_on"]
    )
    if call is not None:
        overlap = overlap.where(Call.id != call.id)
    if db.session.scalar(overlap.limit(1)) is not None:
        raise ServiceError(_("Another call of this programme is open in that period."))
    created = call is None
    saved = call if call is not None else Call(created_by_id=actor.id)
    if created:
        db.session.add(saved)
    for name, value in values.items():
        setattr(saved, name, value)
    db.session.flush()
    record("call_created" if created else "call_changed", "call", saved.id, actor=actor, to_value=saved.kind)
    return saved
