"""The screens of a large export prepared in the background, of the editor keeping the service entry
points, and of a firm recording its overseas filings and following the suggested early warning
(desktop and 390 px)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import open_tab
from tests.browser.test_case_journeys import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def narrow(browser, live_server):
    with open_tab(browser, live_server, {"width": 390, "height": 844}) as tab:
        yield tab


@pytest.fixture
def large_exports(live_app):
    before = live_app.config["EXPORT_ASYNC_ROWS"]
    live_app.config["EXPORT_ASYNC_ROWS"] = 1
    yield
    live_app.config["EXPORT_ASYNC_ROWS"] = before


def test_a_large_queue_export_is_prepared_and_downloaded(
    page, narrow, shot, supervisor, firm_user, make_case, large_exports
):
    refs = [make_case(firm_user, status="submitted") for _ in range(3)]
    sign_in(page, supervisor.email)
    page.goto("/staff/queue?stage=all")
    with page.expect_navigation():
        page.get_by_role("link", name="XLSX").first.click()
    # back on the queue with its filters, told the file is being prepared; the menu says when it is ready
    assert page.url.endswith("/staff/queue?stage=all")
    assert "共 3 行，文件正在准备中" in page.inner_text("main")
    assert "已准备的文件" in page.inner_text("#prepared-files-notice")
    shot(page, "prepared-files-notice")
    with page.expect_navigation():
        page.locator("#prepared-files-notice").click()
    shot(page, "prepared-files")
    with page.expect_download() as download:
        page.locator(".prepared-file").first.get_by_role("link", name="下载").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    expect(page.locator("#prepared-files-notice")).to_have_count(0)

    page.goto("/staff/queue?stage=all")
    with page.expect_navigation():
        page.get_by_role("link", name="CSV").first.click()
    sign_in(narrow, supervisor.email)
    narrow.goto("/staff/exports")
    assert narrow.locator(".prepared-file").count() == 2 and refs
    shot(narrow, "prepared-files-390")


def test_an_editor_keeps_the_service_entry_points(page, narrow, shot, create_staff, live_app):
    from portal.core.db import commit
    from portal.reports.service_links import install_defaults

    with live_app.test_request_context():
        install_defaults()
        commit()
    editor = create_staff("editor")
    sign_in(page, editor.email)
    page.goto("/staff/links/")
    shot(page, "service-links-editor")
    page.get_by_role("link", name="添加入口").click()
    page.select_option("#group", "tianjin")
    page.fill("#name", "天津市知识产权公共服务平台")
    page.fill("#url", "not a web address")
    with page.expect_navigation():
        page.get_by_role("button", name="保存").click()
    assert "请输入以 https:// 开头的完整网址。" in page.inner_text("main")
    assert page.input_value("#name") == "天津市知识产权公共服务平台"
    shot(page, "service-links-entry-error")
    page.fill("#url", "https://ip.tj.example.cn/")
    page.fill("#purpose", "查询天津市知识产权政策、服务机构和公共服务事项。")
    with page.expect_navigation():
        page.get_by_role("button", name="保存").click()
    assert "已添加到常用服务入口页面。" in page.inner_text("main")
    with page.expect_navigation():
        page.get_by_role("button", name="上移：天津市知识产权公共服务平台").click()
    entries = page.locator("#link-entries li").all_inner_texts()
    assert "天津市知识产权公共服务平台" in entries[-2]

    page.goto("/links/")
    assert "查询天津市知识产权政策、服务机构和公共服务事项。" in page.inner_text("main")
    sign_in(narrow, editor.email)
    narrow.goto("/staff/links/")
    shot(narrow, "service-links-editor-390")
    with narrow.expect_navigation():
        narrow.get_by_role("button", name="停用：天津市知识产权公共服务平台").click()
    assert "天津市知识产权公共服务平台" in narrow.inner_text("#retired-entries")
    narrow.goto("/links/")
    assert "天津市知识产权公共服务平台" not in narrow.inner_text("main")


def test_a_firm_records_overseas_filings_and_follows_the_suggestion(page, narrow, shot, firm_user):
    sign_in(page, firm_user.email)
    page.goto("/firm/profile")
    with page.expect_navigation():
        page.locator("#overseas").get_by_role("link", name="海外市场和申请").click()
    page.select_option("#region", "us")
    page.select_option("#ip_type", "patent")
    page.fill("#number", "US 11,234,567 B2")
    with page.expect_navigation():
        page.get_by_role("button", name="添加").click()
    page.select_option("#region", "eu")
    page.fill("#country", "德国")
    with page.expect_navigation():
        page.get_by_role("button", name="添加").click()
    assert "美国 · 专利" in page.inner_text("#suggestions")
    shot(page, "overseas-markets")
    sign_in(narrow, firm_user.email)
    narrow.goto("/firm/profile/overseas")
    shot(narrow, "overseas-markets-390")
    with narrow.expect_navigation():
        narrow.locator("#suggestions li", has_text="美国 · 专利").get_by_role("button", name="订阅").click()
    assert "已订阅美国 · 专利的预警信息。" in narrow.inner_text("main")
    narrow.goto("/firm/warnings")
    assert "美国" in narrow.inner_text("#subscriptions")
