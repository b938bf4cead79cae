"""Guards on what reaches the views: NUL bytes, oversized integer ids, caching of private pages."""

from __future__ import annotations

import re

from flask import Flask, request
from flask_login import current_user
from werkzeug.routing import IntegerConverter

# Every integer column is a 32-bit INTEGER on PostgreSQL; a larger id is simply not found (404).
MAX_ID = 2**31 - 1
_NUL_QUERY = re.compile(r"%00|\x00", re.IGNORECASE)


class BoundedIntConverter(IntegerConverter):
    def __init__(self, map, fixed_digits=0, min=None, max=MAX_ID, signed=False):
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


class StripNul:
    """WSGI middleware: PostgreSQL refuses NUL in text, and no real path or query carries one."""

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        environ["PATH_INFO"] = environ.get("PATH_INFO", "").replace("\x00", "")
        environ["QUERY_STRING"] = _NUL_QUERY.sub("", environ.get("QUERY_STRING", ""))
        return self.wsgi_app(environ, start_response)


def register_request_guards(app: Flask) -> None:
    app.url_map.converters["int"] = BoundedIntConverter  # before any blueprint adds its rules
    app.wsgi_app = StripNul(app.wsgi_app)

    @app.after_request
    def _no_store_private(response):
        # pages for a signed-in user and every download may hold personal data: no copy in any cache
        private = request.endpoint != "static" and getattr(current_user, "is_authenticated", False)
        attachment = response.headers.get("Content-Disposition", "").startswith("attachment")
        if private or attachment:
            response.headers["Cache-Control"] = "no-store"
            response.headers.pop("Expires", None)
        return response
