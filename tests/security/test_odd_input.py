"""Odd input never reaches the database raw and never ends in a 500 (on SQLite and PostgreSQL)."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from portal.accounts.models import User
from portal.extensions import db
from portal.firms.models import FirmIpProfile
from tests.fixtures.accounts import PASSWORD
from tests.security.test_downloads import HOSTILE_PDF
from tests.web.firm.test_profiles import GOOD


def _login(app, user):
    client = app.test_client()
    assert client.post("/auth/login", data={"email": user.email, "password": PASSWORD}).status_code == 302
    return client


def _file():
    return (io.BytesIO(HOSTILE_PDF), "field.pdf")


@pytest.mark.parametrize(
    ("url", "fields"),
    [
        ("/auth/login", ["email", "password"]),
        ("/auth/forgot-password", ["email"]),
        ("/auth/register", ["firm_name", "credit_code", "contact_name", "mobile", "email", "password", "confirm"]),
    ],
)
def test_a_text_field_sent_as_a_file_is_refused_cleanly(app, url, fields):
    for field in fields:
        data = {name: "x" for name in fields} | {field: _file()}
        response = app.test_client().post(url, data=data, content_type="multipart/form-data")
        assert response.status_code == 200, (url, field)


def test_objection_text_fields_sent_as_files(app, objection_case):
    for field in ("name", "contact", "reason"):
        data = {"name": "李四", "contact": "13800001111", "reason": "理由" * 10, field: _file()}
        response = app.test_client().post(
            f"/publicity/{objection_case}/objection", data=data, content_type="multipart/form-data"
        )
        assert response.status_code == 200, field


def test_nul_bytes_in_paths_and_queries(app, supervisor, create_staff):
    anonymous = app.test_client()
    assert anonymous.get("/guidance/%00").status_code in (200, 404)
    assert anonymous.get("/guidance/a%00b").status_code == 404
    assert anonymous.get("/search?q=%00").status_code == 200
    staff = _login(app, supervisor)
    for url in ("/staff/queue?q=%00", "/staff/queue/export.csv?q=a%00b", "/staff/queue/export.xlsx?status=%00"):
        assert staff.get(url).status_code == 200, url
    admin = _login(app, create_staff("admin"))
    assert admin.get("/admin/audit?actor=%00").status_code == 200


@pytest.mark.parametrize("url", ["/downloads/2147483648", "/downloads/99999999999999999999", "/notices/x/2147483648"])
def test_ids_beyond_the_integer_column_are_not_found(app, url):
    assert app.test_client().get(url).status_code == 404


@pytest.mark.parametrize("amount", ["Infinity", "-Infinity", "sNaN", "NaN", "1e12", "1000000000000", "1E+400"])
def test_decimal_fields_take_finite_bounded_amounts(app, firm_user, amount):
    client = _login(app, firm_user)
    response = client.post("/firm/profile", data={**GOOD, "rd_spending": amount})
    assert response.status_code == 200 and "is-invalid" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(select(FirmIpProfile)).all() == []
    assert client.get("/firm/profile").status_code == 200


def test_staff_name_longer_than_its_column_is_a_form_error(app, create_staff):
    admin = _login(app, create_staff("admin"))
    response = admin.post(
        "/admin/users",
        data={"name": "名" * 101, "email": "long-name@example.cn", "role": "reviewer", "password": "Kx8#vR2!pQ7m"},
    )
    assert response.status_code == 200 and "is-invalid" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(User).where(User.email == "long-name@example.cn")) is None


def test_any_over_long_string_is_refused_before_the_database(app, firm_user):
    """The safety net under every form: a value longer than its column is a 400 page, on both engines."""
    from portal.core.db import ValueTooLong, commit

    with app.test_request_context():
        user = db.session.get(User, firm_user.id)
        user.name = "名" * 101
        with pytest.raises(ValueTooLong):
            commit()
    with app.test_request_context():
        assert db.session.get(User, firm_user.id).name != "名" * 101


def test_a_json_login_body_is_not_read(app, firm_user):
    response = app.test_client().post("/auth/login", json={"email": firm_user.email, "password": PASSWORD})
    assert response.status_code == 200  # the form comes back: only form bodies sign in


def test_the_per_account_limit_keys_on_the_normalised_email(app, firm_user):
    app.config["LOGIN_RATE_LIMIT"] = "3 per minute"
    try:
        client = app.test_client()
        spellings = [firm_user.email, firm_user.email.upper(), f" {firm_user.email}\x00", f"\x01{firm_user.email}\t"]
        codes = [
            client.post(
                "/auth/login", data={"email": s, "password": "wrong"}, environ_base={"REMOTE_ADDR": f"10.0.0.{n}"}
            ).status_code
            for n, s in enumerate(spellings)
        ]
    finally:
        app.config["LOGIN_RATE_LIMIT"] = "10 per 15 minutes"
    assert codes == [200, 200, 200, 429]


@pytest.mark.parametrize("password", ["Password12", "qwertyuiop1", "Qwertyuiop!", "1qaz2wsx3edc", "Woaini1314!"])
def test_common_passwords_are_refused_with_the_reason(app, password):
    response = app.test_client().post(
        "/auth/register",
        data={
            "firm_name": "天津红桥常用密码测试有限公司",
            "credit_code": "91120106MA05K12307",
            "contact_name": "王敏",
            "mobile": "13802212345",
            "email": "common@example.cn",
            "password": password,
            "confirm": password,
            "consent": "y",
        },
    )
    assert response.status_code == 200
    assert "最常见" in response.get_data(as_text=True) or "most common" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(User).where(User.email == "common@example.cn")) is None
