from __future__ import annotations

from flask import render_template
from flask_login import current_user

from portal.web.firm import bp


@bp.route("/")
def dashboard():
    return render_template("firm/dashboard.html", firm=current_user.firm)
