"""Editing and publishing events; sign-ups with capacity and a waiting list; cancellation with
promotion in order; check-in by code; walk-ins; feedback; reminders. Services never commit."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from sqlalchemy import select, update

from portal.core import mail, sms
from portal.core.db import utcnow
from portal.core.errors import ServiceError
from portal.events.models import Event, Registration
from portal.events.status import ACTIVE, EventStatus, RegistrationStatus
from portal.extensions import db
from portal.i18n import gettext as _

# no 0/O, 1/I/L: the code is read aloud and typed at the door
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
SMS_PURPOSE = "event_signup"
SHANGHAI_OFFSET = timedelta(hours=8)  # Asia/Shanghai keeps no daylight saving time

EDITABLE_FIELDS = (
    "kind",
    "audience",
    "title",
    "title_en",
    "description",
    "description_en",
    "starts_at",
    "ends_at",
    "place",
    "online_url",
    "capacity",
    "max_attendees",
    "signup_opens_at",
    "signup_closes_at",
    "cancel_hours_before",
    "organiser",
    "contact",
    "gives_certificate",
    "training_hours",
    "notice_slug",
)


def new_code(length: int = 8) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def normalise_code(text: str | None) -> str:
    return "".join(ch for ch in (text or "").upper() if ch.isalnum())


def _check_times(values: dict) -> None:
    if values["ends_at"] <= values["starts_at"]:
        raise ServiceError(_("The event must end after it starts."))
    if values["signup_closes_at"] <= values["signup_opens_at"]:
        raise ServiceError(_("Sign-up must close after it opens."))
    if values["signup_closes_at"] > values["starts_at"]:
        raise ServiceError(_("Sign-up must close before the event starts."))


def save_event(event: Event | None, values: dict, user) -> Event:
    """Create or update an event from form values (times already in naive UTC)."""
    _check_times(values)
    if event is None:
        event = Event(created_by_id=user.id, status=EventStatus.DRAFT)
        db.session.add(event)
    elif event.is_published:
        _lock_seats(event)  # a capacity change and a sign-up must not count seats at the same time
    if event.id is not None and event.capacity != values["capacity"] and event.is_published:
        taken = sum(r.seats for r in event.registrations if r.status == RegistrationStatus.CONFIRMED)
        if values["capacity"] < taken:
            raise ServiceError(_("%(n)s seats are already confirmed; the capacity cannot be lower.", n=taken))
    for name in EDITABLE_FIELDS:
        setattr(event, name, values[name])
    db.session.flush()
    if event.is_published:
        _promote_waiting(event)
    return event


def publish(event: Event) -> None:
    if event.status != EventStatus.DRAFT:
        raise ServiceError(_("Only a draft can be published."))
    event.status = EventStatus.PUBLISHED
    event.published_at = utcnow()


def cancel_event(event: Event) -> None:
    if event.status != EventStatus.PUBLISHED:
        raise ServiceError(_("Only a published event can be cancelled."))
    event.status = EventStatus.CANCELLED
    for registration in event.registrations:
        if registration.is_active:
            _notify(registration, _("The event %(title)s has been cancelled. We apologise.", title=event.title))


def _lock_seats(event: Event) -> Event:
    """Serialise seat counting: the UPDATE takes the row lock (PostgreSQL) or the write lock (SQLite)
    before anything is counted, so the last seat goes to exactly one person."""
    db.session.execute(update(Event).where(Event.id == event.id).values(seat_changes=Event.seat_changes + 1))
    db.session.expire(event)
    return event


def _confirmed_seats(event_id: int) -> int:
    rows = db.session.scalars(
        select(Registration.seats).where(
            Registration.event_id == event_id, Registration.status == RegistrationStatus.CONFIRMED
        )
    )
    return sum(rows)


def _check_open(event: Event, now: datetime) -> None:
    if not event.is_published:
        raise ServiceError(_("This event is not open for sign-up."))
    if now < event.signup_opens_at:
        raise ServiceError(_("Sign-up for this event has not opened yet."))
    if now > event.signup_closes_at or now >= event.starts_at:
        raise ServiceError(_("Sign-up for this event has closed."))


def _place(event: Event, registration: Registration, now: datetime) -> Registration:
    """Confirm the registration if its seats fit, else put it on the waiting list (in arrival order)."""
    waiting_ahead = db.session.scalar(
        select(Registration.id)
        .where(Registration.event_id == event.id, Registration.status == RegistrationStatus.WAITING)
        .limit(1)
    )
    fits = _confirmed_seats(event.id) + registration.seats <= event.capacity
    registration.status = RegistrationStatus.CONFIRMED if fits and waiting_ahead is None else RegistrationStatus.WAITING
    registration.code = new_code()
    registration.created_at = now
    db.session.add(registration)
    db.session.flush()
    return registration


def sign_up_firm(event: Event, user, names: list[str], now: datetime | None = None) -> Registration:
    """A firm user's sign-up for ``len(names)`` attendees."""
    now = now or utcnow()
    names = [n.strip() for n in names if n and n.strip()]
    if not names:
        raise ServiceError(_("Enter the name of at least one attendee."))
    if len(names) > event.max_attendees:
        raise ServiceError(_("At most %(n)s attendees per firm.", n=event.max_attendees))
    _lock_seats(event)
    _check_open(event, now)
    existing = db.session.scalar(
        select(Registration.id).where(
            Registration.event_id == event.id, Registration.firm_id == user.firm_id, Registration.status.in_(ACTIVE)
        )
    )
    if existing is not None:
        raise ServiceError(_("Your firm has already signed up for this event. See “My events”."))
    registration = Registration(
        event_id=event.id,
        user_id=user.id,
        firm_id=user.firm_id,
        name=names[0],
        organisation=user.firm.name if user.firm else "",
        mobile=(user.firm.contact_mobile or "") if user.firm else "",
        seats=len(names),
        attendee_names=names,
    )
    return _place(event, registration, now)


