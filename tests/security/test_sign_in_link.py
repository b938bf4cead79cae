"""The per-account limit is not a lockout tool: the owner signs in with a one-time mailed link."""

from __future__ import annotations

import re

from tests.fixtures.accounts import PASSWORD


def _lock_out(app, email):
    attacker = app.test_client()
    codes = [
        attacker.post(
            "/auth/login", data={"email": email, "password": f"guess-{n}"}, environ_base={"REMOTE_ADDR": f"10.9.0.{n}"}
        ).status_code
        for n in range(11)
    ]
    assert codes[-1] == 429


def test_a_throttled_owner_signs_in_with_a_one_time_link(app, firm_user, outbox):
    _lock_out(app, firm_user.email)
    owner = app.test_client()
    # the password itself is throttled for this account now, from any address
    paused = owner.post("/auth/login", data={"email": firm_user.email, "password": PASSWORD})
    assert paused.status_code == 429 and "/auth/sign-in-link" in paused.get_data(as_text=True)

    assert owner.post("/auth/sign-in-link", data={"email": firm_user.email.upper()}).status_code == 200
    assert len(outbox) == 1 and outbox[0].to == firm_user.email
    link = re.search(r"https?://\S+", outbox[0].body).group(0)
    assert link.startswith(app.config["BASE_URL"] + "/auth/sign-in-link/")
    path = link.removeprefix(app.config["BASE_URL"])

    assert owner.get(path).status_code == 200  # a scanner opening the link does not use it up
    response = owner.post(path)
    assert response.status_code == 302 and response.headers["Location"].endswith("/firm/")
    assert owner.get("/firm/").status_code == 200

    # used once: the same link is refused afterwards, in any browser
    assert app.test_client().post(path).status_code == 400
    assert app.test_client().get(path).status_code == 400


def test_unknown_addresses_get_the_same_answer_and_no_mail(app, outbox):
    response = app.test_client().post("/auth/sign-in-link", data={"email": "nobody@example.cn"})
    assert response.status_code == 200 and outbox == []


def test_link_requests_are_limited_per_account(app, firm_user, outbox):
    client = app.test_client()
    codes = [
        client.post(
            "/auth/sign-in-link", data={"email": firm_user.email}, environ_base={"REMOTE_ADDR": f"10.8.0.{n}"}
        ).status_code
        for n in range(4)
    ]
    assert codes == [200, 200, 200, 429] and len(outbox) == 3


def test_a_tampered_or_foreign_token_is_refused(app, firm_user, create_firm_user, outbox):
    other = create_firm_user()
    app.test_client().post("/auth/sign-in-link", data={"email": other.email})
    token = re.search(r"/auth/sign-in-link/(\S+)", outbox[0].body).group(1)
    client = app.test_client()
    assert client.post(f"/auth/sign-in-link/{token[:-2]}xx").status_code == 400
    assert client.get("/firm/").status_code == 302  # still signed out
