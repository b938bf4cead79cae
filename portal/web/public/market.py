"""The public IP market pages: the agency directory with credit status, available patents and
completed deals published with the parties' consent."""

from __future__ import annotations

from flask import abort, render_template, request

from portal.core.pagination import clamp_page
from portal.extensions import db
from portal.market import financing, queries
from portal.market.models import Agency, PatentListing
from portal.market.vocab import AgencyKind, CreditStatus, OfferMode, ProductKind
from portal.web.public import bp

PER_PAGE = 20


def _arg(name: str, limit: int = 100) -> str:
    return (request.args.get(name) or "").replace("\x00", "").strip()[:limit]


@bp.route("/market/agencies/")
def agencies():
    q, kind, status = _arg("q"), _arg("kind"), _arg("status")
    page = db.paginate(
        queries.agencies(q, kind, status), page=clamp_page(request.args.get("page")), per_page=PER_PAGE, error_out=False
    )
    return render_template(
        "public/market/agencies.html",
        page=page,
        q=q,
        kind=kind,
        status=status,
        AgencyKind=AgencyKind,
        CreditStatus=CreditStatus,
    )


@bp.route("/market/agencies/<int:agency_id>")
def agency(agency_id: int):
    entry = db.session.get(Agency, agency_id) or abort(404)
    return render_template("public/market/agency.html", agency=entry, AgencyKind=AgencyKind)


@bp.route("/market/patents/")
def patents():
    q, field, mode = _arg("q"), _arg("field"), _arg("mode")
    page = db.paginate(
        queries.listings(q, field, mode), page=clamp_page(request.args.get("page")), per_page=PER_PAGE, error_out=False
    )
    return render_template(
        "public/market/patents.html",
        page=page,
        q=q,
        field=field,
        mode=mode,
        fields=queries.listing_fields(),
        OfferMode=OfferMode,
    )


@bp.route("/market/patents/<int:listing_id>")
def patent(listing_id: int):
    listing = db.session.get(PatentListing, listing_id)
    if listing is None or not listing.is_available:
        abort(404)
    return render_template("public/market/patent.html", listing=listing)


@bp.route("/market/deals/")
def deals():
    page = db.paginate(
        queries.public_deals(), page=clamp_page(request.args.get("page")), per_page=PER_PAGE, error_out=False
    )
    return render_template("public/market/deals.html", page=page, figures=queries.figures(), OfferMode=OfferMode)


@bp.route("/market/finance/")
def finance_products():
    kind = _arg("kind")
    return render_template(
        "public/market/finance.html", products=financing.current_products(kind), kind=kind, ProductKind=ProductKind
    )
