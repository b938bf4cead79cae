"""Working through the queue: sortable columns, finished cases last, urgency and markers, saved views,
the objections tab, save and next, and bulk claim/assign/export with refusals audited."""

from __future__ import annotations

import io
from datetime import date, timedelta
from urllib.parse import parse_qs, urlparse

from openpyxl import load_workbook
from sqlalchemy import select

from portal.audit.models import AuditEvent
from portal.cases import clock
from portal.cases.models import Objection
from portal.core.db import commit
from portal.core.timeutil import today_local
from portal.extensions import db
from tests.fixtures.accounts import PASSWORD
from tests.fixtures.cases import file_objection, get_case


def _refs(page) -> list[str]:
    return [row.select_one("td.text-nowrap a").get_text() for row in page.select("tbody tr[data-case-row]")]


def _set_due(app, reference: str, started: date, days: int) -> None:
    with app.app_context():
        case = get_case(reference)
        case.clock_started_on, case.clock_days = started, days
        clock.recompute(case)
        commit()


def test_due_date_order_puts_finished_cases_last(client, app, create_firm_user, reviewer, make_case):
    closed = make_case(create_firm_user(), status="closed", staff=reviewer)
    late = make_case(create_firm_user())
    later = make_case(create_firm_user())
    _set_due(app, late, today_local() - timedelta(days=30), 3)
    with app.app_context():
        case = get_case(closed)  # closed long ago: its stopped clock kept an early date
        case.due_date = today_local() - timedelta(days=300)
        commit()
    client.login(reviewer.email, PASSWORD)
    refs = _refs(client.get_page("/staff/queue?stage=all&sort=due"))
    assert refs == [late, later, closed]
    # reversed, finished cases still come last
    assert _refs(client.get_page("/staff/queue?stage=all&sort=-due")) == [later, late, closed]


def test_column_headers_sort_on_the_server_and_unknown_sorts_are_ignored(
    client, app, create_firm_user, reviewer, make_case
):
    b = make_case(create_firm_user(firm_name="乙公司"))
    a = make_case(create_firm_user(firm_name="甲公司"))
    client.login(reviewer.email, PASSWORD)
    page = client.get_page("/staff/queue?stage=all")
    header = next(a_ for a_ in page.select("th a.sort-link") if "企业" in a_.get_text())
    assert parse_qs(urlparse(header["href"]).query)["sort"] == ["firm"]
    by_firm = client.get_page(header["href"])
    names = [r.select("td")[3].get_text() for r in by_firm.select("tbody tr[data-case-row]")]
    assert names == sorted(names) and _refs(by_firm) != []
    flipped = next(a_ for a_ in by_firm.select("th a.sort-link") if "企业" in a_.get_text())
    assert "sort=-firm" in flipped["href"]
    assert by_firm.select_one("th[aria-sort=ascending]") is not None
    assert _refs(client.get_page("/staff/queue?stage=all&sort=reference")) == sorted([a, b])
    assert _refs(client.get_page("/staff/queue?stage=all&sort=-reference")) == sorted([a, b], reverse=True)
    # a sort outside the whitelist falls back to the due date, never an error
    assert client.get_page("/staff/queue?stage=all&sort=firm_id;drop").select("tbody tr")


def test_urgency_objection_and_unread_markers_are_columns(
    client, app, create_firm_user, supervisor, reviewer, make_case
):
    held = make_case(create_firm_user(), holder=reviewer, staff=supervisor, status="accepted")  # an unread assignment
    urgent = make_case(create_firm_user())
    with app.app_context():
        case = get_case(urgent)
        data = dict(case.data)
        data["help"] = {**data["help"], "urgency": ["urgent"], "urgency_reason": ["展会明天开幕"]}
        case.data = data
        commit()
    objected = make_case(create_firm_user(), kind="brand-demonstration", status="publicity", staff=supervisor)
    file_objection(client, objected)
    client.login(reviewer.email, PASSWORD)
    page = client.get_page("/staff/queue?stage=all")
    heads = [th.get_text(strip=True) for th in page.select("thead th")]
    assert "紧急程度" in heads and "标记" in heads
    rows = {r.select_one("td.text-nowrap a").get_text(): r for r in page.select("tbody tr[data-case-row]")}
    assert "紧急" in rows[urgent].get_text() and "普通" in rows[held].get_text()
    assert "1条未读" in rows[held].get_text() and "未读" not in rows[urgent].get_text()
    assert "异议" in rows[objected].get_text() and "异议" not in rows[urgent].get_text() + rows[held].get_text()


