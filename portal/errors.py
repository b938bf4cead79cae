"""Error pages in the layout, in the visitor's language; never a bare stack trace."""

from __future__ import annotations

import logging

from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException, SecurityError

from portal.core.db import ValueTooLong, rollback
from portal.i18n import gettext as _

log = logging.getLogger(__name__)
PAGES = {
    400: "errors/400.html",
    403: "errors/403.html",
    404: "errors/404.html",
    413: "errors/413.html",
    429: "errors/429.html",
}


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(err):
        return render_template("errors/csrf.html", reason=err.description), 400

    @app.errorhandler(StaleDataError)
    def stale(err):
        # two people (or two clicks) changed the same record: the later one is told, nothing is overwritten
        rollback()
        return render_template("errors/409.html"), 409

    @app.errorhandler(ValueTooLong)
    def too_long(err: ValueTooLong):
        # a form without a length check let it through; tell the user instead of failing
        rollback()
        log.warning("refused over-long value for %s", err.column)
        return render_template("errors/400.html", too_long=err), 400

    @app.errorhandler(HTTPException)
    def http_error(err: HTTPException):
        if isinstance(err, SecurityError):
            # a Host outside TRUSTED_HOSTS: no URLs can be built for it, so no layout either
            return _("This address is not served here."), 400, {"Content-Type": "text/plain; charset=utf-8"}
        if err.code == 405:
            return render_template("errors/405.html", error=err, back_url=same_site_referrer()), 405
        if err.code in PAGES:
            return render_template(PAGES[err.code], error=err), err.code
        return err

    @app.errorhandler(Exception)
    def server_error(err: Exception):
        if isinstance(err, HTTPException):
            return http_error(err)
        rollback()
        log.exception("unhandled error on %s %s", request.method, request.path)
        if app.config.get("TESTING") and app.config.get("PROPAGATE_TEST_ERRORS", True):
            raise err
        return render_template("errors/500.html"), 500


def same_site_referrer() -> str | None:
    """The page the visitor came from, when it is on this site (never an outside address)."""
    from urllib.parse import urlsplit

    referrer = request.referrer or ""
    parts = urlsplit(referrer)
    if referrer and parts.netloc == request.host and parts.scheme in ("http", "https"):
        return parts.path + (f"?{parts.query}" if parts.query else "")
    return None
