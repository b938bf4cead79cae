from flask import Blueprint

bp = Blueprint("auth", __name__, url_prefix="/auth")

from portal.web.auth import views  # noqa: E402,F401
from portal.web.auth import access  # noqa: E402,F401
