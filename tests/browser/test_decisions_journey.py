"""A supervisor keeps a template; a reviewer asks for 补正 with it (inserted at the cursor, then edited),
the generated 补正告知书 opens and lists every item; the firm answers; the reviewer proposes and a
supervisor confirms the sign-off before 公示."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser.test_case_journeys import sign_in, sign_out
from tests.fixtures.cases import PDF, get_case

pytestmark = pytest.mark.browser

TEMPLATE = "请提供近三年商标注册证的清晰扫描件。"


def _act(page, label):
    # every action is a form that answers with a redirect: wait for that new page, not the one left
    with page.expect_navigation():
        page.get_by_role("button", name=label, exact=True).click()


def _both_widths(page, shot, name):
    shot(page, f"{name}-desktop")
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "no sideways scrolling at 390 px"
    shot(page, f"{name}-390")
    page.set_viewport_size({"width": 1280, "height": 900})


def test_template_reason_correction_notice_and_sign_off(
    page, shot, app, firm_user, reviewer, supervisor, create_staff, make_case, tmp_path
):
    ref = make_case(firm_user, kind="brand-demonstration", holder=reviewer)

    # a supervisor keeps the wording once
    sign_in(page, supervisor.email)
    page.goto("/staff/templates/new")
    page.select_option("#kind", "brand-demonstration")
    page.select_option("#action", "request_supplement")
    page.fill("#title", "商标注册证不清晰")
    page.fill("#text", TEMPLATE)
    _act(page, "保存常用语")
    assert "常用语已保存" in page.content()
    shot(page, "templates-list")
    sign_out(page)

    # the reviewer inserts it, edits it and asks for everything at once
    sign_in(page, reviewer.email)
    page.goto(f"/staff/cases/{ref}")
    box = page.locator("#reason-request_supplement")
    box.fill("另：品牌管理制度须加盖公章。")
    box.evaluate("b => { b.focus(); b.setSelectionRange(0, 0); }")  # cursor at the start
    page.select_option("#phrase-request_supplement", label="商标注册证不清晰")
    page.get_by_role("button", name="插入").click()
    assert box.input_value() == TEMPLATE + "另：品牌管理制度须加盖公章。"
    assert page.url.endswith(f"/staff/cases/{ref}")  # inserted in the page, nothing sent
    box.fill(TEMPLATE + "\n另：品牌管理制度须加盖公章。")
    page.check("#mat-request_supplement-brand_rules")
    _act(page, "要求补正")
    assert "受理前补正中" in page.content()

    link = page.locator("#documents a", has_text="补正告知书")
    with page.expect_download() as download:
        link.click()
    path = download.value.path()
    text = "".join(p.extract_text() for p in PdfReader(path).pages).replace("\n", "")
    for item in ("1. 品牌管理制度", f"2. {TEMPLATE}", "3. 另：品牌管理制度须加盖公章。", ref, "一次性告知"):
        assert item in text, item
    _both_widths(page, shot, "staff-case-correction")
    sign_out(page)

    # the firm reads the notice on its case page and answers
    sign_in(page, firm_user.email)
    page.goto(f"/firm/applications/{ref}")
    expect(page.locator("#documents a", has_text="补正告知书")).to_have_count(1)
    assert TEMPLATE in page.inner_text("#supplement")
    _both_widths(page, shot, "firm-case-documents")
    rules = tmp_path / "品牌管理制度（盖章）.pdf"
    rules.write_bytes(PDF)
    page.fill("#reply", "已补充盖章的品牌管理制度和清晰的注册证。")
    page.set_input_files("#files", str(rules))
    _act(page, "提交补正材料")
    sign_out(page)

    # review, proposal by the reviewer, confirmation by a supervisor
    sign_in(page, reviewer.email)
    page.goto(f"/staff/cases/{ref}")
    _act(page, "受理")
    _act(page, "开始审查")
    expect(page.get_by_role("button", name="通过评审（拟认定）", exact=True)).to_have_count(0)
    page.fill("#reason-propose", "品牌建设成效明显，拟认定。")
    _act(page, "提请签批")
    assert "待签批" in page.content()
    sign_out(page)

    page.on("dialog", lambda dialog: dialog.accept())
    sign_in(page, supervisor.email)
    page.goto("/staff/queue?stage=sign_off")
    with page.expect_navigation():
        page.get_by_role("link", name=ref).first.click()
    assert "品牌建设成效明显，拟认定。" in page.inner_text("#sign-off")
    _both_widths(page, shot, "staff-case-sign-off")
    _act(page, "签批同意")
    # save and next: the sign-off view had one case, so the desk goes back to the (now empty) view
    assert "/staff/queue" in page.url and ref not in page.inner_text("main")
    page.goto(f"/staff/cases/{ref}")
    assert "通过评审（拟认定）" in page.content()
    expect(page.locator("#documents a", has_text="审核意见")).to_have_count(1)
    with page.expect_navigation():
        page.get_by_role("link", name="办件单").click()
    assert "品牌建设成效明显，拟认定。" in page.inner_text(".case-sheet")
    _both_widths(page, shot, "staff-case-sheet")
    page.emulate_media(media="print")
    shot(page, "staff-case-sheet-print")
    page.emulate_media(media="screen")
    page.goto(f"/staff/cases/{ref}")
    sign_out(page)

    with app.app_context():
        case = get_case(ref)
        assert case.status == "approved" and case.proposed_by_id == reviewer.id
        assert [d.doc_type for d in case.documents] == ["correction", "acceptance", "review_opinion"]
