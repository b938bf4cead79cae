"""Events (publicity days, trainings, seminars, school activities) and their registrations."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import JSON, Boolean, CheckConstraint, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.db import utcnow
from portal.events.status import ACTIVE, Audience, EventKind, EventStatus, RegistrationStatus
from portal.extensions import db


def _values(enum) -> str:
    return ",".join(f"'{m.value}'" for m in enum)


class Event(db.Model):
    __tablename__ = "events"
    __table_args__ = (
        CheckConstraint(f"kind IN ({_values(EventKind)})", name="kind"),
        CheckConstraint(f"status IN ({_values(EventStatus)})", name="status"),
        CheckConstraint(f"audience IN ({_values(Audience)})", name="audience"),
        CheckConstraint("capacity >= 0", name="capacity"),
        Index("ix_events_status_starts", "status", "starts_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(12), default=EventStatus.DRAFT)
    audience: Mapped[str] = mapped_column(String(12), default=Audience.FIRMS)
    title: Mapped[str] = mapped_column(String(200))
    title_en: Mapped[str] = mapped_column(String(200), default="")
    description: Mapped[str] = mapped_column(Text, default="")  # Markdown, sanitised when rendered
    description_en: Mapped[str] = mapped_column(Text, default="")
    # naive UTC like every stored time; forms and pages use Asia/Shanghai
    starts_at: Mapped[datetime] = mapped_column(DateTime)
    ends_at: Mapped[datetime] = mapped_column(DateTime)
    place: Mapped[str] = mapped_column(String(200), default="")
    online_url: Mapped[str] = mapped_column(String(500), default="")
    capacity: Mapped[int] = mapped_column(Integer, default=0)
    max_attendees: Mapped[int] = mapped_column(Integer, default=2)  # per firm sign-up
    signup_opens_at: Mapped[datetime] = mapped_column(DateTime)
    signup_closes_at: Mapped[datetime] = mapped_column(DateTime)
    cancel_hours_before: Mapped[int] = mapped_column(Integer, default=24)
    organiser: Mapped[str] = mapped_column(String(200), default="")
    contact: Mapped[str] = mapped_column(String(200), default="")
    gives_certificate: Mapped[bool] = mapped_column(Boolean, default=False)
    training_hours: Mapped[int] = mapped_column(Integer, default=0)
    notice_slug: Mapped[str | None] = mapped_column(String(80), index=True)  # the notice announcing it
    # bumped by every sign-up and cancellation: the UPDATE serialises seat counting on both engines
    seat_changes: Mapped[int] = mapped_column(Integer, default=0)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(DateTime)

    registrations = relationship("Registration", back_populates="event", order_by="Registration.id")

    @property
    def kind_enum(self) -> EventKind:
        return EventKind(self.kind)

    @property
    def status_enum(self) -> EventStatus:
        return EventStatus(self.status)

    @property
    def audience_label(self) -> str:
        return Audience(self.audience).label

    @property
    def is_public(self) -> bool:
        return self.audience == Audience.PUBLIC

    @property
    def is_published(self) -> bool:
        return self.status == EventStatus.PUBLISHED

    @property
    def is_draft(self) -> bool:
        return self.status == EventStatus.DRAFT

    @property
    def is_cancelled(self) -> bool:
        return self.status == EventStatus.CANCELLED

    def localized(self, lang: str) -> tuple[str, str]:
        """(title, description) in ``lang``, falling back to Chinese where no English was written."""
        if lang == "en":
            return self.title_en or self.title, self.description_en or self.description
        return self.title, self.description

    def signup_open(self, now: datetime | None = None) -> bool:
        now = now or utcnow()
        return self.is_published and self.signup_opens_at <= now <= self.signup_closes_at and now < self.starts_at

    @property
    def cancel_until(self) -> datetime:
        return self.starts_at - timedelta(hours=self.cancel_hours_before)

    @property
    def seats_taken(self) -> int:
        return sum(r.seats for r in self.registrations if r.status == RegistrationStatus.CONFIRMED)

    @property
    def seats_left(self) -> int:
        return max(0, self.capacity - self.seats_taken)

    @property
    def waiting_count(self) -> int:
        return sum(1 for r in self.registrations if r.status == RegistrationStatus.WAITING)


class Registration(db.Model):
    __tablename__ = "event_registrations"
    __table_args__ = (
        CheckConstraint(f"status IN ({_values(RegistrationStatus)})", name="status"),
        CheckConstraint("seats >= 1", name="seats"),
        CheckConstraint("rating IS NULL OR (rating BETWEEN 1 AND 5)", name="rating"),
        Index("ix_event_registrations_event_status", "event_id", "status", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"), index=True)
    # typed at the door or read from the QR code; also the key of the registration's own page
    code: Mapped[str] = mapped_column(String(12), unique=True)
    status: Mapped[str] = mapped_column(String(12))
    seats: Mapped[int] = mapped_column(Integer, default=1)
    attendee_names: Mapped[list] = mapped_column(JSON, default=list)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    firm_id: Mapped[int | None] = mapped_column(ForeignKey("firms.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    organisation: Mapped[str] = mapped_column(String(200), default="")
    mobile: Mapped[str] = mapped_column(String(20), default="", index=True)
    walk_in: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    promoted_at: Mapped[datetime | None] = mapped_column(DateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(DateTime)
    reminded_at: Mapped[datetime | None] = mapped_column(DateTime)
    checked_in_at: Mapped[datetime | None] = mapped_column(DateTime)
    checked_in_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    certificate_code: Mapped[str | None] = mapped_column(String(16), unique=True)
    rating: Mapped[int | None] = mapped_column(Integer)
    rating_comment: Mapped[str | None] = mapped_column(Text)
    rated_at: Mapped[datetime | None] = mapped_column(DateTime)

    event = relationship("Event", back_populates="registrations")
    user = relationship("User", foreign_keys=[user_id])

    @property
    def status_enum(self) -> RegistrationStatus:
        return RegistrationStatus(self.status)

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE

    @property
    def is_confirmed(self) -> bool:
        return self.status == RegistrationStatus.CONFIRMED

    @property
    def can_cancel(self) -> bool:
        return self.is_active and self.checked_in_at is None and utcnow() < self.event.cancel_until

    @property
    def can_rate(self) -> bool:
        return self.checked_in_at is not None and self.rating is None and utcnow() >= self.event.ends_at

    @property
    def waiting_position(self) -> int | None:
        if self.status != RegistrationStatus.WAITING:
            return None
        waiting = [r.id for r in self.event.registrations if r.status == RegistrationStatus.WAITING]
        return waiting.index(self.id) + 1
