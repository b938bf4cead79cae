"""Reporters and personal data: a named reporter's contact data on reports filed while signed in is in
their firm's PIPL export and erased on deletion; an anonymous report keeps nothing personal (no
account, no address, no audit entry naming anyone), even when its sender was signed in."""

from __future__ import annotations

import io
import json
import zipfile

from sqlalchemy import select

from portal.audit.models import AuditEvent
from portal.extensions import db
from portal.reports.models import OverseasMarket, Report
from tests.fixtures.accounts import PASSWORD
from tests.web.test_reports import file_via_web


def _report(app, reference: str) -> Report:
    with app.app_context():
        report = db.session.scalar(select(Report).where(Report.reference == reference))
        db.session.expunge(report)
        return report


def _filed_event(app, report_id: int) -> AuditEvent:
    with app.app_context():
        event = db.session.scalar(
            select(AuditEvent).where(AuditEvent.action == "report_filed", AuditEvent.object_id == report_id)
        )
        db.session.expunge(event)
        return event


def test_named_reports_are_exported_and_erased_anonymous_ones_hold_nothing(app, client, firm_user, create_staff):
    client.login(firm_user.email, PASSWORD)
    named, _code = file_via_web(
        client,
        reporter_name="王小红",
        reporter_phone="13912345678",
        reporter_email="wang.xiaohong@example.cn",
        notify_reporter="y",
    )
    anonymous, _code = file_via_web(client, place="红桥区另一商场一层", what="一层店铺销售假冒注册商标的箱包")
    with app.app_context():
        db.session.add(OverseasMarket(firm_id=firm_user.firm_id, region="us", ip_type="patent", number="US 1"))
        db.session.commit()

    kept = _report(app, named)
    assert kept.reporter_user_id == firm_user.id and kept.reporter_email == "wang.xiaohong@example.cn"
    blank = _report(app, anonymous)
    assert blank.reporter_user_id is None and blank.ip is None
    assert (blank.reporter_name, blank.reporter_phone, blank.reporter_email) == (None, None, None)
    event = _filed_event(app, blank.id)
    assert event.actor_id is None and event.ip is None  # the audit log does not name the sender either
    assert _filed_event(app, kept.id).actor_id == firm_user.id

    archive = zipfile.ZipFile(io.BytesIO(client.get("/firm/privacy/export", expect=200).data))
    data = json.loads(archive.read("data.json"))
    assert [r["reference"] for r in data["reports"]] == [named]  # the anonymous one is not theirs to hold
    report = data["reports"][0]
    assert (report["reporter_name"], report["reporter_phone"], report["reporter_email"]) == (
        "王小红",
        "13912345678",
        "wang.xiaohong@example.cn",
    )
    assert report["notify_reporter"] is True and report["what"].startswith("商场内销售假冒注册商标")
    assert data["overseas_markets"] == [
        {
            "region": "us",
            "country": "",
            "ip_type": "patent",
            "number": "US 1",
            "created_at": data["overseas_markets"][0]["created_at"],
        }
    ]

    client.post("/firm/privacy/delete", expect=302)
    client.logout()
    client.login(create_staff("admin").email, PASSWORD)
    form = client.get_page("/admin/deletions").select_one("form[action*='/complete']")
    client.post(form["action"], expect=302)

    erased = _report(app, named)
    assert (erased.reporter_name, erased.reporter_phone, erased.reporter_email, erased.ip) == (None, None, None, None)
    assert erased.reporter_user_id is None and erased.notify_reporter is False
    assert erased.what.startswith("商场内销售假冒注册商标")  # the report itself stays with the authorities
    with app.app_context():
        assert db.session.scalars(select(OverseasMarket)).all() == []


def test_a_named_reporter_can_be_told_by_text_message(app, client, create_staff):
    from bs4 import BeautifulSoup

    from tests.helpers import PageClient
    from tests.web.test_reports import report_data

    refused = client.post("/report/", data=report_data(notify_by_sms="y"), content_type="multipart/form-data")
    soup = BeautifulSoup(refused.data, "html.parser")
    assert refused.status_code == 200 and "请提供手机号码，以便通过短信告知您处理进展。" in soup.get_text()

    app.extensions["sms_outbox"] = []
    reference, _code = file_via_web(client, reporter_phone="13912345678", notify_by_sms="y")
    staff = PageClient(app)
    staff.login(create_staff("reviewer").email, PASSWORD)
    staff.post(f"/staff/reports/{reference}/actions/accept", data={}, expect=302)
    [message] = app.extensions["sms_outbox"]
    assert message.mobile == "13912345678" and reference in message.text and "已受理" in message.text
