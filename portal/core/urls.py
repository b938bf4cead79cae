"""Absolute links for mail and exports, built from the configured BASE_URL.

Never from the request: its Host (or X-Forwarded-Host) header is whatever the sender typed, and
a reset link pointing at an attacker's host hands them the token.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app


def external_url(endpoint: str, **values) -> str:
    """``https://<BASE_URL host>/<path for endpoint>``; works in requests, CLI commands and jobs alike."""
    base = urlsplit(current_app.config["BASE_URL"] or "http://localhost")
    adapter = current_app.url_map.bind(
        base.netloc, script_name=base.path.rstrip("/") or "/", url_scheme=base.scheme or "https"
    )
    return adapter.build(endpoint, values, force_external=True)
