"""An institution lists patents, sees how many firms are interested, and answers technology needs."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from portal.extensions import db
from portal.i18n import gettext as _
from portal.market import patents, queries
from portal.market.forms import AnswerForm, ListingForm
from portal.market.models import Institution, PatentListing, TechNeed
from portal.web.institution import bp
from portal.web.market_forms import listing_data
from portal.web.outcome import attempt


def _institution() -> Institution:
    return patents.institution_of(current_user) or abort(403)


@bp.route("/")
def home():
    institution = _institution()
    listings = queries.own_listings(institution_id=institution.id)
    return render_template(
        "institution/home.html",
        institution=institution,
        listings=listings,
        interests=queries.interests_in([listing.id for listing in listings]),
        needs=db.paginate(queries.open_needs(), page=1, per_page=10, error_out=False),
    )


@bp.route("/patents/new", methods=["GET", "POST"])
def new_listing():
    institution = _institution()
    form = ListingForm()
    if form.validate_on_submit() and attempt(
        lambda: patents.create_listing(listing_data(form), current_user, institution=institution), form=form
    ):
        flash(_("Patent listed. Firms can find it in the patent market now."), "success")
        return redirect(url_for("institution.home"))
    return render_template("market/listing_form.html", form=form, back=url_for("institution.home")), (
        400 if form.errors else 200
    )


@bp.route("/patents/<int:listing_id>/withdraw", methods=["POST"])
def withdraw_listing(listing_id: int):
    institution = _institution()
    listing = db.session.get(PatentListing, listing_id)
    if listing is None or listing.institution_id != institution.id:
        abort(404)
    if attempt(lambda: patents.withdraw_listing(listing, current_user)):
        flash(_("Listing withdrawn."), "success")
    return redirect(url_for("institution.home"))


@bp.route("/needs/<int:need_id>", methods=["GET", "POST"])
def need(need_id: int):
    institution = _institution()
    row = db.session.get(TechNeed, need_id)
    if row is None or not row.is_open:
        abort(404)
    form = AnswerForm()
    if form.validate_on_submit() and attempt(
        lambda: patents.answer_need(row, institution, form.message.data, current_user), form=form
    ):
        flash(_("Your answer has been sent to the firm."), "success")
        return redirect(url_for("institution.home"))
    return render_template("institution/need.html", need=row, form=form), 400 if form.errors else 200
