"""What a firm's account deletion (PIPL) removes from the market: the free text it wrote, its saved
patents and its named agency, and its listings and needs (withdrawn). Deal figures stay for statistics."""

from __future__ import annotations

from sqlalchemy import delete, select, update

from portal.core.shared_cache import CASE_PAGE_GENERATION, changed_in_bulk
from portal.extensions import db
from portal.market.finance_models import FinancingRequest
from portal.market.models import FirmAgency, Match, PatentListing, SavedListing, TechNeed
from portal.market.vocab import ListingStatus, NeedStatus

REMOVED = "—"


def forget_firm(firm_id: int) -> None:
    db.session.execute(delete(SavedListing).where(SavedListing.firm_id == firm_id))
    db.session.execute(delete(FirmAgency).where(FirmAgency.firm_id == firm_id))
    db.session.execute(update(Match).where(Match.firm_id == firm_id).values(message=REMOVED, note=None))
    db.session.execute(
        update(TechNeed).where(TechNeed.firm_id == firm_id).values(description=REMOVED, status=NeedStatus.CLOSED)
    )
    db.session.execute(
        update(FinancingRequest)
        .where(FinancingRequest.firm_id == firm_id)
        .values(need=REMOVED, ip_list=REMOVED, outcome_note=None)
    )
    changed_in_bulk(db.session, CASE_PAGE_GENERATION)  # kept case pages name the requests (not flushed)
    listings = select(PatentListing.id).where(PatentListing.firm_id == firm_id)
    db.session.execute(
        update(PatentListing).where(PatentListing.id.in_(listings)).values(status=ListingStatus.WITHDRAWN)
    )
