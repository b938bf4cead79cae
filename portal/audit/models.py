"""The append-only audit log: who did what, when, from which address, from → to."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.db import utcnow
from portal.core.shared_cache import CASE_PAGE_GENERATION
from portal.extensions import db


class AuditEvent(db.Model):
    __tablename__ = "audit_events"
    __cache_generations__ = (CASE_PAGE_GENERATION,)  # the case page's timeline

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    actor_role: Mapped[str | None] = mapped_column(String(20))
    ip: Mapped[str | None] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(40), index=True)
    object_type: Mapped[str] = mapped_column(String(30))
    object_id: Mapped[int | None] = mapped_column(Integer)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    # codes, ids and dates only: free text that may carry personal data belongs in ``note``
    from_value: Mapped[str | None] = mapped_column(String(200))
    to_value: Mapped[str | None] = mapped_column(String(200))
    # rows written before free text moved to ``audit_texts`` (migration hardening_1 moved them too)
    legacy_note: Mapped[str | None] = mapped_column("note", Text)
    # structured detail: ids, codes, hashes; never names or free text
    detail: Mapped[dict | None] = mapped_column(JSON)

    actor = relationship("User", lazy="joined")
    free_text = relationship("AuditText", uselist=False, lazy="joined", back_populates="event")

    @property
    def note(self) -> str | None:
        """The free text given with the action (reason, file name …), unless it has been redacted."""
        if self.free_text is not None:
            return self.free_text.text
        return self.legacy_note

    @property
    def action_label(self) -> str:
        from portal.audit.labels import action_label

        return action_label(self.action)

    @property
    def to_label(self) -> str | None:
        from portal.audit.labels import value_label

        return value_label(self.to_value)


class AuditText(db.Model):
    """Free text that came with an audit event and may carry personal data: reasons, notes, file
    names. Kept apart from the append-only row, so PIPL deletion can redact it
    (``portal.audit.services.redact_texts``, itself audited) while the event keeps its ids and codes."""

    __tablename__ = "audit_texts"
    __cache_generations__ = (CASE_PAGE_GENERATION,)  # the timeline's texts (redacted for PIPL deletion)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("audit_events.id"), unique=True)
    text: Mapped[str | None] = mapped_column(Text)
    redacted_at: Mapped[datetime | None] = mapped_column(DateTime)

    event = relationship("AuditEvent", back_populates="free_text")


class AuditImmutable(RuntimeError):
    """Raised when code tries to change or remove an audit row."""


@event.listens_for(AuditEvent, "before_update")
def _refuse_update(mapper, connection, target):
    raise AuditImmutable("audit rows are append-only")


@event.listens_for(AuditEvent, "before_delete")
def _refuse_delete(mapper, connection, target):
    raise AuditImmutable("audit rows are append-only")
