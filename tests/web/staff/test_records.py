"""Records: the audit log reads like a record, filters and XLSX export; duplicate flags on the case page;
the supervisors' workload view and assignment rules; staff email preferences."""

from __future__ import annotations

import io
from datetime import datetime

from openpyxl import load_workbook
from sqlalchemy import select

from portal.core.db import commit
from portal.extensions import db
from tests.fixtures.accounts import PASSWORD
from tests.fixtures.cases import get_case


def _rename(app, user_id: int, name: str) -> None:
    from portal.accounts.models import User

    with app.app_context():
        db.session.get(User, user_id).name = name
        commit()


def test_records_name_cases_and_people_and_show_no_codes(
    client, app, create_firm_user, supervisor, reviewer, make_case
):
    _rename(app, reviewer.id, "李审查")
    _rename(app, supervisor.id, "王科长")
    ref = make_case(create_firm_user())
    client.login(supervisor.email, PASSWORD)
    version = get_version(app, ref)
    client.post(f"/staff/cases/{ref}/assign", data={"holder_id": reviewer.id, "version": version}, expect=302)
    client.logout()
    client.login(reviewer.email, PASSWORD)
    client.post(f"/staff/cases/{ref}/actions/accept", data={"version": version + 1}, expect=302)
    client.logout()
    client.login(supervisor.email, PASSWORD)
    page = client.get_page("/staff/records")
    rows = page.select("table.records tbody tr")
    texts = [r.get_text(" ", strip=True) for r in rows]
    assign = next(t for t in texts if "已分派给 李审查" in t)
    assert ref in assign and "王科长" in assign
    accept = next(r for r in rows if "受理" in r.select("td")[2].get_text())
    assert "已提交 → 已受理" in accept.get_text() and ref in accept.get_text()
    whole = page.get_text()
    for code in ("submitted", "accepted", "版本", "case ", f"#{get_case_id(app, ref)}"):
        assert code not in whole
    # the case page's timeline names the assignee too
    assert "李审查" in client.get_page(f"/staff/cases/{ref}").select_one(".timeline").get_text()


def get_version(app, ref: str) -> int:
    with app.app_context():
        return get_case(ref).version


def get_case_id(app, ref: str) -> int:
    with app.app_context():
        return get_case(ref).id


def test_records_filter_by_reference_person_action_and_date(
    client, app, create_firm_user, supervisor, reviewer, make_case
):
    _rename(app, reviewer.id, "李审查")
    a = make_case(create_firm_user(), holder=reviewer, staff=supervisor, status="accepted")
    b = make_case(create_firm_user())
    client.login(supervisor.email, PASSWORD)

    def refs(url):
        return {r.select("td")[3].get_text(strip=True) for r in client.get_page(url).select("table.records tbody tr")}

    assert refs(f"/staff/records?reference={b}") == {b}
    assert refs("/staff/records?person=李审查") == {a}  # the case given to her
    assert refs("/staff/records?action=accept") == {a}
    assert refs("/staff/records?from=2020-01-01&to=2020-12-31") == set()
    assert {a, b} <= refs("/staff/records?from=2020-01-01&to=2099-12-31")
    # nonsense filters are ignored, never an error
    assert client.get_page("/staff/records?action=%00evil&from=notadate&reference=%25").select("h1")


