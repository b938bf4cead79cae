from flask import Blueprint

bp = Blueprint("auth", __name__, url_prefix="/auth")

from portal.web.auth import access, views  # noqa: E402,F401
