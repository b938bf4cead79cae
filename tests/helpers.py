"""A page-returning client: every HTML page it fetches gets cheap structural checks."""

from __future__ import annotations

import os
import re
import uuid
from contextlib import contextmanager

from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient

from tests.zh_style import zh_style_problems


class _StyleCheckingClient(FlaskClient):
    """Flask's test client that runs the Chinese house-style scan on every HTML page it receives,
    whichever way a test asks for it (get, post, follow_redirects, or .raw directly)."""

    def open(self, *args, **kwargs):
        response = super().open(*args, **kwargs)
        request = getattr(response, "request", None)
        check_zh_style(response, request.full_path if request is not None else "")
        return response


class PageClient:
    """Wraps Flask's test client; ``get_page``/``post_page`` assert the status and return soup."""

    def __init__(self, app: Flask):
        self.app = app
        self.raw = _StyleCheckingClient(app, app.response_class, use_cookies=True)

    def get(self, url, expect: int | None = None, **kw):
        """The raw response; with ``expect``, its status is asserted first."""
        return _expecting(self.raw.get(url, **kw), expect, url)

    def post(self, url, expect: int | None = None, **kw):
        """The raw response; with ``expect``, its status is asserted first (a POST whose response
        the test otherwise ignores must say what it expects)."""
        return _expecting(self.raw.post(url, **kw), expect, url)

    def get_page(self, url: str, status: int = 200, **kw) -> BeautifulSoup:
        response = self.raw.get(url, **kw)
        assert response.status_code == status, (url, response.status_code, response.headers.get("Location"))
        return check_page(response, self.app.config.get("WTF_CSRF_ENABLED", True))

    def post_page(self, url: str, data: dict, status: int = 200, **kw) -> BeautifulSoup:
        response = self.raw.post(url, data=data, **kw)
        assert response.status_code == status, (url, response.status_code, response.headers.get("Location"))
        return check_page(response, self.app.config.get("WTF_CSRF_ENABLED", True))

    def login(self, email: str, password: str):
        response = self.raw.post("/auth/login", data={"email": email, "password": password})
        assert response.status_code == 302, f"login failed for {email}"
        return response

    def logout(self):
        return self.raw.post("/auth/logout")


def _expecting(response, expect: int | None, url):
    assert expect is None or response.status_code == expect, (
        url,
        response.status_code,
        response.headers.get("Location"),
    )
    return response


def check_zh_style(response, url="") -> None:
    """Every Chinese HTML page the suite receives follows the house style (tests/zh_style.py)."""
    # (every test-client response counts as "streamed", since it wraps the app's iterable: the content
    # type alone tells a page from a download)
    if "text/html" not in (response.content_type or ""):
        return
    html = response.get_data(as_text=True)
    if '<html lang="zh-CN"' not in html[:400]:
        return
    problems = zh_style_problems(html)
    if problems and os.environ.get("ZH_STYLE_LOG"):  # survey mode: note them all, fail none
        with open(os.environ["ZH_STYLE_LOG"], "a", encoding="utf-8") as log:
            log.write(f"{url}\t{problems}\n")
        return
    assert not problems, (url, problems)


def check_page(response, csrf: bool = False) -> BeautifulSoup:
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    if "text/html" in response.content_type:
        assert soup.html is not None and soup.html.get("lang") in {"zh-CN", "en"}
        title = soup.title.get_text(strip=True) if soup.title else ""
        assert title and not title.startswith(" - "), "every page needs its own title"
        ids = [tag["id"] for tag in soup.find_all(id=True)]
        dupes = {i for i in ids if ids.count(i) > 1}
        assert not dupes, f"duplicate ids: {dupes}"
        for form in soup.find_all("form", method=re.compile("post", re.I)):
            assert not csrf or form.find("input", attrs={"name": "csrf_token"}), "POST forms carry a CSRF token"
        for tag in soup.find_all(["script", "link"]):
            ref = tag.get("src") or tag.get("href") or ""
            assert not ref.startswith(("http://", "https://", "//")), f"external asset {ref}"
    return soup


