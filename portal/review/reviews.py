"""What an expert does with an assigned case: sign the conflict-of-interest declaration (or declare a
conflict), keep a draft of the scores and submit them. A supervisor may reopen a submitted review."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from sqlalchemy import select

from portal.audit.services import client_ip, record
from portal.cases.status import CaseStatus
from portal.core.db import utcnow
from portal.core.errors import ServiceError
from portal.extensions import db
from portal.i18n import gettext as _
from portal.review.models import Assignment, ReviewStatus, normalise
from portal.review.rubrics import current_rubric
from portal.review.scoring import weighted_total

STALE = "stale"


def assignments_for(expert) -> list[Assignment]:
    return list(
        db.session.scalars(
            select(Assignment).where(Assignment.expert_id == expert.id).order_by(Assignment.assigned_at.desc())
        )
    )


def assignment_for(expert, assignment_id: int) -> Assignment | None:
    """The expert's own assignment, or None (an expert never learns of a case not assigned to them)."""
    row = db.session.get(Assignment, assignment_id)
    return row if row is not None and row.expert_id == expert.id else None


def rubric_of(assignment: Assignment):
    return assignment.rubric or current_rubric(assignment.case.call)


def _check_version(assignment: Assignment, seen_version) -> None:
    if seen_version is not None and str(seen_version) != str(assignment.version):
        raise ServiceError(_("This review changed since you opened it. Nothing was saved; check it and try again."))


def declare(assignment: Assignment, expert, full_name: str, agreed: bool) -> None:
    if assignment.status != ReviewStatus.ASSIGNED:
        raise ServiceError(_("The declaration for this case has already been made."))
    if not agreed:
        raise ServiceError(_("Tick the box to confirm the declaration."))
    if normalise(full_name) != normalise(expert.name):
        raise ServiceError(_("Type your full name exactly as it appears on your account: %(name)s.", name=expert.name))
    assignment.declared_name = full_name.strip()
    assignment.declared_at = utcnow()
    assignment.declared_ip = client_ip()
    assignment.status = ReviewStatus.DECLARED
    record("coi_declared", "review", assignment.id, actor=expert, case_id=assignment.case_id)


def declare_conflict(assignment: Assignment, expert, note: str) -> None:
    """The expert has a conflict: the case goes back to the supervisor for another expert."""
    if assignment.status not in (ReviewStatus.ASSIGNED, ReviewStatus.DECLARED):
        raise ServiceError(_("A submitted review cannot be withdrawn; ask the supervisor."))
    note = (note or "").strip()
    if not note:
        raise ServiceError(_("Say briefly what the conflict is."))
    assignment.status = ReviewStatus.CONFLICT
    assignment.conflict_note = note
    assignment.declared_at = utcnow()
    assignment.declared_ip = client_ip()
    record("coi_conflict", "review", assignment.id, actor=expert, case_id=assignment.case_id, note=note)


def parse_scores(rubric, raw: dict, *, complete: bool) -> dict[str, float]:
    """Checked scores by criterion index; ``complete`` requires every criterion (a draft may have gaps)."""
    scores = {}
    for index, criterion in enumerate(rubric.criteria):
        value = (raw.get(str(index)) or "").strip() if isinstance(raw.get(str(index)), str) else raw.get(str(index))
        if value in (None, ""):
            if complete:
                raise ServiceError(_("Score every criterion before you submit."))
            continue
        try:
            number = float(Decimal(str(value)))
        except (InvalidOperation, ValueError):
            raise ServiceError(_("“%(label)s”: enter a number.", label=criterion["label"])) from None
        if not float(criterion["low"]) <= number <= float(criterion["high"]):
            raise ServiceError(
                _(
                    "“%(label)s” takes a score from %(low)s to %(high)s.",
                    label=criterion["label"],
                    low=criterion["low"],
                    high=criterion["high"],
                )
            )
        scores[str(index)] = number
    return scores


def save_review(assignment: Assignment, expert, raw: dict, opinion: str, *, submit: bool, seen_version=None) -> None:
    """Keep a draft, or submit the scores; the total is computed here, never taken from the page."""
    _check_version(assignment, seen_version)
    if assignment.status == ReviewStatus.ASSIGNED:
        raise ServiceError(_("Sign the conflict-of-interest declaration before you score."))
    if assignment.status == ReviewStatus.SUBMITTED:
        raise ServiceError(_("Your scores have been submitted and are final. A supervisor can reopen them."))
    if assignment.status == ReviewStatus.CONFLICT:
        raise ServiceError(_("You declared a conflict for this case."))
    if assignment.case.status != CaseStatus.UNDER_REVIEW:
        raise ServiceError(_("The review of this case has ended; scores are no longer accepted."))
    rubric = rubric_of(assignment)
    if rubric is None:
        raise ServiceError(_("The scoring rules of this call are not set yet."))
    if rubric.deadline_passed:
        raise ServiceError(
            _(
                "The review deadline (%(date)s) has passed; scores are no longer accepted.",
                date=rubric.deadline.isoformat(),
            )
        )
    scores = parse_scores(rubric, raw, complete=submit)
    opinion = (opinion or "").strip()
    if submit and not opinion:
        raise ServiceError(_("Write your overall opinion before you submit."))
    assignment.rubric_id = rubric.id
    assignment.scores = scores
    assignment.opinion = opinion or None
    complete = len(scores) == len(rubric.criteria)
    assignment.total = weighted_total(rubric.criteria, scores) if complete else None
    if submit:
        assignment.status = ReviewStatus.SUBMITTED
        assignment.submitted_at = utcnow()
        record(
            "review_submitted",
            "review",
            assignment.id,
            actor=expert,
            case_id=assignment.case_id,
            to_value=str(assignment.total),
        )
    db.session.flush()


def reopen(assignment: Assignment, actor, reason: str) -> None:
    if assignment.status != ReviewStatus.SUBMITTED:
        raise ServiceError(_("Only submitted scores can be reopened."))
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(_("Give the reason for reopening the scores."))
    assignment.status = ReviewStatus.DECLARED
    assignment.submitted_at = None
    assignment.reopen_reason = reason
    record("review_reopened", "review", assignment.id, actor=actor, case_id=assignment.case_id, note=reason)
