"""A firm fills, saves, resumes and submits each application type through the web pages."""

from __future__ import annotations

import io
import re

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import func, select

from portal.cases.kinds import KINDS
from portal.cases.models import Case
from portal.extensions import db
from tests.fixtures.accounts import PASSWORD
from tests.fixtures.cases import PDF, PNG, required_materials, valid_answers
from tests.helpers import error_texts, field_value

pytestmark = pytest.mark.usefixtures("open_calls")


@pytest.fixture
def firm_client(client, firm_user):
    client.login(firm_user.email, PASSWORD)
    return client


def start(client, kind: str) -> str:
    client.get_page(f"/firm/applications/new/{kind}")
    response = client.post(f"/firm/applications/new/{kind}")
    assert response.status_code == 302
    return response.headers["Location"].rsplit("/", 1)[-1]


def upload(client, key, material, data=PDF, name="evidence.pdf"):
    return client.post(
        f"/firm/applications/{key}/materials",
        data={"material": material, "file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def fill(client, key, kind):
    for step in KINDS[kind].steps:
        response = client.post(f"/firm/applications/{key}/steps/{step.key}", data=valid_answers(kind)[step.key])
        assert response.status_code == 302, (
            step.key,
            error_texts(client.get_page(f"/firm/applications/{key}/steps/{step.key}")),
        )
    for material in required_materials(KINDS[kind]):
        assert upload(client, key, material).status_code == 302


@pytest.mark.parametrize(
    ("kind", "code"),
    [
        ("rights-protection", "RP"),
        ("brand-demonstration", "BD"),
        ("ip-demonstration", "ID"),
        ("copyright-demonstration", "CD"),
        ("consultation", "CS"),
        ("pledge-interest-subsidy", "PS"),
        ("insurance-premium-subsidy", "PP"),
    ],
)
def test_happy_path_for_every_type(firm_client, app, outbox, kind, code):
    key = start(firm_client, kind)
    fill(firm_client, key, kind)
    check = firm_client.get_page(f"/firm/applications/{key}/check")
    assert check.find("button", string=re.compile("提交"))
    response = firm_client.post(f"/firm/applications/{key}/submit")
    assert response.status_code == 302
    confirmation = firm_client.get_page(response.headers["Location"])
    reference = confirmation.select_one("#reference").get_text(strip=True)
    assert re.fullmatch(rf"HQ-{code}-\d{{4}}-\d{{6}}", reference)
    receipt = firm_client.get_page(f"/firm/applications/{reference}/receipt")
    assert reference in receipt.get_text() and "收件回执" in receipt.get_text()
    dashboard = firm_client.get_page("/firm/")
    assert dashboard.find("a", string=reference)
    assert outbox and reference in outbox[-1].subject


def test_step_validation_keeps_typed_values_and_names_each_rule(firm_client):
    key = start(firm_client, "rights-protection")
    page = firm_client.post_page(
        f"/firm/applications/{key}/steps/infringement",
        {
            "infringer": "某公司",
            "place": "",
            "scope": "overseas",
            "country": "",
            "facts": "太短",
            "losses": "-5",
            "proceedings": "court",
            "proceedings_detail": "",
        },
    )
    errors = " ".join(error_texts(page))
    for fragment in ("国家", "20", "0", "法院"):
        assert fragment in errors, fragment
    assert field_value(page, "infringer") == "某公司"
    assert field_value(page, "facts") == "太短"


def _step_badge(tasks, key: str, step_key: str) -> str:
    """The status badge of one section in the task list (the materials row has its own)."""
    link = tasks.find("a", href=f"/firm/applications/{key}/steps/{step_key}")
    return link.find_parent("li").select_one(".badge").get_text(strip=True)


def test_draft_can_be_resumed_later(firm_client, client, firm_user):
    key = start(firm_client, "consultation")
    assert _step_badge(firm_client.get_page(f"/firm/applications/{key}"), key, "question") == "未完成"
    firm_client.post(
        f"/firm/applications/{key}/steps/question", data=valid_answers("consultation")["question"], expect=302
    )
    firm_client.logout()
    firm_client.login(firm_user.email, PASSWORD)
    tasks = firm_client.get_page(f"/firm/applications/{key}")
    assert _step_badge(tasks, key, "question") == "已完成"
    step = firm_client.get_page(f"/firm/applications/{key}/steps/question")
    assert field_value(step, "target_countries") == "美国、欧盟、东盟"


def test_eligibility_no_is_refused_with_reason(firm_client):
    key = start(firm_client, "brand-demonstration")
    page = firm_client.post_page(
        f"/firm/applications/{key}/steps/eligibility",
        {"years_operating": "2", "registered_marks": "0", "clean_record": "no"},
    )
    errors = " ".join(error_texts(page))
    assert "三年" in errors and "商标" in errors


def test_submit_refused_while_incomplete(firm_client, app):
    key = start(firm_client, "rights-protection")
    response = firm_client.post(f"/firm/applications/{key}/submit")
    assert response.status_code == 302 and response.headers["Location"].endswith("/check")
    with app.app_context():
        assert db.session.scalar(select(func.count(Case.id)).where(Case.reference.is_not(None))) == 0


def test_double_submit_creates_one_case(firm_client, app):
    key = start(firm_client, "consultation")
    fill(firm_client, key, "consultation")
    first = firm_client.post(f"/firm/applications/{key}/submit")
    second = firm_client.post(f"/firm/applications/{key}/submit")
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    with app.app_context():
        assert db.session.scalar(select(func.count(Case.id))) == 1


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("report.exe", PDF, None),  # a real PDF with a wrong name is accepted by content
        ("evidence.pdf", b"MZ\x90\x00" + b"\x00" * 100, "PDF"),  # an .exe renamed .pdf is refused
        ("empty.pdf", b"", "空"),
        ("photo.png", PNG, None),
        ("../../etc/passwd.pdf", PDF, None),  # path parts are dropped from the display name
    ],
)
def test_upload_checks_by_content(firm_client, app, name, data, message):
    key = start(firm_client, "rights-protection")
    response = upload(firm_client, key, "evidence", data, name)
    if message is None:
        assert response.status_code == 302
        page = firm_client.get_page(f"/firm/applications/{key}/materials")
        shown = [a.get_text() for a in page.select("a[href*='/files/']")]
        assert shown and "/" not in shown[0]
    else:
        from bs4 import BeautifulSoup

        page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
        assert message in " ".join(error_texts(page))


