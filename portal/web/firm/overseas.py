"""The firm's overseas markets and filings (part of its IP profile), and the early-warning
subscriptions they suggest, each one click away."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from portal.i18n import gettext as _
from portal.reports import overseas
from portal.reports.forms import ConfirmDeleteForm, OverseasMarketForm
from portal.web.firm import bp
from portal.web.outcome import attempt


def _render(form=None):
    firm_id = current_user.firm_id
    return render_template(
        "firm/overseas.html",
        form=form or OverseasMarketForm(),
        button_form=ConfirmDeleteForm(),
        markets=overseas.markets(firm_id),
        suggestions=overseas.suggestions(firm_id),
        Region=overseas.Region,
        Field=overseas.Field,
    )


@bp.route("/profile/overseas", methods=["GET", "POST"])
def overseas_markets():
    form = OverseasMarketForm()
    if form.validate_on_submit() and attempt(
        lambda: overseas.add_market(
            current_user.firm_id,
            current_user,
            form.region.data,
            form.country.data or "",
            form.ip_type.data or "",
            form.number.data or "",
        ),
        form=form,
    ):
        flash(_("Saved to your IP profile."), "success")
        return redirect(url_for("firm.overseas_markets"))
    if form.is_submitted():
        return _render(form), 400
    return _render()


@bp.route("/profile/overseas/<int:market_id>/delete", methods=["POST"])
def remove_overseas_market(market_id: int):
    form = ConfirmDeleteForm()
    if form.validate_on_submit() and attempt(
        lambda: overseas.remove_market(current_user.firm_id, current_user, market_id)
    ):
        flash(_("Removed from your IP profile."), "success")
    return redirect(url_for("firm.overseas_markets"))


@bp.route("/profile/overseas/subscribe", methods=["POST"])
def subscribe_suggested():
    """One click on a suggestion: region and field travel as hidden fields; only a current suggestion is taken."""
    from flask import request

    form = ConfirmDeleteForm()
    wanted = overseas.Suggestion(request.form.get("region", ""), request.form.get("field", ""))
    if wanted not in overseas.suggestions(current_user.firm_id):
        flash(_("This suggestion no longer applies."), "info")
    elif form.validate_on_submit() and attempt(
        lambda: overseas.subscribe(current_user.firm_id, wanted.region, wanted.field)
    ):
        flash(_("Subscribed to early warnings for %(what)s.", what=wanted.label), "success")
    return redirect(url_for("firm.overseas_markets"))
