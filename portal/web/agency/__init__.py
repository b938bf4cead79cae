"""The area of an IP service agency: its own directory entry."""

from flask import Blueprint, abort
from flask_login import current_user

from portal.core.permissions import Permission
from portal.extensions import login_manager

bp = Blueprint("agency", __name__, url_prefix="/agency")


@bp.before_request
def require_agency():
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if not current_user.can(Permission.AGENCY_ENTRY):
        abort(403)


from portal.web.agency import views  # noqa: E402,F401
