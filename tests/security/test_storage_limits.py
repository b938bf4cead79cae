"""One firm cannot fill the disk or the worker's memory: draft limit, storage quota, streamed export."""

from __future__ import annotations

import io
import json
import os
import tracemalloc
import zipfile
from pathlib import Path

from sqlalchemy import func, select

from portal.cases.models import Case, CaseFile
from portal.extensions import db
from tests.fixtures.accounts import PASSWORD

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _login(app, user):
    client = app.test_client()
    assert client.post("/auth/login", data={"email": user.email, "password": PASSWORD}).status_code == 302
    return client


def _drafts(app, firm_id) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Case.id)).where(Case.firm_id == firm_id, Case.status == "draft"))


def _start_and_touch(client) -> str:
    response = client.post("/firm/applications/new/rights-protection")
    assert response.status_code == 302
    key = response.headers["Location"].rsplit("/", 1)[-1]
    # a draft with an answer is not reused by the next click
    client.post(f"/firm/applications/{key}/steps/right", data={"right_type": "trademark"})
    return key


def test_open_drafts_are_limited_per_firm(app, firm_user, monkeypatch):
    monkeypatch.setitem(app.config, "FIRM_OPEN_DRAFTS_MAX", 2)
    client = _login(app, firm_user)
    first = _start_and_touch(client)
    _start_and_touch(client)
    assert _drafts(app, firm_user.firm_id) == 2
    response = client.post("/firm/applications/new/rights-protection")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "已达上限" in text or "the most it may have" in text
    assert _drafts(app, firm_user.firm_id) == 2
    # deleting one makes room again
    assert client.post(f"/firm/applications/{first}/delete").status_code in (302, 303)
    assert client.post("/firm/applications/new/rights-protection").status_code == 302


def test_files_are_limited_per_firm_across_cases(app, firm_user, monkeypatch):
    monkeypatch.setitem(app.config, "FIRM_STORAGE_QUOTA_BYTES", 3 * 1024 * 1024)
    client = _login(app, firm_user)
    big = PDF + b"0" * (1024 * 1024)
    keys = [_start_and_touch(client), _start_and_touch(client)]
    for key in keys:
        response = client.post(
            f"/firm/applications/{key}/materials",
            data={"material": "evidence", "file": (io.BytesIO(big), "证据.pdf")},
            content_type="multipart/form-data",
        )
        assert response.status_code == 302
    folder = Path(app.config["UPLOAD_FOLDER"])
    files_before = set(folder.iterdir())
    response = client.post(
        f"/firm/applications/{keys[1]}/materials",
        data={"material": "other", "file": (io.BytesIO(big), "更多.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "3 MB" in text
    with app.app_context():
        assert db.session.scalar(select(func.count(CaseFile.id))) == 2
    assert set(folder.iterdir()) == files_before  # nothing written for the refused file


def test_the_export_is_streamed_not_built_in_memory(app, firm_user, make_case):
    reference = make_case(firm_user)
    folder = Path(app.config["UPLOAD_FOLDER"])
    folder.mkdir(parents=True, exist_ok=True)
    size = 24 * 1024 * 1024
    with app.app_context():
        case = db.session.scalar(select(Case).where(Case.reference == reference))
        stored = "f" * 32 + ".pdf"
        with open(folder / stored, "wb") as handle:
            handle.write(PDF)
            handle.write(os.urandom(size))
        db.session.add(
            CaseFile(
                case=case,
                material="evidence",
                stored_name=stored,
                original_name="大文件.pdf",
                content_type="application/pdf",
                size=size,
                sha256="0" * 64,
            )
        )
        db.session.commit()
    client = _login(app, firm_user)
    tracemalloc.start()
    try:
        response = client.get("/firm/privacy/export", buffered=False)
        assert response.status_code == 200 and response.is_streamed
        received = io.BytesIO()  # the client keeps the body; measure the worker's share below
        chunks = 0
        for block in response.response:
            received.write(block)
            chunks += 1
        current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        (folder / stored).unlink(missing_ok=True)
    response.close()
    assert chunks > 100
    # the body itself is ~24 MB in ``received``; building it in memory would at least double that
    assert peak < received.tell() + 8 * 1024 * 1024, peak
    assert response.headers["Content-Disposition"].startswith("attachment")
    with zipfile.ZipFile(received) as archive:
        data = json.loads(archive.read("data.json"))
        assert data["cases"][0]["reference"] == reference
        (name,) = [n for n in archive.namelist() if n.endswith("大文件.pdf")]
        assert archive.getinfo(name).file_size == size + len(PDF)