def test_saved_views_are_per_person_and_can_be_deleted(
    client, app, create_firm_user, reviewer, create_staff, make_case
):
    make_case(create_firm_user())
    client.login(reviewer.email, PASSWORD)
    client.post("/staff/queue/views", data={"name": "", "query": "due_soon=1"}, expect=302)
    assert not client.get_page("/staff/queue").select(".saved-view")
    client.post("/staff/queue/views", data={"name": "我的逾期", "query": "overdue=1&sort=-firm&evil=1"}, expect=302)
    view = client.get_page("/staff/queue").select_one(".saved-view a")
    assert view.get_text() == "我的逾期"
    assert parse_qs(urlparse(view["href"]).query) == {"overdue": ["1"], "sort": ["-firm"]}
    chips = {c.get_text(" ", strip=True) for c in client.get_page(view["href"]).select(".filter-chip")}
    assert any("已超期" in c for c in chips)
    # somebody else neither sees nor deletes it
    other = create_staff("reviewer")
    client.logout()
    client.login(other.email, PASSWORD)
    assert not client.get_page("/staff/queue").select(".saved-view")
    delete_url = f"/staff/queue/views/{_view_id(app)}/delete"
    client.post(delete_url, expect=302)
    client.logout()
    client.login(reviewer.email, PASSWORD)
    assert client.get_page("/staff/queue").select(".saved-view")
    client.post(delete_url, expect=302)
    assert not client.get_page("/staff/queue").select(".saved-view")


def _view_id(app) -> int:
    from portal.cases.desk_models import SavedView

    with app.app_context():
        return db.session.scalar(select(SavedView.id))


def test_objections_tab_lists_objections_with_their_own_due_date(
    client, app, create_firm_user, supervisor, reviewer, make_case
):
    ref = make_case(create_firm_user(), kind="brand-demonstration", status="publicity", staff=supervisor)
    file_objection(client, ref)
    client.login(reviewer.email, PASSWORD)
    queue = client.get_page("/staff/queue")
    tab = next(a for a in queue.select(".nav-tabs a") if "异议" in a.get_text())
    page = client.get_page(tab["href"])
    row = page.select_one("table.objection-queue tbody tr")
    assert ref in row.get_text()
    with app.app_context():
        from portal.cases.objections import due_date
        from portal.core.timeutil import local_date
        from portal.core.working_days import add_working_days

        objection = db.session.scalar(select(Objection))
        expected = due_date(objection)
        assert expected == add_working_days(local_date(objection.created_at), app.config["OBJECTION_DUE_WORKING_DAYS"])
    assert (
        row.select_one(".objection-due")
        .get_text(strip=True)
        .startswith(f"{expected.year}年{expected.month}月{expected.day}日")
    )


