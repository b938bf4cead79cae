from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask_login import current_user

from portal.cases import notifications, queries
from portal.core.pagination import clamp_page
from portal.web.firm import bp
from portal.web.outcome import attempt


@bp.route("/")
def dashboard():
    page, filers = queries.firm_case_page(current_user, clamp_page(request.args.get("page")), per_page=20)
    return render_template("firm/dashboard.html", firm=current_user.firm, page=page, filers=filers)


@bp.route("/inbox")
def inbox():
    shown = notifications.recent(current_user.id)
    fresh = {n.id for n in shown if n.read_at is None}  # marked new on this page, read from now on
    if fresh:
        attempt(lambda: notifications.mark_all_read(current_user.id))
    return render_template("firm/inbox.html", notifications=shown, fresh=fresh)


@bp.route("/inbox/read", methods=["POST"])
def mark_read():
    attempt(lambda: notifications.mark_all_read(current_user.id))
    return redirect(url_for("firm.inbox"))
