"""Publishing overseas dispute early warnings (预警信息) to the firms that subscribed."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from portal.core.permissions import Permission, permission_required
from portal.i18n import gettext as _
from portal.reports import overseas
from portal.reports.forms import WarningForm
from portal.web.outcome import attempt
from portal.web.staff import bp


@bp.route("/warnings", methods=["GET", "POST"])
@permission_required(Permission.WARNING_PUBLISH)
def warnings():
    form = WarningForm()
    if form.validate_on_submit() and attempt(
        lambda: overseas.publish(
            current_user, form.title.data, form.body.data, form.category.data, form.region.data, form.field.data or ""
        ),
        form=form,
    ):
        flash(_("Early warning published to the subscribed firms."), "success")
        return redirect(url_for("staff.warnings"))
    return render_template(
        "staff/warnings.html",
        form=form,
        notices=overseas.recent_notices(),
        Region=overseas.Region,
        Field=overseas.Field,
        Category=overseas.Category,
    )
