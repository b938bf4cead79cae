"""Two gunicorn app servers on different ports and one Celery worker share the database, Redis (cache,
login limits, broker) and an S3 endpoint (moto's server mode): what a district runs behind a load balancer."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import requests

from portal import create_app
from portal.core.db import commit
from portal.extensions import db
from portal.guidance.models import ContentItem
from tests.fixtures.accounts import PASSWORD
from tests.fixtures.cases import PDF
from tests.ops.test_celery_worker import FakeRelay, _wait
from tests.ops.test_object_store import BUCKET, _free_port, s3_endpoint  # noqa: F401  (fixture)

pytestmark = pytest.mark.usefixtures("open_calls")

ROOT = Path(__file__).resolve().parents[2]
REDIS = "redis://127.0.0.1:6379/0"


@pytest.fixture
def relay():
    server = FakeRelay()
    yield server
    server.close()


@pytest.fixture
def shared(test_config, s3_endpoint, relay):  # noqa: F811
    run = uuid.uuid4().hex[:8]
    return {
        "SQLALCHEMY_DATABASE_URI": test_config["SQLALCHEMY_DATABASE_URI"],
        "SECRET_KEY": test_config["SECRET_KEY"],
        "BASE_URL": "http://127.0.0.1",
        "UPLOAD_S3_BUCKET": BUCKET,
        "UPLOAD_S3_ENDPOINT": s3_endpoint,
        "UPLOAD_S3_REGION": "us-east-1",
        "UPLOAD_S3_ACCESS_KEY": "testing",
        "UPLOAD_S3_SECRET_KEY": "testing",
        "UPLOAD_S3_PREFIX": f"two-{run}/",
        "CACHE_REDIS_URL": REDIS,
        "CACHE_KEY_PREFIX": f"two-{run}:",
        "PAGE_CACHE_SECONDS": 600,
        "RATELIMIT_STORAGE_URI": REDIS,
        "RATELIMIT_KEY_PREFIX": f"two-{run}",
        "LOGIN_RATE_LIMIT": "3 per 15 minutes",
        "CELERY_BROKER_URL": REDIS,
        "CELERY_QUEUE": f"two-{run}",
        "MAIL_BACKEND": "smtp",
        "MAIL_SMTP_HOST": "127.0.0.1",
        "MAIL_SMTP_PORT": relay.port,
    }


@pytest.fixture
def stack(shared, tmp_path):
    """Server A, server B and a worker, each its own process."""
    env = {**os.environ, "PORTAL_ENV": "development", **{f"PORTAL_{k}": str(v) for k, v in shared.items()}}
    processes = []

    def start(args, name):
        log = open(tmp_path / f"{name}.log", "wb")
        processes.append(subprocess.Popen(args, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT))

    ports = [_free_port(), _free_port()]
    for name, port in zip("ab", ports, strict=True):
        start(
            [sys.executable, "-m", "gunicorn", "-b", f"127.0.0.1:{port}", "-w", "1", "--timeout", "120",
             "--control-socket", str(tmp_path / f"{name}.ctl"), "wsgi:app"],
            name,
        )  # fmt: skip
    start(
        [sys.executable, "-m", "celery", "-A", "portal.worker", "worker", "--pool", "solo", "-Q",
         shared["CELERY_QUEUE"], "--without-gossip", "--without-mingle", "--without-heartbeat"],
        "worker",
    )  # fmt: skip
    for port in ports:

        def up(port=port):
            # the socket listens before the app is imported: wait for an answer from the app itself
            try:
                return requests.get(f"http://127.0.0.1:{port}/healthz", timeout=30).status_code == 200
            except requests.RequestException:
                return False

        assert _wait(up, seconds=120), (tmp_path / "a.log").read_text(errors="replace")[-2000:]
    yield [f"http://127.0.0.1:{port}" for port in ports]
    for process in processes:
        process.kill()
        process.wait(10)


def _csrf(session, url) -> str:
    page = session.get(url, timeout=20)
    assert page.status_code == 200, (url, page.status_code)
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.text).group(1)


def _login(session, server, email, password):
    token = _csrf(session, f"{server}/auth/login")
    return session.post(
        f"{server}/auth/login",
        data={"csrf_token": token, "email": email, "password": password},
        allow_redirects=False,
        timeout=20,
    )


def test_two_servers_share_files_pages_limits_and_mail(stack, shared, test_config, firm_user, make_item, relay):
    a, b = stack
    # a file uploaded through A downloads through B
    browser = requests.Session()
    assert _login(browser, a, firm_user.email, PASSWORD).status_code == 302
    token = _csrf(browser, f"{a}/firm/applications/new/rights-protection")
    started = browser.post(
        f"{a}/firm/applications/new/rights-protection", data={"csrf_token": token}, allow_redirects=False, timeout=20
    )
    key = started.headers["Location"].rsplit("/", 1)[-1]
    token = _csrf(browser, f"{a}/firm/applications/{key}/materials")
    data = PDF + b" uploaded through A"
    uploaded = browser.post(
        f"{a}/firm/applications/{key}/materials",
        data={"csrf_token": token, "material": "evidence"},
        files={"file": ("证据.pdf", data, "application/pdf")},
        allow_redirects=False,
        timeout=20,
    )
    assert uploaded.status_code == 302
    materials = browser.get(f"{b}/firm/applications/{key}/materials", timeout=20).text
    link = re.search(r'href="(/firm/applications/[^"]+/files/\d+)"', materials).group(1)
    assert browser.get(f"{b}{link}", timeout=20).content == data

    # a guidance edit is served fresh by B on the next request
    item = make_item("article")
    assert requests.get(f"{b}/guidance/{item.slug}", timeout=20).status_code == 200  # now cached on B's side
    assert requests.get(f"{a}/guidance/{item.slug}", timeout=20).status_code == 200
    editor_side = create_app({**test_config, **shared})
    with editor_side.app_context():
        db.session.get(ContentItem, item.id).status = "draft"
        commit()
    assert requests.get(f"{b}/guidance/{item.slug}", timeout=20).status_code == 404
    create_app(test_config)

    # the per-account login limit counts across both servers
    guesser = requests.Session()
    codes = [_login(guesser, server, "target@example.cn", "wrong").status_code for server in (a, b, a, b)]
    assert codes == [200, 200, 200, 429]

    # a reset mail queued on A is delivered by the worker
    token = _csrf(guesser, f"{a}/auth/forgot-password")
    sent = guesser.post(f"{a}/auth/forgot-password", data={"csrf_token": token, "email": firm_user.email}, timeout=20)
    assert sent.status_code == 200
    assert _wait(lambda: relay.messages, seconds=60), "the worker did not deliver the reset mail"
    assert firm_user.email.encode() in relay.messages[0]