def error_texts(soup: BeautifulSoup) -> list[str]:
    return [e.get_text(strip=True) for e in soup.select(".invalid-feedback")]


def field_value(soup: BeautifulSoup, name: str) -> str | None:
    tag = soup.find(attrs={"name": name})
    if tag is None:
        return None
    # browsers drop the newline WTForms writes right after <textarea>
    return tag.get_text().removeprefix("\r\n").removeprefix("\n") if tag.name == "textarea" else tag.get("value")


def sms_code(app: Flask, mobile: str) -> str:
    """The newest verification code texted to ``mobile`` (the memory SMS backend of the tests)."""
    for message in reversed(app.extensions.get("sms_outbox", [])):
        if message.mobile == mobile:
            found = re.search(r"(?<!\d)(\d{6})(?!\d)", message.text)
            if found:
                return found.group(1)
    raise AssertionError(f"no code was texted to {mobile}")


def with_sms_code(client, app: Flask, url: str, data: dict, field: str = "sms_code", **kw) -> dict:
    """Press "Send code" on the form at ``url``; ``data`` with the code that was texted."""
    from portal.core.validators import normalise_mobile

    raw = getattr(client, "raw", client)
    response = raw.post(url, data=dict(data, send_code="1"), **kw)
    assert response.status_code == 200, (url, response.status_code)
    return dict(data, **{field: sms_code(app, normalise_mobile(data["mobile"]))})


PRODUCTION_SECRET = "9f2c4e7a1b6d3f8e0a5c7b9d2e4f6a8c1b3d5e7f9a0c2e4b6d8f1a3c5e7b9d0f"


def redis_test_db() -> int:
    """A Redis database per xdist worker (15, 14, …): one worker's limiter reset must not clear another's."""
    import os

    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    # TEST_REDIS_DB_TOP moves the range down, so that two checkouts' suites can run at once
    top = int(os.environ.get("TEST_REDIS_DB_TOP", "15"))
    return top - int(worker.removeprefix("gw") or 0) % 8


def ops_redis_url() -> str:
    """The Redis database the ops tests share as broker and cache (two servers, worker, page cache):
    one below TEST_REDIS_DB_TOP (4 when it is 5), so that a checkout's ops tests never meet another
    checkout's Celery workers; keys and queues carry a per-run prefix on top."""
    import os

    top = int(os.environ.get("TEST_REDIS_DB_TOP", "15"))
    return f"redis://127.0.0.1:6379/{top - 1}"


def production_config(test_config: dict, **extra) -> dict:
    """A production configuration that passes every start-up check (Redis runs on this machine and in CI)."""
    return {
        **test_config,
        "ENV_NAME": "production",
        "SECRET_KEY": PRODUCTION_SECRET,
        "BASE_URL": "https://ip.hongqiao.example.cn",
        "RATELIMIT_STORAGE_URI": f"redis://127.0.0.1:6379/{redis_test_db()}",
        # the shared cache production requires, under a prefix of this app's own: the suite empties
        # tables behind the ORM's back, so no kept count may outlive the app that kept it
        "CACHE_REDIS_URL": f"redis://127.0.0.1:6379/{redis_test_db()}",
        "CACHE_KEY_PREFIX": f"production-test-{uuid.uuid4().hex}:",
        "WTF_CSRF_ENABLED": False,
        **extra,
    }


@contextmanager
def production_app(test_config: dict, **extra):
    """Build a production app; afterwards the shared limiter gets the suite's memory storage back."""
    from portal import create_app
    from portal.extensions import limiter

    app = create_app(production_config(test_config, **extra))
    with app.app_context():
        limiter.reset()
    try:
        yield app
    finally:
        with app.app_context():
            limiter.reset()
        create_app(test_config)
