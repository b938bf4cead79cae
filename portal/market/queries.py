"""What the market pages list and count."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import Select, func, or_, select

from portal.extensions import db
from portal.market.models import Agency, Institution, Match, PatentListing, SavedListing, TechNeed
from portal.market.vocab import DEAL_STAGES, AgencyKind, CreditStatus, ListingStatus, MatchStage, NeedStatus, OfferMode


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def agencies(q: str = "", kind: str = "", status: str = "") -> Select:
    stmt = select(Agency)
    if q:
        stmt = stmt.where(
            or_(
                Agency.name.ilike(_like(q), escape="\\"),
                Agency.credit_code.ilike(_like(q), escape="\\"),
                Agency.services.ilike(_like(q), escape="\\"),
            )
        )
    if kind in {k.value for k in AgencyKind}:
        stmt = stmt.where(Agency.kind == kind)
    if status in {s.value for s in CreditStatus}:
        stmt = stmt.where(Agency.credit_status == status)
    return stmt.order_by(Agency.name, Agency.id)


def agency_choices() -> list[Agency]:
    return list(db.session.scalars(select(Agency).order_by(Agency.name)))


def listings(q: str = "", field: str = "", mode: str = "", *, available_only: bool = True) -> Select:
    stmt = select(PatentListing)
    if available_only:
        stmt = stmt.where(PatentListing.status == ListingStatus.AVAILABLE)
    if q:
        pattern = _like(q)
        stmt = stmt.where(
            or_(
                PatentListing.title.ilike(pattern, escape="\\"),
                PatentListing.application_no.ilike(pattern, escape="\\"),
                PatentListing.ipc.ilike(pattern, escape="\\"),
                PatentListing.terms.ilike(pattern, escape="\\"),
            )
        )
    if field:
        stmt = stmt.where(PatentListing.field == field)
    if mode in {m.value for m in OfferMode}:
        stmt = stmt.where(PatentListing.mode == mode)
    return stmt.order_by(PatentListing.created_at.desc(), PatentListing.id.desc())


def listing_fields() -> list[str]:
    rows = select(PatentListing.field).where(PatentListing.status == ListingStatus.AVAILABLE).distinct()
    return sorted(db.session.scalars(rows))


def own_listings(*, institution_id: int | None = None, firm_id: int | None = None) -> list[PatentListing]:
    owner = PatentListing.institution_id == institution_id if institution_id else PatentListing.firm_id == firm_id
    return list(db.session.scalars(select(PatentListing).where(owner).order_by(PatentListing.id.desc())))


def interests_in(listing_ids: list[int]) -> dict[int, int]:
    if not listing_ids:
        return {}
    rows = db.session.execute(
        select(Match.listing_id, func.count()).where(Match.listing_id.in_(listing_ids)).group_by(Match.listing_id)
    )
    return dict(rows.all())


def saved_ids(firm_id: int) -> set[int]:
    return set(db.session.scalars(select(SavedListing.listing_id).where(SavedListing.firm_id == firm_id)))


def saved(firm_id: int) -> list[SavedListing]:
    stmt = select(SavedListing).where(SavedListing.firm_id == firm_id).order_by(SavedListing.id.desc())
    return list(db.session.scalars(stmt))


def firm_matches(firm_id: int) -> list[Match]:
    return list(db.session.scalars(select(Match).where(Match.firm_id == firm_id).order_by(Match.id.desc())))


def matches(stage: str = "") -> Select:
    stmt = select(Match)
    if stage in {s.value for s in MatchStage}:
        stmt = stmt.where(Match.stage == stage)
    return stmt.order_by(Match.updated_at.desc(), Match.id.desc())


def public_deals() -> Select:
    return (
        select(Match)
        .where(Match.stage.in_([s.value for s in DEAL_STAGES]), Match.public_consent.is_(True))
        .order_by(Match.signed_on.desc(), Match.id.desc())
    )


def open_needs() -> Select:
    return select(TechNeed).where(TechNeed.status == NeedStatus.OPEN).order_by(TechNeed.id.desc())


def firm_needs(firm_id: int) -> list[TechNeed]:
    return list(db.session.scalars(select(TechNeed).where(TechNeed.firm_id == firm_id).order_by(TechNeed.id.desc())))


def institutions() -> list[Institution]:
    return list(db.session.scalars(select(Institution).order_by(Institution.name)))


@dataclass(frozen=True)
class MarketSummary:
    listings_available: int
    listings_by_mode: dict[str, int]
    matches_by_stage: dict[str, int]
    deals: int
    deal_amount: Decimal  # 万元, disclosed amounts only


@dataclass(frozen=True)
class MarketFigures(MarketSummary):
    deals_by_year: list[tuple[int, int, Decimal]]
    agencies: int
    agencies_by_status: dict[str, int]


def summary() -> MarketSummary:
    """Listings by offer and matches by stage, in two statements (the statistics page counts them)."""
    available = PatentListing.status == ListingStatus.AVAILABLE
    by_mode = dict(
        db.session.execute(select(PatentListing.mode, func.count()).where(available).group_by(PatentListing.mode)).all()
    )
    stages = db.session.execute(
        select(Match.stage, func.count(), func.coalesce(func.sum(Match.amount), 0)).group_by(Match.stage)
    ).all()
    deal_values = {s.value for s in DEAL_STAGES}
    return MarketSummary(
        listings_available=sum(by_mode.values()),
        listings_by_mode={m.value: by_mode.get(m.value, 0) for m in OfferMode},
        matches_by_stage={s.value: next((n for st, n, _a in stages if st == s.value), 0) for s in MatchStage},
        deals=sum(n for st, n, _a in stages if st in deal_values),
        deal_amount=sum((Decimal(a) for st, _n, a in stages if st in deal_values), Decimal(0)),
    )


def figures() -> MarketFigures:
    base = summary()
    deal = Match.stage.in_([s.value for s in DEAL_STAGES])
    per_year: dict[int, list] = {}
    for signed_on, value in db.session.execute(select(Match.signed_on, Match.amount).where(deal)).all():
        year = signed_on.year if signed_on else 0
        entry = per_year.setdefault(year, [0, Decimal(0)])
        entry[0] += 1
        entry[1] += value or 0
    by_status = dict(
        db.session.execute(select(Agency.credit_status, func.count()).group_by(Agency.credit_status)).all()
    )
    return MarketFigures(
        **vars(base),
        deals_by_year=[(y, c, a) for y, (c, a) in sorted(per_year.items()) if y],
        agencies=sum(by_status.values()),
        agencies_by_status={s.value: by_status.get(s.value, 0) for s in CreditStatus},
    )
