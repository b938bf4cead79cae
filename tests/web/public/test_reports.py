"""Public infringement reports: routing shown and stored, tracking-code privacy, spam limits,
duplicates linked, and staff transfers (转办) that the reporter sees."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest

from portal.core.timeutil import today_local
from portal.extensions import db
from portal.reports.models import Report
from portal.reports.routing import Line, ReportKind, route_for
from tests.fixtures.accounts import PASSWORD
from tests.fixtures.cases import PDF
from tests.helpers import error_texts, field_value


def report_data(**overrides) -> dict:
    data = {
        "kind": "trademark",
        "what": "商场内销售假冒注册商标的运动鞋，鞋舌标识与正品不同",
        "place": "红桥区某商场三层 A12 铺位",
        "confirm_true": "y",
    }
    return data | overrides


def file_via_web(client, **overrides):
    response = client.post("/report/", data=report_data(**overrides), content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    soup = client.get_page(response.headers["Location"])
    return soup.select_one("#report-reference").get_text(strip=True), soup.select_one("#tracking-code").get_text(
        strip=True
    )


def stored(app, reference: str) -> Report:
    with app.app_context():
        report = db.session.query(Report).filter_by(reference=reference).one()
        db.session.expunge(report)
        return report


def test_every_kind_has_a_route_and_crime_goes_to_the_police():
    assert set(ReportKind) == {k for k in ReportKind if route_for(k)}
    assert route_for("trademark") == Line.MARKET_REGULATION
    assert route_for("counterfeit_patent") == Line.MARKET_REGULATION
    assert route_for("piracy") == Line.CULTURE_ENFORCEMENT
    assert route_for("agency_misconduct") == Line.AGENCY_SUPERVISOR
    assert route_for("trademark", suspected_crime=True) == Line.POLICE


def test_the_form_shows_where_each_kind_goes(client):
    soup = client.get_page("/report/")
    rows = soup.select("#routing tbody tr")
    assert len(rows) == len(ReportKind) + 1  # every kind, and suspected crime
    text = soup.select_one("#routing").get_text()
    assert "12315" in text and "12318" in text and "110" in text
    assert soup.select_one("#statements")  # confidentiality and false-report statements
    assert soup.find("input", attrs={"name": "website"}).find_parent(class_="d-none")


def test_an_anonymous_report_gets_a_number_and_a_code_shown_once(app, client):
    reference, code = file_via_web(client, kind="piracy", url="https://shop.example.cn/item?id=7", place="")
    assert reference.startswith("HQ-JB-") and len(code) == 14
    report = stored(app, reference)
    assert report.is_anonymous and report.line == Line.CULTURE_ENFORCEMENT
    assert code not in (report.tracking_hash or "")
    # the receipt is not shown again: the code is nowhere to be found later
    again = client.get("/report/received")
    assert again.status_code == 302 and "/report/track" in again.headers["Location"]


def test_tracking_shows_progress_only_with_the_right_code(app, client, make_report):
    reference, _file, code = make_report(with_code=True)
    soup = client.post_page("/report/track", {"reference": reference, "code": code.lower().replace("-", " ")})
    assert soup.select_one("#report-state") and reference in soup.get_text()

    wrong = client.post("/report/track", data={"reference": reference, "code": "AAAA-BBBB-CCCC"})
    unknown = client.post("/report/track", data={"reference": "HQ-JB-2026-999999", "code": "AAAA-BBBB-CCCC"})
    assert wrong.status_code == unknown.status_code == 200
    # one answer for both: with the typed number taken out, the pages are identical
    assert wrong.get_data(as_text=True).replace(reference, "X") == unknown.get_data(as_text=True).replace(
        "HQ-JB-2026-999999", "X"
    )
    assert "report-state" not in wrong.get_data(as_text=True)
    assert wrong.headers["Cache-Control"] == "no-store"


def test_bad_input_gets_errors_beside_the_fields_and_keeps_what_was_typed(app, client):
    future = (date.today() + timedelta(days=30)).isoformat()
    soup = client.post_page(
        "/report/",
        report_data(place="", happened_on=future, notify_reporter="y", confirm_true="", reporter_phone="123"),
    )
    errors = " ".join(error_texts(soup))
    assert len(error_texts(soup)) == 5, errors  # place, date, notify without email, phone, confirmation
    assert field_value(soup, "what") == report_data()["what"]
    with app.app_context():
        assert db.session.query(Report).count() == 0


def test_the_honeypot_stores_nothing(app, client):
    soup = client.post_page("/report/", report_data(website="http://spam.example"))
    assert soup.select_one("#error-summary")
    with app.app_context():
        assert db.session.query(Report).count() == 0


def test_the_form_is_rate_limited_per_address(app, client):
    app_limit = app.config["REPORT_RATE_LIMIT"]
    per_hour = int(app_limit.split(" ")[0])
    for n in range(per_hour):
        file_via_web(client, place=f"红桥区某路 {n} 号")
    assert client.post("/report/", data=report_data(place="红桥区另一处")).status_code == 429


def test_the_same_evidence_file_is_refused_after_the_daily_limit(app, client, make_report):
    limit = app.config["REPORT_SAME_EVIDENCE_PER_DAY"]
    for n in range(limit):
        make_report(place=f"某处 {n}", evidence=True)  # the same bytes each time
    data = report_data() | {"evidence": (io.BytesIO(PDF), "photo.pdf")}
    response = client.post("/report/", data=data, content_type="multipart/form-data")
    assert response.status_code == 200
    assert "photo.pdf" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.query(Report).count() == limit
    # another file is fine
    other = report_data() | {"evidence": (io.BytesIO(PDF + b"other"), "other.pdf")}
    assert client.post("/report/", data=other, content_type="multipart/form-data").status_code == 302


def test_a_disguised_upload_is_refused(app, client):
    data = report_data() | {"evidence": (io.BytesIO(b"MZ\x90\x00 not a pdf"), "photo.pdf")}
    response = client.post("/report/", data=data, content_type="multipart/form-data")
    assert response.status_code == 200 and "photo.pdf" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.query(Report).count() == 0


def test_reports_about_the_same_target_are_linked(app, make_report):
    first, _ = make_report(kind="online", place="", url="https://www.shop.example.cn/item?id=7")
    second, _ = make_report(kind="trademark", place="", url="http://SHOP.example.cn/item/?id=7")
    other, _ = make_report(kind="online", place="", url="https://shop.example.cn/item?id=8")
    assert stored(app, second).duplicate_of_id == stored(app, first).id
    assert stored(app, other).duplicate_of_id is None


@pytest.fixture
def reviewer_client(app, create_staff):
    from tests.helpers import PageClient

    reviewer = create_staff("reviewer")
    client = PageClient(app)
    client.login(reviewer.email, PASSWORD)
    return client


def test_staff_transfer_is_seen_by_the_reporter_with_body_and_date(app, client, reviewer_client, make_report, outbox):
    reference, _f, code = make_report(
        kind="piracy", with_code=True, reporter_email="reporter@example.cn", notify_reporter=True
    )
    queue = reviewer_client.get_page("/staff/reports")
    assert reference in queue.get_text()
    today = today_local().isoformat()  # Beijing time, as the service counts
    response = reviewer_client.post(
        f"/staff/reports/{reference}/actions/transfer",
        data={"body": "天津市文化市场综合执法总队", "on": today, "note": "已转文化市场综合执法部门处理"},
    )
    assert response.status_code == 302
    report = stored(app, reference)
    assert report.status == "transferred" and report.transferred_to == "天津市文化市场综合执法总队"
    assert report.transferred_on.isoformat() == today
    assert [m.to for m in outbox] == ["reporter@example.cn"] and code not in outbox[0].body

    soup = client.post_page("/report/track", {"reference": reference, "code": code})
    assert soup.select_one("#handling-unit").get_text(strip=True) == "天津市文化市场综合执法总队"
    # transferred: nothing left to do, and the queue's open view no longer lists it
    reviewer_client.get_page(f"/staff/reports/{reference}")  # shows (and clears) the flash message
    assert reference not in reviewer_client.get_page("/staff/reports").get_text()
    assert reference in reviewer_client.get_page("/staff/reports?view=transferred").select_one("table").get_text()


def test_accept_then_conclude_and_refusals_need_a_note(app, reviewer_client, make_report):
    reference, _ = make_report()
    refused = reviewer_client.post(f"/staff/reports/{reference}/actions/refuse", data={"note": ""})
    assert refused.status_code == 400 and stored(app, reference).status == "received"
    assert reviewer_client.post(f"/staff/reports/{reference}/actions/accept", data={}).status_code == 302
    report = stored(app, reference)
    assert report.status == "accepted" and report.handling_unit
    closed = reviewer_client.post(f"/staff/reports/{reference}/actions/close", data={"note": "已立案查处"})
    assert closed.status_code == 302 and stored(app, reference).status == "closed"
    # an action the state does not allow is refused, not a 500
    again = reviewer_client.post(f"/staff/reports/{reference}/actions/accept", data={})
    assert again.status_code == 400
    assert reviewer_client.post(f"/staff/reports/{reference}/actions/nonsense", data={}).status_code == 404


def test_a_transfer_dated_in_the_future_is_refused(app, reviewer_client, make_report):
    reference, _ = make_report(kind="agency_misconduct")
    future = (today_local() + timedelta(days=3)).isoformat()
    response = reviewer_client.post(
        f"/staff/reports/{reference}/actions/transfer", data={"body": "某监管部门", "on": future}
    )
    assert response.status_code == 400 and stored(app, reference).status == "received"


def test_a_stale_form_changes_nothing(app, reviewer_client, make_report):
    reference, _ = make_report()
    response = reviewer_client.post(f"/staff/reports/{reference}/actions/accept", data={"version": "99"})
    assert response.status_code == 400 and stored(app, reference).status == "received"


def test_the_optional_challenge_refuses_a_form_sent_too_quickly(app, client):
    import time

    from portal.reports.forms import sign_start

    app.config["REPORT_MIN_FILL_SECONDS"] = 3
    try:
        soup = client.get_page("/report/")
        started = field_value(soup, "started")
        quick = client.post_page("/report/", report_data(started=started))
        assert quick.select_one("#error-summary") and field_value(quick, "what") == report_data()["what"]
        forged = client.post_page("/report/", report_data(started="not-signed"))
        assert forged.select_one("#error-summary")
        with app.test_request_context():
            earlier = sign_start(time.time() - 10)
        response = client.post("/report/", data=report_data(started=earlier))
        assert response.status_code == 302
    finally:
        app.config["REPORT_MIN_FILL_SECONDS"] = 0
