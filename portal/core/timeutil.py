"""The portal's clock: stored times are naive UTC; working days are Shanghai calendar days."""

from __future__ import annotations

from datetime import UTC, date, datetime
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


@lru_cache(maxsize=8192)
def format_day(day: date, fmt: str, locale: str) -> str:
    """A calendar day in the locale's words (Babel). Case tables repeat the same few hundred days on
    every page and Babel's formatting was the costliest step of a row, so each (day, format, locale)
    is formatted once per process."""
    return babel_dates.format_date(day, fmt, locale=locale)