def test_save_and_next_moves_through_the_view(client, app, create_firm_user, reviewer, make_case):
    refs = [make_case(create_firm_user()) for _ in range(3)]
    client.login(reviewer.email, PASSWORD)
    queue = client.get_page("/staff/queue?sort=reference")
    links = [row.select_one("td.text-nowrap a")["href"] for row in queue.select("tbody tr[data-case-row]")]
    assert [urlparse(u).path.rsplit("/", 1)[1] for u in links] == sorted(refs)
    first = client.get_page(links[0])
    nav = first.select_one("nav.view-nav")
    assert "第 1 件，共 3 件" in nav.get_text() and nav.select_one("a[rel=next]")
    assert nav.select_one("a[rel=prev]") is None
    form = next(f for f in first.select("#actions form") if "/actions/accept" in f["action"])
    assert "view=" in form["action"]
    response = client.post(form["action"], data={"version": form.select_one("[name=version]")["value"]})
    assert response.status_code == 302
    location = urlparse(response.headers["Location"])
    assert location.path.endswith(sorted(refs)[1]) and parse_qs(location.query)["view"] == ["sort=reference"]
    with app.app_context():
        assert get_case(sorted(refs)[0]).status == "accepted"
    second = client.get_page(response.headers["Location"])
    assert second.select_one("nav.view-nav a[rel=prev]")["href"].split("?")[0].endswith(sorted(refs)[0])
    assert second.select_one("script[src$='desk.js']") and second.select_one("#shortcut-help[hidden]")
    # after the last case of the view, back to the view
    last = client.get_page(second.select_one("nav.view-nav a[rel=next]")["href"])
    form = next(f for f in last.select("#actions form") if "/actions/accept" in f["action"])
    response = client.post(form["action"], data={"version": form.select_one("[name=version]")["value"]})
    assert urlparse(response.headers["Location"]).path == "/staff/queue"


def test_bulk_claim_checks_each_case_and_audits_the_refusals(
    client, app, create_firm_user, reviewer, create_staff, make_case
):
    colleague = create_staff("reviewer")
    free = make_case(create_firm_user())
    theirs = make_case(create_firm_user(), status="accepted", staff=colleague)
    closed = make_case(create_firm_user(), status="closed", staff=colleague)
    client.login(reviewer.email, PASSWORD)
    queue = client.get_page("/staff/queue?stage=all")
    assert queue.select_one("form#bulk-form") and len(queue.select("input.case-select[form=bulk-form]")) == 3
    page = client.post_page(
        "/staff/queue/bulk", {"bulk": "claim", "reference": [free, theirs, closed, "HQ-NOPE"], "view": "stage=all"}
    )
    assert [li.get_text() for li in page.select(".bulk-done li")] == [free]
    refused = {
        r.select("td")[0].get_text(): r.select("td")[1].get_text() for r in page.select(".bulk-refused tbody tr")
    }
    assert set(refused) == {theirs, closed}
    assert "承办" in refused[theirs] and "办结" in refused[closed]
    with app.app_context():
        assert get_case(free).holder_id == reviewer.id and get_case(theirs).holder_id == colleague.id
        rows = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "bulk_refused")).all()
        assert {r.case_id for r in rows} == {get_case(theirs).id, get_case(closed).id}
        assert all(r.actor_id == reviewer.id and r.to_value == "claim" and r.note for r in rows)
        claims = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "claim")).all()
        assert [c.case_id for c in claims if c.actor_id == reviewer.id] == [get_case(free).id]


def test_bulk_assign_by_a_supervisor_and_a_reviewer_is_refused_per_case(
    client, app, create_firm_user, supervisor, reviewer, make_case
):
    a, b = make_case(create_firm_user()), make_case(create_firm_user())
    client.login(reviewer.email, PASSWORD)
    page = client.post_page("/staff/queue/bulk", {"bulk": "assign", "holder_id": str(reviewer.id), "reference": [a]})
    assert "不能分派" in page.select_one(".bulk-refused").get_text()
    client.logout()
    client.login(supervisor.email, PASSWORD)
    page = client.post_page("/staff/queue/bulk", {"bulk": "assign", "holder_id": str(reviewer.id), "reference": [a, b]})
    assert [li.get_text() for li in page.select(".bulk-done li")] == [a, b]
    with app.app_context():
        assert get_case(a).holder_id == reviewer.id and get_case(b).holder_id == reviewer.id
        assigns = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "assign")).all()
        assert len(assigns) == 2 and all(e.actor_id == supervisor.id for e in assigns)


