"""The last seat goes to one person: parallel sign-ups for a small event fill it exactly."""

from __future__ import annotations

from sqlalchemy import func, select

from portal.events.models import Registration
from portal.extensions import db
from tests.concurrency.test_parallel import _parallel
from tests.fixtures.accounts import PASSWORD


def test_parallel_sign_ups_fill_the_seats_exactly(app, create_firm_user, make_event):
    with app.app_context():
        count = 50 if db.engine.dialect.name == "postgresql" else 12
    seats = 10 if count == 50 else 4
    event = make_event(capacity=seats)
    clients = []
    for i in range(count):
        user = create_firm_user()
        client = app.test_client()
        client.environ_base["REMOTE_ADDR"] = f"127.0.2.{i + 1}"
        assert client.post("/auth/login", data={"email": user.email, "password": PASSWORD}).status_code == 302
        clients.append(client)
    statuses = _parallel(
        count, lambda i: clients[i].post(f"/firm/events/{event}/sign-up", data={"attendees": f"参会人{i}"}).status_code
    )
    assert statuses == [302] * count
    with app.app_context():
        by_status = dict(
            db.session.execute(
                select(Registration.status, func.count(Registration.id))
                .where(Registration.event_id == event)
                .group_by(Registration.status)
            ).all()
        )
    assert by_status == {"confirmed": seats, "waiting": count - seats}
