"""The shell every page shares: language, layout, errors, security headers, health check."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import OperationalError

from portal import create_app
from tests.fixtures.accounts import PASSWORD
from tests.helpers import production_app


def test_home_is_chinese_by_default(client):
    page = client.get_page("/", headers={"Accept-Language": "en-US,en;q=0.9"})
    assert page.html["lang"] == "zh-CN"
    assert "红桥区知识产权企业服务平台" in page.title.get_text()
    assert "12330" in page.select_one("footer").get_text()
    assert page.select_one("a.skip-link")["href"] == "#main"


def test_language_switch_is_remembered(client):
    page = client.get_page("/?lang=en")
    assert page.html["lang"] == "en"
    assert "Hongqiao District IP Enterprise Service Portal" in page.title.get_text()
    assert client.get_page("/privacy").html["lang"] == "en"
    assert client.get_page("/privacy?lang=zh").html["lang"] == "zh-CN"
    assert client.get_page("/").html["lang"] == "zh-CN"


def test_language_link_keeps_the_page(client):
    page = client.get_page("/privacy")
    link = page.find("a", hreflang="en")["href"]
    assert link.startswith("/privacy") and "lang=en" in link


@pytest.mark.parametrize(
    ("url", "status", "zh", "en"),
    [
        ("/no-such-page", 404, "页面不存在", "Page not found"),
    ],
)
def test_error_pages_in_both_languages(client, url, status, zh, en):
    assert zh in client.get_page(url, status=status).get_text()
    assert en in client.get_page(url + "?lang=en", status=status).get_text()


def test_forbidden_page_in_layout(client, firm_user):
    client.login(firm_user.email, PASSWORD)
    page = client.get_page("/staff/", status=403)
    assert page.select_one("header") and page.find("h1")


def test_server_error_page_in_layout(test_config):
    app = create_app({**test_config, "PROPAGATE_TEST_ERRORS": False})

    @app.route("/boom")
    def boom():
        raise RuntimeError("boom")

    response = app.test_client().get("/boom")
    assert response.status_code == 500
    assert "出错" in response.get_data(as_text=True)


def test_csrf_failure_page(test_config):
    app = create_app({**test_config, "WTF_CSRF_ENABLED": True})
    response = app.test_client().post("/auth/login", data={"email": "a@example.cn", "password": "x"})
    assert response.status_code == 400
    assert "表单已过期" in response.get_data(as_text=True)


def test_security_headers(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"]


def test_no_inline_scripts_in_pages(client):
    page = client.get_page("/auth/register")
    assert all(tag.get("src") for tag in page.find_all("script"))
    assert not page.find(attrs={"onclick": True}) and not page.find(attrs={"style": True})


def test_healthz_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.get_json() == {
        "status": "ok",
        "db": "ok",
        "broker": "in-process",
        "cache": "ok",
        "store": "ok",
    }


def test_healthz_reports_database_outage(app, monkeypatch):
    from portal.extensions import db

    def broken(*args, **kwargs):
        raise OperationalError("SELECT 1", {}, Exception("down"))

    with app.test_client() as c:
        monkeypatch.setattr(db.session, "execute", broken)
        response = c.get("/healthz")
    assert response.status_code == 503 and response.get_json()["status"] == "error"
    assert response.get_json()["db"] == "error"


def test_production_refuses_weak_secret(test_config, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError):
        create_app({**test_config, "ENV_NAME": "production", "SECRET_KEY": None})


def test_production_refuses_demo_accounts(test_config, app):
    from portal.accounts.demo import ensure_demo_accounts
    from portal.core.db import commit

    with app.app_context():
        ensure_demo_accounts()
        commit()
    # started only with the explicit flag (tests/ops/test_hardening.py checks the refusal without it)
    with production_app(test_config, SESSION_COOKIE_SECURE=False, ALLOW_DEMO_ACCOUNTS=True) as prod:
        assert prod.config["SESSION_COOKIE_SECURE"] is False and prod.config["REMEMBER_COOKIE_SECURE"] is True
        response = prod.test_client().post(
            "/auth/login", data={"email": "admin@example.cn", "password": "Demo-Staff-2026"}
        )
        assert response.status_code == 200  # refused: the form comes back
        result = prod.test_cli_runner().invoke(args=["seed-demo"])
        assert result.exit_code != 0 and "production" in result.output


def test_one_bootstrap_copy_served_by_bootstrap_flask(client):
    page = client.get_page("/")
    assets = [t.get("href") or t.get("src") for t in page.find_all(["link", "script"]) if "bootstrap" in str(t)]
    assert "/bootstrap/static/css/bootstrap.min.css" in assets and "/bootstrap/static/js/bootstrap.min.js" in assets
    assert not [a for a in assets if a.startswith("/static/")], "a second, vendored Bootstrap copy"
    for asset in assets:  # same origin, so the CSP's 'self' allows them
        assert client.get(asset, expect=200).data


def _menu(page) -> list[str]:
    return [a.get_text(" ", strip=True) for a in page.select("#nav .navbar-nav.me-auto a.nav-link")]


def test_the_menu_is_kept_per_role_and_language_and_counts_stay_each_persons(app, client, create_staff):
    """The menu is rendered once per role and language (portal.templating.nav_menu); names and unread
    counts are still each person's own."""
    from portal.cases.models import Notification
    from portal.core.db import commit
    from portal.extensions import db

    first, second, admin = create_staff("reviewer"), create_staff("reviewer"), create_staff("admin")
    with app.app_context():
        db.session.add_all([Notification(user_id=first.id, event="message") for _ in range(3)])
        commit()

    client.login(first.email, PASSWORD)
    page = client.get_page("/staff/")
    assert "通知 3" in _menu(page) and page.find(string=first.email.split("@")[0])
    english = client.get_page("/staff/?lang=en")
    assert "Inbox 3" in _menu(english) and "Case queue" in _menu(english)
    client.get_page("/staff/?lang=zh")
    client.logout()

    client.login(second.email, PASSWORD)
    page = client.get_page("/staff/")
    assert "通知" in _menu(page) and "通知 3" not in _menu(page)
    assert page.find(string=second.email.split("@")[0]) and not page.find(string=first.email.split("@")[0])
    reviewer_menu = _menu(page)
    client.logout()

    client.login(admin.email, PASSWORD)
    admin_menu = _menu(client.get_page("/staff/"))
    assert "系统管理" in admin_menu and "系统管理" not in reviewer_menu
    client.logout()
    assert "登录" in [a.get_text(strip=True) for a in client.get_page("/").select("#nav a.nav-link")]


