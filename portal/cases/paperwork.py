"""The paperwork of a decision: reason and opinion templates (常用语), the documents issued on a case
(文书) and extensions of a time limit (延期)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, CheckConstraint, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.cases.doctypes import DocumentType
from portal.core.db import utcnow
from portal.core.enums import LabeledEnum
from portal.core.shared_cache import CASE_PAGE_GENERATION
from portal.extensions import Model
from portal.i18n import lazy_gettext as _l

DOCUMENT_VALUES = ",".join(f"'{d.value}'" for d in DocumentType)


class Phrase(Model):
    """A reason or opinion staff may insert into an action's text box and edit before sending."""

    __tablename__ = "case_phrases"
    __cache_generations__ = (CASE_PAGE_GENERATION,)  # the templates the case page offers

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str | None] = mapped_column(String(30), index=True)  # None: every case type
    action: Mapped[str] = mapped_column(String(30))
    title: Mapped[str] = mapped_column(String(60))
    text: Mapped[str] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class CaseDocument(Model):
    """A PDF the office issued on a case, generated when a transition fired; the firm may download it."""

    __tablename__ = "case_documents"
    __cache_generations__ = (CASE_PAGE_GENERATION,)  # the case page's documents
    __table_args__ = (CheckConstraint(f"doc_type IN ({DOCUMENT_VALUES})", name="doc_type"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    doc_type: Mapped[str] = mapped_column(String(30))
    number: Mapped[str] = mapped_column(String(60), unique=True)
    issued_on: Mapped[date] = mapped_column(Date)
    action: Mapped[str] = mapped_column(String(30))  # the transition that issued it
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    size: Mapped[int] = mapped_column(Integer)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    case = relationship("Case", back_populates="documents")

    @property
    def type_enum(self) -> DocumentType:
        return DocumentType(self.doc_type)

    @property
    def filename(self) -> str:
        return f"{self.type_enum.label}-{self.case.reference}.pdf"


class ExtensionStatus(LabeledEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REFUSED = "refused"

    __labels__ = {
        "pending": _l("Awaiting a supervisor"),
        "approved": _l("Approved"),
        "refused": _l("Refused"),
    }
    __badges__ = {"pending": "warning", "approved": "success", "refused": "secondary"}


class TimeExtension(Model):
    """A reviewer's request to extend the running time limit by some working days, decided by a supervisor."""

    __tablename__ = "case_extensions"
    __cache_generations__ = (CASE_PAGE_GENERATION,)  # the case page's extension requests
    __table_args__ = (
        CheckConstraint("days > 0", name="days"),
        CheckConstraint("status IN ('pending','approved','refused')", name="status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    days: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(12), default=ExtensionStatus.PENDING)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    requested_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    decision_note: Mapped[str | None] = mapped_column(Text)
    due_before: Mapped[date | None] = mapped_column(Date)
    due_after: Mapped[date | None] = mapped_column(Date)

    case = relationship("Case", back_populates="extensions")
    requested_by = relationship("User", foreign_keys=[requested_by_id])
    decided_by = relationship("User", foreign_keys=[decided_by_id])

    @property
    def status_enum(self) -> ExtensionStatus:
        return ExtensionStatus(self.status)

    @property
    def is_pending(self) -> bool:
        return self.status == ExtensionStatus.PENDING
