"""好差评: the government five-point satisfaction scale, and the supervisor's follow-up (整改) of a
rating below 基本满意."""

from __future__ import annotations

from datetime import datetime
from enum import IntEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import DateTime, ForeignKey, Integer, Text, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.audit.services import record
from portal.cases import notifications
from portal.cases.models import Case
from portal.cases.services import WorkflowError, rate_service
from portal.core.db import utcnow
from portal.core.permissions import Permission
from portal.core.shared_cache import CASE_PAGE_GENERATION
from portal.extensions import Model, db


class Rating(IntEnum):
    """Stored as 1–5 in cases.rating; the labels are the 好差评 scale's own words."""

    VERY_DISSATISFIED = 1
    DISSATISFIED = 2
    FAIRLY_SATISFIED = 3
    SATISFIED = 4
    VERY_SATISFIED = 5

    @property
    def label(self):
        return LABELS[self]

    @property
    def low(self) -> bool:
        """Below 基本满意: a comment is required and the supervisor follows it up."""
        return self < Rating.FAIRLY_SATISFIED

    @property
    def badge(self) -> str:
        return "danger" if self.low else ("secondary" if self == Rating.FAIRLY_SATISFIED else "success")


LABELS = {
    Rating.VERY_SATISFIED: _l("Very satisfied"),
    Rating.SATISFIED: _l("Satisfied"),
    Rating.FAIRLY_SATISFIED: _l("Fairly satisfied"),
    Rating.DISSATISFIED: _l("Dissatisfied"),
    Rating.VERY_DISSATISFIED: _l("Very dissatisfied"),
}


def rating_label(value: int | None):
    return Rating(value).label if value else None


class RatingFollowUp(Model):
    """A low rating's follow-up task for the supervisors; done when the outcome (整改) is recorded."""

    __tablename__ = "rating_followups"
    __cache_generations__ = (CASE_PAGE_GENERATION,)  # shown with the case

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), unique=True)
    raised_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    outcome: Mapped[str | None] = mapped_column(Text)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime)

    case = relationship("Case", lazy="joined", innerjoin=True)
    resolved_by = relationship("User")

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None


def rate(case: Case, user, rating: int, comment: str | None) -> RatingFollowUp | None:
    """The firm rates a finished case; a low rating raises a follow-up for the supervisors."""
    rate_service(case, user, rating, comment)
    if not Rating(rating).low:
        return None
    task = RatingFollowUp(case=case)
    db.session.add(task)
    notifications.notify(notifications.supervisors(), case, "low_rating")
    return task


def follow_up_for(case: Case) -> RatingFollowUp | None:
    return db.session.scalar(select(RatingFollowUp).where(RatingFollowUp.case_id == case.id))


def open_follow_ups(limit: int = 50) -> list[RatingFollowUp]:
    return list(
        db.session.scalars(
            select(RatingFollowUp)
            .where(RatingFollowUp.resolved_at.is_(None))
            .order_by(RatingFollowUp.raised_at)
            .limit(limit)
        )
    )


def record_outcome(task: RatingFollowUp, user, outcome: str) -> None:
    """The supervisor records what was done about the complaint (整改); the task is closed."""
    outcome = (outcome or "").strip()
    if not outcome:
        raise WorkflowError(str(_l("Describe what was done about the rating.")))
    if not user.can(Permission.CASE_ASSIGN):
        raise WorkflowError(str(_l("Only a supervisor can record the outcome of a follow-up.")))
    if not task.is_open:
        raise WorkflowError(str(_l("The outcome of this follow-up is already recorded.")))
    task.outcome, task.resolved_by_id, task.resolved_at = outcome, user.id, utcnow()
    record("rating_followup", "case", task.case_id, actor=user, case_id=task.case_id, note=outcome[:200])
