"""A firm's pages in Chromium: progress checked without signing in, a receipt verified through the URL
its QR code holds, a message sent with an attachment, the language switched after a refused form,
files removed after a confirmation, and every firm page at phone width without sideways scrolling."""

from __future__ import annotations

import io
import re
from urllib.parse import urlsplit

import pytest
import segno
from playwright.sync_api import expect

from portal.cases.kinds import KINDS
from tests.browser.test_case_journeys import sign_in
from tests.fixtures.cases import PDF, PNG

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("open_calls")]

PHONE = {"width": 390, "height": 844}


def _no_sideways_scroll(page, name):
    width, inner = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
    assert width <= inner, f"{name}: the page is {width}px wide in a {inner}px window"


def test_progress_without_signing_in_and_receipt_verified_by_its_qr_url(
    page, shot, browser, live_server, firm_user, make_case
):
    ref = make_case(firm_user, kind="rights-protection")
    # anyone with the reference and the credit code follows the case, signed out
    page.goto("/progress")
    page.fill("#reference", ref)
    page.fill("#credit_code", firm_user.credit_code)
    page.get_by_role("button", name="查询进度").click()
    result = page.locator("#progress-result")
    assert ref in result.inner_text()
    expect(page.locator(".card")).to_contain_text("已提交", use_inner_text=True)
    shot(page, "firmpages-progress")

    sign_in(page, firm_user.email)
    page.goto(f"/firm/applications/{ref}/receipt")
    code = page.locator("#receipt-code").inner_text()
    printed = re.search(r"https?://\S+/receipts/[A-Z0-9]+", page.locator(".receipt").inner_text()).group(0)
    # the QR code on the receipt holds exactly the printed check URL
    drawn = page.locator(".receipt-qr svg path").first.get_attribute("d")
    expected = io.BytesIO()
    segno.make(printed, error="m").save(expected, kind="svg", scale=4, border=2, xmldecl=False)
    assert f'd="{drawn}"' in expected.getvalue().decode()
    shot(page, "firmpages-receipt")

    stranger = browser.new_context(base_url=live_server, viewport=PHONE, locale="zh-CN")
    phone = stranger.new_page()
    phone.goto(urlsplit(printed).path)  # what a phone camera opens
    valid = phone.locator("#receipt-valid")
    assert "真实有效" in valid.inner_text() and ref in valid.inner_text() and firm_user.firm_name in valid.inner_text()
    assert firm_user.credit_code not in phone.content()
    _no_sideways_scroll(phone, "receipt check")
    shot(phone, "firmpages-receipt-check-390")
    typed = code.replace("-", "")
    mistyped = typed[:-1] + ("Y" if typed.endswith("Z") else "Z")  # one wrong character (never the right one)
    phone.goto(f"/receipts/?code={mistyped}")
    assert phone.locator("#receipt-valid").count() == 0 and phone.locator("#code-error").is_visible()
    stranger.close()


