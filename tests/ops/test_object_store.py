"""Uploads in an S3-compatible object store, tested against a real S3 HTTP endpoint (moto's server
mode, started here on a free port): upload, download (streamed and signed URL), deletion, backup and
restore, the PIPL export, and a clear Chinese error when the store is down."""

from __future__ import annotations

import io
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import boto3
import pytest

from portal.backup import create_backup, restore_backup
from portal.core.storage import S3Store
from tests.fixtures.accounts import PASSWORD
from tests.fixtures.cases import PDF
from tests.helpers import error_texts

pytestmark = pytest.mark.usefixtures("open_calls")

BUCKET = "portal-uploads"
KEYS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing", "region_name": "us-east-1"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            assert time.monotonic() < deadline, "moto server did not start"
            time.sleep(0.2)
    boto3.client("s3", endpoint_url=url, **KEYS).create_bucket(Bucket=BUCKET)
    yield url
    server.terminate()
    server.wait(10)


def _settings(endpoint: str, prefix: str, **extra) -> dict:
    return {
        "UPLOAD_S3_BUCKET": BUCKET,
        "UPLOAD_S3_ENDPOINT": endpoint,
        "UPLOAD_S3_REGION": "us-east-1",
        "UPLOAD_S3_ACCESS_KEY": "testing",
        "UPLOAD_S3_SECRET_KEY": "testing",
        "UPLOAD_S3_PREFIX": prefix,
        "UPLOAD_S3_TIMEOUT": 2.0,
        **extra,
    }


@pytest.fixture
def use_store(app):
    """Point the suite's app at an object store for one test; the folder store comes back afterwards."""
    saved = dict(app.config)

    def use(endpoint: str, **extra) -> str:
        prefix = f"t-{uuid.uuid4().hex[:8]}/"
        app.config.update(_settings(endpoint, prefix, **extra))
        app.extensions.pop("upload_store", None)
        return prefix

    yield use
    app.config.clear()
    app.config.update(saved)
    app.extensions.pop("upload_store", None)


def _objects(endpoint: str, prefix: str) -> dict[str, bytes]:
    s3 = boto3.client("s3", endpoint_url=endpoint, **KEYS)
    listed = s3.list_objects_v2(Bucket=BUCKET, Prefix=prefix).get("Contents", [])
    return {o["Key"][len(prefix) :]: s3.get_object(Bucket=BUCKET, Key=o["Key"])["Body"].read() for o in listed}


def _upload(client, firm_user, data=PDF):
    client.login(firm_user.email, PASSWORD)
    client.get_page("/firm/applications/new/rights-protection")
    key = client.post("/firm/applications/new/rights-protection").headers["Location"].rsplit("/", 1)[-1]
    response = client.post(
        f"/firm/applications/{key}/materials",
        data={"material": "evidence", "file": (io.BytesIO(data), "证据.pdf")},
        content_type="multipart/form-data",
    )
    return key, response


def _file_link(client, key) -> str:
    return client.get_page(f"/firm/applications/{key}/materials").select_one("a[href*='/files/']")["href"]


def test_an_upload_goes_to_the_object_store_and_downloads_from_it(app, client, firm_user, s3_endpoint, use_store):
    prefix = use_store(s3_endpoint)
    data = PDF + b"object store"
    on_disk = set(Path(app.config["UPLOAD_FOLDER"]).glob("*.pdf"))  # earlier tests' files in this worker
    key, response = _upload(client, firm_user, data)
    assert response.status_code == 302
    stored = _objects(s3_endpoint, prefix)
    assert list(stored.values()) == [data]
    assert set(Path(app.config["UPLOAD_FOLDER"]).glob("*.pdf")) == on_disk  # nothing new on this server's disk
    download = client.get(_file_link(client, key))
    assert download.status_code == 200 and download.data == data
    assert "filename*=UTF-8''%E8%AF%81%E6%8D%AE.pdf" in download.headers["Content-Disposition"]
    # a draft's file removed: gone from the store once the removal committed
    link = _file_link(client, key)
    file_id = link.rsplit("/", 1)[-1]
    page = client.get_page(f"/firm/applications/{key}/materials")
    remove = next(
        (f["action"] for f in page.select("form") if f.get("action", "").endswith(f"/files/{file_id}/delete")), None
    )
    assert client.post(remove).status_code == 302
    assert _objects(s3_endpoint, prefix) == {}


def test_downloads_redirect_to_a_short_lived_signed_url_when_configured(app, client, firm_user, s3_endpoint, use_store):
    use_store(s3_endpoint, UPLOAD_SIGNED_URL_SECONDS=60)
    key, _ = _upload(client, firm_user, PDF + b"signed")
    response = client.get(_file_link(client, key))
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith(s3_endpoint) and "Expires=" in location and "Signature=" in location
    with urllib.request.urlopen(location, timeout=10) as fetched:  # noqa: S310 (the local moto server)
        assert fetched.read() == PDF + b"signed"


def test_store_down_gives_a_clear_chinese_error_and_nothing_half_saved(app, client, firm_user, use_store):
    use_store(f"http://127.0.0.1:{_free_port()}", UPLOAD_S3_TIMEOUT=1.0)
    key, response = _upload(client, firm_user)
    assert response.status_code in (200, 400)
    from bs4 import BeautifulSoup

    errors = " ".join(error_texts(BeautifulSoup(response.get_data(as_text=True), "html.parser")))
    assert "文件存储暂时无法连接" in errors and "证据.pdf" in errors


def test_backup_and_restore_with_the_object_store(app, s3_endpoint, use_store, tmp_path):
    import sqlite3

    prefix = use_store(s3_endpoint)
    with app.app_context():
        store = S3Store(app.config)
    store.put("a" * 32 + ".pdf", PDF + b"kept", "application/pdf")
    db_file = tmp_path / "p.sqlite3"
    sqlite3.connect(db_file).close()
    manifest = create_backup(f"sqlite:///{db_file}", store, tmp_path / "b.tar.gz")
    assert manifest["uploads"] == 1
    store.put("b" * 32 + ".pdf", PDF + b"after the backup", "application/pdf")
    store.delete("a" * 32 + ".pdf")
    restore_backup(tmp_path / "b.tar.gz", f"sqlite:///{db_file}", store)
    assert _objects(s3_endpoint, prefix) == {"a" * 32 + ".pdf": PDF + b"kept"}


def test_pipl_export_includes_files_from_the_object_store(app, client, firm_user, s3_endpoint, use_store):
    import zipfile

    from portal.extensions import db
    from portal.firms.models import Firm
    from portal.privacy import export_firm_data

    use_store(s3_endpoint)
    _upload(client, firm_user, PDF + b"exported")
    with app.test_request_context():
        archive = export_firm_data(db.session.get(Firm, firm_user.firm_id))
    with archive, zipfile.ZipFile(archive) as unpacked:  # the export is a spooled file, streamed to the firm
        contents = [unpacked.read(n) for n in unpacked.namelist()]
    assert PDF + b"exported" in contents
