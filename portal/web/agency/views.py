"""An agency keeps its contact details and services current; regulated fields go to staff."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from portal.i18n import gettext as _
from portal.market import agency_accounts
from portal.market.forms import OwnEntryForm
from portal.web.agency import bp
from portal.web.outcome import attempt


@bp.route("/", methods=["GET", "POST"])
def home():
    entry = agency_accounts.agency_of(current_user) or abort(403)
    change = agency_accounts.pending_change(entry)
    form = OwnEntryForm(data=None if request.method == "POST" else (change.proposed if change else {}), obj=entry)
    waiting = []
    if form.validate_on_submit() and attempt(
        lambda: waiting.append(agency_accounts.update_own(entry, form.data, current_user)), form=form
    ):
        if waiting[0]:
            flash(
                _("Contact details saved. The changes to regulated fields wait for staff to confirm them."), "success"
            )
        else:
            flash(_("Your entry has been saved."), "success")
        return redirect(url_for("agency.home"))
    return render_template("agency/home.html", agency=entry, form=form, change=change), 400 if form.errors else 200
