"""Sign-in by mobile number and SMS code, and the registration that proves the number."""

from __future__ import annotations

from sqlalchemy import select

from portal.accounts.models import User
from portal.core.db import utcnow
from portal.extensions import db
from tests.helpers import error_texts, sms_code
from tests.web.auth.test_auth import REGISTRATION

MOBILE = "13911112222"


def _verified(create_firm_user, app, mobile=MOBILE, **fields):
    user = create_firm_user()
    with app.app_context():
        row = db.session.get(User, user.id)
        row.mobile, row.mobile_verified_at = mobile, utcnow()
        for name, value in fields.items():
            setattr(row, name, value)
        db.session.commit()
    return user


def _send(client, mobile=MOBILE, ip="192.0.2.1"):
    return client.post("/auth/login/sms", data={"mobile": mobile, "send_code": "1"}, environ_base={"REMOTE_ADDR": ip})


def test_sign_in_with_mobile_and_code_once(app, client, create_firm_user):
    _verified(create_firm_user, app)
    page = client.post_page("/auth/login/sms", {"mobile": "１３９ １１１１ ２２２２", "send_code": "1"})
    assert MOBILE in page.select_one(".alert").get_text()
    code = sms_code(app, MOBILE)
    response = client.post("/auth/login/sms", data={"mobile": MOBILE, "code": code})
    assert response.status_code == 302 and response.headers["Location"].endswith("/firm/")
    assert client.get("/firm/").status_code == 200
    client.logout()
    again = client.post_page("/auth/login/sms", {"mobile": MOBILE, "code": code})
    assert any("不正确" in e or "过期" in e for e in error_texts(again))
    assert client.get("/firm/").status_code == 302


def test_an_unknown_or_unverified_number_gets_the_same_answer_and_no_sms(app, client, create_firm_user):
    user = create_firm_user()
    with app.app_context():
        db.session.get(User, user.id).mobile = "13911113333"  # given, never verified
        db.session.commit()
    known = client.post_page("/auth/login/sms", {"mobile": "13911113333", "send_code": "1"})
    unknown = client.post_page("/auth/login/sms", {"mobile": "13911114444", "send_code": "1"})
    strip = lambda page, m: page.select_one(".alert").get_text().replace(m, "M")  # noqa: E731
    assert strip(known, "13911113333") == strip(unknown, "13911114444")
    assert app.extensions["sms_outbox"] == []


def test_a_wrong_code_and_a_deactivated_account_are_refused(app, client, create_firm_user):
    _verified(create_firm_user, app)
    client.post("/auth/login/sms", data={"mobile": MOBILE, "send_code": "1"}, expect=200)
    code = sms_code(app, MOBILE)
    wrong = client.post_page("/auth/login/sms", {"mobile": MOBILE, "code": f"{(int(code) + 1) % 10**6:06d}"})
    assert error_texts(wrong) and client.get("/firm/").status_code == 302
    with app.app_context():
        db.session.scalar(select(User).where(User.mobile == MOBILE)).active = False
        db.session.commit()
    refused = client.post_page("/auth/login/sms", {"mobile": MOBILE, "code": code})
    assert error_texts(refused) and client.get("/firm/").status_code == 302


def test_code_attempts_are_limited_per_number(app, client, create_firm_user, monkeypatch):
    monkeypatch.setitem(app.config, "SMS_SIGN_IN_RATE_LIMIT", "3 per 15 minutes")
    _verified(create_firm_user, app)
    statuses = [
        client.post(
            "/auth/login/sms", data={"mobile": MOBILE, "code": "000000"}, environ_base={"REMOTE_ADDR": ip}
        ).status_code
        for ip in ("192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4")
    ]
    assert statuses == [200, 200, 200, 429]


def test_codes_are_limited_per_address_and_per_number_across_forms(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "SMS_CODE_IP_RATE_LIMIT", "2 per hour")
    assert [_send(client, f"1391111000{n}").status_code for n in range(3)] == [200, 200, 429]
    # another address still may; then the number's own allowance runs out, whichever form asks
    monkeypatch.setitem(app.config, "SMS_CODE_NUMBER_RATE_LIMIT", "2 per hour")
    assert _send(client, "13911119999", ip="192.0.2.7").status_code == 200
    other = client.post(
        "/auth/register",
        data=dict(REGISTRATION, mobile="13911119999", send_code="1"),
        environ_base={"REMOTE_ADDR": "192.0.2.8"},
    )
    assert other.status_code == 200
    assert _send(client, "13911119999", ip="192.0.2.9").status_code == 429


def test_registration_needs_the_code_texted_to_the_number(app, client):
    missing = client.post_page("/auth/register", REGISTRATION)
    assert missing.select_one("#sms_code.is-invalid") is not None
    # "Send code" keeps what was typed (passwords excepted) and texts the number
    sent = client.post_page("/auth/register", dict(REGISTRATION, send_code="1"))
    assert sent.select_one("input[name=firm_name]")["value"] == REGISTRATION["firm_name"]
    code = sms_code(app, REGISTRATION["mobile"])
    wrong = client.post_page("/auth/register", dict(REGISTRATION, sms_code=f"{(int(code) + 1) % 10**6:06d}"))
    assert any("不正确" in e for e in error_texts(wrong))
    with app.app_context():
        assert db.session.scalar(select(User)) is None
    client.post("/auth/register", data=dict(REGISTRATION, sms_code=code), expect=200)
    with app.app_context():
        user = db.session.scalar(select(User))
        assert user.mobile == REGISTRATION["mobile"] and user.mobile_verified_at is not None


def test_the_password_sign_in_page_offers_the_sms_code(client):
    page = client.get_page("/auth/login")
    assert page.select_one("a[href^='/auth/login/sms']") is not None