def test_templates_url_for_is_flasks_under_any_root_and_blueprint(app):
    """Templates' remembered url_for (portal.templating) builds what Flask builds: per mount path, per
    blueprint for relative endpoints, arguments in their order, anchors and external addresses as well."""
    from flask import request, url_for

    remembered = app.jinja_env.globals["url_for"]
    calls = [
        ("staff.queue", {}),
        ("staff.queue", {"stage": "all", "sort": "-due", "page": 3}),
        ("staff.queue", {"sort": "-due", "stage": "all"}),
        ("staff.case_detail", {"reference": "HQ-RP-2026-000001", "view": "stage=all&q=商标"}),
        ("static", {"filename": "css/portal.css"}),
        (".inbox", {}),  # staff.inbox or firm.inbox, by the page's blueprint
        ("staff.queue", {"_anchor": "top"}),
        ("staff.queue", {"_external": True}),
        ("staff.queue", {"status": ["a", "b"]}),
    ]
    for root, path in (("", "/staff/queue"), ("/portal", "/staff/queue"), ("", "/firm/")):
        for _ in range(2):  # the second time from memory
            with app.test_request_context(path, base_url=f"http://localhost{root}"):
                assert request.script_root == root
                for endpoint, values in calls:
                    assert remembered(endpoint, **values) == url_for(endpoint, **values), (root, endpoint, values)
