"""Live server + Debian Chromium for the journeys. In CI a missing browser fails the run."""

from __future__ import annotations

import os
import shutil
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest
from werkzeug.serving import make_server

CHROMIUM = "/usr/bin/chromium"
SHOTS = Path(__file__).resolve().parents[1] / "screenshots"


@pytest.fixture(scope="session")
def live_app(app, test_config):
    """The app the browser talks to (its mail lands in ``live_app.extensions["mail_outbox"]``)."""
    from portal import create_app

    # the same database as the suite, but with CSRF on, as a real visitor meets it; the browser keeps
    # the style sheets and scripts for the run instead of asking for each again on every page (five
    # requests less a page: a page took 82 ms to load with them, 68 ms without)
    return create_app({**test_config, "WTF_CSRF_ENABLED": True, "SEND_FILE_MAX_AGE_DEFAULT": 3600})


@pytest.fixture(scope="session")
def live_server(live_app):
    browser_app = live_app
    server = make_server("127.0.0.1", 0, browser_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium is required in CI: apt-get install -y chromium")
        pytest.skip("no Chromium at /usr/bin/chromium; install Debian's chromium to run the browser journeys")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        yield instance
        instance.close()


DESKTOP = {"width": 1280, "height": 900}


@contextmanager
def open_tab(browser, base_url: str, viewport: dict = DESKTOP):
    """A tab in a context of its own (its own cookies), in Chinese, closed afterwards."""
    context = browser.new_context(base_url=base_url, viewport=viewport, locale="zh-CN")
    tab = context.new_page()
    tab.set_default_timeout(15000)
    try:
        yield tab
    finally:
        context.close()


@pytest.fixture
def page(browser, live_server):
    with open_tab(browser, live_server) as tab:
        yield tab


@pytest.fixture
def shot():
    """Full-page screenshots into tests/screenshots/ when ``SCREENSHOTS=1`` (to look at the pages:
    ``SCREENSHOTS=1 bash .ci/test tests/browser``). They check nothing, and at about 150 ms each they
    were a quarter of the journeys' time, so the suite's default run leaves them out."""
    if os.environ.get("SCREENSHOTS") != "1":
        return lambda page, name: None
    SHOTS.mkdir(exist_ok=True)

    def _shot(page, name: str):
        path = SHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return _shot
