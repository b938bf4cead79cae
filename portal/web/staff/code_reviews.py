"""Credit codes waiting for a check against the business licence."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from portal.core.permissions import Permission, permission_required
from portal.extensions import db
from portal.firms import code_review
from portal.firms.models import Firm
from portal.i18n import gettext as _
from portal.web.outcome import attempt
from portal.web.staff import bp


@bp.route("/firms/code-reviews")
@permission_required(Permission.FIRMS_VERIFY)
def code_reviews():
    return render_template("staff/firms/code_reviews.html", firms=code_review.pending())


@bp.route("/firms/<int:firm_id>/code-review", methods=["POST"])
@permission_required(Permission.FIRMS_VERIFY)
def decide_code_review(firm_id: int):
    firm = db.session.get(Firm, firm_id) or abort(404)
    confirm = request.form.get("decision") == "confirm"
    if attempt(lambda: code_review.decide(firm, confirm, current_user)):
        flash(_("Code confirmed: the firm can submit applications.") if confirm else _("Code refused."), "success")
    return redirect(url_for("staff.code_reviews"))
