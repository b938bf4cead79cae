"""Market tables: agencies with their credit history and inspections, institutions, patent listings,
matches between a listing and a firm, and firms' technology needs."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.db import utcnow
from portal.extensions import db
from portal.market.vocab import (
    AgencyKind,
    CreditStatus,
    InspectionKind,
    InstitutionKind,
    LegalStatus,
    ListingStatus,
    MatchStage,
    NeedStatus,
    OfferMode,
)


def _values(enum) -> str:
    return ",".join(f"'{m.value}'" for m in enum)


class Agency(db.Model):
    """An entry of the IP service agency directory (知识产权服务机构名录)."""

    __tablename__ = "market_agencies"
    __table_args__ = (
        CheckConstraint(f"kind IN ({_values(AgencyKind)})", name="kind"),
        CheckConstraint(f"credit_status IN ({_values(CreditStatus)})", name="credit_status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    credit_code: Mapped[str] = mapped_column(String(18), unique=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    licence_no: Mapped[str | None] = mapped_column(String(60))  # 备案号 or 执业许可证号
    address: Mapped[str | None] = mapped_column(String(300))
    contact: Mapped[str | None] = mapped_column(String(200))
    services: Mapped[str | None] = mapped_column(Text)
    credit_status: Mapped[str] = mapped_column(String(20), default=CreditStatus.NORMAL, index=True)
    # the agency's own account, which keeps contact and services current
    account_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    status_changes = relationship(
        "AgencyStatusChange", order_by="(AgencyStatusChange.effective_on.desc(), AgencyStatusChange.id.desc())"
    )
    inspections = relationship("AgencyInspection", order_by="AgencyInspection.inspected_on.desc()")

    @property
    def status(self) -> CreditStatus:
        return CreditStatus(self.credit_status)

    @property
    def blacklisted(self) -> bool:
        return self.credit_status == CreditStatus.BLACKLISTED

    @property
    def current_change(self):
        return self.status_changes[0] if self.status_changes else None


class AgencyChange(db.Model):
    """Changes an agency proposes to the regulated fields of its entry; staff confirm or refuse them."""

    __tablename__ = "market_agency_changes"
    __table_args__ = (CheckConstraint("status IN ('pending','confirmed','refused')", name="status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("market_agencies.id"), index=True)
    proposed: Mapped[dict] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    requested_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)

    agency = relationship("Agency")


class AgencyStatusChange(db.Model):
    """One dated, sourced change of an agency's credit status (the decision behind it)."""

    __tablename__ = "market_agency_status_changes"
    __table_args__ = (CheckConstraint(f"status IN ({_values(CreditStatus)})", name="status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("market_agencies.id"), index=True)
    status: Mapped[str] = mapped_column(String(20))
    effective_on: Mapped[date] = mapped_column(Date)
    until: Mapped[date | None] = mapped_column(Date)  # the end of the listing period, where the decision sets one
    decision_no: Mapped[str | None] = mapped_column(String(120))
    issuing_body: Mapped[str] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(String(500))  # where the decision is published
    reason: Mapped[str | None] = mapped_column(Text)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    @property
    def status_enum(self) -> CreditStatus:
        return CreditStatus(self.status)


class AgencyInspection(db.Model):
    """A 双随机、一公开 inspection result or a 蓝天 campaign finding."""

    __tablename__ = "market_agency_inspections"
    __table_args__ = (CheckConstraint(f"kind IN ({_values(InspectionKind)})", name="kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("market_agencies.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    inspected_on: Mapped[date] = mapped_column(Date)
    unit: Mapped[str] = mapped_column(String(200))
    result: Mapped[str] = mapped_column(Text)
    recorded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    @property
    def kind_enum(self) -> InspectionKind:
        return InspectionKind(self.kind)


class FirmAgency(db.Model):
    """The agency a firm names as the one handling its IP filings."""

    __tablename__ = "market_firm_agencies"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    firm_id: Mapped[int] = mapped_column(ForeignKey("firms.id"), unique=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("market_agencies.id"), index=True)
    chosen_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    agency = relationship("Agency")


class Institution(db.Model):
    """A university or research institute offering patents; one account signs in for it."""

    __tablename__ = "market_institutions"
    __table_args__ = (CheckConstraint(f"kind IN ({_values(InstitutionKind)})", name="kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    credit_code: Mapped[str] = mapped_column(String(18), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    contact_name: Mapped[str] = mapped_column(String(100))
    contact_phone: Mapped[str] = mapped_column(String(30))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    user = relationship("User")

    @property
    def kind_enum(self) -> InstitutionKind:
        return InstitutionKind(self.kind)


class PatentListing(db.Model):
    """A patent offered for transfer, licence or open licence, by an institution or a firm."""

    __tablename__ = "market_patent_listings"
    __table_args__ = (
        CheckConstraint(f"mode IN ({_values(OfferMode)})", name="mode"),
        CheckConstraint(f"legal_status IN ({_values(LegalStatus)})", name="legal_status"),
        CheckConstraint(f"status IN ({_values(ListingStatus)})", name="status"),
        CheckConstraint("(institution_id IS NULL) <> (firm_id IS NULL)", name="one_owner"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    institution_id: Mapped[int | None] = mapped_column(ForeignKey("market_institutions.id"), index=True)
    firm_id: Mapped[int | None] = mapped_column(ForeignKey("firms.id"), index=True)
    application_no: Mapped[str] = mapped_column(String(20), index=True)  # 201310699744.2
    title: Mapped[str] = mapped_column(String(200))
    ipc: Mapped[str] = mapped_column(String(20))
    legal_status: Mapped[str] = mapped_column(String(20))
    field: Mapped[str] = mapped_column(String(100), index=True)
    mode: Mapped[str] = mapped_column(String(20))
    terms: Mapped[str] = mapped_column(Text)
    price: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))  # 万元; empty means 面议 (negotiable)
    open_licence_terms: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default=ListingStatus.AVAILABLE, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    institution = relationship("Institution")
    firm = relationship("Firm")

    @property
    def owner_name(self) -> str:
        return self.institution.name if self.institution else self.firm.name

    @property
    def mode_enum(self) -> OfferMode:
        return OfferMode(self.mode)

    @property
    def legal_status_enum(self) -> LegalStatus:
        return LegalStatus(self.legal_status)

    @property
    def status_enum(self) -> ListingStatus:
        return ListingStatus(self.status)

    @property
    def is_available(self) -> bool:
        return self.status == ListingStatus.AVAILABLE


class SavedListing(db.Model):
    __tablename__ = "market_saved_listings"
    __table_args__ = (UniqueConstraint("firm_id", "listing_id", name="uq_market_saved_listings_firm_listing"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    firm_id: Mapped[int] = mapped_column(ForeignKey("firms.id"), index=True)
    listing_id: Mapped[int] = mapped_column(ForeignKey("market_patent_listings.id"))
    saved_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    listing = relationship("PatentListing")


class Match(db.Model):
    """A firm's interest in a listing and its progress 意向 → 洽谈 → 签约 → 备案."""

    __tablename__ = "market_matches"
    __table_args__ = (
        CheckConstraint(f"stage IN ({_values(MatchStage)})", name="stage"),
        CheckConstraint(f"contract_type IS NULL OR contract_type IN ({_values(OfferMode)})", name="contract_type"),
        UniqueConstraint("listing_id", "firm_id", name="uq_market_matches_listing_firm"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(24), unique=True)
    listing_id: Mapped[int] = mapped_column(ForeignKey("market_patent_listings.id"), index=True)
    firm_id: Mapped[int] = mapped_column(ForeignKey("firms.id"), index=True)
    message: Mapped[str] = mapped_column(Text)
    stage: Mapped[str] = mapped_column(String(20), default=MatchStage.INTENT, index=True)
    contract_type: Mapped[str | None] = mapped_column(String(20))
    amount: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))  # 万元, where the parties disclose it
    signed_on: Mapped[date | None] = mapped_column(Date)
    filed_on: Mapped[date | None] = mapped_column(Date)  # 备案 of the contract
    public_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    listing = relationship("PatentListing")
    firm = relationship("Firm")

    __mapper_args__ = {"version_id_col": version}

    @property
    def stage_enum(self) -> MatchStage:
        return MatchStage(self.stage)


class TechNeed(db.Model):
    """A firm's technology need (技术需求) that institutions may answer."""

    __tablename__ = "market_tech_needs"
    __table_args__ = (CheckConstraint(f"status IN ({_values(NeedStatus)})", name="status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    firm_id: Mapped[int] = mapped_column(ForeignKey("firms.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    field: Mapped[str] = mapped_column(String(100))
    description: Mapped[str] = mapped_column(Text)
    budget: Mapped[str | None] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(20), default=NeedStatus.OPEN, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    firm = relationship("Firm")
    answers = relationship("NeedAnswer", order_by="NeedAnswer.id")

    @property
    def status_enum(self) -> NeedStatus:
        return NeedStatus(self.status)

    @property
    def is_open(self) -> bool:
        return self.status == NeedStatus.OPEN


class NeedAnswer(db.Model):
    __tablename__ = "market_need_answers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("market_tech_needs.id"), index=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("market_institutions.id"), index=True)
    message: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    institution = relationship("Institution")
