"""Registration, sign-in, sign-out, password reset and change, as a firm user would do them."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from portal.accounts.models import User
from portal.extensions import db
from portal.firms.models import Firm
from tests.fixtures.accounts import PASSWORD, make_credit_code
from tests.helpers import error_texts, field_value, with_sms_code

REGISTRATION = {
    "firm_name": "天津红桥新锐科技有限公司",
    "credit_code": "91120106MA05K12307",
    "contact_name": "刘洋",
    "mobile": "13912345678",
    "email": "liu@example.cn",
    "password": "Secure-Pass-2026",
    "confirm": "Secure-Pass-2026",
    "consent": "y",
}


def test_register_creates_firm_and_signs_in_through_the_mailed_link(client, app, outbox):
    page = client.post_page("/auth/register", data=with_sms_code(client, app, "/auth/register", REGISTRATION))
    assert "liu@example.cn" in page.get_text()
    with app.app_context():
        firm = db.session.scalar(select(Firm))
        assert firm.credit_code == "91120106MA05K12307"
        assert firm.users[0].privacy_consent_at is not None
    # the password does not work until the mailed link has confirmed the address
    assert (
        client.post("/auth/login", data={"email": "liu@example.cn", "password": "Secure-Pass-2026"}).status_code == 200
    )
    (message,) = outbox
    assert message.to == "liu@example.cn"
    link = re.search(r"http://localhost(/auth/sign-in-link/\S+)", message.body).group(1)
    client.get_page(link)
    assert client.post(link).headers["Location"].endswith("/firm/")
    assert "天津红桥新锐科技有限公司" in client.get_page("/firm/").get_text()
    client.logout()
    assert (
        client.post("/auth/login", data={"email": "liu@example.cn", "password": "Secure-Pass-2026"}).status_code == 302
    )


def test_a_full_width_mobile_number_is_stored_in_ascii_digits(client, app):
    from portal.accounts.models import User

    # registration answers with the "check your mail" page (the same for new and known addresses)
    data = with_sms_code(client, app, "/auth/register", dict(REGISTRATION, mobile="１３９ １２３４ ５６７８"))
    client.post("/auth/register", data=data, expect=200)
    with app.app_context():
        assert db.session.scalar(select(User.mobile)) == "13912345678"


def test_bad_credit_code_keeps_every_field_but_passwords(client):
    data = dict(REGISTRATION, credit_code="91120106MA05K12308")
    page = client.post_page("/auth/register", data)
    errors = " ".join(error_texts(page))
    assert "校验" in errors or "check digit" in errors
    for name in ("firm_name", "credit_code", "contact_name", "mobile", "email"):
        assert field_value(page, name) == data[name]
    assert not field_value(page, "password")
    assert page.select_one("#error-summary a[href='#credit_code']")


def test_each_registration_rule_has_its_own_message(client):
    page = client.post_page(
        "/auth/register",
        dict(REGISTRATION, mobile="12345", email="not-an-email", password="short", confirm="other", consent=""),
    )
    messages = error_texts(page)
    assert len(messages) >= 4
    assert page.select_one("#mobile.is-invalid") and page.select_one("#email.is-invalid")
    assert page.select_one("#consent.is-invalid")


def test_duplicate_credit_code_is_refused(client, create_firm_user, app):
    create_firm_user()
    taken = make_credit_code(1)
    with app.app_context():
        taken = db.session.scalar(select(Firm.credit_code))
    page = client.post_page(
        "/auth/register", with_sms_code(client, app, "/auth/register", dict(REGISTRATION, credit_code=taken))
    )
    assert any("已注册" in e or "already registered" in e for e in error_texts(page))
    with app.app_context():
        assert db.session.scalar(select(func.count(Firm.id))) == 1


def test_login_logout_and_wrong_password_same_message(client, firm_user):
    wrong = client.post_page("/auth/login", {"email": firm_user.email, "password": "Wrong-pass-123"})
    unknown = client.post_page("/auth/login", {"email": "nobody@example.cn", "password": "Wrong-pass-123"})
    assert wrong.select_one("#error-summary").get_text() == unknown.select_one("#error-summary").get_text()
    client.login(firm_user.email, PASSWORD)
    assert client.get("/firm/").status_code == 200
    client.logout()
    assert client.get("/firm/").status_code == 302


def test_logout_invalidates_a_copied_session(client, app, firm_user):
    client.login(firm_user.email, PASSWORD)
    stolen = client.raw.get_cookie("session").value
    client.logout()
    other = app.test_client()
    other.set_cookie("session", stolen)
    assert other.get("/firm/").status_code == 302


def test_session_changes_at_login(client, firm_user):
    client.get("/auth/login", expect=200)
    with client.raw.session_transaction() as sess:
        sess["planted"] = "by-an-attacker"
    client.login(firm_user.email, PASSWORD)
    with client.raw.session_transaction() as sess:
        assert "planted" not in sess


def test_open_redirect_refused(client, firm_user):
    for target in ("https://evil.example.com/", "//evil.example.com", "/\\evil.example.com", "javascript:alert(1)"):
        response = client.post("/auth/login?next=" + target, data={"email": firm_user.email, "password": PASSWORD})
        assert response.headers["Location"] in ("/firm/", "http://localhost/firm/"), target
        client.logout()
    response = client.post("/auth/login?next=/privacy", data={"email": firm_user.email, "password": PASSWORD})
    assert response.headers["Location"].endswith("/privacy")


def test_login_is_throttled_per_account(client, firm_user):
    statuses = [
        client.post("/auth/login", data={"email": firm_user.email, "password": "bad-Password-1"}).status_code
        for _ in range(12)
    ]
    assert statuses[0] == 200 and statuses[-1] == 429
    page = client.post_page("/auth/login", {"email": firm_user.email, "password": PASSWORD}, status=429)
    assert page.find("h1")


def test_password_reset_link_is_single_use(client, app, firm_user, outbox):
    page = client.post_page("/auth/forgot-password", {"email": firm_user.email})
    assert firm_user.email in page.get_text()
    assert len(outbox) == 1
    link = re.search(r"http://\S+", outbox[0].body).group(0)
    path = link.replace("http://localhost", "")
    client.get_page(path)
    response = client.post(path, data={"password": "Brand-New-Pass-1", "confirm": "Brand-New-Pass-1"})
    assert response.status_code == 302
    client.get_page(path, status=400)  # used once: void
    client.login(firm_user.email, "Brand-New-Pass-1")


def test_reset_for_unknown_email_says_the_same_and_sends_nothing(client, outbox):
    page = client.post_page("/auth/forgot-password", {"email": "ghost@example.cn"})
    assert "ghost@example.cn" in page.get_text()
    assert outbox == []


def test_expired_reset_link_refused(client, app, firm_user):
    from portal.accounts.services import make_reset_token

    with app.test_request_context():
        user = db.session.get(User, firm_user.id)
        token = make_reset_token(user)
    app.config["PASSWORD_RESET_MAX_AGE"] = -1
    try:
        client.get_page(f"/auth/reset-password/{token}", status=400)
    finally:
        app.config["PASSWORD_RESET_MAX_AGE"] = 3600


def test_change_password(client, firm_user):
    client.login(firm_user.email, PASSWORD)
    page = client.post_page(
        "/auth/change-password",
        {"current_password": "wrong-Pass-1", "password": "Next-Pass-2026", "confirm": "Next-Pass-2026"},
    )
    assert page.select_one("#current_password.is-invalid")
    response = client.post(
        "/auth/change-password",
        data={"current_password": PASSWORD, "password": "Next-Pass-2026", "confirm": "Next-Pass-2026"},
    )
    assert response.status_code == 302
    assert client.get("/firm/").status_code == 200  # this session survives the change
    client.logout()
    client.login(firm_user.email, "Next-Pass-2026")
