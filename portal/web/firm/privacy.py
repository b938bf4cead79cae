"""My data: download everything, or ask for the account to be deleted (PIPL)."""

from __future__ import annotations

from flask import Response, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from portal import privacy, privacy_export
from portal.accounts.models import DeletionRequest
from portal.cases.forms import ConfirmForm
from portal.core.db import commit
from portal.core.permissions import Permission, permission_required
from portal.core.timeutil import today_local
from portal.extensions import db
from portal.i18n import gettext as _
from portal.web.firm import bp


@bp.route("/privacy")
@permission_required(Permission.FIRM_MANAGE)
def my_data():
    pending = db.session.scalar(
        select(DeletionRequest).where(
            DeletionRequest.firm_id == current_user.firm_id, DeletionRequest.completed_at.is_(None)
        )
    )
    return render_template("firm/privacy.html", pending=pending, form=ConfirmForm())


@bp.route("/privacy/export")
@permission_required(Permission.FIRM_MANAGE)
def export_my_data():
    archive = privacy_export.export_firm_data(current_user.firm)
    name = f"my-data-{today_local().isoformat()}.zip"
    size = archive.seek(0, 2)
    archive.seek(0)
    response = Response(
        stream_file(archive),
        mimetype="application/zip",
        headers={"Content-Disposition": f"attachment; filename={name}", "Content-Length": str(size)},
        direct_passthrough=True,
    )
    response.call_on_close(archive.close)
    return response


def stream_file(handle, chunk: int = 64 * 1024):
    """The file in pieces: the worker never holds the whole archive in memory."""
    while block := handle.read(chunk):
        yield block


@bp.route("/privacy/delete", methods=["POST"])
@permission_required(Permission.FIRM_MANAGE)
def request_deletion():
    form = ConfirmForm()
    if form.validate_on_submit():
        privacy.request_deletion(current_user, None)
        commit()
        flash(_("Your deletion request has been received. Staff will complete it and tell you by email."), "info")
    return redirect(url_for("firm.my_data"))
