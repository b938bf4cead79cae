"""Firm self-service area: every view needs a signed-in firm user."""

from flask import Blueprint, abort
from flask_login import current_user

from portal.extensions import login_manager

bp = Blueprint("firm", __name__, url_prefix="/firm")


@bp.before_request
def require_firm_user():
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if not current_user.is_firm_user:
        abort(403)


from portal.web.firm import (  # noqa: E402,F401 the views register their routes on bp, defined above
    account,
    applications,
    cases,
    colleagues,
    dashboard,
    events,
    finance,
    followups,
    market,
    notifications,
    overseas,
    privacy,
    profile,
    warnings,
)
