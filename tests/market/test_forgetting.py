"""A firm's account deletion also removes what it wrote in the IP market; deal figures stay."""

from __future__ import annotations

from sqlalchemy import select

from portal import privacy
from portal.accounts.models import User
from portal.core.db import commit
from portal.extensions import db
from portal.market import financing, patents
from portal.market.finance_models import FinancingRequest
from portal.market.models import Match, PatentListing, TechNeed
from tests.fixtures.accounts import PASSWORD
from tests.helpers import PageClient

CONTACT = "周晓梅"


def test_deletion_forgets_the_firms_market_texts(app, create_firm_user, create_staff, make_institution, make_listing):
    firm = create_firm_user()
    supervisor = create_staff("supervisor")
    listing_id = make_listing(make_institution().id)
    with app.test_request_context():
        listing = db.session.get(PatentListing, listing_id)
        match = patents.express_interest(firm.firm_id, listing, f"请联系{CONTACT}", None)
        patents.advance(match, patents.StageUpdate(stage="negotiating"), None)
        patents.post_need(firm.firm_id, {"title": "检测", "field": "新能源", "description": f"联系人{CONTACT}"}, None)
        financing.request_financing(firm.firm_id, None, "pledge_loan", f"{CONTACT}负责", None, None)
        commit()
    client = PageClient(app)
    client.login(firm.email, PASSWORD)
    client.post("/firm/privacy/delete", expect=302)
    with app.test_request_context():
        (request,) = privacy.pending_requests()
        privacy.complete_deletion(request, db.session.get(User, supervisor.id))
        commit()
        texts = [
            *db.session.scalars(select(Match.message)),
            *db.session.scalars(select(TechNeed.description)),
            *db.session.scalars(select(FinancingRequest.need)),
        ]
        assert texts and not [t for t in texts if CONTACT in t]
        assert db.session.scalar(select(Match.stage)) == "negotiating"  # the figures keep the match
