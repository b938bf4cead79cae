"""Exports: streamed at once when small, prepared in the background when large (portal/core/exports.py).

A view wraps its export in ``stream_or_prepare``. Above ``EXPORT_ASYNC_ROWS`` rows the request only
queues a job and tells the person the file is being prepared; the task later replays the same view
for the same person with the same query string (``replay``) and keeps the file it answers.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from flask import Response, current_app, flash, g, redirect, request, url_for
from flask_login import current_user, login_user
from werkzeug.http import parse_options_header

from portal.core import exports
from portal.extensions import db
from portal.i18n import gettext as _
from portal.web.outcome import attempt
from portal.web.redirects import safe_next


def stream_or_prepare(kind: str, title: str, rows: int, stream: Callable[[], Response]) -> Response:
    """``stream()`` now, or a queued job and a redirect to the prepared files when ``rows`` is large."""
    if g.get("building_export") or rows <= exports.threshold() or not current_user.is_authenticated:
        return stream()
    queued = []
    if attempt(
        lambda: queued.append(
            exports.queue(
                current_user.id,
                kind,
                title,
                request.path,
                {k: v for k, v in request.args.items() if k != "lang"},
                rows,
            )
        )
    ):
        flash(
            _(
                "%(title)s has %(rows)s rows: the file is being prepared. You will find it under Prepared files, "
                "and the menu tells you when it is ready.",
                title=title,
                rows=rows,
            ),
            "info",
        )
    # back to the page the export was asked from (the list with its filters), where the menu will say
    # when the file is ready; the prepared files themselves when there is no such page
    return redirect(_came_from() or url_for("staff.prepared_files"))


def _came_from() -> str | None:
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc and referrer.netloc != request.host:
        return None
    path = referrer.path + (f"?{referrer.query}" if referrer.query else "")
    return safe_next(path) if referrer.path and referrer.path != request.path else None


def replay(job: exports.ExportJob) -> exports.Built:
    """Build a job's file: the same view, for the same person, with the same filters."""
    from portal.accounts.models import User

    user = db.session.get(User, job.user_id)
    if user is None or not user.active:
        raise PermissionError("the account that asked for this export is no longer active")
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    with app.test_request_context(job.path, query_string=job.query, base_url=app.config["BASE_URL"]):
        g.building_export = True
        login_user(user)
        rule = request.url_rule
        if rule is None or rule.endpoint not in app.view_functions:
            raise LookupError(f"no export at {job.path}")
        response = app.make_response(app.view_functions[rule.endpoint](**(request.view_args or {})))
        if response.status_code != 200:
            raise RuntimeError(f"the export answered {response.status_code}")
        _, params = parse_options_header(response.headers.get("Content-Disposition", ""))
        filename = params.get("filename") or f"export-{job.id}"
        return exports.Built(filename, response.get_data(), response.mimetype or "application/octet-stream")


for _kind in ("queue", "stats", "audit", "records", "attendance", "certificates"):
    exports.builder(_kind)(replay)
