"""The portal's clock: stored times are naive UTC; working days are Shanghai calendar days."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from functools import lru_cache
from typing import overload
from zoneinfo import ZoneInfo

from babel import dates as babel_dates

SHANGHAI = ZoneInfo("Asia/Shanghai")


def today_local() -> date:
    """Today's date in Asia/Shanghai (a case filed at 07:30 Beijing time counts from that day)."""
    return datetime.now(UTC).astimezone(SHANGHAI).date()


@overload
def local_date(moment: datetime) -> date: ...
@overload
def local_date(moment: None) -> None: ...
def local_date(moment: datetime | None) -> date | None:
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC).astimezone(SHANGHAI).date()


# the named formats whose time part carries no zone (in Chinese and English): composed from cached parts
COMPOSED_FORMATS = ("medium", "short")


def format_moment(moment: datetime, fmt: str, locale: str) -> str:
    """A stored moment (naive UTC) as Shanghai time in the locale's words: what Babel's
    ``format_datetime`` gives, composed as Babel composes it (the locale's date-time pattern around the
    date and the time) from parts formatted once per process. A timeline or a record list formats
    dozens of moments and Babel's whole path took about 50 µs each."""
    local = moment.replace(tzinfo=UTC).astimezone(SHANGHAI)
    if fmt not in COMPOSED_FORMATS:
        return babel_dates.format_datetime(local, fmt, locale=locale)
    return (
        _datetime_pattern(fmt, locale)
        .replace("{0}", _clock_time(local.time(), fmt, locale))
        .replace("{1}", format_day(local.date(), fmt, locale))
    )


@lru_cache(maxsize=64)
def _datetime_pattern(fmt: str, locale: str) -> str:
    return str(babel_dates.get_datetime_format(fmt, locale=locale)).replace("'", "")  # type: ignore[arg-type]


@lru_cache(maxsize=8192)
def _clock_time(clock: time, fmt: str, locale: str) -> str:
    return babel_dates.format_time(clock, fmt, locale=locale)


@lru_cache(maxsize=8192)
def format_day(day: date, fmt: str, locale: str) -> str:
    """A calendar day in the locale's words (Babel). Case tables repeat the same few hundred days on
    every page and Babel's formatting was the costliest step of a row, so each (day, format, locale)
    is formatted once per process."""
    return babel_dates.format_date(day, fmt, locale=locale)
