"""Cases (every application type shares one table), their files, messages and objections."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.cases.kinds import KINDS, CaseKind, CaseType
from portal.cases.status import FINAL_STATES, CaseStatus
from portal.core.db import utcnow
from portal.core.timeutil import today_local
from portal.core.working_days import working_days_left
from portal.extensions import db

STATUS_VALUES = ",".join(f"'{s.value}'" for s in CaseStatus)
TYPE_VALUES = ",".join(f"'{t.value}'" for t in CaseType)


class Case(db.Model):
    __tablename__ = "cases"
    __table_args__ = (
        CheckConstraint(f"status IN ({STATUS_VALUES})", name="status"),
        CheckConstraint(f"kind IN ({TYPE_VALUES})", name="kind"),
        CheckConstraint("rating IS NULL OR (rating BETWEEN 1 AND 5)", name="rating"),
        Index("ix_cases_status_due", "status", "due_date"),
        Index("ix_cases_kind_submitted", "kind", "submitted_at"),
        # the queue's page-of-ids queries read these without touching the table
        Index("ix_cases_queue_due", "due_date", "id", "status"),
        Index("ix_cases_queue_submitted", "submitted_at", "id", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str | None] = mapped_column(String(24), unique=True)
    kind: Mapped[str] = mapped_column(String(30))
    status: Mapped[str] = mapped_column(String(30), default=CaseStatus.DRAFT, index=True)
    firm_id: Mapped[int] = mapped_column(ForeignKey("firms.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    holder_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    title: Mapped[str] = mapped_column(String(200), default="")
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    # optimistic locking: a stale form cannot overwrite a newer decision
    version: Mapped[int] = mapped_column(Integer, default=1)

    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)
    accepted_at: Mapped[datetime | None] = mapped_column(DateTime)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Shanghai calendar days of submission and decision: statistics group by these
    submitted_on: Mapped[date | None] = mapped_column(Date, index=True)
    decided_on: Mapped[date | None] = mapped_column(Date)
    outcome: Mapped[str | None] = mapped_column(String(20))  # approve | reject | refuse: the decision taken

    # the promised time limit (承诺时限) in working days
    clock_phase: Mapped[str | None] = mapped_column(String(12))  # accept | decide | None (stopped)
    clock_started_on: Mapped[date | None] = mapped_column(Date)
    due_date: Mapped[date | None] = mapped_column(Date, index=True)
    paused_since: Mapped[date | None] = mapped_column(Date)
    paused_days: Mapped[int] = mapped_column(Integer, default=0)
    supplement_count: Mapped[int] = mapped_column(Integer, default=0)
    met_deadline: Mapped[bool | None] = mapped_column(Boolean)
    working_days_taken: Mapped[int | None] = mapped_column(Integer)

    decision_reason: Mapped[str | None] = mapped_column(Text)
    publicity_start: Mapped[date | None] = mapped_column(Date)
    publicity_end: Mapped[date | None] = mapped_column(Date)
    certificate_no: Mapped[str | None] = mapped_column(String(60))
    recognised_on: Mapped[date | None] = mapped_column(Date)

    rating: Mapped[int | None] = mapped_column(Integer)
    rating_comment: Mapped[str | None] = mapped_column(Text)
    rated_at: Mapped[datetime | None] = mapped_column(DateTime)

    firm = relationship("Firm", lazy="joined", innerjoin=True)
    holder = relationship("User", foreign_keys=[holder_id])
    files = relationship("CaseFile", back_populates="case", order_by="CaseFile.id", cascade="all, delete-orphan")
    messages = relationship(
        "CaseMessage", back_populates="case", order_by="CaseMessage.id", cascade="all, delete-orphan"
    )
    objections = relationship("Objection", back_populates="case", order_by="Objection.id")

    __mapper_args__ = {"version_id_col": version}

    @property
    def status_enum(self) -> CaseStatus:
        return CaseStatus(self.status)

    @property
    def type_enum(self) -> CaseType:
        return CaseType(self.kind)

    @property
    def case_kind(self) -> CaseKind:
        return KINDS[self.kind]

    @property
    def is_final(self) -> bool:
        return self.status in FINAL_STATES

    @property
    def url_key(self) -> str:
        """How firm URLs name the case: the reference once submitted, the draft number before."""
        return self.reference or f"draft-{self.id}"

    @property
    def days_left(self) -> int | None:
        """Working days until the promised time limit; frozen while waiting for the firm."""
        if self.due_date is None or self.clock_phase is None:
            return None
        key = (self.due_date, self.paused_since or today_local())
        cached = self.__dict__.get("_days_left")
        if cached is None or cached[0] != key:  # queue rows ask three times per render
            cached = (key, working_days_left(key[1], key[0]))
            self.__dict__["_days_left"] = cached
        return cached[1]

    @property
    def is_overdue(self) -> bool:
        left = self.days_left
        return left is not None and left < 0 and self.paused_since is None

    @property
    def is_due_soon(self) -> bool:
        left = self.days_left
        return left is not None and 0 <= left <= 3 and self.paused_since is None

    @property
    def awaiting_firm(self) -> bool:
        """补正 requested: the firm's answer form is the action on its page."""
        return self.status == CaseStatus.SUPPLEMENT_REQUESTED

    @property
    def in_publicity(self) -> bool:
        return self.status == CaseStatus.PUBLICITY

    @property
    def decision_shown(self) -> bool:
        """The firm sees the reason of a decision once the case is decided (not while it is back in review)."""
        return bool(self.decision_reason) and self.status in (
            CaseStatus.REJECTED,
            CaseStatus.NOT_ACCEPTED,
            CaseStatus.APPROVED,
            CaseStatus.CLOSED,
        )

    @property
    def objections_open(self) -> bool:
        """Objections are taken only during the notice period; late ones are refused."""
        return (
            self.status == CaseStatus.PUBLICITY
            and self.publicity_end is not None
            and today_local() <= self.publicity_end
        )

    @property
    def files_size(self) -> int:
        return sum(f.size for f in self.files)


class CaseFile(db.Model):
    __tablename__ = "case_files"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    material: Mapped[str] = mapped_column(String(40))
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    original_name: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    case = relationship("Case", back_populates="files")


class CaseMessage(db.Model):
    """A message in the firm-visible thread, or an internal staff note (``internal``)."""

    __tablename__ = "case_messages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    from_staff: Mapped[bool] = mapped_column(Boolean, default=False)
    internal: Mapped[bool] = mapped_column(Boolean, default=False)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    case = relationship("Case", back_populates="messages")
    author = relationship("User")


class Objection(db.Model):
    """An objection filed by anyone during a case's public notice (公示)."""

    __tablename__ = "objections"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    contact: Mapped[str] = mapped_column(String(100))
    reason: Mapped[str] = mapped_column(Text)
    evidence_stored_name: Mapped[str | None] = mapped_column(String(64))
    evidence_original_name: Mapped[str | None] = mapped_column(String(255))
    ip: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    case = relationship("Case", back_populates="objections")


class ReferenceCounter(db.Model):
    """The last number issued per type code and year, e.g. (RP, 2026) → 42."""

    __tablename__ = "reference_counters"
    __table_args__ = (UniqueConstraint("code", "year", name="uq_reference_counters_code_year"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(4))
    year: Mapped[int] = mapped_column(Integer)
    last_number: Mapped[int] = mapped_column(Integer, default=0)


class Notification(db.Model):
    """An in-app message for a user; text is rendered from ``event`` in the reader's language."""

    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    event: Mapped[str] = mapped_column(String(40))
    to_status: Mapped[str | None] = mapped_column(String(30))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(DateTime)

    case = relationship("Case")
