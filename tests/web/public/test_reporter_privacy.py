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
from tests.web.public.test_reports import file_via_web


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
