"""The staff inbox: what happened on the cases a person holds or supervises (补正 answered, messages,
objections, assignments), unread first marked, with a way to mark everything read."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from portal.cases import notifications
from portal.core.permissions import Permission, permission_required
from portal.i18n import gettext as _
from portal.web.outcome import attempt
from portal.web.staff import bp


@bp.route("/inbox")
@permission_required(Permission.CASE_VIEW)
def inbox():
    return render_template("staff/inbox.html", notifications=notifications.recent(current_user.id))


@bp.route("/inbox/read", methods=["POST"])
@permission_required(Permission.CASE_VIEW)
def mark_inbox_read():
    if attempt(lambda: notifications.mark_all_read(current_user.id)):
        flash(_("All notifications are marked as read."), "info")
    return redirect(url_for("staff.inbox"))


@bp.route("/notifications", methods=["GET", "POST"])
@permission_required(Permission.CASE_VIEW)
def notification_settings():
    from portal.web.firm.notifications import settings_page

    return settings_page("staff.notification_settings", (_("Inbox"), url_for("staff.inbox")))