def request_public_code(event: Event, mobile: str, now: datetime | None = None) -> None:
    now = now or utcnow()
    if not event.is_public:
        raise ServiceError(_("This event is for registered firms. Please sign in with your firm account."))
    _check_open(event, now)
    sms.send_code(mobile, SMS_PURPOSE, now)


def sign_up_public(
    event: Event, name: str, organisation: str, mobile: str, code: str, now: datetime | None = None
) -> Registration:
    """A member of the public, verified by an SMS code; one seat per mobile number."""
    now = now or utcnow()
    if not event.is_public:
        raise ServiceError(_("This event is for registered firms. Please sign in with your firm account."))
    _lock_seats(event)
    _check_open(event, now)
    existing = db.session.scalar(
        select(Registration.id).where(
            Registration.event_id == event.id, Registration.mobile == mobile, Registration.status.in_(ACTIVE)
        )
    )
    if existing is not None:
        raise ServiceError(_("This mobile number has already signed up for this event."))
    sms.use_code(mobile, SMS_PURPOSE, code, now)
    registration = Registration(
        event_id=event.id,
        name=name.strip(),
        organisation=organisation.strip(),
        mobile=mobile,
        seats=1,
        attendee_names=[name.strip()],
    )
    registration = _place(event, registration, now)
    text = confirmation_text(registration)
    sms.queue_sms(mobile, text)
    return registration


def confirmation_text(registration: Registration) -> str:
    event = registration.event
    if registration.status == RegistrationStatus.CONFIRMED:
        return _(
            "Your seat for %(title)s is confirmed. Registration number: %(code)s.",
            title=event.title,
            code=registration.code,
        )
    return _(
        "You are on the waiting list for %(title)s. Registration number: %(code)s.",
        title=event.title,
        code=registration.code,
    )


def _promote_waiting(event: Event, now: datetime | None = None) -> list[Registration]:
    """Promote waiting registrations strictly in arrival order while their seats fit."""
    now = now or utcnow()
    free = event.capacity - _confirmed_seats(event.id)
    promoted = []
    waiting = db.session.scalars(
        select(Registration)
        .where(Registration.event_id == event.id, Registration.status == RegistrationStatus.WAITING)
        .order_by(Registration.id)
    )
    for registration in waiting:
        if registration.seats > free:
            break  # the first in line keeps its place: no one jumps ahead with a smaller party
        registration.status = RegistrationStatus.CONFIRMED
        registration.promoted_at = now
        free -= registration.seats
        promoted.append(registration)
        _notify(
            registration,
            _(
                "A seat has become free: your place at %(title)s is now confirmed. Registration number: %(code)s.",
                title=event.title,
                code=registration.code,
            ),
        )
    return promoted


