"""常用服务入口: every entry shows its purpose; the link checker reports dead links, tested against a
local HTTP server (never the internet)."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from portal.reports import service_links
from portal.reports.service_links import SERVICE_LINKS, ServiceLink, check_links


class _Handler(BaseHTTPRequestHandler):
    def _answer(self, head: bool):
        if self.path == "/ok":
            self.send_response(200)
        elif self.path == "/no-head" and head:
            self.send_response(405)
        elif self.path == "/no-head":
            self.send_response(200)
        else:
            self.send_response(404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_HEAD(self):
        self._answer(head=True)

    def do_GET(self):
        self._answer(head=False)

    def log_message(self, *args):
        pass


@pytest.fixture
def local_site():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_the_page_lists_every_official_system_with_its_purpose(client):
    soup = client.get_page("/links/")
    items = soup.select(".service-links li")
    assert len(items) == len(SERVICE_LINKS)
    hrefs = {a["href"] for a in soup.select(".service-links a")}
    assert {link.url for link in SERVICE_LINKS} == hrefs
    assert all(li.select_one(".small").get_text(strip=True) for li in items)
    assert all(link.url.startswith("https://") for link in SERVICE_LINKS)


def test_the_checker_tells_live_from_dead_links(local_site):
    results = check_links([f"{local_site}/ok", f"{local_site}/no-head", f"{local_site}/gone"], timeout=5)
    assert [r.ok for r in results] == [True, True, False]
    assert results[2].detail == "HTTP 404"
    # nothing listening: dead, not an exception
    closed = check_links(["http://127.0.0.1:9/"], timeout=2)
    assert closed[0].ok is False


def test_the_cli_reports_dead_links_and_fails(app, local_site, monkeypatch):
    links = (
        ServiceLink("live", f"{local_site}/ok", "p", "g"),
        ServiceLink("dead", f"{local_site}/gone", "p", "g"),
    )
    monkeypatch.setattr(service_links, "SERVICE_LINKS", links)
    result = app.test_cli_runner().invoke(args=["check-links", "--timeout", "5"])
    assert result.exit_code == 1
    assert f"DEAD {local_site}/gone (HTTP 404)" in result.output and "1 of 2" in result.output

    monkeypatch.setattr(service_links, "SERVICE_LINKS", links[:1])
    assert app.test_cli_runner().invoke(args=["check-links"]).exit_code == 0
