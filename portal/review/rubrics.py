"""Rubrics per call: criteria with weights, score ranges and guidance. A rubric is edited in place
until an expert starts scoring with it; after that a change makes a new version, so every score
keeps the rules it was given under."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from portal.audit.services import record
from portal.core.errors import ServiceError
from portal.extensions import db
from portal.i18n import gettext as _
from portal.review.models import Assignment, Rubric


def current_rubric(call) -> Rubric | None:
    return db.session.scalar(select(Rubric).where(Rubric.call_id == call.id).order_by(Rubric.version.desc()).limit(1))


def in_use(rubric: Rubric) -> bool:
    """An expert has scored (or kept a draft) under this version."""
    return db.session.scalar(select(Assignment.id).where(Assignment.rubric_id == rubric.id).limit(1)) is not None


def check_criteria(criteria: list[dict]) -> None:
    if not criteria:
        raise ServiceError(_("Give at least one criterion."))
    for criterion in criteria:
        if float(criterion["weight"]) <= 0:
            raise ServiceError(_("Every weight must be above zero."))
        if float(criterion["high"]) <= float(criterion["low"]):
            raise ServiceError(
                _("The highest score of “%(label)s” must be above its lowest score.", label=criterion["label"])
            )
    if round(sum(float(c["weight"]) for c in criteria), 6) != 100:
        raise ServiceError(_("The weights must add up to 100."))


def save_rubric(call, criteria: list[dict], deadline: date, experts_per_case: int, actor) -> Rubric:
    check_criteria(criteria)
    if experts_per_case < 1:
        raise ServiceError(_("At least one expert reviews each case."))
    rubric = current_rubric(call)
    if rubric is None or in_use(rubric):
        rubric = Rubric(call_id=call.id, version=(rubric.version + 1) if rubric else 1, created_by_id=actor.id)
        db.session.add(rubric)
    rubric.criteria = [dict(c) for c in criteria]
    rubric.deadline = deadline
    rubric.experts_per_case = experts_per_case
    db.session.flush()
    record("rubric_saved", "call", call.id, actor=actor, to_value=str(rubric.version))
    return rubric
