"""The area of a university or research institute: its patent listings and firms' technology needs."""

from flask import Blueprint, abort
from flask_login import current_user

from portal.core.permissions import Permission
from portal.extensions import login_manager

bp = Blueprint("institution", __name__, url_prefix="/institution")


@bp.before_request
def require_institution():
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if not current_user.can(Permission.PATENTS_LIST):
        abort(403)


from portal.web.institution import views  # noqa: E402,F401
