"""Registration does not reveal which addresses have accounts, and is limited per address."""

from __future__ import annotations

from sqlalchemy import func, select

from portal.accounts.models import User
from portal.extensions import db
from tests.fixtures.accounts import make_credit_code
from tests.helpers import with_sms_code

FORM = {
    "firm_name": "天津红桥探测科技有限公司",
    "contact_name": "赵探",
    "mobile": "13912345678",
    "password": "Secure-Pass-2026",
    "confirm": "Secure-Pass-2026",
    "consent": "y",
}


def _register(client, email: str, n: int, ip: str = "192.0.2.10"):
    # one number per registration: a number gets one code a minute
    data = dict(FORM, email=email, credit_code=make_credit_code(9000 + n), mobile=f"139{n:08d}")
    data = with_sms_code(client, client.application, "/auth/register", data, environ_base={"REMOTE_ADDR": ip})
    return client.post("/auth/register", data=data, environ_base={"REMOTE_ADDR": ip})


def _main_text(response, email: str) -> str:
    from bs4 import BeautifulSoup

    main = BeautifulSoup(response.get_data(as_text=True), "html.parser").find("main") or ""
    return main.get_text(" ", strip=True).replace(email, "EMAIL") if main else ""


def test_a_taken_email_gets_the_same_answer_and_its_owner_is_told(app, firm_user, outbox):
    client = app.test_client()
    taken = _register(client, firm_user.email, 1)
    fresh = _register(client, "new-firm@example.cn", 2)
    assert taken.status_code == fresh.status_code == 200
    assert _main_text(taken, firm_user.email) == _main_text(fresh, "new-firm@example.cn")
    assert "check your email" in _main_text(taken, firm_user.email).lower() or "查收" in _main_text(
        taken, firm_user.email
    )
    with app.app_context():
        # nothing created for the taken address; its owner's account untouched
        assert db.session.scalar(select(func.count(User.id)).where(func.lower(User.email) == firm_user.email)) == 1
        assert db.session.get(User, firm_user.id).awaiting_confirmation is False
    told = [m for m in outbox if m.to == firm_user.email]
    assert len(told) == 1 and "/auth/forgot-password" in told[0].body
    assert [m.to for m in outbox if m.to != firm_user.email] == ["new-firm@example.cn"]


def test_a_new_account_cannot_sign_in_with_its_password_before_confirming(app):
    # otherwise "register, then try the password" would tell a new address from a taken one
    client = app.test_client()
    assert _register(client, "probe@example.cn", 3).status_code == 200
    response = client.post("/auth/login", data={"email": "probe@example.cn", "password": FORM["password"]})
    assert response.status_code == 200


def test_registration_is_limited_per_address(app, monkeypatch):
    monkeypatch.setitem(app.config, "REGISTRATION_RATE_LIMIT", "3 per hour")
    client = app.test_client()
    for n in range(3):
        assert _register(client, f"burst{n}@example.cn", 10 + n).status_code == 200
    assert _register(client, "burst3@example.cn", 13).status_code == 429
    # another address is not affected
    assert _register(client, "other@example.cn", 14, ip="192.0.2.99").status_code == 200


def test_the_default_registration_limit_is_set():
    from portal.config import BaseConfig, ProductionConfig

    assert BaseConfig.REGISTRATION_RATE_LIMIT == ProductionConfig.REGISTRATION_RATE_LIMIT == "10 per hour"
