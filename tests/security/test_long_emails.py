"""Every audited admin and staff action works for accounts with 60-character emails (both engines)."""

from __future__ import annotations

from sqlalchemy import select

from portal.accounts.models import User
from portal.audit.models import AuditEvent
from portal.cases.models import Case
from portal.extensions import db
from tests.fixtures.accounts import PASSWORD


def _email(prefix: str) -> str:
    address = f"{prefix}-" + "x" * 60
    address = address[: 60 - len("@example.cn")] + "@example.cn"
    assert len(address) == 60
    return address


def _login(app, user):
    client = app.test_client()
    assert client.post("/auth/login", data={"email": user.email, "password": PASSWORD}).status_code == 302
    return client


def _case(app, reference):
    with app.app_context():
        case = db.session.scalar(select(Case).where(Case.reference == reference))
        return case.id, case.version, case.status


def _actions(app) -> list[AuditEvent]:
    with app.app_context():
        return list(db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)))


def test_admin_actions_on_long_emails(app, create_staff):
    admin = create_staff("admin", email=_email("admin"))
    target = create_staff("reviewer", email=_email("target"))
    client = _login(app, admin)
    assert client.post(f"/admin/users/{target.id}", data={"role": "supervisor"}).status_code == 302
    assert client.post(f"/admin/users/{target.id}", data={"active": "0"}).status_code == 302
    assert client.post(f"/admin/users/{target.id}", data={"active": "1"}).status_code == 302
    with app.app_context():
        user = db.session.get(User, target.id)
        assert (user.role, user.active) == ("supervisor", True)
    rows = [(e.action, e.object_id, e.actor_id) for e in _actions(app)]
    for action in ("role_changed", "account_deactivated", "account_activated"):
        assert (action, target.id, admin.id) in rows
    assert all(len(e.from_value or "") <= 40 and len(e.to_value or "") <= 40 for e in _actions(app))


def test_staff_case_actions_on_long_emails(app, create_firm_user, create_staff, make_case):
    supervisor = create_staff("supervisor", email=_email("supervisor"))
    reviewer = create_staff("reviewer", email=_email("reviewer"))
    firm_user = create_firm_user(email=_email("firm"))
    reference = make_case(firm_user, staff=supervisor)
    client = _login(app, supervisor)
    _, version, _ = _case(app, reference)
    assert client.post(f"/staff/cases/{reference}/claim", data={"version": version}).status_code == 302
    for action in ("accept", "start_review", "approve"):
        _, version, _ = _case(app, reference)
        response = client.post(
            f"/staff/cases/{reference}/actions/{action}", data={"version": version, "reason": "理由"}
        )
        assert response.status_code == 302, action
    _, version, _ = _case(app, reference)
    response = client.post(f"/staff/cases/{reference}/assign", data={"version": version, "holder_id": reviewer.id})
    assert response.status_code == 302
    case_id, _, status = _case(app, reference)
    assert status == "approved"
    rows = {(e.action, e.to_value) for e in _actions(app) if e.case_id == case_id}
    assert ("claim", str(supervisor.id)) in rows
    assert ("assign", str(reviewer.id)) in rows
    assert {"accept", "start_review", "approve"} <= {action for action, _ in rows}
