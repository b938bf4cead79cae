"""Decisions and documents: reason and opinion templates per case type and action, generated documents
the firm sees, two-level sign-off, extensions of a time limit and the printable case sheet."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from portal.cases.paperwork import CaseDocument, Phrase
from portal.core.working_days import add_working_days
from portal.extensions import db
from tests.fixtures.accounts import PASSWORD
from tests.fixtures.cases import get_case
from tests.helpers import PageClient


def _client(app, user) -> PageClient:
    client = PageClient(app)
    client.login(user.email, PASSWORD)
    return client


def _version(app, ref):
    with app.app_context():
        return get_case(ref).version


def _pdf_text(data: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _documents(app, ref) -> list[tuple[str, str]]:
    with app.app_context():
        return [(d.doc_type, d.number) for d in get_case(ref).documents]


# --- reason and opinion templates -----------------------------------------------------------------


def _add_phrase(client, kind, action, title, text, expect=302):
    return client.post(
        "/staff/templates/new", data={"kind": kind, "action": action, "title": title, "text": text}, expect=expect
    )


def test_templates_are_offered_per_case_type_and_action(app, firm_user, reviewer, supervisor, make_case):
    sup = _client(app, supervisor)
    _add_phrase(sup, "rights-protection", "request_supplement", "缺侵权证据", "请补充公证购买的侵权证据原件扫描件。")
    _add_phrase(sup, "brand-demonstration", "request_supplement", "缺品牌制度", "请补充品牌管理制度。")
    _add_phrase(sup, "", "refuse", "不属受理范围", "所申请事项不属于本单位受理范围。")
    _add_phrase(sup, "rights-protection", "approve", "同意援助", "经审核，材料齐全，同意予以援助。")
    page = sup.get_page("/staff/templates")
    assert {a.get_text(strip=True) for a in page.select("tbody td:first-child a")} == {
        "不属受理范围",
        "缺侵权证据",
        "缺品牌制度",
        "同意援助",
    }

    ref = make_case(firm_user, holder=reviewer)
    staff = _client(app, reviewer)
    page = staff.get_page(f"/staff/cases/{ref}")
    supplement = page.select_one("#phrase-request_supplement")
    assert [o.get_text() for o in supplement.find_all("option")] == ["缺侵权证据"]  # not the brand programme's
    assert supplement.find("option")["data-text"] == "请补充公证购买的侵权证据原件扫描件。"
    assert [o.get_text() for o in page.select_one("#phrase-refuse").find_all("option")] == ["不属受理范围"]
    assert page.select_one("#phrase-accept") is None  # acceptance takes no text
    # the templates page is the supervisors'
    staff.get("/staff/templates", expect=403)
    _add_phrase(staff, "", "refuse", "x", "y", expect=403)


def test_template_inserted_without_javascript_keeps_what_was_typed(app, firm_user, reviewer, supervisor, make_case):
    sup = _client(app, supervisor)
    _add_phrase(sup, "rights-protection", "request_supplement", "缺侵权证据", "请补充公证购买的侵权证据。")
    with app.app_context():
        phrase_id = db.session.scalar(db.select(Phrase.id))
    ref = make_case(firm_user, holder=reviewer)
    staff = _client(app, reviewer)
    page = staff.post_page(
        f"/staff/cases/{ref}/actions/request_supplement/template",
        {"version": _version(app, ref), "reason": "权利证书扫描件不清晰。", "phrase": str(phrase_id)},
    )
    assert page.select_one("#reason-request_supplement").get_text().strip() == (
        "权利证书扫描件不清晰。\n请补充公证购买的侵权证据。"
    )
    with app.app_context():
        assert get_case(ref).status == "submitted"  # nothing was sent
    # a retired template is no longer offered, and cannot be inserted through a stale page
    sup.post(f"/staff/templates/{phrase_id}/active", data={}, expect=302)
    page = staff.get_page(f"/staff/cases/{ref}")
    assert page.select_one("#phrase-request_supplement") is None
    page = staff.post_page(
        f"/staff/cases/{ref}/actions/request_supplement/template",
        {"version": _version(app, ref), "reason": "已输入的内容", "phrase": str(phrase_id)},
        status=400,
    )
    assert "该常用语不适用于此操作" in page.get_text()
    assert page.select_one("#reason-request_supplement").get_text().strip() == "已输入的内容"


def test_template_edit_refuses_an_unknown_action(app, supervisor):
    sup = _client(app, supervisor)
    page = sup.post_page(
        "/staff/templates/new", {"kind": "", "action": "accept", "title": "t", "text": "x"}, status=400
    )
    assert "请从列表中选择" in page.get_text()
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Phrase.id))) == 0


def test_approval_records_its_opinion(app, firm_user, reviewer, make_case):
    ref = make_case(firm_user, status="under_review", holder=reviewer)
    staff = _client(app, reviewer)
    page = staff.get_page(f"/staff/cases/{ref}")
    assert page.select_one("form[action$='/actions/approve'] textarea[name=reason]")
    staff.post(
        f"/staff/cases/{ref}/actions/approve",
        data={"version": _version(app, ref), "reason": "证据充分，同意援助。"},
        expect=302,
    )
    with app.app_context():
        case = get_case(ref)
        assert case.status == "approved" and case.decision_reason == "证据充分，同意援助。"
        opinion = next(d for d in case.documents if d.doc_type == "review_opinion")
        from portal.core.storage import get_store

        text = _pdf_text(get_store().read(opinion.stored_name))
    assert "证据充分，同意援助。" in text and "审核意见" in text


# --- generated documents --------------------------------------------------------------------------


def test_correction_notice_itemises_the_materials_and_the_firm_downloads_it(
    app, firm_user, create_firm_user, reviewer, make_case
):
    ref = make_case(firm_user, holder=reviewer)
    staff = _client(app, reviewer)
    staff.post(
        f"/staff/cases/{ref}/actions/request_supplement",
        data={
            "version": _version(app, ref),
            "materials": ["evidence", "right_certificate"],
            "reason": "侵权链接截图须显示日期。",
        },
        expect=302,
    )
    [(doc_type, number)] = _documents(app, ref)
    assert doc_type == "correction" and number.startswith("津红知补〔") and number.endswith("〕1号")

    firm = _client(app, firm_user)
    page = firm.get_page(f"/firm/applications/{ref}")
    link = page.select_one("#documents a")
    assert link.get_text(strip=True) == "补正告知书"
    assert page.select_one("#supplement a")["href"] == link["href"]  # the notice beside the answer form
    supplement = page.select_one("#supplement").get_text()
    assert "1. 侵权证据" in supplement and "3. 侵权链接截图须显示日期。" in supplement
    response = firm.get(link["href"], expect=200)
    assert response.mimetype == "application/pdf"
    text = _pdf_text(response.data)
    for expected in (
        ref,
        number,
        "天津市红桥区市场监督管理局",
        "一次性",
        "1. 侵权证据",
        "2. 权利证书",
        "3. 侵权链接截图须显示日期。",
        "申请编号",
    ):
        assert expected in text.replace("\n", ""), expected

    other = _client(app, create_firm_user())
    other.get(link["href"], expect=404)


def test_acceptance_and_refusal_issue_their_documents(app, firm_user, reviewer, make_case):
    accepted = make_case(firm_user, holder=reviewer)
    refused = make_case(firm_user, holder=reviewer)
    staff = _client(app, reviewer)
    staff.post(f"/staff/cases/{accepted}/actions/accept", data={"version": _version(app, accepted)}, expect=302)
    staff.post(
        f"/staff/cases/{refused}/actions/refuse",
        data={"version": _version(app, refused), "reason": "不属于知识产权纠纷。"},
        expect=302,
    )
    assert [t for t, _ in _documents(app, accepted)] == ["acceptance"]
    assert [t for t, _ in _documents(app, refused)] == ["non_acceptance"]
    page = staff.get_page(f"/staff/cases/{refused}")
    link = page.select_one("#documents a")
    assert link.get_text(strip=True) == "不予受理决定书"
    text = _pdf_text(staff.get(link["href"], expect=200).data)
    assert "不属于知识产权纠纷。" in text and refused in text
    with app.app_context():
        case = get_case(accepted)
        text = _pdf_text(_stored(case.documents[0]))
        assert case.due_date.strftime("%Y年%-m月%-d日") in text and "受理通知书" in text
    # each document number comes once from the shared numbering service
    numbers = [n for _, n in _documents(app, accepted) + _documents(app, refused)]
    assert len(set(numbers)) == 2


def _stored(document: CaseDocument) -> bytes:
    from portal.core.storage import get_store

    return get_store().read(document.stored_name)


# --- two-level sign-off ---------------------------------------------------------------------------


def test_reviewer_proposes_and_only_another_supervisor_confirms(
    app, firm_user, reviewer, supervisor, create_staff, make_case
):
    ref = make_case(firm_user, kind="brand-demonstration", status="under_review", holder=reviewer)
    staff = _client(app, reviewer)
    page = staff.get_page(f"/staff/cases/{ref}")
    assert page.find("form", action=f"/staff/cases/{ref}/actions/propose")
    assert not page.find("form", action=f"/staff/cases/{ref}/actions/approve")  # the reviewer cannot decide alone
    staff.post(f"/staff/cases/{ref}/actions/approve", data={"version": _version(app, ref), "reason": "x"}, expect=400)
    staff.post(
        f"/staff/cases/{ref}/actions/propose",
        data={"version": _version(app, ref), "reason": "品牌管理规范，拟认定。"},
        expect=302,
    )
    with app.app_context():
        assert get_case(ref).status == "proposed"
    # the proposal is the office's own step: the firm does not read it yet
    assert "拟认定。" not in _client(app, firm_user).get_page(f"/firm/applications/{ref}").get_text()
    # a reviewer cannot confirm, and nothing changes
    page = staff.post_page(
        f"/staff/cases/{ref}/actions/sign_off", {"version": _version(app, ref), "reason": ""}, status=400
    )
    assert "您的角色无权执行“签批同意”操作" in page.get_text()
    with app.app_context():
        assert get_case(ref).status == "proposed"

    sup = _client(app, supervisor)
    page = sup.get_page("/staff/queue?stage=sign_off")
    assert ref in page.get_text()
    page = sup.get_page(f"/staff/cases/{ref}")
    assert "品牌管理规范，拟认定。" in page.select_one("#sign-off").get_text()
    sup.post(f"/staff/cases/{ref}/actions/sign_off", data={"version": _version(app, ref), "reason": ""}, expect=302)
    with app.app_context():
        case = get_case(ref)
        assert case.status == "approved" and case.outcome == "approve"
        assert case.decision_reason == "品牌管理规范，拟认定。"
        text = _pdf_text(_stored(case.documents[-1]))
    assert "品牌管理规范，拟认定。" in text and reviewer.email.split("@")[0] in text
    # confirmed: the reviewer who holds the case publishes it for 公示
    page = staff.get_page(f"/staff/cases/{ref}")
    assert page.find("form", action=f"/staff/cases/{ref}/actions/start_publicity")


def test_a_supervisor_does_not_confirm_their_own_proposal(app, firm_user, supervisor, create_staff, make_case):
    ref = make_case(firm_user, kind="brand-demonstration", status="under_review", holder=supervisor)
    sup = _client(app, supervisor)
    sup.post(
        f"/staff/cases/{ref}/actions/propose", data={"version": _version(app, ref), "reason": "拟认定。"}, expect=302
    )
    page = sup.post_page(f"/staff/cases/{ref}/actions/sign_off", {"version": _version(app, ref)}, status=400)
    assert "另一位审核负责人" in page.get_text()
    other = _client(app, create_staff("supervisor"))
    other.post(
        f"/staff/cases/{ref}/actions/return_proposal",
        data={"version": _version(app, ref), "reason": "请核实商标数量。"},
        expect=302,
    )
    with app.app_context():
        case = get_case(ref)
        assert case.status == "under_review" and case.proposed_by_id is None


def test_sign_off_is_configured_per_case_type(app, firm_user, reviewer, make_case):
    ref = make_case(firm_user, kind="brand-demonstration", status="under_review", holder=reviewer)
    service = make_case(firm_user, status="under_review", holder=reviewer)
    staff = _client(app, reviewer)
    assert not staff.get_page(f"/staff/cases/{service}").find("form", action=f"/staff/cases/{service}/actions/propose")
    app.config["TWO_LEVEL_SIGN_OFF"] = {"brand-demonstration": False, "rights-protection": True}
    try:
        page = staff.get_page(f"/staff/cases/{ref}")
        assert page.find("form", action=f"/staff/cases/{ref}/actions/approve")
        assert not page.find("form", action=f"/staff/cases/{ref}/actions/propose")
        assert staff.get_page(f"/staff/cases/{service}").find("form", action=f"/staff/cases/{service}/actions/propose")
    finally:
        app.config["TWO_LEVEL_SIGN_OFF"] = {}


# --- extensions of a time limit -------------------------------------------------------------------


def test_approved_extension_moves_the_due_date_and_the_firm_sees_it(app, firm_user, reviewer, supervisor, make_case):
    ref = make_case(firm_user, status="under_review", holder=reviewer)
    with app.app_context():
        case = get_case(ref)
        before, started, days = case.due_date, case.clock_started_on, case.clock_days
    staff = _client(app, reviewer)
    page = staff.post_page(f"/staff/cases/{ref}/extensions", {"ext-days": "0", "ext-reason": "鉴定"}, status=400)
    assert page.select_one("#ext-days.is-invalid")
    staff.post(f"/staff/cases/{ref}/extensions", data={"ext-days": "5", "ext-reason": "需委托技术鉴定。"}, expect=302)
    with app.app_context():
        case = get_case(ref)
        assert case.due_date == before and case.pending_extension.days == 5
        extension_id = case.pending_extension.id
    # the reviewer cannot approve; a supervisor can
    staff.post(f"/staff/cases/{ref}/extensions/{extension_id}", data={"extd-decision": "approve"}, expect=403)
    sup = _client(app, supervisor)
    sup.post(f"/staff/cases/{ref}/extensions/{extension_id}", data={"extd-decision": "approve"}, expect=302)
    expected = add_working_days(started, days + 5)
    with app.app_context():
        case = get_case(ref)
        assert case.due_date == expected != before
        assert case.extensions[0].due_before == before and case.extensions[0].due_after == expected
    # a later calendar change recomputes with the extension included
    with app.test_request_context():
        from portal.cases import clock

        case = get_case(ref)
        clock.recompute(case)
        assert case.due_date == expected

    firm = _client(app, firm_user)
    page = firm.get_page(f"/firm/applications/{ref}")
    shown = page.select_one("#extensions").get_text()
    assert "5 个工作日" in shown and "需委托技术鉴定。" in shown
    assert "延长办理时限" in page.get_text()  # on the timeline too


def test_refused_extension_leaves_the_due_date(app, firm_user, reviewer, supervisor, make_case):
    ref = make_case(firm_user, status="under_review", holder=reviewer)
    with app.app_context():
        before = get_case(ref).due_date
    staff = _client(app, reviewer)
    staff.post(f"/staff/cases/{ref}/extensions", data={"ext-days": "3", "ext-reason": "材料较多。"}, expect=302)
    with app.app_context():
        extension_id = get_case(ref).pending_extension.id
    sup = _client(app, supervisor)
    sup.post(
        f"/staff/cases/{ref}/extensions/{extension_id}",
        data={"extd-decision": "refuse", "extd-note": "时限内可完成。"},
        expect=302,
    )
    with app.app_context():
        case = get_case(ref)
        assert case.due_date == before and case.extensions[0].status == "refused"
    assert _client(app, firm_user).get_page(f"/firm/applications/{ref}").select_one("#extensions") is None


# --- the case sheet -------------------------------------------------------------------------------


def test_case_sheet_prints_firm_answers_materials_timeline_and_decisions(app, firm_user, reviewer, make_case):
    ref = make_case(firm_user, status="rejected", holder=reviewer)
    staff = _client(app, reviewer)
    page = staff.get_page(f"/staff/cases/{ref}")
    assert page.find("a", href=f"/staff/cases/{ref}/sheet")
    sheet = staff.get_page(f"/staff/cases/{ref}/sheet")
    text = sheet.select_one(".case-sheet").get_text()
    with app.app_context():
        case = get_case(ref)
        files = [f.original_name for f in case.files]
    for expected in (ref, firm_user.firm_name, firm_user.credit_code, "测试理由", "审核意见", "受理", *files):
        assert expected in text, expected
    assert sheet.find("button", attrs={"data-print": True})
    response = staff.get(f"/staff/cases/{ref}/sheet.pdf", expect=200)
    assert response.mimetype == "application/pdf"
    text = _pdf_text(response.data).replace("\n", "")
    for expected in ("办件单", ref, firm_user.firm_name, "测试理由", "审核意见", *files):
        assert expected in text, expected


@pytest.mark.parametrize("url", ["/staff/cases/{ref}/documents/999", "/staff/cases/{ref}/extensions/999"])
def test_unknown_documents_and_extensions_are_404(app, firm_user, supervisor, make_case, url):
    ref = make_case(firm_user)
    sup = _client(app, supervisor)
    method = sup.post if url.endswith("extensions/999") else sup.get
    method(url.format(ref=ref), expect=404)
