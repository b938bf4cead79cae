"""Read-only look-ups for the calendar, the firm's sign-ups, the door, exports and statistics."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from portal.core.db import utcnow
from portal.events.models import Event, Registration
from portal.events.status import EventStatus, RegistrationStatus
from portal.extensions import db

SHANGHAI_OFFSET = timedelta(hours=8)


def local(moment: datetime) -> datetime:
    """A stored (naive UTC) time as naive Asia/Shanghai wall-clock time."""
    return moment + SHANGHAI_OFFSET


def to_utc(local_moment: datetime) -> datetime:
    return local_moment - SHANGHAI_OFFSET


def _visible():
    return select(Event).where(Event.status.in_((EventStatus.PUBLISHED, EventStatus.CANCELLED)))


def upcoming(now: datetime | None = None) -> list[Event]:
    now = now or utcnow()
    query = _visible().where(Event.ends_at >= now).order_by(Event.starts_at)
    return list(db.session.scalars(query.options(selectinload(Event.registrations))))


def past(limit: int = 20, now: datetime | None = None) -> list[Event]:
    now = now or utcnow()
    return list(db.session.scalars(_visible().where(Event.ends_at < now).order_by(Event.starts_at.desc()).limit(limit)))


def in_month(year: int, month: int) -> list[Event]:
    first = date(year, month, 1)
    after = date(year + (month == 12), month % 12 + 1, 1)
    start = to_utc(datetime.combine(first, datetime.min.time()))
    end = to_utc(datetime.combine(after, datetime.min.time()))
    query = _visible().where(Event.starts_at >= start, Event.starts_at < end).order_by(Event.starts_at)
    return list(db.session.scalars(query))


def feed_events(now: datetime | None = None) -> list[Event]:
    """Published events from 90 days back onwards: what a subscribed calendar shows."""
    now = now or utcnow()
    query = _visible().where(Event.ends_at >= now - timedelta(days=90)).order_by(Event.starts_at)
    return list(db.session.scalars(query))


def public_event(event_id: int) -> Event | None:
    event = db.session.get(Event, event_id)
    return event if event is not None and event.status != EventStatus.DRAFT else None


def event_for_notice(slug: str) -> Event | None:
    return db.session.scalar(_visible().where(Event.notice_slug == slug).order_by(Event.starts_at.desc()).limit(1))


def all_events() -> list[Event]:
    return list(db.session.scalars(select(Event).order_by(Event.starts_at.desc())))


def registration_by_code(code: str) -> Registration | None:
    return db.session.scalar(select(Registration).where(Registration.code == code))


def certificate(code: str) -> Registration | None:
    return db.session.scalar(select(Registration).where(Registration.certificate_code == code))


def firm_registrations(firm_id: int) -> list[Registration]:
    query = (
        select(Registration)
        .join(Event)
        .where(Registration.firm_id == firm_id)
        .order_by(Event.starts_at.desc(), Registration.id.desc())
    )
    return list(db.session.scalars(query))


def training_hours(registrations: list[Registration]) -> int:
    """Hours of certified training attended: the person's (firm's) record."""
    return sum(
        r.event.training_hours * len(r.attendee_names or [r.name])
        for r in registrations
        if r.checked_in_at is not None and r.event.gives_certificate
    )


def registration_count(event: Event) -> int:
    return db.session.scalar(select(func.count(Registration.id)).where(Registration.event_id == event.id)) or 0


def certified(event: Event) -> list[Registration]:
    """The event's registrations holding a certificate, in registration order."""
    query = (
        select(Registration)
        .where(Registration.event_id == event.id, Registration.certificate_code.is_not(None))
        .order_by(Registration.id)
    )
    return list(db.session.scalars(query))


def attendance(event: Event) -> list[Registration]:
    query = select(Registration).where(Registration.event_id == event.id).order_by(Registration.id)
    return list(db.session.scalars(query))


def quarterly(year: int) -> list[dict]:
    """Per quarter of ``year`` (Shanghai dates): events held, people who attended, average rating."""
    rows = []
    for quarter in range(1, 5):
        first = date(year, 3 * quarter - 2, 1)
        after = date(year + (quarter == 4), (3 * quarter) % 12 + 1, 1)
        start = to_utc(datetime.combine(first, datetime.min.time()))
        end = to_utc(datetime.combine(after, datetime.min.time()))
        in_quarter = (Event.status == EventStatus.PUBLISHED, Event.starts_at >= start, Event.starts_at < end)
        events = db.session.scalar(select(func.count(Event.id)).where(*in_quarter)) or 0
        attended = db.session.execute(
            select(
                func.coalesce(func.sum(Registration.seats), 0),
                func.avg(Registration.rating),
                func.count(Registration.rating),
            )
            .join(Event)
            .where(*in_quarter, Registration.checked_in_at.is_not(None))
        ).one()
        rows.append(
            {
                "quarter": quarter,
                "events": events,
                "attendees": int(attended[0] or 0),
                "rated": attended[2],
                "satisfaction": round(float(attended[1]), 2) if attended[1] is not None else None,
            }
        )
    return rows


def confirmed_count(event: Event) -> int:
    return sum(1 for r in event.registrations if r.status == RegistrationStatus.CONFIRMED)
