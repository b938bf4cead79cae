"""Case rules through the pages: calls on the start page, the calendar moving dates, objections,
decisions that must name their version, public notices by reference, answers that reopen."""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, text

from portal.accounts.models import User
from portal.cases import objections, services
from portal.cases.kinds import KINDS, CaseType
from portal.cases.models import Call
from portal.cases.status import CaseStatus
from portal.core.db import commit
from portal.core.timeutil import today_local
from portal.extensions import db
from tests.fixtures.accounts import PASSWORD
from tests.fixtures.cases import PDF, ensure_open_call, get_case
from tests.helpers import field_value


def test_start_page_says_when_no_call_is_open(client, app, firm_user):
    with app.app_context():
        db.session.add(
            Call(
                kind="ip-demonstration",
                year=2027,
                title="2027年度知识产权优势示范企业推荐申报",
                opens_on=today_local() + timedelta(days=100),
                closes_on=today_local() + timedelta(days=150),
                notice_url="https://example.cn/notice/2027",
            )
        )
        commit()
    client.login(firm_user.email, PASSWORD)
    page = client.get_page("/firm/applications/new/ip-demonstration")
    assert "2027年度知识产权优势示范企业推荐申报" in page.get_text()
    assert page.select_one("a[href='https://example.cn/notice/2027']")
    assert not page.find("button", string=lambda s: s and ("开始" in s or "Start" in s))
    response = client.post("/firm/applications/new/ip-demonstration")
    opens = (today_local() + timedelta(days=100)).isoformat()
    assert response.status_code == 200 and opens in response.get_data(as_text=True)
    # rights protection is open all year
    assert client.post("/firm/applications/new/rights-protection").status_code == 302


def test_staff_manage_calls(client, app, supervisor, reviewer):
    client.login(reviewer.email, PASSWORD)
    assert client.get("/staff/calls").status_code == 403
    client.logout()
    client.login(supervisor.email, PASSWORD)
    form = {
        "kind": "brand-demonstration",
        "year": "2027",
        "title": "2027年度红桥区商标品牌示范企业申报",
        "opens_on": "2027-03-01",
        "closes_on": "2027-02-01",
    }
    page = client.post_page("/staff/calls/new", form)
    assert page.select_one("#error-summary") and field_value(page, "title") == form["title"]
    response = client.post("/staff/calls/new", data=form | {"closes_on": "2027-04-30", "quota": "20"})
    assert response.status_code == 302
    page = client.get_page("/staff/calls")
    assert form["title"] in page.get_text()
    with app.app_context():
        assert db.session.scalar(select(Call.quota).where(Call.title == form["title"])) == 20


def test_admin_calendar_entry_moves_open_case_dates(client, app, firm_user, supervisor, create_staff, make_case):
    admin = create_staff("admin")
    ref = make_case(firm_user, kind="brand-demonstration")
    with app.test_request_context():
        case = get_case(ref)
        services.transition(case, "accept", db.session.get(User, supervisor.id), on=date(2026, 11, 25))
        commit()
        assert case.due_date == date(2027, 1, 6)
    client.login(admin.email, PASSWORD)
    response = client.post(
        "/admin/calendar", data={"day": "2027-01-01", "is_workday": "0", "note": "国务院办公厅2027年节假日安排"}
    )
    assert response.status_code == 302
    with app.app_context():
        assert get_case(ref).due_date == date(2027, 1, 7)


def test_a_decision_without_the_version_field_is_refused(client, app, firm_user, reviewer, make_case):
    ref = make_case(firm_user)
    client.login(reviewer.email, PASSWORD)
    response = client.post(f"/staff/cases/{ref}/actions/accept", data={})
    assert response.status_code in (400, 409)
    with app.app_context():
        assert get_case(ref).status == CaseStatus.SUBMITTED


def test_assign_list_defaults_to_the_current_holder(client, app, firm_user, supervisor, reviewer, make_case):
    ref = make_case(firm_user, status="accepted", holder=reviewer)
    client.login(supervisor.email, PASSWORD)
    page = client.get_page(f"/staff/cases/{ref}")
    selected = page.select_one("select[name='holder_id'] option[selected]")
    assert selected is not None and selected["value"] == str(reviewer.id)


def test_reverted_notice_page_is_gone_by_reference(client, app, firm_user, supervisor, make_case):
    ref = make_case(firm_user, kind="brand-demonstration", status="publicity", staff=supervisor)
    assert client.get(f"/publicity/{ref}/objection").status_code == 200
    with app.test_request_context():
        services.transition(get_case(ref), "revert", db.session.get(User, supervisor.id), reason="重新审查")
        commit()
    response = client.get(f"/publicity/{ref}/objection")
    assert response.status_code == 404 and "天津测试企业" not in response.get_data(as_text=True)


