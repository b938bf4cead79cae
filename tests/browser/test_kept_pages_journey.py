"""The kept pages in a real browser, served as in production: counts and page bodies kept in the
cache (the other journeys' server renders every page). A reviewer works a case from the queue, with
the forms of kept pages; everything they do shows on the next page at once, and the firm's list
follows."""

from __future__ import annotations

import threading

import pytest
from playwright.sync_api import expect
from werkzeug.serving import make_server

from tests.browser.conftest import open_tab
from tests.browser.test_case_journeys import sign_in, sign_out

pytestmark = pytest.mark.browser


@pytest.fixture
def kept_server(test_config):
    """A server of its own with the shared cache keeping pages; its cache goes with it."""
    from portal import create_app

    served = create_app({**test_config, "WTF_CSRF_ENABLED": True, "COUNT_CACHE_SECONDS": 600})
    server = make_server("127.0.0.1", 0, served, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture
def kept_page(browser, kept_server):
    with open_tab(browser, kept_server) as tab:
        yield tab


def _go(page, label):
    with page.expect_navigation():
        page.get_by_role("button", name=label, exact=True).click()


def _at_phone_width(page, shot, name):
    """The kept page as a phone shows it: no sideways scrolling at 390 px."""
    shot(page, f"{name}-desktop")
    page.set_viewport_size({"width": 390, "height": 844})
    width, inner = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
    assert width <= inner, f"{name}: the page is {width}px wide in a {inner}px window"
    shot(page, f"{name}-390")
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_reviewer_works_a_case_on_kept_pages(kept_page, shot, firm_user, reviewer, make_case):
    page = kept_page
    ref = make_case(firm_user, kind="rights-protection")  # everything after this goes through the server
    reviewer_name = reviewer.email.split("@")[0]

    sign_in(page, reviewer.email)
    for _ in range(2):  # the second view is the kept one
        page.goto("/staff/queue?stage=all")
        expect(page.locator(f"#ref-{ref}")).to_have_count(1)
    row = page.locator("tr[data-case-row]", has=page.locator(f"#ref-{ref}"))
    expect(row).to_contain_text("未分派", use_inner_text=True)

    page.goto(f"/staff/cases/{ref}")
    page.goto(f"/staff/cases/{ref}")  # kept: its forms carry this session's token
    _go(page, "认领此案件")
    expect(page.locator("main")).to_contain_text(f"承办人：{reviewer_name}", use_inner_text=True)
    _go(page, "受理")
    expect(page.locator("main h1 + div .badge")).to_have_text("已受理")

    page.fill("#notes textarea[name=body]", "已电话核实权利人身份。")
    _go(page, "保存备注")
    expect(page.locator("#notes")).to_contain_text("已电话核实权利人身份。", use_inner_text=True)
    page.fill("#messages textarea[name=body]", "请补充购买公证书原件的扫描件。")
    _go(page, "发送给企业")
    expect(page.locator("#messages")).to_contain_text("请补充购买公证书原件的扫描件。", use_inner_text=True)
    _at_phone_width(page, shot, "kept-case-page")

    page.goto("/staff/queue?stage=all")  # the kept queue page followed every step
    row = page.locator("tr[data-case-row]", has=page.locator(f"#ref-{ref}"))
    expect(row).to_contain_text(reviewer_name, use_inner_text=True)
    expect(row).to_contain_text("已受理", use_inner_text=True)
    _at_phone_width(page, shot, "kept-queue")
    sign_out(page)

    sign_in(page, firm_user.email)
    page.goto("/firm/")
    expect(page.locator("#my-cases")).to_contain_text("已受理", use_inner_text=True)
    _at_phone_width(page, shot, "kept-firm-cases")
