"""Credit-code claims: staff compare the evidence with the credit register and decide."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from portal.accounts import claims
from portal.accounts.forms import ClaimDecisionForm
from portal.accounts.models import CodeClaim
from portal.audit.services import record
from portal.core.db import commit
from portal.core.permissions import Permission, permission_required
from portal.extensions import db
from portal.i18n import gettext as _
from portal.web.downloads import send_stored
from portal.web.outcome import attempt
from portal.web.staff import bp

EVIDENCE = {
    "licence": ("licence_stored_name", "licence_original_name"),
    "letter": ("letter_stored_name", "letter_original_name"),
}


@bp.route("/claims")
@permission_required(Permission.CODE_CLAIMS_DECIDE)
def code_claims():
    return render_template("staff/claims.html", claims=claims.pending_claims(), form=ClaimDecisionForm())


@bp.route("/claims/<int:claim_id>/evidence/<which>")
@permission_required(Permission.CODE_CLAIMS_DECIDE)
def claim_evidence(claim_id: int, which: str):
    claim = db.session.get(CodeClaim, claim_id) or abort(404)
    if which not in EVIDENCE:
        abort(404)
    stored, original = (getattr(claim, name) for name in EVIDENCE[which])
    response = send_stored(stored, None, original)
    record("download", "code_claim", claim.id, note=original)
    commit()
    return response


@bp.route("/claims/<int:claim_id>/decide", methods=["POST"])
@permission_required(Permission.CODE_CLAIMS_DECIDE)
def decide_claim(claim_id: int):
    claim = db.session.get(CodeClaim, claim_id) or abort(404)
    form = ClaimDecisionForm()
    if not form.validate_on_submit():
        flash(_("Choose whether to confirm or refuse the claim."), "error")
        return redirect(url_for("staff.code_claims"))
    staff = current_user._get_current_object()
    if form.decision.data == "confirm":
        done = attempt(lambda: claims.confirm_claim(claim, staff, form.reason.data))
        message = _(
            "Claim %(id)s confirmed: the code has moved and the former holder's accounts are suspended.", id=claim.id
        )
    elif form.decision.data == "recover":
        done = attempt(lambda: claims.recover_with_claim(claim, staff, form.reason.data))
        message = _(
            "Claim %(id)s confirmed: the claimant is now an administrator of the firm's existing account.", id=claim.id
        )
    else:
        done = attempt(lambda: claims.refuse_claim(claim, staff, form.reason.data))
        message = _("Claim %(id)s refused.", id=claim.id)
    if done:
        flash(message, "success")
    return redirect(url_for("staff.code_claims"))
