"""Mail never inside a request: it is written to the outbox with the commit and delivered by a task,
after the response without a broker, by a Celery worker with one; nothing is lost when the broker is down."""

from __future__ import annotations

import smtplib
import threading
import time

import pytest
from sqlalchemy import select

from portal import create_app
from portal.core import mail
from portal.core import outbox as mail_outbox
from portal.core.db import commit, rollback
from portal.core.outbox import OutgoingMail
from portal.extensions import db
from tests.helpers import ops_redis_url

SLOW_RELAY_SECONDS = 5  # well above a request on a loaded CI machine


@pytest.fixture
def after_response_app(test_config, app):
    yield create_app({**test_config, "TASKS_AFTER_RESPONSE": True})
    create_app(test_config)


class HeldMessages(list):
    """What the slow relay was given; it holds each message until ``release`` is set."""

    def __init__(self):
        super().__init__()
        self.release = threading.Event()


@pytest.fixture
def slow_relay(monkeypatch):
    """A relay that takes SLOW_RELAY_SECONDS per message, or less once the test has seen what it
    measures and sets ``release`` (a request that waited on it would still have taken the seconds)."""
    sent = HeldMessages()
    real = mail.send_now

    def slow(message, message_id=None):
        sent.release.wait(SLOW_RELAY_SECONDS)
        sent.append(message)
        real(message, message_id)

    monkeypatch.setattr(mail, "send_now", slow)
    return sent


def _timed_reset(client, email):
    started = time.monotonic()
    response = client.post("/auth/forgot-password", data={"email": email})
    return response, time.monotonic() - started


def test_reset_request_never_waits_on_the_relay_and_takes_the_same_time_for_unknown_accounts(
    after_response_app, firm_user, slow_relay
):
    client = after_response_app.test_client()
    known, known_seconds = _timed_reset(client, firm_user.email)
    unknown, unknown_seconds = _timed_reset(client, "nobody-here@example.cn")
    assert known.status_code == unknown.status_code == 200
    assert known.data.replace(firm_user.email.encode(), b"") == unknown.data.replace(b"nobody-here@example.cn", b"")
    # the response went out before the relay was even asked
    assert slow_relay == []
    assert known_seconds < SLOW_RELAY_SECONDS and unknown_seconds < SLOW_RELAY_SECONDS
    assert abs(known_seconds - unknown_seconds) < SLOW_RELAY_SECONDS / 2
    slow_relay.release.set()  # measured: the relay need not make the test wait any longer
    known.close()  # the server has sent the last byte: now the mail goes
    unknown.close()
    assert [m.to for m in slow_relay] == [firm_user.email]
    assert [m.to for m in after_response_app.extensions["mail_outbox"]] == [firm_user.email]
    with after_response_app.app_context():
        row = db.session.scalars(select(OutgoingMail)).one()
        assert row.sent_at is not None and row.body == ""  # the reset link is not kept once delivered


def test_smtp_timeout_is_short_by_default_and_configurable(test_config, app, monkeypatch):
    seen = []

    class Relay:
        def __init__(self, host, port, timeout):
            seen.append(timeout)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def send_message(self, message):
            pass

    monkeypatch.setattr(smtplib, "SMTP", Relay)
    assert 0 < app.config["MAIL_SMTP_TIMEOUT"] <= 10
    smtp_app = create_app({**test_config, "MAIL_BACKEND": "smtp", "MAIL_SMTP_TIMEOUT": 1.5})
    with smtp_app.app_context():
        mail.send_now(mail.Mail("a@example.cn", "s", "b"))
    assert seen == [1.5]
    create_app(test_config)


def test_a_failing_relay_keeps_the_mail_and_records_the_attempt(app, outbox, monkeypatch, caplog):
    def down(message, message_id=None):
        raise smtplib.SMTPServerDisconnected("relay went away")

    with app.test_request_context():
        from flask import g

        g.request_id = "req-42"
        mail.queue_mail("a@example.cn", "Subject", "Body")
        monkeypatch.setattr(mail, "send_now", down)
        commit()  # the decision stands although the relay is down
        monkeypatch.undo()
        row = db.session.scalars(select(OutgoingMail)).one()
        assert row.sent_at is None and row.attempts == 1 and "relay went away" in row.last_error
        assert row.body == "Body" and row.request_id == "req-42"
        assert "req-42" in caplog.text  # the failure names the request that queued the mail
        assert outbox == []
        assert mail_outbox.deliver_pending(older_than_seconds=0) == 1
        assert [m.subject for m in outbox] == ["Subject"]


