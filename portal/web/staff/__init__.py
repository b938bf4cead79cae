"""Back office: every view needs a signed-in staff user; each view names its permission."""

from flask import Blueprint, abort
from flask_login import current_user

from portal.core.permissions import Permission
from portal.extensions import login_manager

bp = Blueprint("staff", __name__, url_prefix="/staff")


@bp.before_request
def require_staff_user():
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if not current_user.can(Permission.STAFF_AREA):
        abort(403)


from portal.web.staff import (  # noqa: E402,F401 the views register their routes on bp, defined above
    agencies,
    calls,
    cases,
    claims,
    code_reviews,
    content,
    corrections,
    desk,
    events,
    finance,
    firms,
    followups,
    home,
    inbox,
    indicators,
    market,
    paperwork,
    phrases,
    prepared,
    queue,
    ratings,
    records,
    reports,
    review,
    service_links,
    stats,
    warnings,
)
