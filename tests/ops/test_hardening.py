"""Production refuses unsafe settings at start-up; forwarded headers only from the proxy; restore is exact."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import text

from portal import create_app
from portal.core.hardening import UnsafeConfiguration, secret_key_bits
from tests.helpers import PRODUCTION_SECRET, production_app, production_config


@pytest.mark.parametrize("key", ["a" * 32, "a" * 64, "ab" * 32, "abcd1234" * 4])
def test_production_refuses_a_low_entropy_secret_key(test_config, key):
    with pytest.raises(UnsafeConfiguration, match="SECRET_KEY"):
        create_app(production_config(test_config, SECRET_KEY=key))


def test_a_generated_key_is_accepted():
    import secrets

    assert secret_key_bits(secrets.token_hex(32)) >= 128 and secret_key_bits(PRODUCTION_SECRET) >= 128


def test_production_refuses_per_process_rate_limit_storage(test_config):
    with pytest.raises(UnsafeConfiguration, match="RATELIMIT_STORAGE_URI"):
        create_app(production_config(test_config, RATELIMIT_STORAGE_URI="memory://"))


def test_production_refuses_a_cache_inside_each_worker(test_config):
    # generations bumped in one worker's own cache would never reach the others' kept counts
    with pytest.raises(UnsafeConfiguration, match="PORTAL_CACHE_REDIS_URL"):
        create_app(production_config(test_config, CACHE_REDIS_URL=""))


def test_production_needs_a_base_url(test_config):
    with pytest.raises(UnsafeConfiguration, match="PORTAL_BASE_URL"):
        create_app(production_config(test_config, BASE_URL=None))


def test_production_refuses_to_start_while_demo_accounts_exist(test_config, app, capsys):
    from portal.accounts.demo import ensure_demo_accounts
    from portal.core.db import commit

    with app.app_context():
        ensure_demo_accounts()
        commit()
    with pytest.raises(UnsafeConfiguration, match="demo accounts"):
        create_app(production_config(test_config))
    with production_app(test_config, ALLOW_DEMO_ACCOUNTS=True):
        pass  # production logs JSON lines to stderr
    assert (
        '"level": "WARNING"'
        in capsys.readouterr().err.split("DEMO ACCOUNTS PRESENT IN PRODUCTION")[0].rsplit("\n", 1)[-1]
    )


def test_create_user_refuses_a_demo_email_in_production(test_config, app):
    with production_app(test_config) as prod:
        result = prod.test_cli_runner().invoke(
            args=["create-user", "--email", "Admin@example.cn", "--role", "admin", "--password", "Kx8#vR2!pQ7m"]
        )
    assert result.exit_code != 0 and "demo" in result.output
    with app.app_context():
        from portal.accounts.services import find_user_by_email

        assert find_user_by_email("admin@example.cn") is None


def test_forged_forwarded_for_from_an_untrusted_address_does_not_reset_the_ip_limit(test_config, app):
    # ``app``: the suite's app has built the schema the sign-in attempts look users up in (this
    # test used to pass only when the worker had run another test with ``app`` before it)
    with production_app(test_config, LOGIN_IP_RATE_LIMIT="3 per minute") as prod:
        seen = {}

        @prod.route("/__ip")
        def ip():
            from flask import request

            seen["ip"] = request.remote_addr
            return "ok"

        client = prod.test_client()
        direct = {"REMOTE_ADDR": "198.51.100.7"}  # reached gunicorn without the proxy
        codes = [
            client.post(
                "/auth/login",
                data={"email": f"guess{n}@example.cn", "password": "x"},
                headers={"X-Forwarded-For": f"203.0.113.{n}"},
                environ_base=direct,
            ).status_code
            for n in range(5)
        ]
        assert codes == [200, 200, 200, 429, 429]
        client.get("/__ip", headers={"X-Forwarded-For": "203.0.113.50"}, environ_base=direct)
        assert seen["ip"] == "198.51.100.7"
        # through the proxy (a trusted address) the forwarded client address is used
        client.get("/__ip", headers={"X-Forwarded-For": "203.0.113.50"}, environ_base={"REMOTE_ADDR": "127.0.0.1"})
        assert seen["ip"] == "203.0.113.50"


def test_compose_does_not_publish_the_app_server_or_trust_every_address():
    from pathlib import Path

    import portal

    compose = (Path(portal.__file__).parent / "deploy" / "compose.yaml").read_text()
    assert "8000:8000" not in compose and 'FORWARDED_ALLOW_IPS: "*"' not in compose


def test_cookies_in_production_are_same_site_and_secure(test_config, firm_user):
    from tests.fixtures.accounts import PASSWORD

    with production_app(test_config) as prod:
        client = prod.test_client()
        response = client.post(
            "/auth/login?lang=en", data={"email": firm_user.email, "password": PASSWORD, "remember": "y"}
        )
        assert response.status_code == 302
        cookies = {c.split("=", 1)[0]: c for c in response.headers.getlist("Set-Cookie")}
        assert "SameSite=Lax" in cookies["remember_token"] and "Secure" in cookies["remember_token"]
        lang = client.get("/?lang=en").headers.getlist("Set-Cookie")
        assert any(c.startswith("lang=en") and "Secure" in c for c in lang)


def test_restore_empties_the_upload_folder_first(tmp_path):
    import sqlite3

    from portal.backup import create_backup, restore_backup

    db_file, uploads = tmp_path / "p.sqlite3", tmp_path / "uploads"
    sqlite3.connect(db_file).close()
    uploads.mkdir()
    (uploads / "kept.pdf").write_bytes(b"%PDF-1 kept")
    create_backup(f"sqlite:///{db_file}", str(uploads), tmp_path / "b.tar.gz")
    (uploads / "later.pdf").write_bytes(b"%PDF-1 uploaded after the backup")
    restore_backup(tmp_path / "b.tar.gz", f"sqlite:///{db_file}", str(uploads))
    assert sorted(p.name for p in uploads.iterdir()) == ["kept.pdf"]


def test_healthz_reports_a_database_slower_than_its_timeout(app, monkeypatch):
    import portal.web.public.home as home

    slow = "SELECT pg_sleep(3)" if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql") else None
    if slow is None:
        # SQLite: a query that does not finish within the health timeout (a recursive count to 10⁹)
        slow = (
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000000) SELECT max(i) FROM n"
        )
    monkeypatch.setattr(home, "HEALTH_QUERY", text(slow))
    app.config["HEALTHZ_DB_TIMEOUT_MS"] = 300
    try:
        started = time.monotonic()
        response = app.test_client().get("/healthz")
        elapsed = time.monotonic() - started
    finally:
        app.config["HEALTHZ_DB_TIMEOUT_MS"] = 2000
    assert response.status_code == 503 and response.get_json()["db"] == "timeout"
    assert elapsed < 2.5


@pytest.mark.postgres
def test_postgres_connections_carry_statement_and_lock_timeouts(test_config, app):
    from portal.extensions import db

    with app.app_context():
        row = db.session.execute(text("SELECT current_setting('statement_timeout'), current_setting('lock_timeout')"))
        assert tuple(row.one()) == ("15s", "5s")
        db.session.remove()
    fast = create_app({**test_config, "DB_LOCK_TIMEOUT_MS": 300})
    with app.app_context(), db.engine.connect() as holder:
        holder.execute(text('LOCK TABLE "users" IN ACCESS EXCLUSIVE MODE'))
        with fast.app_context():
            started = time.monotonic()
            with pytest.raises(Exception, match="lock timeout"):
                db.session.execute(text('SELECT count(*) FROM "users"'))
            db.session.rollback()
            assert time.monotonic() - started < 3
        holder.rollback()
    create_app(test_config)