def test_supervisor_concludes_an_objection_on_the_case_page(client, app, firm_user, supervisor, make_case, outbox):
    ref = make_case(firm_user, kind="brand-demonstration", status="publicity", staff=supervisor)
    with app.test_request_context():
        objection = objections.file_objection(get_case(ref), "王某", "wang@example.cn", "该企业曾被行政处罚。", None)
        commit()
        objection_id = objection.id
    client.login(supervisor.email, PASSWORD)
    prefix = f"o{objection_id}-"
    # upheld without saying what happens to the case: refused, the conclusion kept
    page = client.post_page(
        f"/staff/cases/{ref}/objections/{objection_id}/conclude",
        {f"{prefix}finding": "upheld", f"{prefix}conclusion": "经核查属实"},
        status=400,
    )
    assert page.select_one("#error-summary") and "经核查属实" in page.get_text()
    response = client.post(
        f"/staff/cases/{ref}/objections/{objection_id}/conclude",
        data={f"{prefix}finding": "dismissed", f"{prefix}conclusion": "经核查，处罚对象为同名企业。"},
    )
    assert response.status_code == 302
    assert any(m.to == "wang@example.cn" and "同名企业" in m.body for m in outbox)
    # the firm sees the conclusion on its case, never who objected
    client.logout()
    client.login(firm_user.email, PASSWORD)
    text_ = client.get_page(f"/firm/applications/{ref}").get_text()
    assert "同名企业" in text_ and "wang@example.cn" not in text_


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_saved_step_reopens_with_its_values(client, app, firm_user, open_calls, kind):
    client.login(firm_user.email, PASSWORD)
    start = client.post(f"/firm/applications/new/{kind}")
    key = start.headers["Location"].rsplit("/", 1)[-1]
    for step in KINDS[kind].steps:
        answers = KINDS[kind].example_formdata(step.key, "天津测试企业")
        assert client.post(f"/firm/applications/{key}/steps/{step.key}", data=answers).status_code == 302
        page = client.get_page(f"/firm/applications/{key}/steps/{step.key}")
        for name in answers:
            value = answers.getlist(name)[0]
            tag = page.find(attrs={"name": name, "value": value}) or page.find(attrs={"name": name})
            shown = tag.get("value") if tag.name == "input" and tag.get("type") not in ("radio", "checkbox") else None
            if tag.name == "select":
                shown = (tag.find("option", selected=True) or {}).get("value")
            elif tag.name == "textarea":
                shown = field_value(page, name)
            elif tag.get("type") in ("radio", "checkbox"):
                shown = value if tag.has_attr("checked") else None
            assert shown == value, (kind, step.key, name, shown, value)


def test_kind_check_constraint_follows_the_enum(app):
    with app.app_context(), db.engine.connect() as conn:
        dialect = db.engine.dialect.name
        if dialect == "postgresql":
            sql = conn.scalar(
                text("SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'ck_cases_kind'")
            )
        else:
            sql = conn.scalar(text("SELECT sql FROM sqlite_master WHERE name = 'cases'"))
    for kind in CaseType:
        assert f"'{kind.value}'" in sql
    for status in CaseStatus:
        assert f"'{status.value}'" in sql or dialect == "postgresql"


def test_files_written_for_a_refused_request_are_removed(client, app, firm_user, supervisor, make_case):
    ref = make_case(firm_user, status="supplement_requested", staff=supervisor)
    with app.app_context():
        before = {p.name for p in Path(app.config["UPLOAD_FOLDER"]).iterdir()}
        version = get_case(ref).version
    client.login(firm_user.email, PASSWORD)
    # the second file is refused after the first was written: nothing of the request stays
    response = client.post(
        f"/firm/applications/{ref}/supplement",
        content_type="multipart/form-data",
        data={
            "version": version,
            "reply": "补充材料",
            "files": [(io.BytesIO(PDF), "a.pdf"), (io.BytesIO(b"MZ\x90\x00 not a pdf"), "b.pdf")],
        },
    )
    assert response.status_code == 400
    with app.app_context():
        assert {p.name for p in Path(app.config["UPLOAD_FOLDER"]).iterdir()} == before


def test_demo_calls_one_open_one_closed(app):
    from portal.cases.calls import open_call
    from portal.cases.demo import ensure_demo_calls

    with app.app_context():
        ensure_demo_calls(today_local())
        assert open_call(KINDS["brand-demonstration"], today_local()) is not None
        assert open_call(KINDS["ip-demonstration"], today_local()) is None
        db.session.rollback()


def test_helper_ensure_open_call_is_idempotent(app):
    with app.app_context():
        assert ensure_open_call("brand-demonstration").id == ensure_open_call("brand-demonstration").id
        db.session.rollback()
