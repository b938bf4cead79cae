from flask import Blueprint

bp = Blueprint("public", __name__)

from portal.web.public import home  # noqa: E402,F401
from portal.web.public import guidance, search  # noqa: E402,F401
from portal.web.public import publicity  # noqa: E402,F401
from portal.web.public import data  # noqa: E402,F401
from portal.web.public import events  # noqa: E402,F401
