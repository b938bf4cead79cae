"""Working-day arithmetic for statutory time limits (domain.md §8).

Administrative Licensing Law art. 82 says time limits counted in working days exclude statutory
holidays, and the State Council's 调休 make-up Saturdays/Sundays are ordinary working days. Civil
Code art. 201 says the start day is not counted. Every deadline, "days used" figure and overdue
badge in the back office goes through these functions, so they all agree.

The calendar comes from ``chinese_calendar`` (2004–2026 in version 1.11). Outside that range the
library raises ``NotImplementedError``. That took down other projects on 1 January, so here we fall
back to Monday–Friday and log one warning per year. Staff-entered days (a future DB table) are
applied through :func:`set_overrides` and take precedence over both.

Everything here is a pure function of the date and the in-process override mapping. Nothing imports
Flask or the database. Overrides and the cache are per process, so each worker must load them.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta
from functools import lru_cache

import chinese_calendar

log = logging.getLogger(__name__)

_ONE_DAY = timedelta(days=1)

# Staff-entered calendar days: date -> is it a working day. Replaced wholesale by set_overrides.
_overrides: dict[date, bool] = {}

# Years we have already warned about. A set, not the lru_cache, keeps this to one warning per year
# even after the cache is cleared. Worst case under a thread race is a duplicate warning.
_warned_years: set[int] = set()


def _as_date(d: date) -> date:
    """Drop the time part, so a datetime hits the same override key and cache entry as its date."""
    return d.date() if isinstance(d, datetime) else d


@lru_cache(maxsize=8192)
def _is_working_day_cached(d: date) -> bool:
    if d in _overrides:
        return _overrides[d]
    try:
        return chinese_calendar.is_workday(d)
    except NotImplementedError:
        if d.year not in _warned_years:
            _warned_years.add(d.year)
            log.warning(
                "chinese_calendar has no holiday data for %d; counting Monday-Friday as working days. "
                "Upgrade chinesecalendar or enter that year's schedule as calendar overrides.",
                d.year,
            )
        return d.weekday() < 5


def is_working_day(d: date) -> bool:
    """True if ``d`` counts towards a working-day time limit.

    Make-up weekend days (调休) are working days and statutory holidays are not. Overrides come
    first, then chinese_calendar, then Monday–Friday for years the library does not cover. The
    result is cached because queue pages ask this for every row.
    """
    return _is_working_day_cached(_as_date(d))


def set_overrides(mapping: dict[date, bool]) -> None:
    """Replace the staff-entered calendar days (date -> is working day) and invalidate the cache.

    This replaces rather than merges, so the caller can load the whole table in one go and a row
    deleted in the DB also stops applying here.
    """
    global _overrides
    _overrides = {_as_date(d): bool(v) for d, v in mapping.items()}
    _is_working_day_cached.cache_clear()
    _working_days_between.cache_clear()


def clear_overrides() -> None:
    """Drop all overrides and go back to the library calendar (and the weekday fallback)."""
    set_overrides({})


def add_working_days(start: date, n: int) -> date:
    """Return the n-th working day after ``start``. ``start`` itself is not counted (Civil Code art. 201).

    ``n == 0`` returns ``start`` if it is a working day, otherwise the next working day. This is
    an explicit loop because ``chinese_calendar.find_workday`` first rolls a non-working ``start``
    forward and then counts ``n`` more days, which makes it one day late (domain.md §8.2).
    """
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n}")
    d = _as_date(start)
    if n == 0:
        while not is_working_day(d):
            d += _ONE_DAY
        return d
    remaining = n
    while remaining:
        d += _ONE_DAY
        if is_working_day(d):
            remaining -= 1
    return d


def working_days_between(start: date, end: date) -> int:
    """Count working days d with ``start < d <= end``. Returns 0 if ``end <= start``.

    This is the "days used" figure for a case received on ``start`` and decided on ``end``. It is
    the inverse of :func:`add_working_days`: ``working_days_between(s, add_working_days(s, n)) == n``
    for n >= 1.
    """
    return _working_days_between(_as_date(start), _as_date(end))


@lru_cache(maxsize=65536)
def _working_days_between(d: date, last: date) -> int:
    # cached like is_working_day (a queue page asks for every row) and cleared with it
    count = 0
    while d < last:
        d += _ONE_DAY
        if is_working_day(d):
            count += 1
    return count


def working_days_left(today: date, due: date) -> int:
    """Return the working days from ``today`` until ``due``. The result is negative once overdue.

    Positive: working days in (today, due]. Zero on the due date. Negative: minus the working days in
    (due, today], so a case due on Friday shows -1 on Monday rather than -3.
    """
    today, due = _as_date(today), _as_date(due)
    if due >= today:
        return working_days_between(today, due)
    return -working_days_between(due, today)


def library_covers(year: int) -> bool:
    """Whether the built-in holiday calendar knows ``year`` (outside it, Monday–Friday is assumed)."""
    try:
        chinese_calendar.is_workday(date(year, 6, 1))
    except NotImplementedError:
        return False
    return True
