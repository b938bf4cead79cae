"""CSRF on every POST route; hostile text shown back escaped everywhere it appears."""

from __future__ import annotations

import re

import pytest

from portal import create_app
from tests.fixtures.accounts import PASSWORD
from tests.fixtures.cases import get_case

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "javascript:alert(1)",
    "{{ 7*7 }}",
]


@pytest.fixture
def csrf_app(test_config, app):
    return create_app({**test_config, "WTF_CSRF_ENABLED": True})


def test_every_post_route_refuses_a_missing_token(csrf_app):
    posts = [r for r in csrf_app.url_map.iter_rules() if "POST" in r.methods]
    assert len(posts) > 40
    client = csrf_app.test_client()
    for rule in posts:
        url = re.sub(r"<(?:int:)?(\w+)>", lambda m: "1" if "int" in m.group(0) else "x", rule.rule)
        response = client.post(url, data={"email": "a@example.cn"})
        assert response.status_code == 400, rule.rule
        assert "表单已过期" in response.get_data(as_text=True)


def test_a_valid_token_passes(csrf_app, firm_user):
    client = csrf_app.test_client()
    page = client.get("/auth/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page) or re.search(
        r'name="csrf_token" value="([^"]+)"', page
    )
    response = client.post(
        "/auth/login", data={"csrf_token": token.group(1), "email": firm_user.email, "password": PASSWORD}
    )
    assert response.status_code == 302


def _assert_escaped(html: str, payload: str):
    assert payload not in html or payload in ("javascript:alert(1)", "{{ 7*7 }}")
    assert "<script>alert(1)" not in html and "onerror=alert(1)>" not in html and "<svg onload" not in html


@pytest.mark.parametrize("payload", PAYLOADS)
def test_firm_name_and_case_text_are_escaped(client, app, create_firm_user, supervisor, make_case, payload):
    firm = create_firm_user(firm_name=payload)
    ref = make_case(firm, kind="consultation")
    from portal.core.db import commit
    from portal.extensions import db

    with app.app_context():
        case = get_case(ref)
        case.data = {"question": {**case.data["question"], "question": payload * 3}}
        case.title = payload
        db.session.add(case)
        commit()
    client.login(firm.email, PASSWORD)
    client.post(f"/firm/applications/{ref}/messages", data={"body": payload}, expect=302)
    for url in ("/firm/", f"/firm/applications/{ref}"):
        _assert_escaped(client.get(url).get_data(as_text=True), payload)
    client.logout()
    client.login(supervisor.email, PASSWORD)
    client.post(f"/staff/cases/{ref}/notes", data={"body": payload}, expect=302)
    for url in ("/staff/queue", f"/staff/cases/{ref}", "/staff/firms", f"/staff/firms/{firm.firm_id}"):
        html = client.get(url).get_data(as_text=True)
        _assert_escaped(html, payload)
    if payload.startswith("{{"):
        assert "{{ 7*7 }}" in client.get(f"/staff/cases/{ref}").get_data(as_text=True)  # shown, never evaluated


@pytest.mark.parametrize("payload", PAYLOADS[:3])
def test_registration_echo_is_escaped(client, payload):
    response = client.post(
        "/auth/register", data={"firm_name": payload, "credit_code": payload, "contact_name": payload, "email": "x"}
    )
    _assert_escaped(response.get_data(as_text=True), payload)


def test_search_query_is_escaped(client):
    html = client.get("/search?q=<script>alert(1)</script>").get_data(as_text=True)
    _assert_escaped(html, "<script>alert(1)</script>")
