"""Firm name corrections: staff compare the new name with the new business licence and decide."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from portal.accounts.firm_forms import CorrectionDecisionForm
from portal.audit.services import record
from portal.core.db import commit
from portal.core.permissions import Permission, permission_required
from portal.extensions import db
from portal.firms import corrections
from portal.firms.models import FirmCorrection
from portal.i18n import gettext as _
from portal.web.downloads import send_stored
from portal.web.outcome import attempt
from portal.web.staff import bp


@bp.route("/firms/corrections")
@permission_required(Permission.FIRMS_VERIFY)
def firm_corrections():
    return render_template(
        "staff/firms/corrections.html", corrections=corrections.pending(), form=CorrectionDecisionForm()
    )


@bp.route("/firms/corrections/<int:correction_id>/licence")
@permission_required(Permission.FIRMS_VERIFY)
def correction_licence(correction_id: int):
    correction = db.session.get(FirmCorrection, correction_id) or abort(404)
    response = send_stored(correction.licence_stored_name, None, correction.licence_original_name)
    record("download", "firm", correction.firm_id, note=correction.licence_original_name)
    commit()
    return response


@bp.route("/firms/corrections/<int:correction_id>/decide", methods=["POST"])
@permission_required(Permission.FIRMS_VERIFY)
def decide_correction(correction_id: int):
    correction = db.session.get(FirmCorrection, correction_id) or abort(404)
    form = CorrectionDecisionForm()
    if not form.validate_on_submit():
        flash(_("Choose whether to confirm or refuse the correction."), "error")
        return redirect(url_for("staff.firm_corrections"))
    confirm = form.decision.data == "confirm"
    staff = current_user._get_current_object()
    if attempt(lambda: corrections.decide(correction, staff, confirm, form.note.data)):
        flash(
            _("The firm's name is now %(name)s.", name=correction.new_name) if confirm else _("Correction refused."),
            "success",
        )
    return redirect(url_for("staff.firm_corrections"))
