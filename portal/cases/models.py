"""Cases: every application type shares one table. What hangs off a case (files, messages, objections,
notifications) is in ``case_rows``, calls and reference counters in ``intake_models``; both are
re-exported here, where the rest of the code imports them from."""

from __future__ import annotations

from dataclasses import dataclass
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
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, query_expression, relationship, validates

from portal.cases.case_rows import NOTIFICATION_GENERATION, CaseFile, CaseMessage, Notification, Objection
from portal.cases.intake_models import TYPE_VALUES, Call, ReferenceCounter
from portal.cases.kinds import KINDS, CaseKind, CaseType, StoredCaseType
from portal.cases.parties import ACCUSED_PARTY_MAX
from portal.cases.parties import accused_party as accused_party_of
from portal.cases.rules import CaseRules
from portal.cases.status import (
    AWAITING_FIRM,
    DECISION_SHOWN,
    FINAL_STATES,
    OPEN_STATES_SQL,
    PUBLIC_STATES,
    CaseAction,
    CaseStatus,
)
from portal.core.db import utcnow
from portal.core.shared_cache import CASE_GENERATION
from portal.core.timeutil import today_local
from portal.core.working_days import working_days_between, working_days_left
from portal.extensions import Model

__all__ = [
    "NOTIFICATION_GENERATION",
    "Call",
    "Case",
    "CaseFile",
    "CaseMessage",
    "Notification",
    "Objection",
    "ReferenceCounter",
    "StatusShown",
]

STATUS_VALUES = ",".join(f"'{s.value}'" for s in CaseStatus)


@dataclass(frozen=True)
class StatusShown:
    """A status as pages show it: what status_badge needs (label, badge)."""

    label: object
    badge: str


