"""Date-effective content: when a published item becomes visible and when it stops.

Editors and shipped files give times as Beijing wall-clock time (a date means 00:00 that day);
the database keeps naive UTC like every other timestamp. There is no job scheduler yet, so the
public queries compare these times with the clock on every read (see ``models.live_clause``):
a published item with a future ``publish_at`` appears by itself at that moment, and an item past
its ``expire_at`` disappears, its address handing over to the item named in ``replaced_by``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

BEIJING = ZoneInfo("Asia/Shanghai")


def to_utc(value: date | datetime | str | None) -> datetime | None:
    """A date, a Beijing wall-clock datetime, an aware datetime or an ISO string → naive UTC."""
    if value in (None, ""):
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value) if "T" in value or " " in value else date.fromisoformat(value)
    if not isinstance(value, datetime):
        value = datetime.combine(value, time.min)
    if value.tzinfo is None:
        value = value.replace(tzinfo=BEIJING)
    return value.astimezone(UTC).replace(tzinfo=None)


def to_beijing(value: datetime | None) -> datetime | None:
    """Naive UTC from the database → naive Beijing wall-clock time for forms and pages."""
    if value is None:
        return None
    return value.replace(tzinfo=UTC).astimezone(BEIJING).replace(tzinfo=None)
