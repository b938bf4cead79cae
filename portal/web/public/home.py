"""Home, privacy notice, health check."""

from __future__ import annotations

from flask import jsonify, render_template
from flask_babel import get_locale
from sqlalchemy import text

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


@bp.route("/healthz")
@csrf.exempt
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:
        db.session.rollback()
        return jsonify(status="error", db="error"), 503
    return jsonify(status="ok", db="ok")
