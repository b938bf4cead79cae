"""Patent transfer and licensing in the back office: market figures, institutions' accounts, and the
progress of each match between a listing and an interested firm."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from portal.core.pagination import clamp_page
from portal.core.permissions import Permission, permission_required
from portal.extensions import db
from portal.i18n import gettext as _
from portal.market import patents, queries
from portal.market.forms import InstitutionForm, StageForm
from portal.market.models import Match
from portal.market.vocab import NEXT_STAGES, CreditStatus, MatchStage, OfferMode
from portal.web.outcome import attempt
from portal.web.staff import bp

BROKER = Permission.MARKET_BROKER


@bp.route("/market/")
@permission_required(BROKER)
def market():
    return render_template(
        "staff/market/home.html",
        figures=queries.figures(),
        MatchStage=MatchStage,
        OfferMode=OfferMode,
        CreditStatus=CreditStatus,
    )


@bp.route("/market/institutions", methods=["GET", "POST"])
@permission_required(BROKER)
def institutions():
    form = InstitutionForm()
    if form.validate_on_submit() and attempt(lambda: patents.register_institution(form.data, current_user), form=form):
        flash(
            _(
                "Institution registered. Its contact signs in with a sign-in link sent to %(email)s.",
                email=form.email.data,
            ),
            "success",
        )
        return redirect(url_for("staff.institutions"))
    return render_template(
        "staff/market/institutions.html", form=form, institutions=queries.institutions()
    ), 400 if form.errors else 200


@bp.route("/market/matches/")
@permission_required(BROKER)
def matches():
    stage = request.args.get("stage") or ""
    page = db.paginate(queries.matches(stage), page=clamp_page(request.args.get("page")), per_page=30, error_out=False)
    return render_template("staff/market/matches.html", page=page, stage=stage, MatchStage=MatchStage)


def _stage_form(match: Match) -> StageForm:
    form = StageForm()
    form.stage.choices = [(s.value, s.label) for s in NEXT_STAGES[MatchStage(match.stage)]]
    return form


@bp.route("/market/matches/<int:match_id>", methods=["GET", "POST"])
@permission_required(BROKER)
def match(match_id: int):
    row = db.session.get(Match, match_id) or abort(404)
    form = _stage_form(row)
    if form.validate_on_submit():
        update = patents.StageUpdate(
            stage=form.stage.data,
            contract_type=form.contract_type.data or "",
            amount=form.amount.data,
            signed_on=form.signed_on.data,
            filed_on=form.filed_on.data,
            public_consent=form.public_consent.data,
            note=form.note.data or "",
        )
        if attempt(lambda: patents.advance(row, update, current_user), form=form):
            flash(_("Progress recorded for match %(ref)s.", ref=row.reference), "success")
            return redirect(url_for("staff.match", match_id=row.id))
    return render_template(
        "staff/market/match.html", match=row, form=form, OfferMode=OfferMode
    ), 400 if form.errors else 200
