"""准备好的文件: large exports prepared in the background, each downloadable for a short while."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from portal.core import exports
from portal.core.permissions import Permission, permission_required
from portal.i18n import gettext as _
from portal.web.downloads import send_stored
from portal.web.outcome import attempt
from portal.web.staff import bp


@bp.route("/exports")
@permission_required(Permission.STAFF_AREA)
def prepared_files():
    jobs = exports.jobs_for(current_user.id)
    attempt(lambda: exports.mark_seen(current_user.id))  # the menu's notice goes once the list was seen
    return render_template("staff/prepared_files.html", jobs=jobs)


@bp.route("/exports/<int:job_id>/download")
@permission_required(Permission.STAFF_AREA)
def download_prepared(job_id: int):
    job = exports.job_for(current_user.id, job_id)  # someone else's file is as unknown as a missing one
    if job is None:
        abort(404)
    if job.is_queued:
        flash(_("This file is still being prepared."), "info")
        return redirect(url_for("staff.prepared_files"))
    if not job.is_ready or not job.stored_name:
        flash(_("This file is no longer available. Export it again."), "error")
        return redirect(url_for("staff.prepared_files"))
    return send_stored(job.stored_name, job.mimetype, job.filename or f"export-{job.id}", max_age=0)
