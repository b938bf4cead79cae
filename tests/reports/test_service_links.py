"""常用服务入口: every entry shows its purpose; the link checker reports dead links, tested against a
local HTTP server (never the internet)."""

from __future__ import annotations

import threading
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from portal.audit.models import AuditEvent
from portal.reports import service_links
from portal.reports.models import ServiceLinkEntry
from portal.reports.service_links import SERVICE_LINKS, check_links


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


@pytest.fixture
def shipped(app):
    """The entries a new installation starts with (``load-content``)."""
    from portal.core.db import commit
    from portal.extensions import db

    with app.test_request_context():
        assert service_links.install_defaults() == len(SERVICE_LINKS)
        assert service_links.install_defaults() == 0  # never twice, never over editors' entries
        commit()
        db.session.remove()


@pytest.fixture
def editor(create_staff, client):
    from tests.fixtures.accounts import PASSWORD

    user = create_staff("editor")
    client.login(user.email, PASSWORD)
    return user


def test_the_page_lists_every_official_system_with_its_purpose(client, shipped):
    soup = client.get_page("/links/")
    items = soup.select(".service-links li")
    assert len(items) == len(SERVICE_LINKS)
    hrefs = {a["href"] for a in soup.select(".service-links a")}
    assert {link.url for link in SERVICE_LINKS} == hrefs
    assert all(li.select_one(".small").get_text(strip=True) for li in items)
    assert all(link.url.startswith("https://") for link in SERVICE_LINKS)
    assert "商标网上服务系统" in soup.get_text() and "国家知识产权局" in soup.get_text(), soup.select_one(
        ".service-links"
    ).get_text()
    english = client.get_page("/links/?lang=en")
    assert "Trademark online service system" in english.get_text()


def test_an_editor_adds_edits_reorders_retires_and_restores_entries(client, shipped, editor):
    page = client.get_page("/staff/links/")
    names = [li.select_one(".fw-semibold").get_text(strip=True) for li in page.select("#link-entries li")]
    assert len(names) == len(SERVICE_LINKS)

    # a bad address and a missing purpose are told beside the fields, and nothing typed is lost
    page = client.post_page(
        "/staff/links/new",
        {"group": "tianjin", "name": "天津知识产权公共服务平台", "url": "javascript:alert(1)", "purpose": ""},
        status=400,
    )
    assert "请输入以 https:// 开头的完整网址。" in page.get_text()
    assert "请用一句话说明企业用它做什么。" in page.get_text()
    assert page.select_one("#name")["value"] == "天津知识产权公共服务平台"

    client.post(
        "/staff/links/new",
        data={
            "group": "tianjin",
            "name": "天津知识产权公共服务平台",
            "url": "https://ip.tj.example.cn/",
            "purpose": "查询天津市知识产权政策和服务机构。",
        },
        expect=302,
    )
    with client.app.app_context():
        entry = ServiceLinkEntry.query.filter_by(name="天津知识产权公共服务平台").one()
        assert entry.position == len(SERVICE_LINKS) + 1
    public = client.get_page("/links/")
    assert "查询天津市知识产权政策和服务机构。" in public.get_text()

    # edit: the new address and purpose show on the public page
    client.post(
        f"/staff/links/{entry.id}",
        data={
            "group": "tianjin",
            "name": "天津知识产权公共服务平台",
            "url": "https://ipservice.tj.example.cn/",
            "purpose": "查询天津市知识产权政策、服务机构和公共服务事项。",
            "name_en": "Tianjin IP public service platform",
        },
        expect=302,
    )
    public = client.get_page("/links/")
    assert public.select_one('a[href="https://ipservice.tj.example.cn/"]') is not None
    assert client.get_page("/links/?lang=en").find(string="Tianjin IP public service platform") is not None

    # move it up one place: it comes before the entry that was above it
    client.post(f"/staff/links/{entry.id}/move", data={"step": "up"}, expect=302)
    order = [li["id"] for li in client.get_page("/staff/links/").select("#link-entries li")]
    assert order.index(f"link-{entry.id}") == len(SERVICE_LINKS) - 1

    # retire: gone from the public page and from the checker, listed as retired; restore brings it back
    client.post(f"/staff/links/{entry.id}/retire", expect=302)
    assert client.get_page("/links/").select_one('a[href="https://ipservice.tj.example.cn/"]') is None
    assert "天津知识产权公共服务平台" in client.get_page("/staff/links/").select_one("#retired-entries").get_text()
    client.post(f"/staff/links/{entry.id}/restore", expect=302)
    assert client.get_page("/links/").select_one('a[href="https://ipservice.tj.example.cn/"]') is not None
    with client.app.app_context():
        actions = {e.action for e in AuditEvent.query.filter_by(object_type="service_link")}
    assert actions == {"service_link_added", "service_link_edited", "service_link_retired", "service_link_restored"}


def test_other_staff_cannot_edit_the_entries(client, create_staff, shipped):
    from tests.fixtures.accounts import PASSWORD

    reviewer = create_staff("reviewer")
    client.login(reviewer.email, PASSWORD)
    client.get("/staff/links/", expect=403)
    client.post(
        "/staff/links/new", data={"group": "wipo", "name": "x", "url": "https://x.example", "purpose": "x"}, expect=403
    )


def test_the_checker_tells_live_from_dead_links(local_site):
    results = check_links([f"{local_site}/ok", f"{local_site}/no-head", f"{local_site}/gone"], timeout=5)
    assert [r.ok for r in results] == [True, True, False]
    assert results[2].detail == "HTTP 404"
    # nothing listening: dead, not an exception
    closed = check_links(["http://127.0.0.1:9/"], timeout=2)
    assert closed[0].ok is False


def test_the_cli_checks_the_stored_entries_and_fails_on_a_dead_one(app, app_ctx, local_site):  # noqa: ARG001
    from portal.core.db import commit
    from portal.extensions import db

    live = ServiceLinkEntry(group="other", name="在线", url=f"{local_site}/ok", purpose="p", position=1)
    dead = ServiceLinkEntry(group="other", name="失效", url=f"{local_site}/gone", purpose="p", position=2)
    retired = ServiceLinkEntry(group="other", name="已停用", url=f"{local_site}/old", purpose="p", position=3)
    retired.retired_at = datetime(2026, 1, 1)
    db.session.add_all([live, dead, retired])
    commit()
    result = app.test_cli_runner().invoke(args=["check-links", "--timeout", "5"])
    assert result.exit_code == 1
    assert f"DEAD {local_site}/gone (HTTP 404) 失效" in result.output and "1 of 2" in result.output
    assert "/old" not in result.output  # retired entries are not on the page, so not checked

    dead.retired_at = datetime(2026, 1, 1)
    commit()
    assert app.test_cli_runner().invoke(args=["check-links"]).exit_code == 0
