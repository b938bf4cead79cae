"""Home, privacy notice, health check."""

from __future__ import annotations

import time

from flask import current_app, jsonify, render_template
from flask_babel import get_locale
from sqlalchemy import text

from portal.core.db import statement_deadline
from portal.core.health import service_states
from portal.extensions import csrf, db
from portal.guidance import queries
from portal.guidance.status import ContentType
from portal.i18n import short_code
from portal.web.public import bp


@bp.route("/")
def home():
    notices = list(db.session.scalars(queries.published(ContentType.NOTICE).limit(4)))
    return render_template("public/home.html", notices=notices, lang=short_code(str(get_locale())))


@bp.route("/privacy")
def privacy():
    return render_template("public/privacy.html")


HEALTH_QUERY = text("SELECT 1")


@bp.route("/healthz")
@csrf.exempt
def healthz():
    # a database that answers too slowly is as bad as one that does not answer: report it
    timeout_ms = current_app.config["HEALTHZ_DB_TIMEOUT_MS"]
    started = time.monotonic()
    try:
        with statement_deadline(timeout_ms):
            db.session.execute(HEALTH_QUERY)
    except Exception:
        db.session.rollback()
        state = "timeout" if (time.monotonic() - started) * 1000 >= timeout_ms else "error"
        return jsonify(status="error", db=state, **service_states()), 503
    db.session.rollback()
    # the site serves without the cache and keeps mail in the outbox without the broker: reported, but
    # only the database takes this server out of the load balancer
    services = service_states()
    healthy = all(state in ("ok", "in-process") for state in services.values())
    return jsonify(status="ok" if healthy else "degraded", db="ok", **services)
