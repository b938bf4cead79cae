"""Notification settings: in the portal, by email and by SMS, per kind of event."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from portal.cases import preferences
from portal.cases.forms import preferences_form
from portal.cases.preferences import Channel, EventKind
from portal.i18n import gettext as _
from portal.web.firm import bp
from portal.web.outcome import attempt


def settings_page(endpoint: str, back: tuple):
    """The page for firm users and staff alike (``endpoint``: where the form posts)."""
    user = current_user._get_current_object()
    kinds = preferences.kinds_for(user)
    posted = request.method == "POST"
    form = preferences_form(kinds, preferences.preferences_for(user.id), formdata=True if posted else None)
    if form.validate_on_submit():
        choices = {EventKind(k.value): {Channel(c) for c in form[k.value].data or []} for k in kinds}
        if attempt(lambda: preferences.save_preferences(user, choices), form=form):
            flash(_("Notification settings saved."), "success")
            return redirect(url_for(endpoint))
    return render_template(
        "firm/notifications.html", form=form, kinds=kinds, endpoint=endpoint, back=back
    ), 400 if posted else 200


@bp.route("/notifications", methods=["GET", "POST"])
def notification_settings():
    return settings_page("firm.notification_settings", (_("My cases"), url_for("firm.dashboard")))
