"""Public infringement reports (侵权假冒举报), their evidence files and duplicate links."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy import false as sa_false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.db import utcnow
from portal.core.permissions import Permission
from portal.core.shared_cache import CASE_PAGE_GENERATION
from portal.extensions import db
from portal.reports.routing import Line, ReportKind, route_for
from portal.reports.status import FINAL_STATES, OPEN_STATES, ReportStatus, ReportTransition, rows_from

STATUS_VALUES = ",".join(f"'{s.value}'" for s in ReportStatus)
KIND_VALUES = ",".join(f"'{k.value}'" for k in ReportKind)


class Report(db.Model):
    __tablename__ = "reports"
    __table_args__ = (
        CheckConstraint(f"status IN ({STATUS_VALUES})", name="status"),
        CheckConstraint(f"kind IN ({KIND_VALUES})", name="kind"),
        Index("ix_reports_status_due", "status", "due_date"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(24), unique=True)
    # only a hash: a leaked database does not let anyone read a report through the public page
    tracking_hash: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20), default=ReportStatus.RECEIVED, index=True)
    suspected_crime: Mapped[bool] = mapped_column(Boolean, default=False)
    line: Mapped[str] = mapped_column(String(30))  # where the kind is routed (routing.Line)

    what: Mapped[str] = mapped_column(Text)
    place: Mapped[str | None] = mapped_column(String(300))  # address or shop
    url: Mapped[str | None] = mapped_column(String(500))  # online seller
    happened_on: Mapped[date | None] = mapped_column(Date)
    right_concerned: Mapped[str | None] = mapped_column(String(200))
    registration_no: Mapped[str | None] = mapped_column(String(60))
    # the same target normalised: a second report about it is linked to the first, not lost
    target_key: Mapped[str | None] = mapped_column(String(300), index=True)
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("reports.id"), index=True)

    reporter_name: Mapped[str | None] = mapped_column(String(100))
    reporter_phone: Mapped[str | None] = mapped_column(String(30))
    reporter_email: Mapped[str | None] = mapped_column(String(254))
    notify_reporter: Mapped[bool] = mapped_column(Boolean, default=False)
    # a named reporter who gave a mobile number may also be told of the outcome by SMS
    notify_sms: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())
    # a named reporter signed in when filing: their contact data is in their PIPL export and deletion.
    # Never set for an anonymous report, which keeps no account, name, contact or address.
    reporter_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    ip: Mapped[str | None] = mapped_column(String(45))

    received_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    received_on: Mapped[date] = mapped_column(Date, index=True)
    due_date: Mapped[date | None] = mapped_column(Date)  # the district's time limit, in working days
    decided_on: Mapped[date | None] = mapped_column(Date)
    handling_unit: Mapped[str | None] = mapped_column(String(200))
    transferred_to: Mapped[str | None] = mapped_column(String(200))
    transferred_on: Mapped[date | None] = mapped_column(Date)
    outcome_note: Mapped[str | None] = mapped_column(Text)  # what the reporter is told
    version: Mapped[int] = mapped_column(Integer, default=1)

    files = relationship("ReportFile", back_populates="report", order_by="ReportFile.id", cascade="all, delete-orphan")
    duplicate_of = relationship("Report", remote_side=[id], foreign_keys=[duplicate_of_id])

    __mapper_args__ = {"version_id_col": version}

    @property
    def status_enum(self) -> ReportStatus:
        return ReportStatus(self.status)

    @property
    def kind_enum(self) -> ReportKind:
        return ReportKind(self.kind)

    @property
    def line_enum(self) -> Line:
        return Line(self.line)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATES

    @property
    def is_final(self) -> bool:
        return self.status in FINAL_STATES

    @property
    def is_anonymous(self) -> bool:
        return not (self.reporter_name or self.reporter_phone or self.reporter_email)

    def routed_line(self) -> Line:
        return route_for(self.kind, self.suspected_crime)

    def actions_for(self, user) -> list[ReportTransition]:
        if not user.is_authenticated or not user.can(Permission.REPORT_HANDLE):
            return []
        return rows_from(self.status)


class ReportFile(db.Model):
    __tablename__ = "report_files"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    stored_name: Mapped[str] = mapped_column(String(64))
    original_name: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    # the per-evidence limit counts recent reports carrying the same file
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)

    report = relationship("Report", back_populates="files")


class CaseFollowUp(db.Model):
    """回访 on a closed rights-protection case: how the dispute ended, what was recovered, and the
    firm's satisfaction. Recorded by staff, or by the firm itself from its case page."""

    __tablename__ = "case_follow_ups"
    __table_args__ = (
        CheckConstraint("satisfaction IS NULL OR (satisfaction BETWEEN 1 AND 5)", name="satisfaction"),
        CheckConstraint("amount_recovered IS NULL OR amount_recovered >= 0", name="amount_recovered"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), unique=True)
    due_on: Mapped[date] = mapped_column(Date)
    outcome: Mapped[str] = mapped_column(String(20))  # followups.DisputeOutcome
    amount_recovered: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))  # 元
    satisfaction: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(Text)
    recorded_by_firm: Mapped[bool] = mapped_column(Boolean, default=False)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    recorded_on: Mapped[date] = mapped_column(Date)

    case = relationship("Case")

    @property
    def outcome_enum(self):
        from portal.reports.followups import DisputeOutcome  # the enum lives with the rules that use it

        return DisputeOutcome(self.outcome)


