"""The demo training linked from the overseas-filing notice, and the reminders command."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from portal.core.db import commit, utcnow
from portal.events.models import Event
from portal.extensions import db


def test_seed_demo_adds_one_upcoming_training_linked_from_the_notice(app, client):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    with app.app_context():
        assert db.session.scalar(select(func.count(Event.id))) == 1
        event = db.session.scalar(select(Event))
        assert event.signup_open() and event.capacity > 0 and event.gives_certificate
    page = client.get_page("/notices/overseas-filing-training-2026")
    assert page.find(id="event-sign-up").find("a")["href"].startswith(f"/events/{event.id}")
    assert app.extensions.get("sms_outbox", []) == []


def test_send_event_reminders_command(app, make_event, make_registration, create_firm_user, outbox):
    firm = create_firm_user()
    now = utcnow()
    event = make_event(
        starts_at=now + timedelta(hours=30),
        ends_at=now + timedelta(hours=32),
        signup_closes_at=now + timedelta(hours=20),
    )
    make_registration(event, firm.id)
    with app.app_context():
        # the reminder goes out on the Shanghai day before the event
        ev = db.session.get(Event, event)
        day_before = ev.starts_at + timedelta(hours=8) - timedelta(days=1)
        if day_before.date() != (now + timedelta(hours=8)).date():
            ev.starts_at = now + timedelta(days=1)
            ev.ends_at = ev.starts_at + timedelta(hours=2)
            commit()
    result = app.test_cli_runner().invoke(args=["send-event-reminders"])
    assert result.exit_code == 0, result.output
    assert "reminded 1 registrations" in result.output
    assert [m.to for m in outbox] == [firm.email]
    again = app.test_cli_runner().invoke(args=["send-event-reminders"])
    assert "reminded 0 registrations" in again.output
