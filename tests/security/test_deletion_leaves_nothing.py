"""After a PIPL deletion no table, page or upload holds the firm's name, contact, phone or email."""

from __future__ import annotations

import io
from pathlib import Path

from sqlalchemy import select

from portal import privacy
from portal.accounts.models import User
from portal.audit.models import AuditEvent, AuditText
from portal.cases import messaging, services
from portal.cases.models import Case
from portal.cases.status import CaseAction
from portal.core.db import commit
from portal.extensions import db
from portal.firms.models import Firm
from tests.fixtures.accounts import PASSWORD

FIRM = "天津红桥隐私测试有限公司"
CONTACT = "钱多多"
MOBILE = "13987654321"
EMAIL = "qian.duoduo@privacy-test.example.cn"
NEEDLES = (FIRM, CONTACT, MOBILE, EMAIL, "隐私测试")
PDF = f"%PDF-1.4\n{FIRM} {CONTACT} {MOBILE}\n%%EOF\n".encode()


def _login(app, email):
    client = app.test_client()
    assert client.post("/auth/login", data={"email": email, "password": PASSWORD}).status_code == 302
    return client


def _every_value(app):
    """(table, column, value) for every non-empty value in every table, as text."""
    with app.app_context(), db.engine.connect() as conn:
        for table in db.metadata.sorted_tables:
            for row in conn.execute(table.select()).mappings():
                for column, value in row.items():
                    if value is not None:
                        yield table.name, column, str(value)


def test_deletion_leaves_no_personal_data_anywhere(app, create_firm_user, create_staff, make_case):
    firm_user = create_firm_user(email=EMAIL, firm_name=FIRM)
    supervisor = create_staff("supervisor")
    with app.app_context():
        firm = db.session.get(Firm, firm_user.firm_id)
        firm.contact_name, firm.contact_mobile = CONTACT, MOBILE
        user = db.session.get(User, firm_user.id)
        user.name, user.mobile = CONTACT, MOBILE
        commit()
    reference = make_case(firm_user, status="accepted", staff=supervisor)
    with app.test_request_context():
        case = db.session.scalar(select(Case).where(Case.reference == reference))
        staff = db.session.get(User, supervisor.id)
        owner = db.session.get(User, firm_user.id)
        services.transition(
            case,
            CaseAction.REQUEST_SUPPLEMENT,
            staff,
            reason=f"已电话联系{CONTACT}（{MOBILE}），请补充{FIRM}的营业执照。",
        )
        messaging.add_note(case, staff, f"{CONTACT}说下周寄送原件，邮箱{EMAIL}")
        commit()
        messaging.answer_supplement(case, owner, f"{FIRM}已补充", [(f"{FIRM}营业执照.pdf", PDF)])
        commit()
        file_id = max(f.id for f in case.files)
    staff_client = _login(app, supervisor.email)
    assert staff_client.get(f"/staff/cases/{reference}/files/{file_id}").status_code == 200
    with app.app_context():
        # before deletion the free text is there (the test would find it)
        texts = " ".join(t.text or "" for t in db.session.scalars(select(AuditText)))
        assert FIRM in texts and CONTACT in texts
    folder = Path(app.config["UPLOAD_FOLDER"])
    assert any(FIRM.encode() in p.read_bytes() for p in folder.iterdir() if p.is_file())

    # what several users per firm, data corrections and verified numbers add
    firm_client = _login(app, EMAIL)
    firm_client.post("/firm/colleagues/invite", data={"email": f"{MOBILE}@privacy-test.example.cn", "role": "firm"})
    firm_client.post(
        "/firm/account/name",
        data={"new_name": f"{FIRM}（更名）", "licence": (io.BytesIO(PDF), f"{FIRM}新营业执照.pdf")},
        content_type="multipart/form-data",
    )
    firm_client.post("/firm/account/email", data={"email": f"{CONTACT}@privacy-test.example.cn", "send_code": "1"})
    firm_client.post("/firm/account/mobile/own", data={"own-mobile": MOBILE, "send_code": "1"})
    with app.app_context():
        from portal.accounts.models import EmailCode, FirmInvitation
        from portal.firms.models import FirmCorrection

        assert db.session.scalar(select(FirmInvitation)) and db.session.scalar(select(FirmCorrection))
        from portal.core.sms import SmsCode

        assert db.session.scalar(select(EmailCode)) and db.session.scalar(select(SmsCode.mobile)) == MOBILE
        db.session.get(User, firm_user.id).mobile_verified_at = db.session.get(User, firm_user.id).created_at
        commit()
    assert firm_client.post("/firm/privacy/delete").status_code == 302
    with app.test_request_context():
        (request,) = privacy.pending_requests()
        privacy.complete_deletion(request, db.session.get(User, supervisor.id))
        commit()

    leaks = [(t, c, v[:80]) for t, c, v in _every_value(app) if any(n in v for n in NEEDLES)]
    assert not leaks, leaks
    for path in folder.rglob("*"):
        assert not any(n in path.name for n in NEEDLES), path
        if path.is_file():
            content = path.read_bytes()
            assert not any(n.encode() in content for n in NEEDLES), path
    # the pages staff and administrators read
    admin_client = _login(app, create_staff("admin").email)
    for client, url in ((staff_client, f"/staff/cases/{reference}"), (admin_client, "/admin/audit")):
        page = client.get(url).get_data(as_text=True)
        assert not [n for n in NEEDLES if n in page], url
    with app.app_context():
        # the audit rows themselves remain, with their ids and codes; the redaction is audited
        actions = [e.action for e in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))]
        assert {"request_supplement", "note", "download", "audit_texts_redacted", "deletion_completed"} <= set(actions)
        redacted = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "audit_texts_redacted"))
        assert redacted.detail["count"] >= 3 and redacted.actor_id == supervisor.id
