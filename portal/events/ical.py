"""An iCalendar (RFC 5545) feed of published events, for phone and desktop calendars."""

from __future__ import annotations

from datetime import datetime

from portal.core.db import utcnow
from portal.events.models import Event
from portal.events.status import EventStatus


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")
    )


def _fold(line: str) -> list[str]:
    """Lines longer than 75 octets continue on the next line after a space (RFC 5545 §3.1)."""
    out, current = [], ""
    for ch in line:
        if len((current + ch).encode()) > (75 if not out else 74):
            out.append(current)
            current = ""
        current += ch
    out.append(current)
    return [out[0]] + [" " + part for part in out[1:]]


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%SZ")


def feed(events: list[Event], url_for_event, host: str) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Hongqiao District IP Service Platform//Events//ZH",
        "CALSCALE:GREGORIAN",
        "X-WR-CALNAME:红桥区知识产权活动",
        "X-WR-TIMEZONE:Asia/Shanghai",
    ]
    now = _stamp(utcnow())
    for event in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:event-{event.id}@{host}",
            f"DTSTAMP:{now}",
            f"DTSTART:{_stamp(event.starts_at)}",
            f"DTEND:{_stamp(event.ends_at)}",
            f"SUMMARY:{_escape(event.title)}",
            f"LOCATION:{_escape(event.place or event.online_url)}",
            f"URL:{url_for_event(event)}",
            f"STATUS:{'CANCELLED' if event.status == EventStatus.CANCELLED else 'CONFIRMED'}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(part + "\r\n" for line in lines for part in _fold(line))
