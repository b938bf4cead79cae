"""Official indicator figures entered by staff: every entry is kept, so the history shows what was
published when and on what source."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, DateTime, Integer, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.core.db import utcnow
from portal.extensions import db

HIGH_VALUE_PER_10K = "high_value_patents_per_10k"  # 每万人口高价值发明专利拥有量


class OfficialIndicator(db.Model):
    __busts_page_cache__ = True
    __tablename__ = "official_indicators"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    indicator: Mapped[str] = mapped_column(String(60), default=HIGH_VALUE_PER_10K, index=True)
    value: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    # the date the figure describes (e.g. 2025-12-31 for a year-end figure)
    reference_date: Mapped[date] = mapped_column(Date)
    # who published it: the statistical bulletin, CNIPA or municipal release, with its date or number
    source: Mapped[str] = mapped_column(String(300))
    entered_by_id: Mapped[int | None] = mapped_column(Integer)
    entered_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
