"""Calendar days entered by staff: the State Council's schedule for a year the library does not know yet."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.core.db import utcnow
from portal.core.shared_cache import CASE_GENERATION
from portal.extensions import db

CALENDAR_GENERATION = "calendar-generation"


class CalendarDay(db.Model):
    __tablename__ = "calendar_days"
    # a committed change bumps these generations in the shared cache: every worker reloads the days, and
    # the overdue and due-soon counts (which follow working days) are counted afresh
    __cache_generations__ = (CALENDAR_GENERATION, CASE_GENERATION)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[date] = mapped_column(Date, unique=True)
    is_workday: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str] = mapped_column(String(200))  # e.g. 国办发明电〔2026〕… 春节
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
