"""The portal's clock: stored times are naive UTC; working days are Shanghai calendar days."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import overload
from zoneinfo import ZoneInfo

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
