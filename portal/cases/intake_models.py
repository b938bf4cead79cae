"""What a case is filed under and numbered from: calls for applications (申报批次) and the reference
counters."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from portal.cases.kinds import KINDS, CaseKind, CaseType
from portal.core.db import utcnow
from portal.core.shared_cache import CASE_PAGE_GENERATION
from portal.core.timeutil import today_local
from portal.extensions import Model

TYPE_VALUES = ",".join(f"'{t.value}'" for t in CaseType)


class Call(Model):
    """A call for applications (申报批次) of a demonstration programme: a window, a year, a quota."""

    __tablename__ = "calls"
    __cache_generations__ = (CASE_PAGE_GENERATION,)  # its title on the case page
    __table_args__ = (
        CheckConstraint(f"kind IN ({TYPE_VALUES})", name="kind"),
        CheckConstraint("closes_on >= opens_on", name="window"),
        CheckConstraint("quota IS NULL OR quota > 0", name="quota"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(30), index=True)
    year: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    opens_on: Mapped[date] = mapped_column(Date)
    closes_on: Mapped[date] = mapped_column(Date)
    quota: Mapped[int | None] = mapped_column(Integer)
    notice_url: Mapped[str | None] = mapped_column(String(300))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    @property
    def case_kind(self) -> CaseKind:
        return KINDS[self.kind]

    def is_open_on(self, day: date) -> bool:
        return self.opens_on <= day <= self.closes_on

    @property
    def is_open(self) -> bool:
        return self.is_open_on(today_local())


class ReferenceCounter(Model):
    """The last number issued per type code and year, e.g. (RP, 2026) → 42."""

    __tablename__ = "reference_counters"
    __table_args__ = (UniqueConstraint("code", "year", name="uq_reference_counters_code_year"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(4))
    year: Mapped[int] = mapped_column(Integer)
    last_number: Mapped[int] = mapped_column(Integer, default=0)