def test_rolled_back_decisions_send_nothing_and_a_mail_is_delivered_once(app, outbox):
    with app.app_context():
        mail.queue_mail("a@example.cn", "Undone", "Body")
        rollback()
        commit()
        assert db.session.scalars(select(OutgoingMail)).all() == [] and outbox == []
        mail.queue_mail("b@example.cn", "Kept", "Body")
        commit()
        row_id = db.session.scalars(select(OutgoingMail.id)).one()
        # the task delivered again (a worker killed after sending, acks_late): no second mail
        assert len(outbox) == 1 and mail_outbox.deliver(row_id) is False
        assert [m.subject for m in outbox] == ["Kept"]


def test_broker_down_requests_succeed_and_mail_waits_in_the_database(test_config, app, firm_user, caplog):
    down = create_app({**test_config, "TASKS_AFTER_RESPONSE": True, "CELERY_BROKER_URL": "redis://127.0.0.1:1/0"})
    try:
        down.extensions["mail_outbox"] = []
        started = time.monotonic()
        response = down.test_client().post("/auth/forgot-password", data={"email": firm_user.email})
        assert response.status_code == 200 and time.monotonic() - started < 2
        response.close()
        assert "stays in the outbox" in caplog.text
        assert down.extensions["mail_outbox"] == []
        with down.app_context():
            pending = db.session.scalars(select(OutgoingMail).where(OutgoingMail.sent_at.is_(None))).all()
            assert [r.recipient for r in pending] == [firm_user.email]
            # the broker is back: beat's sweep (portal.deliver_pending_mail) sends it, once
            assert mail_outbox.deliver_pending(older_than_seconds=0) == 1
            assert mail_outbox.deliver_pending(older_than_seconds=0) == 0
        assert [m.to for m in down.extensions["mail_outbox"]] == [firm_user.email]
    finally:
        create_app(test_config)


def test_healthz_reports_broker_cache_and_store_each_within_its_timeout(test_config, app):
    down = create_app(
        {
            **test_config,
            "CELERY_BROKER_URL": "redis://127.0.0.1:1/0",
            "CACHE_REDIS_URL": "redis://127.0.0.1:1/0",
            "HEALTHZ_SERVICE_TIMEOUT_MS": 1500,
        }
    )
    try:
        started = time.monotonic()
        response = down.test_client().get("/healthz")
        assert time.monotonic() - started < 5
        assert response.status_code == 200  # the database answers: the server keeps serving
        assert response.get_json() == {
            "status": "degraded",
            "db": "ok",
            "broker": "error",
            "cache": "error",
            "store": "ok",
        }
        up = create_app(
            {
                **test_config,
                "CELERY_BROKER_URL": ops_redis_url(),
                "CACHE_REDIS_URL": ops_redis_url(),
            }
        )
        assert up.test_client().get("/healthz").get_json() == {
            "status": "ok",
            "db": "ok",
            "broker": "ok",
            "cache": "ok",
            "store": "ok",
        }
    finally:
        create_app(test_config)


def test_compose_runs_a_worker_and_exactly_one_beat_on_the_shared_broker():
    from pathlib import Path

    import yaml

    import portal

    services = yaml.safe_load((Path(portal.__file__).parent / "deploy" / "compose.yaml").read_text())["services"]
    assert services["worker"]["command"][:4] == ["celery", "-A", "portal.worker", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "portal.worker", "beat"]
    broker = services["portal"]["environment"]["PORTAL_CELERY_BROKER_URL"]
    assert services["worker"]["environment"]["PORTAL_CELERY_BROKER_URL"] == broker
    assert services["beat"]["environment"]["PORTAL_CELERY_BROKER_URL"] == broker


def test_beat_schedules_the_digest_reminders_and_outbox_sweep(app):
    schedule = app.extensions["celery"].conf.beat_schedule
    assert {entry["task"] for entry in schedule.values()} == {
        "portal.overdue_digest",
        "portal.reply_reminders",
        "portal.event_reminders",
        "portal.deliver_pending_mail",
        "portal.purge_exports",  # prepared export files whose time is up
    }