def test_records_export_has_real_date_cells_and_readable_sentences(
    client, app, create_firm_user, supervisor, reviewer, make_case
):
    _rename(app, reviewer.id, "李审查")
    ref = make_case(create_firm_user(), holder=reviewer, staff=supervisor, status="accepted")
    client.login(supervisor.email, PASSWORD)
    response = client.get(f"/staff/records/export.xlsx?reference={ref}", expect=200)
    _rename(app, supervisor.id, "王科长")
    sheet = load_workbook(io.BytesIO(response.data)).active
    headers = [c.value for c in sheet[1]]
    assert headers[:5] == ["时间", "操作人", "操作类型", "申请编号", "事件经过"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert all(isinstance(r[0], datetime) for r in rows)
    assert any(r[4].startswith("由 ") and r[4].endswith("改派给 李审查") and r[3] == ref for r in rows)
    # the administrator's audit log has the same record and export
    client.logout()
    from tests.fixtures.accounts import PASSWORD as P

    admin = _admin(app)
    client.login(admin, P)
    assert "改派给 李审查" in client.get_page("/admin/audit").get_text()
    assert client.get("/admin/audit/export.xlsx").status_code == 200


def _admin(app) -> str:
    from portal.accounts import services

    with app.app_context():
        user = services.create_user("admin-records@example.cn", PASSWORD, "admin", name="管理员")
        commit()
        return user.email


def test_a_second_open_case_of_the_same_firm_or_dispute_is_flagged(
    client, app, create_firm_user, supervisor, make_case
):
    firm = create_firm_user()
    first = make_case(firm, kind="consultation")
    second = make_case(firm, kind="consultation")
    other_firm = make_case(create_firm_user(), kind="consultation")
    client.login(supervisor.email, PASSWORD)
    flag = client.get_page(f"/staff/cases/{second}").select_one("#duplicates")
    assert first in flag.get_text() and "同一企业" in flag.get_text()
    assert client.get_page(f"/staff/cases/{other_firm}").select_one("#duplicates") is None
    # rights protection: another firm's open case against the same accused party (spacing and case aside)
    a = make_case(create_firm_user())
    b = make_case(create_firm_user())
    finished = make_case(create_firm_user(), status="closed")  # a finished case is not the same open matter
    with app.app_context():
        case = get_case(b)
        data = dict(case.data)
        data["infringement"] = {**data["infringement"], "infringer": [" 某商贸 有限公司 "]}
        case.data = data
        commit()
        assert get_case(a).accused_party == case.accused_party == get_case(finished).accused_party
    flag = client.get_page(f"/staff/cases/{b}").select_one("#duplicates")
    assert a in flag.get_text() and "被控侵权方" in flag.get_text() and finished not in flag.get_text()


def test_workload_counts_open_cases_per_reviewer_by_due_band(
    client, app, create_firm_user, supervisor, reviewer, make_case
):
    from datetime import timedelta

    from portal.cases import clock
    from portal.core.timeutil import today_local

    _rename(app, reviewer.id, "李审查")
    late = make_case(create_firm_user(), holder=reviewer, staff=supervisor, status="accepted")
    make_case(create_firm_user(), holder=reviewer, staff=supervisor, status="accepted")
    make_case(create_firm_user(), holder=reviewer, staff=supervisor, status="closed")
    make_case(create_firm_user())
    with app.app_context():
        case = get_case(late)
        case.clock_started_on, case.clock_days = today_local() - timedelta(days=40), 3
        clock.recompute(case)
        commit()
    client.login(supervisor.email, PASSWORD)
    page = client.get_page("/staff/workload")
    row = next(r for r in page.select("table.workload tbody tr") if "李审查" in r.get_text())
    assert [td.get_text(strip=True) for td in row.select("td")] == ["1", "0", "1", "2"]
    unassigned = next(r for r in page.select("table.workload tbody tr") if "未分派" in r.get_text())
    assert unassigned.select("td")[-1].get_text(strip=True) == "1"
    client.logout()
    client.login(reviewer.email, PASSWORD)
    assert client.get("/staff/workload").status_code == 403


def test_round_robin_rule_assigns_new_submissions_on_arrival(
    client, app, create_firm_user, supervisor, create_staff, make_case
):
    first, second = create_staff("reviewer"), create_staff("reviewer")
    client.login(supervisor.email, PASSWORD)
    client.post("/staff/workload", data={"kind": "consultation", "mode": "round_robin"}, expect=302)
    refs = [make_case(create_firm_user(), kind="consultation") for _ in range(3)]
    make_case(create_firm_user(), kind="rights-protection")  # no rule for this kind
    with app.app_context():
        assert [get_case(r).holder_id for r in refs] == [first.id, second.id, first.id]
        from portal.audit.models import AuditEvent

        autos = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "auto_assign")).all()
        assert len(autos) == 3 and all(e.actor_id is None and e.actor_role == "system" for e in autos)
    assert "按规则分派" in client.get_page(f"/staff/records?reference={refs[1]}").get_text()
    # least loaded: the next one goes to whoever holds fewer open cases
    client.post("/staff/workload", data={"kind": "consultation", "mode": "least_loaded"}, expect=302)
    ref = make_case(create_firm_user(), kind="consultation")
    with app.app_context():
        assert get_case(ref).holder_id == second.id
    # removing the rule stops it
    client.post("/staff/workload", data={"kind": "consultation", "mode": ""}, expect=302)
    with app.app_context():
        assert get_case(make_case(create_firm_user(), kind="consultation")).holder_id is None
    # a nonsense mode is refused with a message
    client.post("/staff/workload", data={"kind": "consultation", "mode": "lottery"}, expect=302)
    alerts = [a.get_text(strip=True) for a in client.get_page("/staff/workload").select(".alert-danger, .alert-error")]
    assert "请选择轮流分派或分派给在办最少者。" in alerts


def test_staff_notification_settings_decide_whether_case_work_is_mailed(
    client, app, create_firm_user, supervisor, reviewer, make_case, outbox
):
    client.login(reviewer.email, PASSWORD)
    page = client.get_page("/staff/notifications")
    assert page.select("input[name=case_work][value=email][checked]")  # by email until chosen otherwise
    client.post("/staff/notifications", data={"case_work": ["in_app"]}, expect=302)
    ref = make_case(create_firm_user(), holder=reviewer, staff=supervisor, status="accepted")
    assert not [m for m in outbox if m.to == reviewer.email]  # the assignment is in the inbox only
    assert ref in client.get_page("/staff/inbox").get_text()
    client.post("/staff/notifications", data={"case_work": ["in_app", "email"]}, expect=302)
    second = make_case(create_firm_user(), holder=reviewer, staff=supervisor, status="accepted")
    mails = [m for m in outbox if m.to == reviewer.email]
    assert len(mails) == 1 and second in mails[0].subject
    # firms are not affected by staff settings
    assert any(m.to != reviewer.email for m in outbox)
