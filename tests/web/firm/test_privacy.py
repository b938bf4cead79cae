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


def test_export_contains_the_documents_issued(client, firm_user, supervisor, make_case):
    ref = make_case(firm_user, status="accepted", staff=supervisor)
    client.login(firm_user.email, PASSWORD)
    archive = zipfile.ZipFile(io.BytesIO(client.get("/firm/privacy/export", expect=200).data))
    [name] = [n for n in archive.namelist() if n.startswith(f"documents/{ref}/")]
    assert name.endswith(f"受理通知书-{ref}.pdf") and archive.read(name).startswith(b"%PDF")
