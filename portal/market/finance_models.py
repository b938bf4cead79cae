"""Financing and insurance: district banks and insurers, their products, and firms' requests."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, Date, DateTime, ForeignKey, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.db import utcnow
from portal.core.shared_cache import CASE_PAGE_GENERATION
from portal.extensions import db
from portal.market.vocab import ProductKind, ProviderKind, RequestStatus


def _values(enum) -> str:
    return ",".join(f"'{m.value}'" for m in enum)


class FinanceProvider(db.Model):
    """A bank or insurer in the district, entered by staff."""

    __tablename__ = "market_finance_providers"
    __cache_generations__ = (CASE_PAGE_GENERATION,)  # named in a subsidy application's answers
    __table_args__ = (CheckConstraint(f"kind IN ({_values(ProviderKind)})", name="kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    contact: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    @property
    def kind_enum(self) -> ProviderKind:
        return ProviderKind(self.kind)


class FinanceProduct(db.Model):
    """A pledge loan (rate range, term, maximum, eligibility) or an IP insurance (types, premium subsidy)."""

    __tablename__ = "market_finance_products"
    __cache_generations__ = (CASE_PAGE_GENERATION,)  # named in a subsidy application's answers
    __table_args__ = (
        CheckConstraint(f"kind IN ({_values(ProductKind)})", name="kind"),
        CheckConstraint("valid_until >= valid_from", name="valid_period"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("market_finance_providers.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    name: Mapped[str] = mapped_column(String(200))
    rate_min: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))  # % a year
    rate_max: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    term_months: Mapped[int | None] = mapped_column(Integer)
    max_amount: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))  # 万元
    eligibility: Mapped[str | None] = mapped_column(Text)
    insurance_types: Mapped[str | None] = mapped_column(Text)
    premium_subsidy: Mapped[str | None] = mapped_column(Text)
    valid_from: Mapped[date] = mapped_column(Date)
    valid_until: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    provider = relationship("FinanceProvider")

    @property
    def kind_enum(self) -> ProductKind:
        return ProductKind(self.kind)


class FinancingRequest(db.Model):
    """A firm asks for financing or insurance: a chosen product or a described need, with its IP list."""

    __tablename__ = "market_financing_requests"
    __cache_generations__ = (CASE_PAGE_GENERATION,)  # named in a subsidy application's answers
    __table_args__ = (
        CheckConstraint(f"status IN ({_values(RequestStatus)})", name="status"),
        CheckConstraint(f"kind IN ({_values(ProductKind)})", name="kind"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(24), unique=True)
    firm_id: Mapped[int] = mapped_column(ForeignKey("firms.id"), index=True)
    product_id: Mapped[int | None] = mapped_column(ForeignKey("market_finance_products.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    need: Mapped[str] = mapped_column(Text)
    amount_sought: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))  # 万元
    ip_list: Mapped[str] = mapped_column(Text)  # the firm's IP holdings from its profile, as sent
    status: Mapped[str] = mapped_column(String(20), default=RequestStatus.SUBMITTED, index=True)
    passed_to: Mapped[str | None] = mapped_column(String(500))
    granted_amount: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))  # 万元
    decided_on: Mapped[date | None] = mapped_column(Date)
    outcome_note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    firm = relationship("Firm")
    product = relationship("FinanceProduct")

    __mapper_args__ = {"version_id_col": version}

    @property
    def status_enum(self) -> RequestStatus:
        return RequestStatus(self.status)

    @property
    def is_pending(self) -> bool:
        """Not decided yet: it can still be withdrawn or its outcome recorded."""
        return self.status in (RequestStatus.SUBMITTED, RequestStatus.PASSED_ON)

    @property
    def kind_enum(self) -> ProductKind:
        return ProductKind(self.kind)
