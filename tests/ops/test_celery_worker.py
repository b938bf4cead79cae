"""A real Celery worker on the Redis broker: mail queued by a request is delivered by the worker, and a
worker killed while delivering leaves the mail to its successor, which sends it exactly once."""

from __future__ import annotations

import email
import email.policy
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
import redis
from sqlalchemy import select

from portal import create_app
from portal.core.outbox import OutgoingMail
from portal.extensions import db
from tests.helpers import ops_redis_url

BROKER = ops_redis_url()


class FakeRelay:
    """A minimal SMTP server on a free port. While ``stall`` is set it accepts and never greets."""

    def __init__(self):
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.messages: list[bytes] = []
        self.stall = threading.Event()
        self.stalled = threading.Event()
        self._held: list[socket.socket] = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            if self.stall.is_set():
                self._held.append(conn)
                self.stalled.set()
                continue
            threading.Thread(target=self._session, args=(conn,), daemon=True).start()

    def _session(self, conn):
        reader = conn.makefile("rb")

        def say(line):
            conn.sendall(line.encode() + b"\r\n")

        say("220 relay")
        data = None
        for raw in reader:
            line = raw.decode().strip()
            verb = line.split(" ")[0].upper()
            if data is not None:
                if line == ".":
                    self.messages.append(b"".join(data))
                    data = None
                    say("250 queued")
                else:
                    data.append(raw)
            elif verb in ("EHLO", "HELO"):
                say("250 relay")
            elif verb == "DATA":
                data = []
                say("354 go ahead")
            elif verb == "QUIT":
                say("221 bye")
                break
            else:
                say("250 ok")
        conn.close()

    def close(self):
        self.server.close()
        for conn in self._held:
            conn.close()


@pytest.fixture
def relay():
    server = FakeRelay()
    yield server
    server.close()


@pytest.fixture
def broker_settings(test_config, relay):
    return {
        "CELERY_BROKER_URL": BROKER,
        "CELERY_QUEUE": f"portal-test-{uuid.uuid4().hex[:10]}",
        "CELERY_VISIBILITY_TIMEOUT": 3,
        "MAIL_BACKEND": "smtp",
        "MAIL_SMTP_HOST": "127.0.0.1",
        "MAIL_SMTP_PORT": relay.port,
        "MAIL_SMTP_TIMEOUT": 60,  # whole seconds, as the setting is typed
    }


@pytest.fixture
def start_worker(test_config, broker_settings, tmp_path):
    started: list[subprocess.Popen] = []
    env = {
        **os.environ,
        "PORTAL_ENV": "development",
        "PORTAL_SQLALCHEMY_DATABASE_URI": test_config["SQLALCHEMY_DATABASE_URI"],
        "PORTAL_SECRET_KEY": test_config["SECRET_KEY"],
        "PORTAL_UPLOAD_FOLDER": test_config["UPLOAD_FOLDER"],
        **{f"PORTAL_{k}": str(v) for k, v in broker_settings.items()},
    }

    def start() -> subprocess.Popen:
        log = open(tmp_path / f"worker-{len(started)}.log", "wb")
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "portal.worker", "worker", "--pool", "solo", "--loglevel", "INFO",
             "-Q", broker_settings["CELERY_QUEUE"], "--without-gossip", "--without-mingle", "--without-heartbeat"],
            env=env, stdout=log, stderr=subprocess.STDOUT, cwd=str(Path(__file__).resolve().parents[2]),
        )  # fmt: skip
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
        process.wait(10)


def _wait(condition, seconds=45):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


@pytest.fixture
def web(test_config, app, broker_settings):
    server = create_app({**test_config, **broker_settings, "TASKS_AFTER_RESPONSE": True})
    yield server
    create_app(test_config)


def _request_reset(web, email):
    response = web.test_client().post("/auth/forgot-password", data={"email": email})
    assert response.status_code == 200
    response.close()  # the response has gone out: now the task is handed to the broker


def _broker_holds_a_task_of(queue: str) -> bool:
    """Whether the broker could still hand out a task of ``queue``: one waiting in the queue, or one
    delivered but not yet acknowledged (kombu's Redis transport keeps those in its "unacked" hash and
    hands them out again after the visibility timeout; tasks are acknowledged after they ran)."""
    client = redis.Redis.from_url(BROKER)
    try:
        # the queue's list, and one list per priority (``<queue>\x06\x16<n>``)
        if any(client.llen(key) for key in client.scan_iter(match=f"{queue}*")):
            return True
        return any(json.loads(entry)[2] == queue for entry in client.hvals("unacked"))
    finally:
        client.close()


def _sent(web) -> list:
    with web.app_context():
        return db.session.scalars(select(OutgoingMail.sent_at)).all()


def test_a_reset_mail_queued_by_the_web_app_is_delivered_by_the_worker(web, start_worker, relay, firm_user):
    start_worker()
    _request_reset(web, firm_user.email)
    assert _wait(lambda: relay.messages), "the worker did not deliver the mail"
    message = email.message_from_bytes(relay.messages[0], policy=email.policy.default)
    assert message["To"] == firm_user.email and "/auth/reset-password/" in message.get_content()
    assert _wait(lambda: all(_sent(web)))


def test_a_worker_killed_mid_delivery_leaves_the_mail_to_the_next_which_sends_it_once(
    web, start_worker, relay, firm_user
):
    relay.stall.set()  # the relay accepts and stalls: the worker is inside the task
    first = start_worker()
    _request_reset(web, firm_user.email)
    assert relay.stalled.wait(45), "the worker never started the delivery"
    first.send_signal(signal.SIGKILL)
    first.wait(10)
    relay.stall.clear()
    start_worker()
    assert _wait(lambda: relay.messages, seconds=60), "the mail of the killed worker was lost"
    # once the broker holds no copy of the task, none can come again: a second delivery would have
    # happened by now (the worker acknowledges a task only after it ran)
    assert _wait(lambda: not _broker_holds_a_task_of(web.config["CELERY_QUEUE"]), seconds=60)
    assert len(relay.messages) == 1
    assert _sent(web) and all(_sent(web))
