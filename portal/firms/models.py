"""Registered firms (innovators) and their yearly IP profiles."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, Date, DateTime, ForeignKey, Integer, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.db import utcnow
from portal.core.shared_cache import CASE_GENERATION
from portal.extensions import db


class Firm(db.Model):
    __tablename__ = "firms"
    __cache_generations__ = (CASE_GENERATION,)  # the queue's firm filters count over firms

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    credit_code: Mapped[str] = mapped_column(String(18), unique=True)
    contact_name: Mapped[str] = mapped_column(String(100))
    contact_mobile: Mapped[str] = mapped_column(String(20))
    industry: Mapped[str | None] = mapped_column(String(30), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # a code that fails its check digit: "" (the code passed every check), "pending" (staff check it
    # against the business licence), "confirmed" or "refused"; only "" and "confirmed" may submit
    code_review: Mapped[str] = mapped_column(String(20), default="", index=True)
    code_reviewed_at: Mapped[datetime | None] = mapped_column(DateTime)
    code_reviewed_by_id: Mapped[int | None] = mapped_column(Integer)

    @property
    def code_usable(self) -> bool:
        return self.code_review in ("", "confirmed")

    users = relationship("User", back_populates="firm")
    qualifications = relationship("FirmQualification", order_by="FirmQualification.kind")


class FirmCorrection(db.Model):
    """A firm's new name with its new business licence: it takes effect when staff confirm it."""

    __tablename__ = "firm_corrections"
    __table_args__ = (CheckConstraint("status IN ('pending','confirmed','refused')", name="status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    firm_id: Mapped[int] = mapped_column(ForeignKey("firms.id"), index=True)
    old_name: Mapped[str] = mapped_column(String(200))
    new_name: Mapped[str] = mapped_column(String(200))
    licence_stored_name: Mapped[str] = mapped_column(String(64))
    licence_original_name: Mapped[str] = mapped_column(String(255))
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decision_note: Mapped[str | None] = mapped_column(String(500))

    firm = relationship("Firm")


class FirmQualification(db.Model):
    """A recognised qualification (专精特新, 雏鹰/瞪羚/领军, 高新技术企业 …) with its certificate."""

    __tablename__ = "firm_qualifications"
    __cache_generations__ = (CASE_GENERATION,)  # the queue's firm filters count over firms

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    firm_id: Mapped[int] = mapped_column(ForeignKey("firms.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30), index=True)
    certificate_no: Mapped[str | None] = mapped_column(String(60))
    valid_until: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class FirmIpProfile(db.Model):
    """One year's IP holdings and innovation figures of a firm; earlier years stay as history."""

    __tablename__ = "firm_ip_profiles"
    __table_args__ = (
        UniqueConstraint("firm_id", "year", name="uq_firm_ip_profiles_firm_year"),
        CheckConstraint("high_value_patents <= invention_patents", name="high_value_le_inventions"),
        CheckConstraint("software_copyrights <= copyrights", name="software_le_copyrights"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    firm_id: Mapped[int] = mapped_column(ForeignKey("firms.id"), index=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    employees: Mapped[int] = mapped_column(Integer, default=0)
    rd_spending: Mapped[Decimal] = mapped_column(Numeric(14, 2), default=0)  # 万元
    invention_patents: Mapped[int] = mapped_column(Integer, default=0)
    high_value_patents: Mapped[int] = mapped_column(Integer, default=0)
    # CNIPA's five high-value categories, as counts (a patent may fall in several)
    hv_strategic_industry: Mapped[int] = mapped_column(Integer, default=0)
    hv_foreign_family: Mapped[int] = mapped_column(Integer, default=0)
    hv_long_maintained: Mapped[int] = mapped_column(Integer, default=0)
    hv_pledged: Mapped[int] = mapped_column(Integer, default=0)
    hv_awarded: Mapped[int] = mapped_column(Integer, default=0)
    utility_models: Mapped[int] = mapped_column(Integer, default=0)
    designs: Mapped[int] = mapped_column(Integer, default=0)
    trademarks_domestic: Mapped[int] = mapped_column(Integer, default=0)
    trademarks_abroad: Mapped[int] = mapped_column(Integer, default=0)
    copyrights: Mapped[int] = mapped_column(Integer, default=0)
    software_copyrights: Mapped[int] = mapped_column(Integer, default=0)
    pct_applications: Mapped[int] = mapped_column(Integer, default=0)
    madrid_registrations: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
