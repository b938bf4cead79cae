"""Odd input and unlucky timing: no server errors, nothing half-saved, nothing shown that should not be."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest

from portal.core.db import commit
from portal.extensions import db
from tests.fixtures.accounts import PASSWORD
from tests.fixtures.cases import PDF, get_case


@pytest.mark.parametrize(
    "url",
    [
        "/staff/queue?holder=²",
        "/staff/queue?from=0001-01-01&to=9999-12-31",
        "/staff/queue?fmt=x&page=٣",
        "/staff/queue/export.csv?from=0001-01-01",
        "/admin/audit?from=0001-01-01&to=9999-12-31&page=²",
        "/staff/stats?from=0001-01-01&type=zzz",
        "/staff/firms?page=-1&industry=%00",
    ],
)
def test_odd_query_strings_never_fail(client, create_staff, url):
    client.login(create_staff("admin").email, PASSWORD)
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("url", ["/firm/applications/draft-²", "/firm/profile?year=²", "/firm/profile?year=1"])
def test_odd_firm_urls_never_fail(client, firm_user, url):
    client.login(firm_user.email, PASSWORD)
    assert client.get(url).status_code in (200, 404)


def test_objections_close_when_the_period_ends(client, app, firm_user, supervisor, make_case):
    ref = make_case(firm_user, kind="brand-demonstration", status="publicity", staff=supervisor)
    with app.app_context():
        get_case(ref).publicity_end = date(2020, 1, 1)
        commit()
    page = client.get_page("/publicity/")
    # an ended notice leaves the current list at once, and its objection page is gone
    assert ref not in page.get_text() and not page.select(f"a[href='/publicity/{ref}/objection']")
    response = client.post(
        f"/publicity/{ref}/objection",
        data={"name": "王某", "contact": "13900000000", "reason": "逾期提出的异议不应被接受。"},
    )
    assert response.status_code == 404
    with app.app_context():
        assert get_case(ref).objections == []


def test_reverted_cases_never_appear_publicly(client, app, firm_user, supervisor, make_case):
    from portal.accounts.models import User
    from portal.cases import services

    ref = make_case(firm_user, kind="copyright-demonstration", status="publicity", staff=supervisor)
    with app.test_request_context():
        services.transition(get_case(ref), "revert", db.session.get(User, supervisor.id), reason="异议成立")
        commit()
    assert ref not in client.get_page("/publicity/").get_text()


def test_refused_supplement_answer_writes_no_file(client, app, firm_user, supervisor, make_case):
    ref = make_case(firm_user, status="supplement_requested", staff=supervisor)
    with app.app_context():
        stale = get_case(ref).version - 1
        before = {p.name for p in Path(app.config["UPLOAD_FOLDER"]).iterdir()}
    client.login(firm_user.email, PASSWORD)
    response = client.post(
        f"/firm/applications/{ref}/supplement",
        content_type="multipart/form-data",
        data={"version": stale, "reply": "补充", "files": [(io.BytesIO(PDF), "phantom.pdf")]},
    )
    assert response.status_code == 400 and "phantom.pdf" not in response.get_data(as_text=True)
    with app.app_context():
        assert {p.name for p in Path(app.config["UPLOAD_FOLDER"]).iterdir()} == before
        assert all(f.original_name != "phantom.pdf" for f in get_case(ref).files)


def test_deleted_draft_file_leaves_the_disk(client, app, firm_user, make_case):
    key = make_case(firm_user, status="draft")
    with app.app_context():
        file = get_case(key).files[0]
        path = Path(app.config["UPLOAD_FOLDER"]) / file.stored_name
        file_id = file.id
    assert path.exists()
    client.login(firm_user.email, PASSWORD)
    client.post(f"/firm/applications/{key}/files/{file_id}/delete", expect=302)
    assert not path.exists()


def test_deletion_withdraws_open_cases_and_removes_files(client, app, firm_user, create_staff, supervisor, make_case):
    ref = make_case(firm_user, status="under_review", staff=supervisor)
    with app.app_context():
        paths = [Path(app.config["UPLOAD_FOLDER"]) / f.stored_name for f in get_case(ref).files]
    client.login(firm_user.email, PASSWORD)
    client.post("/firm/privacy/delete", expect=302)
    client.logout()
    client.login(create_staff("admin").email, PASSWORD)
    form = client.get_page("/admin/deletions").select_one("form[action*='/complete']")
    client.post(form["action"], expect=302)
    with app.app_context():
        case = get_case(ref)
        assert case.status == "withdrawn" and case.clock_phase is None and not case.is_overdue
    assert paths and not any(p.exists() for p in paths)


def test_staff_correction_form_opens_on_the_current_year(client, app, firm_user, reviewer):
    from portal.core.timeutil import today_local

    client.login(firm_user.email, PASSWORD)
    client.post(
        "/firm/profile",
        data={"year": str(today_local().year), "employees": "50", "rd_spending": "1"}
        | {
            k: "0"
            for k in (
                "invention_patents",
                "high_value_patents",
                "hv_strategic_industry",
                "hv_foreign_family",
                "hv_long_maintained",
                "hv_pledged",
                "hv_awarded",
                "utility_models",
                "designs",
                "trademarks_domestic",
                "trademarks_abroad",
                "copyrights",
                "software_copyrights",
                "pct_applications",
                "madrid_registrations",
            )
        },
        expect=302,
    )
    client.logout()
    client.login(reviewer.email, PASSWORD)
    page = client.get_page(f"/staff/firms/{firm_user.firm_id}/profile")
    assert page.select_one("#employees")["value"] == "50"


def test_a_plain_bad_request_gets_the_400_page(test_config):
    """``abort(400)`` from any view (or werkzeug's own BadRequest) renders the page, not a 500."""
    from flask import abort

    from portal import create_app

    app = create_app(test_config)
    app.add_url_rule("/bad-request-probe", "bad_request_probe", lambda: abort(400))
    response = app.test_client().get("/bad-request-probe")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "无法识别该请求" in page and "请返回检查填写内容" in page
