"""PIPL: a firm downloads its data and asks for deletion; staff complete it, statistics survive."""

from __future__ import annotations

import io
import json
import zipfile

from sqlalchemy import select

from portal.audit.models import AuditEvent
from portal.extensions import db
from portal.firms.models import Firm
from tests.fixtures.accounts import PASSWORD
from tests.fixtures.cases import get_case


def test_export_contains_data_and_files(client, firm_user, make_case):
    ref = make_case(firm_user)
    client.login(firm_user.email, PASSWORD)
    response = client.get("/firm/privacy/export")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    data = json.loads(archive.read("data.json"))
    assert data["firm"]["credit_code"] == firm_user.credit_code
    assert data["cases"][0]["reference"] == ref and data["cases"][0]["answers"]
    assert any(name.startswith(f"files/{ref}/") for name in archive.namelist())
    assert "password_hash" not in json.dumps(data)


def test_deletion_request_and_completion(client, app, firm_user, create_staff, make_case):
    ref = make_case(firm_user)
    client.login(firm_user.email, PASSWORD)
    client.post("/firm/privacy/delete", expect=302)
    client.post("/firm/privacy/delete", expect=302)  # asking twice opens one request
    client.logout()
    admin = create_staff("admin")
    client.login(admin.email, PASSWORD)
    page = client.get_page("/admin/deletions")
    forms = page.select("form[action*='/complete']")
    assert len(forms) == 1
    client.post(forms[0]["action"], expect=302)
    with app.app_context():
        firm = db.session.get(Firm, firm_user.firm_id)
        assert firm.name != firm_user.firm_name and firm.credit_code.startswith("DEL")
        assert all(not u.active and u.email.endswith("@invalid.example") for u in firm.users)
        case = get_case(ref)
        assert case.data == {} and case.files == [] and case.kind == "rights-protection"  # statistics kept
        assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "deletion_completed"))
        assert db.session.scalar(select(AuditEvent).where(AuditEvent.case_id == case.id, AuditEvent.action == "submit"))
    client.logout()
    assert client.post("/auth/login", data={"email": firm_user.email, "password": PASSWORD}).status_code == 200


def test_export_holds_every_column_of_the_firms_rows_readably(client, app, firm_user, reviewer, make_case):
    """我的数据: every firm-owned column is in the export (or in privacy.NOT_EXPORTED with a reason), codes
    carry their Chinese labels, times are Beijing time with the offset, and 补正 texts and messages are there."""
    from portal import privacy
    from portal.accounts.models import DeletionRequest, User
    from portal.cases.models import Case, CaseFile, CaseMessage, Notification
    from portal.firms.models import Firm, FirmIpProfile, FirmQualification
    from tests.web.firm.test_profiles import GOOD

    ref = make_case(firm_user, status="supplement_requested", staff=reviewer, holder=reviewer)
    client.login(firm_user.email, PASSWORD)
    client.post("/firm/profile", data=GOOD, expect=302)
    client.post("/firm/profile/details", data={"industry": "biomedicine"}, expect=302)
    client.post(
        "/firm/profile/qualifications",
        data={"kind": "high_tech", "certificate_no": "GR202612000001"},
        expect=302,
    )
    client.post(f"/firm/applications/{ref}/messages", data={"body": "请问需要补充哪些票据？"}, expect=302)
    archive = zipfile.ZipFile(io.BytesIO(client.get("/firm/privacy/export", expect=200).data))
    data = json.loads(archive.read("data.json"))

    sections = {
        Firm: [data["firm"]],
        User: data["accounts"],
        FirmQualification: data["qualifications"],
        FirmIpProfile: data["ip_profiles"],
        Case: data["cases"],
        CaseFile: [f for c in data["cases"] for f in c["files"]],
        CaseMessage: [m for c in data["cases"] for m in c["messages"]],
        Notification: data["notifications"],
    }
    for model, rows in sections.items():
        assert rows, model.__tablename__
        skipped = privacy.NOT_EXPORTED.get(model.__tablename__, {})
        for column in model.__table__.columns:
            if column.primary_key or column.foreign_keys or column.key in skipped:
                continue
            assert all(column.key in row for row in rows), (model.__tablename__, column.key)
    assert DeletionRequest.__tablename__ and data["deletion_requests"] == []

    profile = data["ip_profiles"][0]
    for category in ("hv_strategic_industry", "hv_foreign_family", "hv_long_maintained", "hv_pledged", "hv_awarded"):
        assert profile[category] == int(GOOD[category])
    assert data["firm"]["industry"] == "biomedicine" and data["firm"]["industry_label"] == "生物医药"
    assert data["qualifications"][0]["kind_label"] == "高新技术企业"
    case = data["cases"][0]
    assert case["kind_label"] == "维权援助" and case["status_label"] == "待补正"
    right = next(s for s in case["answers"] if s["step"] == "right")
    right_type = next(a for a in right["answers"] if a["field"] == "right_type")
    assert right_type["value"] == ["trademark"] and right_type["value_label"] == "商标"
    assert case["supplement_requests"][0]["text"] == "测试理由"
    assert [m["body"] for m in case["messages"]] == ["请问需要补充哪些票据？"]
    assert case["submitted_at"].endswith("+08:00") and data["exported_at"].endswith("+08:00")
    assert data["accounts"][0]["role_label"] == "企业"
    assert "password_hash" not in json.dumps(data) and "session_token" not in json.dumps(data)


def test_export_contains_the_documents_issued(client, firm_user, supervisor, make_case):
    ref = make_case(firm_user, status="accepted", staff=supervisor)
    client.login(firm_user.email, PASSWORD)
    archive = zipfile.ZipFile(io.BytesIO(client.get("/firm/privacy/export", expect=200).data))
    [name] = [n for n in archive.namelist() if n.startswith(f"documents/{ref}/")]
    assert name.endswith(f"受理通知书-{ref}.pdf") and archive.read(name).startswith(b"%PDF")
