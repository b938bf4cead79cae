"""The firm's side of the IP market: naming its agency (with a warning for blacklisted ones), finding
patents, saving them, expressing interest, listing its own patents and posting technology needs."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from portal.core.pagination import clamp_page
from portal.extensions import db
from portal.i18n import gettext as _
from portal.market import agencies, patents, queries
from portal.market.forms import FirmAgencyForm, InterestForm, ListingForm, NeedForm
from portal.market.models import PatentListing, TechNeed
from portal.market.vocab import OfferMode
from portal.web.firm import bp
from portal.web.market_forms import listing_data
from portal.web.outcome import attempt


@bp.route("/agency", methods=["GET", "POST"])
def agency():
    choices = queries.agency_choices()
    current = agencies.firm_agency(current_user.firm_id)
    form = FirmAgencyForm(data={"agency": str(current.id) if current else ""} if request.method == "GET" else None)
    form.agency.choices = [("", _("No agency (we file ourselves)"))] + [
        (str(a.id), _("%(name)s (blacklisted)", name=a.name) if a.blacklisted else a.name) for a in choices
    ]
    if form.validate_on_submit() and attempt(
        lambda: agencies.choose_agency(
            current_user.firm_id, int(form.agency.data) if form.agency.data else None, current_user
        ),
        form=form,
        field="agency",
    ):
        flash(_("Your agency has been saved."), "success")
        return redirect(url_for("firm.agency"))
    return render_template(
        "firm/market/agency.html", form=form, current=current, blacklisted=[a for a in choices if a.blacklisted]
    ), 400 if form.errors else 200


@bp.route("/market/")
def market_home():
    firm_id = current_user.firm_id
    own = queries.own_listings(firm_id=firm_id)
    return render_template(
        "firm/market/home.html",
        saved=queries.saved(firm_id),
        matches=queries.firm_matches(firm_id),
        listings=own,
        interests=queries.interests_in([listing.id for listing in own]),
        needs=queries.firm_needs(firm_id),
    )


@bp.route("/market/patents/")
def patents_search():
    q = (request.args.get("q") or "").replace("\x00", "").strip()[:100]
    field = (request.args.get("field") or "").replace("\x00", "").strip()[:100]
    mode = request.args.get("mode") or ""
    page = db.paginate(
        queries.listings(q, field, mode), page=clamp_page(request.args.get("page")), per_page=20, error_out=False
    )
    return render_template(
        "firm/market/patents.html",
        page=page,
        q=q,
        field=field,
        mode=mode,
        fields=queries.listing_fields(),
        saved_ids=queries.saved_ids(current_user.firm_id),
        OfferMode=OfferMode,
    )


def _available(listing_id: int) -> PatentListing:
    listing = db.session.get(PatentListing, listing_id)
    if listing is None or not listing.is_available:
        abort(404)
    return listing


@bp.route("/market/patents/<int:listing_id>", methods=["GET", "POST"])
def patent(listing_id: int):
    listing = _available(listing_id)
    form = InterestForm()
    done = []
    if form.validate_on_submit() and attempt(
        lambda: done.append(patents.express_interest(current_user.firm_id, listing, form.message.data, current_user)),
        form=form,
        field="message",
    ):
        flash(
            _(
                "Interest sent, reference %(ref)s. The IP Section of the district Administration for Market Regulation will put you in touch with the owner.",
                ref=done[0].reference,
            ),
            "success",
        )
        return redirect(url_for("firm.market_home"))
    return render_template(
        "firm/market/patent.html",
        listing=listing,
        form=form,
        saved=listing.id in queries.saved_ids(current_user.firm_id),
        own=listing.firm_id == current_user.firm_id,
    ), 400 if form.errors else 200


@bp.route("/market/patents/<int:listing_id>/save", methods=["POST"])
def save_patent(listing_id: int):
    listing = _available(listing_id)
    state = []
    if attempt(lambda: state.append(patents.toggle_saved(current_user.firm_id, listing))):
        flash(_("Saved to your list.") if state[0] else _("Removed from your list."), "success")
    return redirect(url_for("firm.patent", listing_id=listing.id))


@bp.route("/market/listings/new", methods=["GET", "POST"])
def new_listing():
    form = ListingForm()
    if form.validate_on_submit() and attempt(
        lambda: patents.create_listing(listing_data(form), current_user, firm_id=current_user.firm_id), form=form
    ):
        flash(_("Patent listed. Other firms can find it in the patent market now."), "success")
        return redirect(url_for("firm.market_home"))
    return render_template("market/listing_form.html", form=form, back=url_for("firm.market_home")), (
        400 if form.errors else 200
    )


@bp.route("/market/listings/<int:listing_id>/withdraw", methods=["POST"])
def withdraw_listing(listing_id: int):
    listing = db.session.get(PatentListing, listing_id)
    if listing is None or listing.firm_id != current_user.firm_id:
        abort(404)
    if attempt(lambda: patents.withdraw_listing(listing, current_user)):
        flash(_("Listing withdrawn."), "success")
    return redirect(url_for("firm.market_home"))


@bp.route("/market/needs/new", methods=["GET", "POST"])
def new_need():
    form = NeedForm()
    if form.validate_on_submit() and attempt(
        lambda: patents.post_need(current_user.firm_id, form.data, current_user), form=form
    ):
        flash(_("Technology need posted. Universities and institutes can answer it now."), "success")
        return redirect(url_for("firm.market_home"))
    return render_template("firm/market/need_form.html", form=form), 400 if form.errors else 200


@bp.route("/market/needs/<int:need_id>/close", methods=["POST"])
def close_need(need_id: int):
    need = db.session.get(TechNeed, need_id)
    if need is None or need.firm_id != current_user.firm_id:
        abort(404)
    if attempt(lambda: patents.close_need(need, current_user)):
        flash(_("Need closed."), "success")
    return redirect(url_for("firm.market_home"))
