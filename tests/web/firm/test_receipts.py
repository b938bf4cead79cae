"""The 收件回执: verification code and QR code, a public check showing only the reference, kind, firm
name, date and state; the materials by name, the handler's desk phone, the time limits; and the
firm's PDF copy of its application."""

from __future__ import annotations

import re

import pytest

from portal.cases import receipts
from portal.cases.kinds import KINDS
from tests.fixtures.accounts import PASSWORD
from tests.fixtures.cases import get_case


@pytest.fixture
def submitted(client, app, firm_user, make_case):
    ref = make_case(firm_user, kind="rights-protection")
    client.login(firm_user.email, PASSWORD)
    return ref


def _code(app, ref):
    with app.app_context():
        return get_case(ref).receipt_code


def test_receipt_shows_code_qr_materials_phone_and_time_limits(client, app, submitted, monkeypatch):
    monkeypatch.setitem(app.config, "CASE_DESK_PHONE_DEFAULT", "022-26270000")
    page = client.get_page(f"/firm/applications/{submitted}/receipt")
    code = _code(app, submitted)
    assert code and len(code) == 12
    assert page.select_one("#receipt-code").get_text() == receipts.display_code(code)
    assert page.select_one(".receipt-qr svg") is not None  # the QR code, drawn inline
    assert f"/receipts/{code}" in page.get_text()
    materials = page.select_one("#receipt-materials").get_text(" ", strip=True)
    assert "evidence.pdf" in materials and "right_certificate.pdf" in materials
    assert "侵权证据" in materials  # each file under its material's name
    assert page.select_one("#receipt-phone").get_text(strip=True) == "022-26270000"
    limits = page.select_one("#receipt-limits").get_text(" ", strip=True)
    with app.app_context():
        accept, decide = KINDS["rights-protection"].time_limits()
    assert f"{accept}个工作日" in limits and f"{decide}个工作日" in limits
    with app.app_context():
        due = get_case(submitted).acceptance_due
    assert due is not None and "受理决定截止日期" in limits  # the acceptance clock runs from submission
    assert page.select_one("#receipt-credit-code").get_text() == get_credit_code(app, submitted)


def get_credit_code(app, ref):
    with app.app_context():
        return get_case(ref).firm.credit_code


def test_the_handlers_own_desk_phone_once_assigned(client, app, firm_user, reviewer, make_case, monkeypatch):
    monkeypatch.setitem(app.config, "CASE_DESK_PHONES", {reviewer.email: "022-26271234"})
    monkeypatch.setitem(app.config, "CASE_DESK_PHONE_DEFAULT", "022-26270000")
    ref = make_case(firm_user, status="accepted", staff=reviewer, holder=reviewer)
    client.login(firm_user.email, PASSWORD)
    page = client.get_page(f"/firm/applications/{ref}/receipt")
    assert page.select_one("#receipt-phone").get_text(strip=True) == "022-26271234"


def test_anyone_checks_a_receipt_and_sees_only_five_facts(client, app, submitted, firm_user):
    code = _code(app, submitted)
    client.logout()
    for url in (f"/receipts/{code}", f"/receipts/?code={receipts.display_code(code).lower()}"):
        page = client.get_page(url)
        valid = page.select_one("#receipt-valid")
        assert valid is not None, url
        text = valid.get_text(" ", strip=True)
        assert submitted in text and firm_user.firm_name in text and "维权援助" in text and "已提交" in text
        facts = [dt.get_text(strip=True) for dt in valid.select("dt")]
        assert facts == ["申请编号", "申请事项", "申请人", "收件时间", "状态"]
        # never the credit code, the answers or the files
        assert firm_user.credit_code not in page.get_text()
        assert "evidence.pdf" not in page.get_text() and "某某商贸" not in page.get_text()


def test_an_unknown_code_gets_the_same_page_saying_so(client, app, submitted):
    code = _code(app, submitted)
    client.logout()
    real = client.get(f"/receipts/{code}")
    fake_code = "".join("A" if c != "A" else "B" for c in code)
    for bad in (fake_code, "x", "<script>", "A" * 40):
        response = client.get(f"/receipts/{bad}")
        assert response.status_code == real.status_code == 200
        page = client.get_page(f"/receipts/{bad}")
        assert page.select_one("#receipt-valid") is None
        assert "没有与该验证码对应的收件回执" in page.select_one("#code-error").get_text()


def test_receipt_checks_are_rate_limited(client):
    statuses = [client.get("/receipts/ABCDEFGHJKMN").status_code for _ in range(31)]
    assert statuses[:30] == [200] * 30 and statuses[30] == 429


def test_a_case_from_before_codes_gets_one_on_first_view(client, app, submitted):
    from portal.core.db import commit

    with app.app_context():
        get_case(submitted).receipt_code = None
        commit()
    page = client.get_page(f"/firm/applications/{submitted}/receipt")
    code = _code(app, submitted)
    assert code and receipts.display_code(code) == page.select_one("#receipt-code").get_text()


def test_application_pdf_for_the_firm_only(client, app, submitted, create_firm_user):
    response = client.get(f"/firm/applications/{submitted}/application.pdf", expect=200)
    assert response.content_type == "application/pdf" and response.data.startswith(b"%PDF")
    assert f'filename="application-{submitted}.pdf"' in response.headers["Content-Disposition"]
    assert b"/FontFile2" in response.data or b"STSong" in response.data  # a Chinese font
    assert "no-store" in response.headers["Cache-Control"]
    client.logout()
    other = create_firm_user()
    client.login(other.email, PASSWORD)
    client.get(f"/firm/applications/{submitted}/application.pdf", expect=404)


def test_pdf_answers_carry_labels_beside_codes(app, submitted):
    with app.test_request_context():
        case = get_case(submitted)
        rows = dict(receipts.answer_rows(case, case.case_kind.step("right")))
        assert rows["权利类型"] == "商标（trademark）"
        materials = receipts.received_materials(case)
        assert ("侵权证据（票据、公证购买材料、截图、照片等）", "evidence.pdf") in materials


def test_drafts_have_no_receipt(client, app, firm_user, make_case):
    ref = make_case(firm_user, status="draft")
    client.login(firm_user.email, PASSWORD)
    client.get(f"/firm/applications/{ref}/receipt", expect=404)
    client.get(f"/firm/applications/{ref}/application.pdf", expect=404)
    with app.app_context():
        assert get_case(ref).receipt_code is None


def test_codes_are_unambiguous_on_paper():
    for _ in range(50):
        code = receipts.new_receipt_code()
        assert re.fullmatch(r"[A-HJ-NP-Z2-9]{12}", code) and not set(code) & set("01ILO")
    assert receipts.normalise_code(" abcd-efgh jkmn ") == "ABCDEFGHJKMN"
