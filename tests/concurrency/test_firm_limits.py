"""Parallel requests cannot squeeze past a firm's draft limit or storage quota together."""

from __future__ import annotations

import io

from sqlalchemy import func, select

from portal.cases.models import Case, CaseFile
from portal.extensions import db
from tests.concurrency.test_parallel import _parallel
from tests.fixtures.accounts import PASSWORD

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _clients(app, user, count):
    clients = []
    for i in range(count):
        client = app.test_client()
        client.environ_base["REMOTE_ADDR"] = f"127.0.2.{i + 1}"
        assert client.post("/auth/login", data={"email": user.email, "password": PASSWORD}).status_code == 302
        clients.append(client)
    return clients


def test_parallel_uploads_stay_within_the_quota(app, firm_user, make_case, monkeypatch):
    keys = [make_case(firm_user, status="draft") for _ in range(2)]
    with app.app_context():
        used = db.session.scalar(select(func.sum(CaseFile.size)))
    one = PDF + b"0" * (256 * 1024)
    # room for exactly two more files, asked for by six requests at once
    monkeypatch.setitem(app.config, "FIRM_STORAGE_QUOTA_BYTES", used + 2 * len(one) + 10)
    count = 6
    clients = _clients(app, firm_user, count)
    statuses = _parallel(
        count,
        lambda i: (
            clients[i]
            .post(
                f"/firm/applications/{keys[i % 2]}/materials",
                data={"material": "other", "file": (io.BytesIO(one), f"f{i}.pdf")},
                content_type="multipart/form-data",
            )
            .status_code
        ),
    )
    assert statuses.count(302) == 2, statuses
    with app.app_context():
        total = db.session.scalar(select(func.sum(CaseFile.size)))
        assert total <= app.config["FIRM_STORAGE_QUOTA_BYTES"]


def test_parallel_starts_stay_within_the_draft_limit(app, firm_user, make_case, monkeypatch):
    make_case(firm_user, status="draft")  # a draft with answers: not reused
    monkeypatch.setitem(app.config, "FIRM_OPEN_DRAFTS_MAX", 2)
    count = 4
    clients = _clients(app, firm_user, count)
    _parallel(count, lambda i: clients[i].post("/firm/applications/new/rights-protection").status_code)
    with app.app_context():
        assert db.session.scalar(select(func.count(Case.id)).where(Case.status == "draft")) <= 2
