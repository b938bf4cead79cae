"""Experts, rubrics, assignments with their scores, and the panel's collective decision."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.db import utcnow
from portal.core.timeutil import today_local
from portal.extensions import db


class ExpertProfile(db.Model):
    """What the conflict rules and the automatic assignment read about an expert."""

    __tablename__ = "expert_profiles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), unique=True)
    # programmes (case kinds) the expert is qualified to review
    fields: Mapped[list] = mapped_column(JSON, default=list)
    employer: Mapped[str] = mapped_column(String(200), default="")
    # firms the expert works with or for: one name or 统一社会信用代码 a line
    relationships: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    user = relationship("User", lazy="joined", innerjoin=True)

    @property
    def related_names(self) -> set[str]:
        lines = [line for line in (self.relationships or "").splitlines()] + [self.employer or ""]
        return {normalise(line) for line in lines if normalise(line)}


def normalise(text: str) -> str:
    """Firm names and codes compared without spaces, full-width brackets or case."""
    return "".join((text or "").split()).replace("（", "(").replace("）", ")").upper()


class Rubric(db.Model):
    """The scoring rules of one call; once an expert has scored, a change makes a new version."""

    __tablename__ = "rubrics"
    __table_args__ = (UniqueConstraint("call_id", "version", name="uq_rubrics_call_version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id"), index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    # [{"label", "weight", "low", "high", "guidance"}]; weights are shares of the 100-point total
    criteria: Mapped[list] = mapped_column(JSON, default=list)
    deadline: Mapped[date] = mapped_column(Date)
    experts_per_case: Mapped[int] = mapped_column(Integer, default=3)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    call = relationship("Call")

    @property
    def deadline_passed(self) -> bool:
        return today_local() > self.deadline


class ReviewStatus:
    ASSIGNED = "assigned"  # waiting for the conflict-of-interest declaration
    DECLARED = "declared"  # declaration signed; scoring (a draft may be kept)
    SUBMITTED = "submitted"  # final unless a supervisor reopens it
    CONFLICT = "conflict"  # the expert declared a conflict; the case needs another expert

    ALL = (ASSIGNED, DECLARED, SUBMITTED, CONFLICT)


class Assignment(db.Model):
    """One expert on one case: the declaration, the draft or final scores and the opinion."""

    __tablename__ = "review_assignments"
    __table_args__ = (
        UniqueConstraint("case_id", "expert_id", name="uq_review_assignments_case_expert"),
        CheckConstraint(f"status IN ({','.join(repr(s) for s in ReviewStatus.ALL)})", name="status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    expert_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    rubric_id: Mapped[int | None] = mapped_column(ForeignKey("rubrics.id"))
    status: Mapped[str] = mapped_column(String(12), default=ReviewStatus.ASSIGNED)
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    assigned_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    declared_name: Mapped[str | None] = mapped_column(String(100))
    declared_at: Mapped[datetime | None] = mapped_column(DateTime)
    declared_ip: Mapped[str | None] = mapped_column(String(64))
    conflict_note: Mapped[str | None] = mapped_column(Text)
    scores: Mapped[dict] = mapped_column(JSON, default=dict)  # criterion index (str) → score
    opinion: Mapped[str | None] = mapped_column(Text)
    total: Mapped[float | None] = mapped_column(Float)  # computed by the server, never taken from the form
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime)
    reopen_reason: Mapped[str | None] = mapped_column(Text)
    # optimistic locking: two tabs submitting at once cannot silently overwrite each other
    version: Mapped[int] = mapped_column(Integer, default=1)

    case = relationship("Case")
    expert = relationship("User", foreign_keys=[expert_id])
    rubric = relationship("Rubric")

    __mapper_args__ = {"version_id_col": version}

    @property
    def is_active(self) -> bool:
        return self.status != ReviewStatus.CONFLICT

    @property
    def is_submitted(self) -> bool:
        return self.status == ReviewStatus.SUBMITTED

    @property
    def awaits_declaration(self) -> bool:
        return self.status == ReviewStatus.ASSIGNED

    @property
    def is_conflict(self) -> bool:
        return self.status == ReviewStatus.CONFLICT

    @property
    def is_declared(self) -> bool:
        return self.status == ReviewStatus.DECLARED


class PanelDecision(db.Model):
    """The panel's collective decision (集体审议) on a call: who attended, the minutes, the opinion
    released to the firms and what happened to each case."""

    __tablename__ = "review_panel_decisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id"), unique=True)
    attendees: Mapped[str] = mapped_column(Text)
    minutes: Mapped[str] = mapped_column(Text)
    opinion: Mapped[str] = mapped_column(Text)
    # [{"case_id", "rank", "mean", "outcome": publicity|rejected|reserve, "reason"}]
    outcomes: Mapped[list] = mapped_column(JSON, default=list)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


def _register_audit_labels() -> None:
    from portal.audit.labels import register
    from portal.i18n import lazy_gettext as _l

    register(
        actions={
            "expert_added": _l("Expert added to the pool"),
            "expert_changed": _l("Expert profile changed"),
            "expert_assigned": _l("Expert assigned"),
            "rubric_saved": _l("Rubric saved"),
            "coi_declared": _l("Conflict-of-interest declaration signed"),
            "coi_conflict": _l("Conflict of interest declared"),
            "review_submitted": _l("Scores submitted"),
            "review_reopened": _l("Scores reopened"),
            "review_reserve": _l("Placed on the reserve list"),
            "panel_decided": _l("Panel decision recorded"),
        }
    )


_register_audit_labels()
