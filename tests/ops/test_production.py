"""Production wiring: proxy headers, JSON logs with request ids, Redis-backed rate limits."""

from __future__ import annotations

import json
import logging

import pytest
import redis

from portal import create_app
from tests.helpers import production_app, redis_test_db


@pytest.fixture
def prod_app(test_config):
    with production_app(test_config) as application:
        yield application


def test_proxy_headers_are_trusted_one_hop(prod_app):
    seen = {}

    @prod_app.route("/__ip")
    def ip():
        from flask import request

        seen["ip"], seen["scheme"] = request.remote_addr, request.scheme
        return "ok"

    prod_app.test_client().get("/__ip", headers={"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"})
    assert seen == {"ip": "203.0.113.9", "scheme": "https"}


def test_json_access_log_carries_request_id(prod_app, caplog):
    from portal.logging_setup import JsonFormatter

    with caplog.at_level(logging.INFO, logger="portal.access"):
        response = prod_app.test_client().get("/healthz", headers={"X-Request-ID": "abc123"})
    assert response.headers["X-Request-ID"] == "abc123"
    record = next(r for r in caplog.records if r.name == "portal.access")
    with prod_app.test_request_context("/healthz"):
        from flask import g

        g.request_id = "abc123"
        line = json.loads(JsonFormatter().format(record))
    assert line["status"] == 200 and line["request_id"] == "abc123" and "duration_ms" in line


def test_rate_limits_can_live_in_redis(app, test_config):
    try:
        redis.Redis.from_url(f"redis://127.0.0.1:6379/{redis_test_db()}", socket_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        pytest.fail("Redis should run on 127.0.0.1:6379 on this machine and in CI")
    redis_app = create_app(
        {
            **test_config,
            "RATELIMIT_STORAGE_URI": f"redis://127.0.0.1:6379/{redis_test_db()}",
            "LOGIN_RATE_LIMIT": "2 per minute",
        }
    )
    from portal.extensions import limiter

    with redis_app.app_context():
        limiter.reset()
    client = redis_app.test_client()
    codes = [
        client.post("/auth/login", data={"email": "redis@example.cn", "password": "x"}).status_code for _ in range(3)
    ]
    try:
        assert codes == [200, 200, 429]
    finally:
        with redis_app.app_context():
            limiter.reset()
        # the limiter object is shared by every app in this process: give the suite its memory storage back
        create_app(test_config)
