"""The firm tells the district how its closed rights-protection case ended (回访 by the firm itself)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for

from portal.i18n import gettext as _
from portal.reports import followups
from portal.reports.forms import FollowUpForm
from portal.web.firm import bp
from portal.web.firm.loaders import load_case
from portal.web.follow_up import record_from


@bp.route("/applications/<key>/outcome", methods=["GET", "POST"])
def report_outcome(key: str):
    case = load_case(key)
    if not followups.can_follow_up(case):
        abort(404)
    existing = followups.follow_up_for(case)
    form = FollowUpForm()
    if record_from(form, case, existing):
        flash(_("Thank you. The outcome of %(reference)s has been recorded.", reference=case.reference), "success")
        return redirect(url_for("firm.case_detail", key=case.reference))
    return render_template("firm/cases/outcome.html", case=case, form=form, existing=existing)