def test_message_with_attachment_and_language_after_a_refused_form(
    page, shot, firm_user, reviewer, make_case, tmp_path
):
    ref = make_case(firm_user, status="accepted", staff=reviewer, holder=reviewer)
    letter = tmp_path / "授权委托书.pdf"
    letter.write_bytes(PDF)
    sign_in(page, firm_user.email)
    page.goto(f"/firm/applications/{ref}")
    # refused: an empty message; the language link still leads back to the case, in English
    page.get_by_role("button", name="发送留言").click()
    expect(page.locator("#error-summary")).to_contain_text("请先填写留言内容", use_inner_text=True)
    with page.expect_navigation():
        page.get_by_role("link", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert ref in page.locator("h1 + div").inner_text() and "Method Not Allowed" not in page.content()
    shot(page, "firmpages-language-after-refusal")
    with page.expect_navigation():
        page.get_by_role("link", name="中文").click()

    page.fill("#body", "附上授权委托书，请查收。")
    page.set_input_files("#attachments", str(letter))
    with page.expect_navigation():
        page.get_by_role("button", name="发送留言").click()
    attachment = page.locator("#messages .message-attachments a")
    assert attachment.inner_text() == "授权委托书.pdf"
    expect(page.locator("#messages")).to_contain_text("附上授权委托书", use_inner_text=True)
    shot(page, "firmpages-message-attachment")


def test_several_files_at_once_and_removal_asks_first(page, firm_user, tmp_path):
    one, two = tmp_path / "证据一.pdf", tmp_path / "证据二.png"
    one.write_bytes(PDF)
    two.write_bytes(PNG)
    sign_in(page, firm_user.email)
    page.goto("/firm/applications/new/rights-protection")
    page.get_by_role("button", name="开始申请").click()
    page.get_by_role("link", name="申请材料").click()
    page.select_option("#material", "evidence")
    page.set_input_files("#file", [str(one), str(two)])
    page.get_by_role("button", name="上传", exact=True).click()
    expect(page.locator(".alert").first).to_contain_text("已上传“证据一.pdf”、“证据二.png”。", use_inner_text=True)
    questions = []

    def answer(dialog):
        questions.append(dialog.message)
        dialog.dismiss() if len(questions) == 1 else dialog.accept()

    page.on("dialog", answer)
    remove = page.get_by_role("button", name="删除").first
    remove.click()  # dismissed: nothing is removed
    assert page.get_by_role("link", name="证据一.pdf").is_visible()
    with page.expect_navigation():
        remove.click()
    assert questions == ["确定删除文件“证据一.pdf”吗？"] * 2
    expect(page.get_by_role("link", name="证据一.pdf")).to_have_count(0)
    assert "已删除“证据一.pdf”。" in page.content()


def test_firm_pages_at_phone_width(browser, live_server, shot, firm_user, reviewer, make_case):
    context = browser.new_context(base_url=live_server, viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    sign_in(page, firm_user.email)
    ref = make_case(firm_user, status="supplement_requested", staff=reviewer, holder=reviewer)
    pages = {
        "dashboard": "/firm/",
        "profile": "/firm/profile",
        "case": f"/firm/applications/{ref}",
        "receipt": f"/firm/applications/{ref}/receipt",
        "notifications": "/firm/inbox",
        "progress": "/progress",
        "calls": "/calls",
        "data": "/data/",
        "change-password": "/auth/change-password",
        "my-data": "/firm/privacy",
        "events": "/firm/events",
        "warnings": "/firm/warnings",
    }
    for kind in KINDS.values():
        draft = make_case(firm_user, kind=kind.value, status="draft")
        pages[f"start-{kind.value}"] = f"/firm/applications/new/{kind.value}"
        pages[f"tasks-{kind.value}"] = f"/firm/applications/{draft}"
        for step in kind.steps:
            pages[f"step-{kind.value}-{step.key}"] = f"/firm/applications/{draft}/steps/{step.key}"
        pages[f"materials-{kind.value}"] = f"/firm/applications/{draft}/materials"
        pages[f"check-{kind.value}"] = f"/firm/applications/{draft}/check"
    for name, url in pages.items():
        response = page.goto(url)
        assert response.status == 200, (name, url)
        _no_sideways_scroll(page, name)
        shot(page, f"firmpages-390-{name}")

    # the case page puts the state and what the firm can do before its answers
    page.goto(f"/firm/applications/{ref}")
    top = {
        sel: page.locator(sel).first.bounding_box()["y"]
        for sel in ("#supplement", "#case-actions", "h2:text('被侵犯的权利')")
    }
    assert top["#supplement"] < top["h2:text('被侵犯的权利')"] and top["#case-actions"] < top["h2:text('被侵犯的权利')"]
    # the receipt's credit code stays inside its border
    page.goto(f"/firm/applications/{ref}/receipt")
    code = page.locator("#receipt-credit-code").bounding_box()
    border = page.locator(".receipt").bounding_box()
    assert border["x"] <= code["x"] and code["x"] + code["width"] <= border["x"] + border["width"]
    # tables become stacked cards, each cell labelled with its column
    page.goto("/firm/")
    cell = page.locator("#my-cases tbody tr td").nth(2)
    assert cell.get_attribute("data-label") == "状态"
    assert (
        page.locator("#my-cases thead").bounding_box() is None
        or page.locator("#my-cases thead").bounding_box()["height"] <= 1
    )
    context.close()
