"""The expert area: an expert sees only the cases assigned to them, and only what the rubric needs."""

from flask import Blueprint, abort
from flask_login import current_user

from portal.core.permissions import Permission
from portal.extensions import login_manager

bp = Blueprint("expert", __name__, url_prefix="/expert")


@bp.before_request
def require_expert():
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if not current_user.can(Permission.REVIEW_SCORE):
        abort(403)


from portal.web.expert import views  # noqa: E402,F401
