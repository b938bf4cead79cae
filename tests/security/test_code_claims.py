"""Credit-code squatting: the real firm claims its code with evidence; staff confirm; both audited."""

from __future__ import annotations

import io
import re

from sqlalchemy import select

from portal.accounts.models import CodeClaim, User
from portal.audit.models import AuditEvent
from portal.extensions import db
from portal.firms.models import Firm
from tests.fixtures.accounts import PASSWORD

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
CLAIM = {
    "firm_name": "天津红桥真实科技有限公司",
    "contact_name": "孙真",
    "mobile": "13911112222",
    "email": "real-owner@example.cn",
}


def _login(app, email, password=PASSWORD):
    client = app.test_client()
    return client, client.post("/auth/login", data={"email": email, "password": password})


def _file_claim(app, code, **extra):
    data = dict(
        CLAIM, credit_code=code, licence=(io.BytesIO(PDF), "营业执照.pdf"), letter=(io.BytesIO(PDF), "公函.pdf")
    )
    data.update(extra)
    return app.test_client().post("/auth/claim-code", data=data, content_type="multipart/form-data")


def test_the_real_firm_gets_its_code_back_and_the_squatter_is_suspended(app, create_firm_user, create_staff, outbox):
    squatter = create_firm_user(firm_name="抢注者有限公司")
    squatter_client, response = _login(app, squatter.email)
    assert response.status_code == 302
    # registering the taken code is refused, and the page points to the claim
    page = app.test_client().get("/auth/register").get_data(as_text=True)
    assert "/auth/claim-code" in page

    response = _file_claim(app, squatter.credit_code)
    assert response.status_code == 200
    with app.app_context():
        claim = db.session.scalar(select(CodeClaim))
        assert claim.status == "pending" and claim.holder_firm_id == squatter.firm_id
        claim_id = claim.id
    assert f"{claim_id}" in response.get_data(as_text=True)

    supervisor = create_staff("supervisor")
    staff_client, _ = _login(app, supervisor.email)
    listing = staff_client.get("/staff/claims").get_data(as_text=True)
    assert squatter.credit_code in listing and "营业执照.pdf" in listing
    evidence = staff_client.get(f"/staff/claims/{claim_id}/evidence/licence")
    assert evidence.status_code == 200 and evidence.data.startswith(b"%PDF")
    response = staff_client.post(
        f"/staff/claims/{claim_id}/decide", data={"decision": "confirm", "reason": "与国家企业信用信息公示系统一致"}
    )
    assert response.status_code == 302

    with app.app_context():
        real = db.session.scalar(select(Firm).where(Firm.credit_code == squatter.credit_code))
        assert real is not None and real.name == CLAIM["firm_name"]
        assert db.session.get(Firm, squatter.firm_id).credit_code != squatter.credit_code
        assert db.session.get(User, squatter.id).active is False
        events = {(e.action, e.object_id) for e in db.session.scalars(select(AuditEvent))}
        assert ("code_claim_confirmed", claim_id) in events
        assert ("account_suspended", squatter.id) in events
        assert ("code_claim_filed", claim_id) in events
    # the squatter's session and password no longer work
    assert squatter_client.get("/firm/").status_code == 302
    _, response = _login(app, squatter.email)
    assert response.status_code == 200
    # the claimant sets a password through the mailed link and signs in
    (message,) = [m for m in outbox if m.to == CLAIM["email"]]
    link = re.search(r"http://localhost(/auth/reset-password/\S+)", message.body).group(1)
    owner = app.test_client()
    assert owner.post(link, data={"password": "Real-Owner-2026", "confirm": "Real-Owner-2026"}).status_code == 302
    _, response = _login(app, CLAIM["email"], "Real-Owner-2026")
    assert response.status_code == 302


def test_a_claim_needs_evidence_and_a_taken_code(app, firm_user):
    response = _file_claim(app, firm_user.credit_code, letter=(io.BytesIO(b""), ""))
    assert response.status_code == 200
    with app.app_context():
        assert db.session.scalar(select(CodeClaim)) is None
    # a forged "PDF" that is a program is refused
    response = _file_claim(app, firm_user.credit_code, licence=(io.BytesIO(b"MZ\x90\x00"), "执照.pdf"))
    assert response.status_code == 200
    with app.app_context():
        assert db.session.scalar(select(CodeClaim)) is None


def test_a_refused_claim_changes_nothing(app, firm_user, create_staff):
    _file_claim(app, firm_user.credit_code)
    with app.app_context():
        claim_id = db.session.scalar(select(CodeClaim.id))
    staff_client, _ = _login(app, create_staff("supervisor").email)
    staff_client.post(f"/staff/claims/{claim_id}/decide", data={"decision": "refuse", "reason": "公函无公章"})
    with app.app_context():
        assert db.session.get(CodeClaim, claim_id).status == "refused"
        assert db.session.get(Firm, firm_user.firm_id).credit_code == firm_user.credit_code
        assert db.session.get(User, firm_user.id).active is True
    # decided claims cannot be decided again
    staff_client.post(f"/staff/claims/{claim_id}/decide", data={"decision": "confirm"})
    with app.app_context():
        assert db.session.get(CodeClaim, claim_id).status == "refused"
    # reviewers may not decide
    reviewer_client, _ = _login(app, create_staff("reviewer").email)
    assert reviewer_client.post(f"/staff/claims/{claim_id}/decide", data={"decision": "confirm"}).status_code == 403


def test_deleting_a_firm_that_came_from_a_claim_leaves_no_claimant_data(app, firm_user, create_staff):
    from portal import privacy
    from tests.security.test_deletion_leaves_nothing import _every_value

    _file_claim(app, firm_user.credit_code)
    supervisor = create_staff("supervisor")
    with app.test_request_context():
        from portal.accounts import claims
        from portal.core.db import commit

        staff = db.session.get(User, supervisor.id)
        owner = claims.confirm_claim(db.session.scalar(select(CodeClaim)), staff, "")
        commit()
        deletion = privacy.request_deletion(owner, None)
        privacy.complete_deletion(deletion, staff)
        commit()
    needles = (CLAIM["firm_name"], CLAIM["contact_name"], CLAIM["mobile"], CLAIM["email"], "营业执照.pdf", "公函.pdf")
    leaks = [(t, c, v[:60]) for t, c, v in _every_value(app) if any(n in v for n in needles)]
    assert not leaks, leaks