def test_bulk_export_of_selected_cases_has_date_cells_and_is_audited(
    client, app, create_firm_user, supervisor, make_case
):
    a, b, c = (make_case(create_firm_user()) for _ in range(3))
    client.login(supervisor.email, PASSWORD)
    response = client.post("/staff/queue/bulk", data={"bulk": "export", "reference": [a, c]})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    headers = [cell.value for cell in sheet[1]]
    assert "申请日期" in headers and "已提交" not in headers
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert sorted(r[0] for r in rows) == sorted([a, c])
    applied = rows[0][headers.index("申请日期")]
    assert hasattr(applied, "year") and applied.date() == today_local()
    with app.app_context():
        exported = db.session.scalars(select(AuditEvent.case_id).where(AuditEvent.action == "export")).all()
        assert sorted(exported) == sorted([get_case(a).id, get_case(c).id])


def test_bulk_without_a_selection_says_so(client, reviewer):
    client.login(reviewer.email, PASSWORD)
    response = client.post("/staff/queue/bulk", data={"bulk": "claim", "view": "stage=all"})
    assert response.status_code == 302 and "stage=all" in response.headers["Location"]
    assert "请先选择至少一件案件" in client.get_page(response.headers["Location"]).get_text()


def test_bulk_form_tampering_is_refused_calmly(client, app, create_firm_user, supervisor, make_case):
    ref = make_case(create_firm_user())
    client.login(supervisor.email, PASSWORD)
    bad = {"bulk": "assign", "holder_id": "99999999999999999999", "reference": [ref]}
    response = client.post("/staff/queue/bulk", data=bad)
    assert response.status_code == 302
    assert "请选择工作人员。" in client.get_page(response.headers["Location"]).get_text()
    response = client.post("/staff/queue/bulk", data={"bulk": "claim", "reference": ["x\x00y", "' OR 1=1 --"]})
    assert "请先选择至少一件案件。" in client.get_page(response.headers["Location"]).get_text()
    response = client.post("/staff/queue/bulk", data={"bulk": "launch", "reference": [ref]})
    assert "请选择对所选案件执行的操作。" in client.get_page(response.headers["Location"]).get_text()
    with app.app_context():
        assert get_case(ref).holder_id is None


def test_queue_exports_use_date_cells_and_the_agreed_column_names(client, app, create_firm_user, reviewer, make_case):
    ref = make_case(create_firm_user())
    client.login(reviewer.email, PASSWORD)
    response = client.get("/staff/queue/export.xlsx?stage=all", expect=200)
    sheet = load_workbook(io.BytesIO(response.data)).active
    headers = [cell.value for cell in sheet[1]]
    assert headers[headers.index("申请日期") + 1] == "办理时限" and "已提交" not in headers
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == ref)
    applied, due = row[headers.index("申请日期")], row[headers.index("办理时限")]
    assert applied.is_date and due.is_date and applied.number_format.startswith("yyyy-mm-dd")
    with app.app_context():
        assert due.value.date() == get_case(ref).due_date
    text = client.get("/staff/queue/export.csv?stage=all", expect=200).get_data(as_text=True)
    assert "申请日期" in text.splitlines()[0] and today_local().isoformat() in text


def test_next_and_previous_follow_a_searched_view_and_ignore_a_forged_one(
    client, app, create_firm_user, reviewer, make_case
):
    a = make_case(create_firm_user(firm_name="红桥甲公司"))
    make_case(create_firm_user(firm_name="别的公司"))
    b = make_case(create_firm_user(firm_name="红桥乙公司"))
    client.login(reviewer.email, PASSWORD)
    page = client.get_page(f"/staff/cases/{a}?view=q%3D%E7%BA%A2%E6%A1%A5%26sort%3Dreference%26industry%3Dx")
    nav = page.select_one("nav.view-nav")
    assert "第 1 件，共 2 件" in nav.get_text() and nav.select_one("a[rel=next]")["href"].split("?")[0].endswith(b)
    forged = client.get_page(f"/staff/cases/{a}?view=evil%3D1%26page%3D%27")
    assert forged.select_one("nav.view-nav a[data-shortcut=queue]")["href"].endswith("stage=actionable")
