"""Administration: accounts and roles, audit log. Admins only."""

from flask import Blueprint, abort
from flask_login import current_user

from portal.core.permissions import Permission
from portal.extensions import login_manager

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
def require_admin():
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if not current_user.can(Permission.USERS_MANAGE):
        abort(403)


from portal.web.admin import calendar, deletions, site, users  # noqa: E402,F401
