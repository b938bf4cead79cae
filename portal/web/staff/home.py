from __future__ import annotations

from flask import render_template

from portal.core.permissions import Permission, permission_required
from portal.web.staff import bp


@bp.route("/")
@permission_required(Permission.STAFF_AREA)
def home():
    return render_template("staff/home.html")
