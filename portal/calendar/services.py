"""Keeping the working-day calculator in step with the staff-entered calendar days.

Each worker process holds the overrides in memory (core.working_days). They live in the shared cache
too, under the calendar generation: a committed change to the calendar bumps the generation
(``CalendarDay.__cache_generations__``), so the next request on every worker of every server reads
the new days at once — from the cache, or from the database when the cache has no copy. When the
cache does not answer (Redis down) a worker re-reads the table at most once a minute instead.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from portal.audit.services import record
from portal.calendar.models import CALENDAR_GENERATION, CalendarDay
from portal.core import shared_cache, working_days
from portal.extensions import cache, db

RELOAD_SECONDS = 60  # only while the shared cache is unavailable
CACHE_SECONDS = 24 * 3600
log = logging.getLogger(__name__)
_loaded_at = 0.0
_loaded_generation: int | None = None


def _from_database() -> dict[date, bool]:
    rows = db.session.execute(select(CalendarDay.day, CalendarDay.is_workday)).all()
    return {day: workday for day, workday in rows}


# set while this session's transaction holds days it loaded before committing them (load_overrides)
_LOADED_UNCOMMITTED = "calendar_loaded_uncommitted"


def load_overrides() -> None:
    """Read the table now (this transaction's view of it, e.g. right after an edit)."""
    global _loaded_at
    working_days.set_overrides(_from_database())
    _loaded_at = time.monotonic()
    # the edit may yet be rolled back: then this worker must read the saved calendar again, not go on
    # counting (and keeping pages for everyone) with days nobody saved
    db.session.info[_LOADED_UNCOMMITTED] = True


@event.listens_for(Session, "after_commit")
def _saved(session_):
    session_.info.pop(_LOADED_UNCOMMITTED, None)  # committed: its bump makes every worker reload


@event.listens_for(Session, "after_rollback")
def _rolled_back(session_):
    global _loaded_generation, _loaded_at
    if session_.info.pop(_LOADED_UNCOMMITTED, None):
        # the next refresh_if_stale reads the saved calendar, through the cache or, when it is down,
        # from the table at once (not a minute after the load that did not stick)
        _loaded_generation, _loaded_at = None, 0.0


def _load_generation(generation: int) -> None:
    global _loaded_generation, _loaded_at
    key = f"calendar-overrides:{generation}"
    try:
        cached = cache.get(key) if shared_cache.available() else None
    except Exception as err:
        shared_cache.unavailable(err, "calendar overrides read from the database")
        cached = None
    if cached is not None:
        overrides = {date.fromisoformat(day): bool(workday) for day, workday in cached.items()}
    else:
        overrides = _from_database()
        try:
            if shared_cache.available():
                days = {day.isoformat(): workday for day, workday in overrides.items()}
                cache.set(key, days, timeout=CACHE_SECONDS)
        except Exception as err:
            shared_cache.unavailable(err, "calendar overrides not kept")
    working_days.set_overrides(overrides)
    _loaded_generation, _loaded_at = generation, time.monotonic()


def refresh_if_stale() -> None:
    """Before a request (and in commands and jobs): the current calendar, fresh after any edit anywhere."""
    try:
        current = shared_cache.generation(CALENDAR_GENERATION)
        if current is not None:
            if current != _loaded_generation:
                _load_generation(current)
            return
        if time.monotonic() - _loaded_at > RELOAD_SECONDS:
            load_overrides()
    except Exception:  # a database hiccup must not take pages (or /healthz) down with it
        db.session.rollback()
        log.exception("could not load calendar overrides; keeping the previous ones")
        # time limits counted with the previous days must not be kept for everyone under the new generation
        shared_cache.keep_nothing_in_this_request()


def forget() -> None:
    """Drop the in-memory overrides and the cached copy (the table was emptied behind the ORM's back,
    as tests do between runs)."""
    global _loaded_at, _loaded_generation
    working_days.clear_overrides()
    _loaded_at, _loaded_generation = 0.0, None
    shared_cache.bump_generation(CALENDAR_GENERATION)


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


MAX_RANGE_DAYS = 31


def set_range(start: date, end: date, is_workday: bool, note: str, actor) -> int:
    """Enter consecutive days at once (春节 is one entry, not nine); one audit row. Returns the day count."""
    from portal.core.errors import ServiceError
    from portal.i18n import gettext as _

    if end < start:
        raise ServiceError(_("The last day cannot be before the first day."))
    if (end - start).days + 1 > MAX_RANGE_DAYS:
        raise ServiceError(_("A range covers at most %(n)s days.", n=MAX_RANGE_DAYS))
    existing = {r.day: r for r in db.session.scalars(select(CalendarDay).where(CalendarDay.day.between(start, end)))}
    day = start
    while day <= end:
        row = existing.get(day)
        if row is None:
            db.session.add(CalendarDay(day=day, is_workday=is_workday, note=note, created_by_id=actor.id))
        else:
            row.is_workday, row.note = is_workday, note
        day += timedelta(days=1)
    record(
        "calendar_range",
        "calendar",
        None,
        actor=actor,
        from_value=start.isoformat(),
        to_value=f"{end.isoformat()}={'work' if is_workday else 'off'}",
        note=note,
    )
    db.session.flush()
    return (end - start).days + 1


@dataclass(frozen=True)
class DayRange:
    """Consecutive entered days of the same kind and source, shown (and removed) as one entry."""

    first: CalendarDay
    last: CalendarDay
    count: int

    @property
    def is_workday(self) -> bool:
        return self.first.is_workday

    @property
    def note(self) -> str:
        return self.first.note


def ranges() -> list[DayRange]:
    groups: list[list[CalendarDay]] = []
    for row in all_days():
        last = groups[-1][-1] if groups else None
        if (
            last is not None
            and row.day == last.day + timedelta(days=1)
            and row.is_workday == last.is_workday
            and row.note == last.note
        ):
            groups[-1].append(row)
        else:
            groups.append([row])
    return [DayRange(g[0], g[-1], len(g)) for g in groups]


def remove_range(first: CalendarDay, actor) -> int:
    """Remove the whole entry (consecutive days, same kind and source) that starts at or holds ``first``."""
    group = next((r for r in ranges() if r.first.day <= first.day <= r.last.day), None)
    if group is None:
        return 0
    rows = db.session.scalars(
        select(CalendarDay).where(
            CalendarDay.day.between(group.first.day, group.last.day),
        )
    )
    record(
        "calendar_range_removed",
        "calendar",
        None,
        actor=actor,
        from_value=group.first.day.isoformat(),
        to_value=group.last.day.isoformat(),
    )
    for row in rows:
        db.session.delete(row)
    db.session.flush()
    return group.count


def entered_years() -> set[int]:
    """Years for which staff entered at least one holiday."""
    return {r.day.year for r in all_days() if not r.is_workday}
