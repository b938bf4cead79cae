from flask import Blueprint

bp = Blueprint("public", __name__)

from portal.web.public import (  # noqa: E402,F401 the views register their routes on bp, defined above
    calls,
    data,
    events,
    guidance,
    home,
    market,
    progress,
    publicity,
    reports,
    search,
    service_links,
)
