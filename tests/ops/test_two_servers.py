"""Two gunicorn app servers on different ports and one Celery worker share the database, Redis (cache,
login limits, broker) and an S3 endpoint (moto's server mode): what a district runs behind a load balancer."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import requests

from tests.fixtures.accounts import PASSWORD
from tests.fixtures.cases import PDF
from tests.helpers import ops_redis_url
from tests.ops.test_celery_worker import FakeRelay, _wait
from tests.ops.test_object_store import BUCKET, _free_port, s3_endpoint  # noqa: F401  (fixture)

pytestmark = pytest.mark.usefixtures("open_calls")

ROOT = Path(__file__).resolve().parents[2]
REDIS = ops_redis_url()


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
        "EXPORT_ASYNC_ROWS": 0,  # every export is prepared by the worker here
    }


@pytest.fixture
def stack(shared, tmp_path):
    """Server A, server B and a worker, each its own process."""
    env = {**os.environ, "PORTAL_ENV": "development", **{f"PORTAL_{k}": str(v) for k, v in shared.items()}}
    processes = []

    def start(args, name):
        log = open(tmp_path / f"{name}.log", "wb")
        # a session of its own: the whole group (gunicorn's master and its worker) ends with the test
        processes.append(
            subprocess.Popen(args, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        )

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
        # killing gunicorn's master alone left its worker running, orphaned, after the suite
        os.killpg(process.pid, signal.SIGKILL)
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


def _xlsx_text(body: bytes) -> bytes:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(body)) as book:
        return b"".join(book.read(name) for name in book.namelist() if name.endswith(".xml"))


def _form_fields(session, url, selector: str) -> dict:
    """Every field of the form ``selector`` as a browser would send it unchanged."""
    from bs4 import BeautifulSoup

    page = session.get(url, timeout=20)
    assert page.status_code == 200, (url, page.status_code)
    form = BeautifulSoup(page.text, "html.parser").select_one(selector)
    data: dict = {}
    for field in form.select("input[name], textarea[name], select[name]"):
        name = field["name"]
        if field.name == "textarea":
            data[name] = field.get_text()
        elif field.name == "select":
            chosen = field.select("option[selected]") or field.select("option")[:1]
            data[name] = [o.get("value", o.get_text()) for o in chosen] if field.has_attr("multiple") else (
                chosen[0].get("value", chosen[0].get_text()) if chosen else "")  # fmt: skip
        elif field.get("type") in ("checkbox", "radio"):
            if field.has_attr("checked"):
                data[name] = field.get("value", "y")
        elif field.get("type") not in ("submit", "button", "file"):
            data[name] = field.get("value", "")
    return data


def test_two_servers_share_files_pages_limits_and_mail(stack, firm_user, create_staff, make_case, make_item, relay):
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

    # a guidance edit saved through A's staff editor is served fresh by B on the next request
    item = make_item("article")
    before = requests.get(f"{b}/guidance/{item.slug}", timeout=20)  # now cached for B's visitors
    assert before.status_code == 200 and "两台服务器之后的新标题" not in before.text
    assert requests.get(f"{b}/guidance/{item.slug}", timeout=20).text == before.text
    editor = create_staff("editor")
    desk = requests.Session()
    assert _login(desk, a, editor.email, PASSWORD).status_code == 302
    form = _form_fields(desk, f"{a}/staff/content/{item.id}/edit", "form.content-form")
    form["title_zh"] = "两台服务器之后的新标题"
    saved = desk.post(f"{a}/staff/content/{item.id}/edit", data=form, allow_redirects=False, timeout=20)
    assert saved.status_code == 302, saved.text[-2000:]
    after = requests.get(f"{b}/guidance/{item.slug}", timeout=20)
    assert after.status_code == 200 and "两台服务器之后的新标题" in after.text

    # an export asked for on A is prepared by the worker, and downloads through B
    ref = make_case(firm_user, status="submitted")
    supervisor = create_staff("supervisor")
    office = requests.Session()
    assert _login(office, a, supervisor.email, PASSWORD).status_code == 302
    queued = office.get(f"{a}/staff/queue/export.xlsx?stage=all", allow_redirects=False, timeout=20)
    assert queued.status_code == 302 and queued.headers["Location"].endswith("/staff/exports")

    def prepared():
        found = re.search(r'href="(/staff/exports/\d+/download)"', office.get(f"{b}/staff/exports", timeout=20).text)
        return found.group(1) if found else None

    assert _wait(prepared, seconds=60), "the worker did not prepare the export"
    download = office.get(f"{b}{prepared()}", timeout=20)
    assert download.status_code == 200 and download.content.startswith(b"PK")  # an XLSX is a zip
    assert ref.encode() in _xlsx_text(download.content)

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