class OverseasSubscription(db.Model):
    """A firm's wish to hear of overseas disputes in one country or region, optionally one IP field."""

    __tablename__ = "overseas_subscriptions"
    __table_args__ = (
        UniqueConstraint("firm_id", "region", "field", name="uq_overseas_subscriptions_firm_region_field"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    firm_id: Mapped[int] = mapped_column(ForeignKey("firms.id", ondelete="CASCADE"), index=True)
    region: Mapped[str] = mapped_column(String(20))
    field: Mapped[str] = mapped_column(String(20), default="")  # "" = every field
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class WarningNotice(db.Model):
    """预警信息: a foreign suit, customs seizure, trade investigation or law change, tagged like the
    subscriptions so the firms that asked hear of it."""

    __tablename__ = "warning_notices"
    __cache_generations__ = (CASE_PAGE_GENERATION,)  # the overseas warnings on a case page

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(String(30))
    region: Mapped[str] = mapped_column(String(20), index=True)
    field: Mapped[str] = mapped_column(String(20), default="")  # "" = every field
    published_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class OverseasMarket(db.Model):
    """Part of a firm's IP profile: a country or region where it sells or holds rights, with the IP
    type and the filing or registration number there (empty: a market without a filing yet)."""

    __tablename__ = "firm_overseas_markets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    firm_id: Mapped[int] = mapped_column(ForeignKey("firms.id", ondelete="CASCADE"), index=True)
    region: Mapped[str] = mapped_column(String(20))  # overseas.Region
    country: Mapped[str] = mapped_column(String(60), default="")  # e.g. 德国 within the EU
    ip_type: Mapped[str] = mapped_column(String(20), default="")  # overseas.Field; "" = sales only
    number: Mapped[str] = mapped_column(String(60), default="")  # application or registration number
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class ServiceLinkEntry(db.Model):
    """One entry of the 常用服务入口 page, kept by editors; retired entries leave the page."""

    __tablename__ = "service_links"
    __busts_page_cache__ = True

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    group: Mapped[str] = mapped_column(String(20))  # service_links.LinkGroup
    name: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200), default="")
    url: Mapped[str] = mapped_column(String(500))
    purpose: Mapped[str] = mapped_column(String(300))  # one line
    purpose_en: Mapped[str] = mapped_column(String(300), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    retired_at: Mapped[datetime | None] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
