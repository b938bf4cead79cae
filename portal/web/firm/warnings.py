"""预警信息 for the firm: its country and field subscriptions, and the notices that match them."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from portal.i18n import gettext as _
from portal.reports import overseas
from portal.reports.forms import ConfirmDeleteForm, SubscriptionForm
from portal.web.firm import bp
from portal.web.outcome import attempt


def _render(form=None):
    firm_id = current_user.firm_id
    return render_template(
        "firm/warnings.html",
        form=form or SubscriptionForm(),
        delete_form=ConfirmDeleteForm(),
        subscriptions=overseas.subscriptions(firm_id),
        notices=overseas.notices_for(firm_id),
        Region=overseas.Region,
        Field=overseas.Field,
        Category=overseas.Category,
        centre=overseas.GUIDANCE_CENTRE,
        suggested=len(overseas.suggestions(firm_id)),
    )


@bp.route("/warnings")
def warnings():
    return _render()


@bp.route("/warnings/subscriptions", methods=["POST"])
def subscribe():
    form = SubscriptionForm()
    if form.validate_on_submit() and attempt(
        lambda: overseas.subscribe(current_user.firm_id, form.region.data, form.field.data or ""), form=form
    ):
        flash(
            _("Subscribed. New early warnings for this country or region will reach you here and by email."), "success"
        )
        return redirect(url_for("firm.warnings"))
    return _render(form), 400


@bp.route("/warnings/subscriptions/<int:subscription_id>/delete", methods=["POST"])
def unsubscribe(subscription_id: int):
    form = ConfirmDeleteForm()
    if form.validate_on_submit() and attempt(lambda: overseas.unsubscribe(current_user.firm_id, subscription_id)):
        flash(_("Subscription removed."), "success")
    return redirect(url_for("firm.warnings"))
