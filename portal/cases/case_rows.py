"""What belongs to a case besides its own row: its files, the message thread, objections to its public
notice and the notifications about it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.db import utcnow
from portal.core.shared_cache import CASE_GENERATION, CASE_PAGE_GENERATION
from portal.extensions import Model


class CaseFile(Model):
    __tablename__ = "case_files"
    __cache_generations__ = (CASE_PAGE_GENERATION,)  # the case page's materials

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
    # an attachment sent with a message in the thread (firm or staff), not a checklist material
    message_id: Mapped[int | None] = mapped_column(ForeignKey("case_messages.id"), index=True)

    case = relationship("Case", back_populates="files")


class CaseMessage(Model):
    """A message in the firm-visible thread, or an internal staff note (``internal``)."""

    __tablename__ = "case_messages"
    __cache_generations__ = (CASE_PAGE_GENERATION,)  # the case page's thread and notes

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    from_staff: Mapped[bool] = mapped_column(Boolean, default=False)
    internal: Mapped[bool] = mapped_column(Boolean, default=False)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    case = relationship("Case", back_populates="messages")
    author = relationship("User")
    attachments = relationship("CaseFile", order_by="CaseFile.id", viewonly=True)


class Objection(Model):
    """An objection filed by anyone during a case's public notice (公示)."""

    __tablename__ = "objections"
    __cache_generations__ = (CASE_GENERATION,)  # the open-objections count

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    contact: Mapped[str] = mapped_column(String(100))
    reason: Mapped[str] = mapped_column(Text)
    evidence_stored_name: Mapped[str | None] = mapped_column(String(64))
    evidence_original_name: Mapped[str | None] = mapped_column(String(255))
    ip: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # received → verifying (核查) → upheld | dismissed, with a written conclusion
    status: Mapped[str] = mapped_column(String(20), default="received")
    conclusion: Mapped[str | None] = mapped_column(Text)
    concluded_at: Mapped[datetime | None] = mapped_column(DateTime)
    concluded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    case = relationship("Case", back_populates="objections")
    concluded_by = relationship("User")

    @property
    def is_open(self) -> bool:
        return self.status in ("received", "verifying")

    @property
    def awaiting_verification(self) -> bool:
        return self.status == "received"

    @property
    def status_enum(self):
        from portal.cases.objections import ObjectionStatus

        return ObjectionStatus(self.status)


#: bumped after any committed change to notifications: the unread counts of the menu are kept under it
NOTIFICATION_GENERATION = "notification-generation"


class Notification(Model):
    """An in-app message for a user; text is rendered from ``event`` in the reader's language."""

    __tablename__ = "notifications"
    __cache_generations__ = (NOTIFICATION_GENERATION,)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    event: Mapped[str] = mapped_column(String(40))
    to_status: Mapped[str | None] = mapped_column(String(30))
    detail: Mapped[str | None] = mapped_column(Text)  # what to act on, e.g. the materials a 补正 asks for
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(DateTime)

    case = relationship("Case")
