"""Back office: queue filters, the case page and its actions, optimistic locking, exports, 公示, audit."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import event

from portal.audit.models import AuditEvent, AuditImmutable
from portal.extensions import db
from tests.fixtures.accounts import PASSWORD
from tests.fixtures.cases import PDF, get_case
from tests.helpers import PageClient


@pytest.fixture
def staff_client(client, reviewer):
    client.login(reviewer.email, PASSWORD)
    return client


def version_of(app, ref):
    with app.app_context():
        return get_case(ref).version


def test_reviewer_accepts_asks_for_supplement_and_approves(staff_client, app, firm_user, reviewer, make_case):
    ref = make_case(firm_user)
    page = staff_client.get_page(f"/staff/cases/{ref}")
    assert page.find("form", action=f"/staff/cases/{ref}/actions/accept")
    staff_client.post(f"/staff/cases/{ref}/claim", data={"version": version_of(app, ref)}, expect=302)
    staff_client.post(f"/staff/cases/{ref}/actions/accept", data={"version": version_of(app, ref)}, expect=302)
    staff_client.post(
        f"/staff/cases/{ref}/actions/request_supplement",
        data={"version": version_of(app, ref), "reason": "请补充公证购买证据"},
        expect=302,
    )
    with app.app_context():
        case = get_case(ref)
        assert case.status == "supplement_requested" and case.holder_id == reviewer.id and case.paused_since
    firm = PageClient(app)
    firm.login(firm_user.email, PASSWORD)
    firm.post(
        f"/firm/applications/{ref}/supplement",
        content_type="multipart/form-data",
        data={
            "version": version_of(app, ref),
            "reply": "已补充购买凭证。",
            "files": [(io.BytesIO(PDF), "购买凭证.pdf")],
        },
        expect=302,
    )
    with app.app_context():
        assert get_case(ref).status == "under_review"
    page = staff_client.get_page(f"/staff/cases/{ref}")
    assert page.find("form", action=f"/staff/cases/{ref}/actions/approve")
    staff_client.post(f"/staff/cases/{ref}/actions/approve", data={"version": version_of(app, ref)}, expect=302)
    with app.app_context():
        case = get_case(ref)
        assert case.status == "approved" and case.holder_id == reviewer.id and case.paused_since is None


def test_second_reviewer_with_a_stale_page_is_told_and_nothing_changes(client, app, firm_user, create_staff, make_case):
    ref = make_case(firm_user)
    first, second = create_staff("reviewer"), create_staff("reviewer")
    seen = version_of(app, ref)
    client.login(first.email, PASSWORD)
    client.post(f"/staff/cases/{ref}/actions/accept", data={"version": seen}, expect=302)
    client.logout()
    client.login(second.email, PASSWORD)
    response = client.post(f"/staff/cases/{ref}/actions/refuse", data={"version": seen, "reason": "重复申请的详细说明"})
    assert response.status_code == 409
    from bs4 import BeautifulSoup

    page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    assert page.select_one("#error-summary")
    with app.app_context():
        case = get_case(ref)
        assert case.status == "accepted" and case.decision_reason is None


def test_a_refused_decision_keeps_the_reason_typed(client, app, firm_user, create_staff, supervisor, make_case):
    second = create_staff("reviewer")
    ref = make_case(firm_user, status="under_review", staff=second)
    seen = version_of(app, ref)
    client.login(supervisor.email, PASSWORD)
    # a supervisor reassigns it meanwhile
    response = client.post(f"/staff/cases/{ref}/assign", data={"version": seen, "holder_id": supervisor.id})
    assert response.status_code == 302
    client.logout()
    client.login(second.email, PASSWORD)
    response = client.post(
        f"/staff/cases/{ref}/actions/reject", data={"version": seen, "reason": "证据不足，无法认定侵权"}
    )
    assert response.status_code == 409
    from bs4 import BeautifulSoup

    page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    assert page.select_one("#reason-reject").get_text() == "证据不足，无法认定侵权"
    with app.app_context():
        assert get_case(ref).status == "under_review"


def test_refusal_without_reason_is_refused(staff_client, app, firm_user, make_case):
    ref = make_case(firm_user)
    staff_client.post(
        f"/staff/cases/{ref}/actions/refuse", data={"version": version_of(app, ref), "reason": ""}, expect=400
    )
    with app.app_context():
        assert get_case(ref).status == "submitted"


def test_unknown_action_is_404_and_not_allowed_action_flashes(staff_client, app, firm_user, make_case):
    ref = make_case(firm_user)
    assert staff_client.post(f"/staff/cases/{ref}/actions/explode", data={}).status_code == 404
    response = staff_client.post(f"/staff/cases/{ref}/actions/approve", data={"version": version_of(app, ref)})
    assert response.status_code == 400 and "error-summary" in response.get_data(as_text=True)


def test_reviewer_cannot_assign_supervisor_can(client, app, firm_user, reviewer, supervisor, make_case):
    ref = make_case(firm_user)
    client.login(reviewer.email, PASSWORD)
    assert client.post(f"/staff/cases/{ref}/assign", data={"holder_id": reviewer.id}).status_code == 403
    client.logout()
    client.login(supervisor.email, PASSWORD)
    client.post(
        f"/staff/cases/{ref}/assign", data={"holder_id": reviewer.id, "version": version_of(app, ref)}, expect=302
    )
    with app.app_context():
        assert get_case(ref).holder_id == reviewer.id
        assert db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == "assign")).one()


def test_queue_filters_and_search(staff_client, app, create_firm_user, supervisor, make_case):
    a = create_firm_user(firm_name="天津甲科技有限公司", industry="biomedicine")
    b = create_firm_user(firm_name="天津乙科技有限公司", industry="smart_tech")
    ref_a = make_case(a, kind="rights-protection")
    ref_b = make_case(b, kind="consultation", status="under_review", staff=supervisor)

    def refs(url):
        return {row.find("a").get_text() for row in staff_client.get_page(url).select("tbody tr")}

    # the default view is the reviewer's own open cases and the unassigned ones; stage=all shows everything
    assert refs("/staff/queue") == {ref_a}
    assert refs("/staff/queue?stage=all") == {ref_a, ref_b}
    assert refs("/staff/queue?type=consultation") == {ref_b}
    assert refs("/staff/queue?status=submitted") == {ref_a}
    assert refs("/staff/queue?industry=biomedicine") == {ref_a}
    assert refs("/staff/queue?q=乙科技") == {ref_b}
    assert refs(f"/staff/queue?q={ref_a}") == {ref_a}
    # the supervisor's first action on ref_b claimed it
    assert refs("/staff/queue?unassigned=1") == {ref_a}
    assert refs("/staff/queue?from=2000-01-01&to=2000-01-02") == set()
    # nonsense filters are ignored, never an error
    staff_client.get_page("/staff/queue?type=x&status=y&from=not-a-date&page=abc&sort=zzz")


def test_queue_query_count_does_not_grow(staff_client, app, firm_user, make_case, create_firm_user):
    """10 cases or 1 000, first page or later: the same number of statements."""
    from datetime import date

    from portal.cases.models import Case
    from portal.firms.models import Firm
    from tests.fixtures.accounts import make_credit_code

    def statements(url):
        counter = []
        with app.app_context():
            engine = db.engine

        def count(*args):
            counter.append(1)

        event.listen(engine, "before_cursor_execute", count)
        try:
            staff_client.get_page(url)
        finally:
            event.remove(engine, "before_cursor_execute", count)
        return len(counter)

    def add_cases(n, offset):
        with app.app_context():
            firms = [
                Firm(
                    name=f"批量企业{offset + i}",
                    credit_code=make_credit_code(90_000 + offset + i),
                    contact_name="x",
                    contact_mobile="13800000000",
                )
                for i in range(n // 5)
            ]
            db.session.add_all(firms)
            db.session.flush()
            db.session.execute(
                db.insert(Case),
                [
                    {
                        "kind": "rights-protection",
                        "status": "submitted",
                        "firm_id": firms[i % len(firms)].id,
                        "reference": f"HQ-RP-2025-{offset + i:06d}",
                        "submitted_on": date(2025, 5, 1),
                        "data": {},
                        "title": "",
                        "version": 1,
                        "paused_days": 0,
                        "supplement_count": 0,
                        "clock_phase": "accept",
                        "due_date": date(2025, 5, 6),
                    }
                    for i in range(n)
                ],
            )
            db.session.commit()

    add_cases(10, 0)
    few = statements("/staff/queue")
    add_cases(990, 10)
    many = statements("/staff/queue")
    deep = statements("/staff/queue?page=30")
    assert many == few == deep


def test_xlsx_and_csv_exports_have_chinese_headers_and_neutralise_formulas(staff_client, create_firm_user, make_case):
    owner = create_firm_user(firm_name='=HYPERLINK("http://evil")')
    ref = make_case(owner)
    response = staff_client.get("/staff/queue/export.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    headers = [c.value for c in sheet[1]]
    assert headers[0] == "申请编号" and "企业" in headers
    row = [c.value for c in sheet[2]]
    assert row[0] == ref and row[3].startswith("'=")
    csv_text = staff_client.get("/staff/queue/export.csv").get_data(as_text=True)
    assert csv_text.startswith("\ufeff申请编号") and "'=HYPERLINK" in csv_text


def test_download_is_audited(staff_client, app, firm_user, make_case):
    ref = make_case(firm_user)
    with app.app_context():
        file_id = get_case(ref).files[0].id
    response = staff_client.get(f"/staff/cases/{ref}/files/{file_id}")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    with app.app_context():
        assert db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == "download")).one().ip


def test_audit_rows_cannot_be_changed_or_deleted(app_ctx, firm_user, make_case):
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    make_case(firm_user)
    row = db.session.scalars(db.select(AuditEvent)).first()
    row.to_value = "tampered"
    with pytest.raises(AuditImmutable):
        db.session.flush()
    db.session.rollback()
    row = db.session.scalars(db.select(AuditEvent)).first()
    db.session.delete(row)
    with pytest.raises(AuditImmutable):
        db.session.flush()
    db.session.rollback()
    with pytest.raises(DBAPIError):  # the database refuses too, whatever the code path
        db.session.execute(text("UPDATE audit_events SET note = 'x'"))
    db.session.rollback()


STAFF_ROUTES = ["/staff/", "/staff/queue", "/staff/queue/export.xlsx", "/staff/cases/HQ-RP-2026-000001"]


@pytest.mark.parametrize("url", STAFF_ROUTES)
def test_firm_users_get_403_and_anonymous_are_sent_to_sign_in(client, firm_user, url):
    assert client.get(url).status_code == 302
    client.login(firm_user.email, PASSWORD)
    assert client.get(url).status_code == 403


def test_editor_cannot_see_cases(client, create_staff, firm_user, make_case):
    ref = make_case(firm_user)
    client.login(create_staff("editor").email, PASSWORD)
    assert client.get("/staff/queue").status_code == 403
    assert client.get(f"/staff/cases/{ref}").status_code == 403


def test_public_publicity_page_and_objection(client, app, firm_user, supervisor, make_case):
    ref = make_case(firm_user, kind="ip-demonstration", status="publicity", staff=supervisor, holder=supervisor)
    page = client.get_page("/publicity/")
    assert ref in page.get_text()
    form = client.get_page(f"/publicity/{ref}/objection")
    assert form.find("textarea", attrs={"name": "reason"})
    bad = client.post_page(f"/publicity/{ref}/objection", {"name": "", "contact": "", "reason": "短"})
    assert len(bad.select(".invalid-feedback")) == 3
    response = client.post(
        f"/publicity/{ref}/objection",
        content_type="multipart/form-data",
        data={
            "name": "王某",
            "contact": "13900000000",
            "reason": "该企业近三年存在商标侵权行为。",
            "evidence": (io.BytesIO(b"%PDF-1.4 test"), "判决书.pdf"),
        },
    )
    assert response.status_code == 302
    with app.app_context():
        assert len(get_case(ref).objections) == 1
    client.login(supervisor.email, PASSWORD)
    assert "该企业近三年存在商标侵权行为" in client.get_page(f"/staff/cases/{ref}").get_text()


def test_honour_list_shows_recognised_firms(client, app, firm_user, supervisor, make_case):
    from datetime import date

    from portal.accounts.models import User
    from portal.cases import services
    from portal.core.db import commit

    ref = make_case(firm_user, kind="brand-demonstration", status="publicity", staff=supervisor)
    with app.test_request_context():
        case = get_case(ref)
        services.transition(
            case,
            "confirm_recognition",
            db.session.get(User, supervisor.id),
            certificate_no="津红商示〔2026〕8号",
            on=date(2099, 1, 1),
        )
        commit()
    assert "津红商示〔2026〕8号" in client.get_page("/publicity/honours").get_text()