class Case(CaseRules, Model):
    __tablename__ = "cases"
    __cache_generations__ = (CASE_GENERATION,)  # queue and home counts (portal.cases.queue)
    __table_args__ = (
        CheckConstraint(f"status IN ({STATUS_VALUES})", name="status"),
        CheckConstraint(f"kind IN ({TYPE_VALUES})", name="kind"),
        CheckConstraint("rating IS NULL OR (rating BETWEEN 1 AND 5)", name="rating"),
        Index("ix_cases_status_due", "status", "due_date"),
        # the counts of the queues that ask who holds a case ("open cases I may act on", mine, unassigned)
        Index("ix_cases_status_holder", "status", "holder_id"),
        Index("ix_cases_kind_submitted", "kind", "submitted_at"),
        # the queue's page-of-ids queries read these without touching the table
        Index("ix_cases_queue_due", "due_date", "id", "status"),
        Index("ix_cases_queue_submitted", "submitted_at", "id", "status"),
        # the due-date order over all cases, finished ones last (portal.cases.queue.FINISHED_LAST)
        Index("ix_cases_queue_finished_due", "finished", "due_date", "id", "status"),
        # possible duplicates: other open cases against the same accused party (portal.cases.duplicates)
        Index(
            "ix_cases_open_accused_party",
            "accused_party",
            "submitted_at",
            sqlite_where=text(OPEN_STATES_SQL),
            postgresql_where=text(OPEN_STATES_SQL),
        ),
        # open cases only (a few per cent of all): the default queue reads its page in due order from
        # here instead of skipping every decided case; the WHERE matches open_states_condition()
        Index(
            "ix_cases_open_due",
            "due_date",
            "id",
            "holder_id",
            sqlite_where=text(OPEN_STATES_SQL),
            postgresql_where=text(OPEN_STATES_SQL),
        ),
        # a certificate or recommendation-letter number is issued once per programme
        UniqueConstraint("kind", "certificate_no", name="uq_cases_kind_certificate_no"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str | None] = mapped_column(String(24), unique=True)
    kind: Mapped[str] = mapped_column(String(30))
    status: Mapped[str] = mapped_column(String(30), default=CaseStatus.DRAFT, index=True)
    # status in FINAL_STATES, kept by _keep_finished: the queue's due-date orders put these last and
    # read that order from ix_cases_queue_finished_due
    finished: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    firm_id: Mapped[int] = mapped_column(ForeignKey("firms.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    holder_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    title: Mapped[str] = mapped_column(String(200), default="")
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    # the answer to "how urgent" (rights protection), read by the queue page with the row, not the whole data
    urgency_answer: Mapped[list | None] = query_expression()
    # whether an objection is open, read by the queue page with the row (the 异议 marker)
    objection_open: Mapped[bool | None] = query_expression()
    # kept from data by _keep_accused_party (portal.cases.parties)
    accused_party: Mapped[str | None] = mapped_column(String(ACCUSED_PARTY_MAX))
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
    paused_days: Mapped[int] = mapped_column(Integer, default=0)  # over the whole case (statistics)
    # the running phase: due = clock_started_on + clock_days + phase_paused_days working days, recomputed
    # from these whenever the holiday calendar changes
    clock_days: Mapped[int | None] = mapped_column(Integer)
    phase_paused_days: Mapped[int] = mapped_column(Integer, default=0)
    # working days a supervisor added to the running phase (延期); part of the same recomputation
    phase_extended_days: Mapped[int] = mapped_column(Integer, default=0)
    # 补正: the firm's reply deadline, and the day it was reminded
    reply_due: Mapped[date | None] = mapped_column(Date)
    reply_reminded_on: Mapped[date | None] = mapped_column(Date)
    call_id: Mapped[int | None] = mapped_column(ForeignKey("calls.id"), index=True)
    supplement_count: Mapped[int] = mapped_column(Integer, default=0)
    met_deadline: Mapped[bool | None] = mapped_column(Boolean)
    working_days_taken: Mapped[int | None] = mapped_column(Integer)

    decision_reason: Mapped[str | None] = mapped_column(Text)
    # two-level sign-off: who proposed the decision now awaiting a supervisor
    proposed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    publicity_start: Mapped[date | None] = mapped_column(Date)
    publicity_end: Mapped[date | None] = mapped_column(Date)
    # the publicity_end staff were told had passed (a second notice has another end: told again)
    notice_end_notified_for: Mapped[date | None] = mapped_column(Date)
    # the district's certificate (recognition) or recommendation letter number
    certificate_no: Mapped[str | None] = mapped_column(String(60))
    recommended_on: Mapped[date | None] = mapped_column(Date)
    # the recognition itself: by the district, or recorded later from the higher authority's decision
    recognised_on: Mapped[date | None] = mapped_column(Date)
    recognised_by: Mapped[str | None] = mapped_column(String(200))
    recognition_doc_no: Mapped[str | None] = mapped_column(String(100))

    rating: Mapped[int | None] = mapped_column(Integer)
    rating_comment: Mapped[str | None] = mapped_column(Text)
    rated_at: Mapped[datetime | None] = mapped_column(DateTime)
    # printed on the 收件回执 with its QR code: anyone can check the receipt at /receipts/<code>
    receipt_code: Mapped[str | None] = mapped_column(String(16), unique=True)

    firm = relationship("Firm", lazy="joined", innerjoin=True)
    holder = relationship("User", foreign_keys=[holder_id])
    proposed_by = relationship("User", foreign_keys=[proposed_by_id])
    documents = relationship("CaseDocument", back_populates="case", order_by="CaseDocument.id")
    extensions = relationship("TimeExtension", back_populates="case", order_by="TimeExtension.id")
    created_by = relationship("User", foreign_keys=[created_by_id])
    files = relationship("CaseFile", back_populates="case", order_by="CaseFile.id", cascade="all, delete-orphan")
    messages = relationship(
        "CaseMessage", back_populates="case", order_by="CaseMessage.id", cascade="all, delete-orphan"
    )
    objections = relationship("Objection", back_populates="case", order_by="Objection.id")
    call = relationship("Call")

    __mapper_args__ = {"version_id_col": version}

    @validates("status")
    def _keep_finished(self, _key: str, status: str) -> str:
        self.finished = status in FINAL_STATES
        return status

    @validates("data")
    def _keep_accused_party(self, _key: str, data: dict) -> dict:
        self.accused_party = accused_party_of(data)
        return data

    @property
    def status_enum(self) -> CaseStatus:
        return CaseStatus(self.status)

    @property
    def type_enum(self) -> StoredCaseType:
        return CaseType(self.kind)

    @property
    def status_shown(self) -> StatusShown:
        """The status as pages show it (label and badge colour), in this programme's words."""
        status = self.status_enum
        return StatusShown(self.case_kind.label_for(status), status.badge)

    def action_label(self, action) -> object:
        """The label of an action button, in this programme's words."""
        return self.case_kind.label_for(CaseAction(action))

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
    def track(self):
        return self.case_kind.track

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
        """Past the time limit; a case that was late when 补正 was asked stays late while it waits."""
        left = self.days_left
        return left is not None and left < 0

    @property
    def overdue_days(self) -> int:
        """Working days past the time limit (counted to the start of the pause while paused)."""
        if not self.is_overdue or self.due_date is None:
            return 0
        return working_days_between(self.due_date, self.paused_since or today_local())

    @property
    def is_paused(self) -> bool:
        return self.paused_since is not None

    @property
    def acceptance_due(self) -> date | None:
        """The day by which the office decides on acceptance, while that clock runs (the receipt shows it)."""
        return self.due_date if self.clock_phase == "accept" else None

    @property
    def awaiting_firm(self) -> bool:
        """补正 requested (before or after acceptance): the firm's answer form is the action on its page."""
        return self.status in AWAITING_FIRM

    @property
    def in_publicity(self) -> bool:
        return self.status == CaseStatus.PUBLICITY

    @property
    def notice_running(self) -> bool:
        """The public notice period is on today (an ended notice leaves the current list at once)."""
        today = today_local()
        return (
            self.status == CaseStatus.PUBLICITY
            and self.publicity_start is not None
            and self.publicity_end is not None
            and self.publicity_start <= today <= self.publicity_end
        )

    @property
    def notice_ended(self) -> bool:
        return (
            self.status == CaseStatus.PUBLICITY
            and self.publicity_end is not None
            and today_local() > self.publicity_end
        )

    @property
    def public_notice_visible(self) -> bool:
        """Whether /publicity/<ref> may show this case: a notice running now, or a recognition."""
        return self.status in PUBLIC_STATES and (self.status != CaseStatus.PUBLICITY or self.notice_running)

    @property
    def decision_shown(self) -> bool:
        """The firm sees the reason of a decision once the case is decided (not while it is back in review)."""
        return bool(self.decision_reason) and self.status in DECISION_SHOWN

    @property
    def objections_open(self) -> bool:
        """Objections are taken only during the notice period; late ones are refused."""
        return self.notice_running

    @property
    def has_open_objection(self) -> bool:
        return any(o.is_open for o in self.objections)

    @property
    def firm_messages(self) -> list:
        """The thread the firm may see: never internal notes."""
        return [m for m in self.messages if not m.internal]

    @property
    def decision_favourable(self) -> bool:
        return self.outcome == CaseAction.APPROVE

    @property
    def awaiting_higher_authority(self) -> bool:
        """Recommended by the district; the higher authority has not decided yet."""
        return self.status == CaseStatus.RECOMMENDED

    @property
    def is_recognised(self) -> bool:
        return self.recognised_on is not None and self.status in (CaseStatus.RECOGNISED, CaseStatus.CLOSED)

    @property
    def concluded_objections(self) -> list:
        """What the firm sees of objections: the conclusions, never who objected."""
        return [o for o in self.objections if not o.is_open]

    @property
    def staff_notes(self) -> list:
        return [m for m in self.messages if m.internal]

    @property
    def accepts_messages(self) -> bool:
        return self.status not in FINAL_STATES

    @property
    def rateable(self) -> bool:
        return self.is_final and self.rating is None

    @property
    def files_size(self) -> int:
        return sum(f.size for f in self.files)

    @property
    def awaiting_sign_off(self) -> bool:
        """A reviewer proposed the decision; a supervisor confirms or returns it."""
        return self.status == CaseStatus.PROPOSED

    @property
    def approved_extensions(self) -> list:
        """Extensions of the time limit a supervisor approved: the firm sees them with their reason."""
        return [e for e in self.extensions if e.status == "approved"]

    @property
    def correction_notice(self):
        """The latest 补正告知书 (the one the firm is answering while it waits)."""
        return next((d for d in reversed(self.documents) if d.doc_type == "correction"), None)

    @property
    def pending_extension(self):
        return next((e for e in self.extensions if e.is_pending), None)


from portal.cases import paperwork  # noqa: E402,F401  the mapper needs the paperwork models with Case