def cancel_registration(registration: Registration, now: datetime | None = None) -> list[Registration]:
    now = now or utcnow()
    event = registration.event
    if not registration.is_active:
        raise ServiceError(_("This registration has already been cancelled."))
    if registration.checked_in_at is not None:
        raise ServiceError(_("This registration has been checked in and can no longer be cancelled."))
    if now >= event.cancel_until:
        raise ServiceError(
            _("Cancellation closed %(hours)s hours before the event starts.", hours=event.cancel_hours_before)
        )
    _lock_seats(event)
    was_confirmed = registration.status == RegistrationStatus.CONFIRMED
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = now
    db.session.flush()
    return _promote_waiting(event, now) if was_confirmed else []


def find_by_code(event: Event, code: str) -> Registration | None:
    return db.session.scalar(
        select(Registration).where(Registration.event_id == event.id, Registration.code == normalise_code(code))
    )


def check_in(event: Event, code: str, staff, now: datetime | None = None) -> Registration:
    now = now or utcnow()
    registration = find_by_code(event, code)
    if registration is None:
        raise ServiceError(_("No registration for this event has the code %(code)s.", code=normalise_code(code) or "—"))
    if registration.checked_in_at is not None:
        at = registration.checked_in_at + SHANGHAI_OFFSET
        raise ServiceError(_("This code was already used to check in at %(time)s.", time=f"{at:%H:%M}"))
    if registration.status != RegistrationStatus.CONFIRMED:
        raise ServiceError(_("This registration is %(status)s, not confirmed.", status=registration.status_enum.label))
    _mark_attended(registration, staff, now)
    return registration


def _mark_attended(registration: Registration, staff, now: datetime) -> None:
    registration.checked_in_at = now
    registration.checked_in_by_id = staff.id
    if registration.event.gives_certificate and registration.certificate_code is None:
        registration.certificate_code = new_code(12)


def record_walk_in(event: Event, name: str, organisation: str, mobile: str, staff, now: datetime | None = None):
    """Someone who came without signing up: recorded as attending, beyond the capacity count."""
    now = now or utcnow()
    if event.status != EventStatus.PUBLISHED:
        raise ServiceError(_("Walk-ins can only be recorded for a published event."))
    registration = Registration(
        event_id=event.id,
        name=name.strip(),
        organisation=organisation.strip(),
        mobile=mobile,
        attendee_names=[name.strip()],
        walk_in=True,
        status=RegistrationStatus.CONFIRMED,
        code=new_code(),
        created_at=now,
    )
    db.session.add(registration)
    db.session.flush()
    _mark_attended(registration, staff, now)
    return registration


def rate(registration: Registration, rating: int, comment: str | None, now: datetime | None = None) -> None:
    now = now or utcnow()
    if registration.checked_in_at is None:
        raise ServiceError(_("Only people who attended can rate the event."))
    if now < registration.event.ends_at:
        raise ServiceError(_("You can rate the event after it has ended."))
    if registration.rating is not None:
        raise ServiceError(_("You have already rated this event. Thank you."))
    if rating not in range(1, 6):
        raise ServiceError(_("Choose a rating."))
    registration.rating, registration.rating_comment, registration.rated_at = rating, (comment or None), now


def _notify(registration: Registration, text: str) -> None:
    if registration.user is not None and registration.user.email:
        mail.queue_mail(registration.user.email, _("Event: %(title)s", title=registration.event.title), text)
    elif registration.mobile:
        sms.queue_sms(registration.mobile, text)


def send_reminders(now: datetime | None = None) -> int:
    """Remind every confirmed registration of an event that starts on the next Shanghai calendar day.
    Safe to run more than once a day; callable from a scheduled task."""
    now = now or utcnow()
    tomorrow = (now + SHANGHAI_OFFSET).date() + timedelta(days=1)
    start_utc = datetime.combine(tomorrow, datetime.min.time()) - SHANGHAI_OFFSET
    due = db.session.scalars(
        select(Registration)
        .join(Event)
        .where(
            Event.status == EventStatus.PUBLISHED,
            Event.starts_at >= start_utc,
            Event.starts_at < start_utc + timedelta(days=1),
            Registration.status == RegistrationStatus.CONFIRMED,
            Registration.reminded_at.is_(None),
            Registration.walk_in.is_(False),
        )
    ).all()
    for registration in due:
        event = registration.event
        local = event.starts_at + SHANGHAI_OFFSET
        _notify(
            registration,
            _(
                "Reminder: %(title)s starts tomorrow at %(time)s, %(place)s. Registration number: %(code)s.",
                title=event.title,
                time=f"{local:%H:%M}",
                place=event.place or event.online_url,
                code=registration.code,
            ),
        )
        registration.reminded_at = now
    return len(due)
