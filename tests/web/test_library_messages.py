"""Messages that come from libraries (Flask-Login, WTForms, Flask-Limiter, Flask-WTF) reach a Chinese
visitor in Chinese, through the catalog."""

from __future__ import annotations

import re

import pytest

from portal import create_app
from tests.fixtures.accounts import PASSWORD


def test_flask_login_asks_to_sign_in_in_chinese(client):
    page = client.get("/firm/", follow_redirects=True).get_data(as_text=True)
    assert "请登录后继续" in page and "Please sign in" not in page


def test_flask_login_message_in_english_for_english_visitors(client):
    page = client.get("/firm/?lang=en", follow_redirects=True).get_data(as_text=True)
    assert "Please sign in to continue." in page


def test_wtforms_built_in_validators_speak_chinese(client):
    page = client.post("/auth/register", data={"firm_name": "x", "email": "a" * 250 + "@x.cn"}).get_data(as_text=True)
    errors = " ".join(re.findall(r"invalid-feedback[^>]*>([^<]+)<", page))
    assert "字段长度" in errors and "Field must be" not in errors and "Field cannot" not in errors


def test_wtforms_datetime_field_error_in_chinese(client, editor, make_item):
    item = make_item("notice", slug="bad-time")
    client.login(editor.email, PASSWORD)
    page = client.post(
        f"/staff/content/{item.id}/edit",
        data={"slug": "bad-time", "title_zh": "标题", "body_zh": "正文", "publish_at": "明天"},
    ).get_data(as_text=True)
    assert "Not a valid datetime value" not in page and "请输入日期和时间" in page


def test_too_many_requests_page_in_chinese(client, firm_user):
    for _ in range(12):
        response = client.post("/auth/login", data={"email": firm_user.email, "password": "bad-Password-1"})
    assert response.status_code == 429
    page = response.get_data(as_text=True)
    assert "操作过于频繁" in page and "Too many" not in page


@pytest.fixture
def csrf_app(test_config, app):
    return create_app({**test_config, "WTF_CSRF_ENABLED": True})


def test_csrf_error_page_in_chinese(csrf_app):
    response = csrf_app.test_client().post("/auth/login", data={"email": "a@example.cn", "password": "x"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "表单已过期" in page and "CSRF" not in page
