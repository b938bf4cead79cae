"""Keeping the working-day calculator in step with the staff-entered calendar days.

Each worker process holds the overrides in memory (core.working_days); it reloads them at most
once a minute, and at once in the process where staff changed them.
"""

from __future__ import annotations

import logging
import time
from datetime import date

from sqlalchemy import select

from portal.audit.services import record
from portal.calendar.models import CalendarDay
from portal.core import working_days
from portal.extensions import db

RELOAD_SECONDS = 60
log = logging.getLogger(__name__)
_loaded_at = 0.0


def load_overrides() -> None:
    global _loaded_at
    rows = db.session.execute(select(CalendarDay.day, CalendarDay.is_workday)).all()
    working_days.set_overrides({day: workday for day, workday in rows})
    _loaded_at = time.monotonic()


def refresh_if_stale() -> None:
    if time.monotonic() - _loaded_at > RELOAD_SECONDS:
        try:
            load_overrides()
        except Exception:  # a database hiccup must not take pages (or /healthz) down with it
            db.session.rollback()
            log.exception("could not load calendar overrides; keeping the previous ones")


def forget() -> None:
    """Drop the in-memory overrides (tests empty the table between runs)."""
    global _loaded_at
    working_days.clear_overrides()
    _loaded_at = 0.0


def all_days() -> list[CalendarDay]:
    return list(db.session.scalars(select(CalendarDay).order_by(CalendarDay.day)))


def set_day(day: date, is_workday: bool, note: str, actor) -> CalendarDay:
    row = db.session.scalar(select(CalendarDay).where(CalendarDay.day == day))
    if row is None:
        row = CalendarDay(day=day, is_workday=is_workday, note=note, created_by_id=actor.id)
        db.session.add(row)
    else:
        row.is_workday, row.note = is_workday, note
    record(
        "calendar_day",
        "calendar",
        None,
        actor=actor,
        to_value=f"{day.isoformat()}={'work' if is_workday else 'off'}",
        note=note,
    )
    db.session.flush()
    return row


def remove_day(row: CalendarDay, actor) -> None:
    record("calendar_day_removed", "calendar", None, actor=actor, from_value=row.day.isoformat())
    db.session.delete(row)
    db.session.flush()
