"""Completing firms' deletion requests."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from portal import privacy
from portal.accounts.models import DeletionRequest
from portal.cases.forms import ConfirmForm
from portal.core.db import commit
from portal.core.permissions import Permission, permission_required
from portal.extensions import db
from portal.i18n import gettext as _
from portal.web.admin import bp


@bp.route("/deletions")
@permission_required(Permission.USERS_MANAGE)
def deletions():
    return render_template("admin/deletions.html", requests=privacy.pending_requests(), form=ConfirmForm())


@bp.route("/deletions/<int:request_id>/complete", methods=["POST"])
@permission_required(Permission.USERS_MANAGE)
def complete_deletion(request_id: int):
    request = db.get_or_404(DeletionRequest, request_id)
    if ConfirmForm().validate_on_submit():
        privacy.complete_deletion(request, current_user)
        commit()
        flash(_("The account has been deleted; anonymous statistics and the audit trail are kept."), "success")
    return redirect(url_for("admin.deletions"))
