"""Uploads are stored and served under the detected type: name, Content-Type, attachment, nosniff."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from portal.cases.models import Objection
from portal.extensions import db
from tests.fixtures.accounts import PASSWORD

HOSTILE_PDF = b"%PDF-1.4\n<script>alert(document.cookie)</script>\n%%EOF"


@pytest.mark.parametrize("name", ["营业执照.bat", "营业执照.pdf.hta", "营业执照.html"])
def test_objection_evidence_is_renamed_and_served_as_the_detected_type(app, objection_case, supervisor, name):
    client = app.test_client()
    response = client.post(
        f"/publicity/{objection_case}/objection",
        data={
            "name": "李四",
            "contact": "13800001111",
            "reason": "该企业的商标使用情况与申报材料不符，特此提出异议。",
            "evidence": (io.BytesIO(HOSTILE_PDF), name),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    with app.app_context():
        objection = db.session.scalars(select(Objection)).one()
        assert objection.evidence_original_name == "营业执照.pdf"
        objection_id = objection.id
    staff = app.test_client()
    assert staff.post("/auth/login", data={"email": supervisor.email, "password": PASSWORD}).status_code == 302
    download = staff.get(f"/staff/cases/{objection_case}/objections/{objection_id}/evidence")
    assert download.status_code == 200
    assert download.mimetype == "application/pdf"
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert ".pdf" in download.headers["Content-Disposition"] and ".bat" not in download.headers["Content-Disposition"]
    assert download.headers["X-Content-Type-Options"] == "nosniff"


def test_the_anonymous_objection_form_accepts_only_the_allowed_types(app, objection_case):
    response = app.test_client().post(
        f"/publicity/{objection_case}/objection",
        data={
            "name": "李四",
            "contact": "13800001111",
            "reason": "该企业的商标使用情况与申报材料不符，特此提出异议。",
            "evidence": (io.BytesIO(b"<html><script>alert(1)</script></html>"), "evidence.pdf"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 200 and "PDF" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(select(Objection)).all() == []