def test_oversize_upload_refused_with_clear_message(firm_client, app):
    app.config["UPLOAD_MAX_FILE_BYTES"] = 1024
    try:
        key = start(firm_client, "rights-protection")
        response = upload(firm_client, key, "evidence", PDF + b"0" * 2048)
        # the message next to the field speaks of megabytes, never of the raw byte limit (the page
        # itself may hold 1024 elsewhere: a draft's key on a database that has made many)
        error = BeautifulSoup(response.get_data(as_text=True), "html.parser").select_one(".invalid-feedback")
        assert "MB" in error.get_text() and "1024" not in error.get_text()
    finally:
        app.config["UPLOAD_MAX_FILE_BYTES"] = 20 * 1024 * 1024


def test_long_unicode_filename_is_shortened(firm_client):
    key = start(firm_client, "rights-protection")
    assert upload(firm_client, key, "evidence", PDF, "证据" * 200 + ".pdf").status_code == 302
    page = firm_client.get_page(f"/firm/applications/{key}/materials")
    assert len(page.select_one("a[href*='/files/']").get_text()) <= 120


def test_unknown_type_is_404(firm_client):
    firm_client.get_page("/firm/applications/new/no-such-type", status=404)


def test_delete_draft(firm_client, app):
    key = start(firm_client, "consultation")
    assert firm_client.post(f"/firm/applications/{key}/delete").status_code == 302
    firm_client.get_page(f"/firm/applications/{key}", status=404)


def test_upload_hint_states_the_configured_limit(firm_client, app):
    key = start(firm_client, "rights-protection")
    assert "单个文件不超过20 MB" in firm_client.get_page(f"/firm/applications/{key}/materials").get_text()
    app.config["UPLOAD_MAX_FILE_BYTES"] = 5 * 1024 * 1024
    try:
        text = firm_client.get_page(f"/firm/applications/{key}/materials").get_text()
        assert "单个文件不超过5 MB" in text and "20 MB" not in text
    finally:
        app.config["UPLOAD_MAX_FILE_BYTES"] = 20 * 1024 * 1024
