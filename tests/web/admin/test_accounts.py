"""Administrators deactivate firm accounts, create staff and change roles; every change is audited."""

from __future__ import annotations

from sqlalchemy import select

from portal.accounts.models import User
from portal.audit.models import AuditEvent
from portal.extensions import db
from tests.fixtures.accounts import PASSWORD


def test_admin_deactivates_and_reactivates_a_firm_account(client, app, firm_user, create_staff):
    firm_client = app.test_client()
    assert firm_client.post("/auth/login", data={"email": firm_user.email, "password": PASSWORD}).status_code == 302
    client.login(create_staff("admin").email, PASSWORD)
    page = client.get_page(f"/staff/firms/{firm_user.firm_id}")
    form = page.select_one(f"form[action='/staff/firms/{firm_user.firm_id}/users/{firm_user.id}/active']")
    client.post(form["action"], data={"active": "0"}, expect=302)
    assert firm_client.get("/firm/").status_code == 302  # the open session ends at once
    assert (
        app.test_client().post("/auth/login", data={"email": firm_user.email, "password": PASSWORD}).status_code == 200
    )
    client.post(form["action"], data={"active": "1"}, expect=302)
    assert (
        app.test_client().post("/auth/login", data={"email": firm_user.email, "password": PASSWORD}).status_code == 302
    )
    with app.app_context():
        actions = db.session.scalars(
            select(AuditEvent.action).where(AuditEvent.object_id == firm_user.id).order_by(AuditEvent.id)
        ).all()
        assert actions == ["account_deactivated", "account_activated"]


def test_admin_creates_staff_and_changes_roles(client, app, create_staff):
    admin = create_staff("admin")
    client.login(admin.email, PASSWORD)
    weak = client.post_page(
        "/admin/users", {"name": "新同事", "email": "new@example.cn", "role": "reviewer", "password": "short"}
    )
    assert weak.select_one("#password.is-invalid") and weak.select_one("#name")["value"] == "新同事"
    assert (
        client.post(
            "/admin/users",
            data={"name": "新同事", "email": "new@example.cn", "role": "reviewer", "password": "Strong-Pass-2026"},
        ).status_code
        == 302
    )
    with app.app_context():
        new = db.session.scalar(select(User).where(User.email == "new@example.cn"))
        new_id = new.id
    client.post(f"/admin/users/{new_id}", data={"role": "supervisor"}, expect=302)
    client.post(f"/admin/users/{admin.id}", data={"role": "reviewer"}, expect=302)  # nobody demotes themselves
    client.post(f"/admin/users/{admin.id}", data={"active": "0"}, expect=302)  # or locks themselves out
    with app.app_context():
        assert db.session.get(User, new_id).role == "supervisor"
        me = db.session.get(User, admin.id)
        assert me.role == "admin" and me.active
        assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "role_changed")).to_value == "supervisor"


def test_audit_log_filters(client, firm_user, reviewer, make_case, create_staff):
    make_case(firm_user)
    make_case(firm_user, status="accepted", staff=reviewer)
    client.login(create_staff("admin").email, PASSWORD)
    everything = client.get_page("/admin/audit")
    accepted = client.get_page("/admin/audit?action=accept")
    by_reviewer = client.get_page(f"/admin/audit?actor={reviewer.email}")
    assert len(everything.select("tbody tr")) > len(accepted.select("tbody tr")) == 1
    assert all(row.select("td")[1].get_text() == reviewer.email for row in by_reviewer.select("tbody tr"))
    assert client.get_page("/admin/audit?from=2099-01-01").select_one(".empty-state")
