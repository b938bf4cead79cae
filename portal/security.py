"""Security headers on every response (CSP without inline script) and request ids for logs."""

from __future__ import annotations

import uuid

from flask import Flask, g, request

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


def register_security(app: Flask) -> None:
    @app.before_request
    def _request_id():
        g.request_id = request.headers.get("X-Request-ID", "")[:64] or uuid.uuid4().hex

    @app.after_request
    def _headers(response):
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
        # only the door check-in page reads QR codes with the camera
        camera = "(self)" if g.get("camera_allowed") else "()"
        response.headers["Permissions-Policy"] = f"camera={camera}, microphone=(), geolocation=()"
        response.headers["X-Request-ID"] = g.get("request_id", "")
        if app.config.get("SESSION_COOKIE_SECURE"):
            response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
        return response
