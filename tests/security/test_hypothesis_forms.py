"""Arbitrary input at every public form: never a server error, never a half-written row."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from portal.accounts.models import User
from portal.cases.models import Objection
from portal.extensions import db, limiter
from portal.firms.models import Firm

TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300)
FIELDS = st.fixed_dictionaries(
    {},
    optional={
        name: TEXT
        for name in ("firm_name", "credit_code", "contact_name", "mobile", "email", "password", "confirm", "consent")
    },
)
RELAXED = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)


def _counts(app):
    with app.app_context():
        return (db.session.scalar(select(func.count(User.id))), db.session.scalar(select(func.count(Firm.id))))


@RELAXED
@given(data=FIELDS)
def test_registration_survives_anything(app, data):
    limiter.reset()  # the per-address registration limit is tested in tests/security/test_registration.py
    before = _counts(app)
    response = app.test_client().post("/auth/register", data=data)
    assert response.status_code == 200
    after = _counts(app)
    # either a complete registration (one firm and one user) or nothing at all
    assert after == before or after == (before[0] + 1, before[1] + 1)


@RELAXED
@given(email=TEXT, password=TEXT)
def test_login_and_reset_survive_anything(app, email, password):
    from portal.extensions import limiter

    limiter.reset()
    client = app.test_client()
    assert client.post("/auth/login", data={"email": email, "password": password}).status_code == 200
    assert client.post("/auth/forgot-password", data={"email": email}).status_code == 200


@RELAXED
@given(q=TEXT, page=TEXT)
def test_search_and_listing_survive_anything(app, q, page):
    client = app.test_client()
    assert client.get("/search", query_string={"q": q, "page": page}).status_code == 200
    assert client.get("/notices/", query_string={"page": page}).status_code == 200


@RELAXED
@given(name=TEXT, contact=TEXT, reason=TEXT)
def test_objection_form_survives_anything(app, name, contact, reason, objection_case):
    from portal.extensions import limiter

    limiter.reset()
    response = app.test_client().post(
        f"/publicity/{objection_case}/objection", data={"name": name, "contact": contact, "reason": reason}
    )
    assert response.status_code in (200, 302)
    with app.app_context():
        rows = db.session.scalars(select(Objection)).all()
        assert all(o.name.strip() and o.contact.strip() and len(o.reason.strip()) >= 10 for o in rows)
