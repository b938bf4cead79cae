"""Links in mail come from BASE_URL, never from the Host or X-Forwarded-Host the sender chose."""

from __future__ import annotations

import re

from portal.core.urls import external_url
from tests.helpers import production_app


def _link(outbox) -> str:
    assert len(outbox) == 1
    return re.search(r"https?://\S+", outbox[0].body).group(0)


def test_reset_link_ignores_a_forged_host_header(client, firm_user, outbox, app):
    response = client.post("/auth/forgot-password", data={"email": firm_user.email}, headers={"Host": "evil.example"})
    assert response.status_code == 200
    link = _link(outbox)
    assert link.startswith(app.config["BASE_URL"] + "/auth/reset-password/") and "evil" not in link


def test_production_ignores_x_forwarded_host_and_refuses_unknown_hosts(test_config, firm_user):
    with production_app(test_config, MAIL_BACKEND="memory") as prod:
        prod.extensions["mail_outbox"] = []
        client = prod.test_client()
        response = client.post(
            "/auth/forgot-password",
            data={"email": firm_user.email},
            headers={"X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "https"},
        )
        assert response.status_code == 200
        response.close()  # production delivers mail once the response has been sent
        assert _link(prod.extensions["mail_outbox"]).startswith("https://ip.hongqiao.example.cn/auth/reset-password/")
        # TRUSTED_HOSTS: a request naming another host is refused outright
        assert client.get("/auth/login", headers={"Host": "evil.example"}).status_code == 400
        assert client.get("/auth/login", headers={"Host": "ip.hongqiao.example.cn"}).status_code == 200


def test_external_url_works_outside_a_request(app):
    with app.app_context():
        assert external_url("auth.login") == "http://localhost/auth/login"
        app.config["BASE_URL"] = "https://ip.example.cn/portal/"
        try:
            assert (
                external_url("auth.reset_password", token="t") == "https://ip.example.cn/portal/auth/reset-password/t"
            )
        finally:
            app.config["BASE_URL"] = "http://localhost"


def test_case_notification_links_ignore_a_forged_host_header(client, app, firm_user, reviewer, make_case, outbox):
    from tests.fixtures.accounts import PASSWORD
    from tests.fixtures.cases import get_case

    ref = make_case(firm_user)
    with app.app_context():
        version = get_case(ref).version
    evil = {"Host": "evil.example"}
    login = client.post("/auth/login", data={"email": reviewer.email, "password": PASSWORD}, headers=evil)
    assert login.status_code == 302
    outbox.clear()
    response = client.post(f"/staff/cases/{ref}/actions/accept", data={"version": version}, headers=evil)
    assert response.status_code == 302 and "/staff/cases/" in response.headers["Location"]
    links = [re.search(r"https?://\S+", m.body).group(0) for m in outbox if re.search(r"https?://\S+", m.body)]
    assert links and all(link.startswith(app.config["BASE_URL"] + "/") and "evil" not in link for link in links)
