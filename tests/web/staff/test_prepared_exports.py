"""Large exports are prepared in the background: the request only queues a job, the person is told
the file is being prepared, the menu says when it is ready, and the file downloads for a short while.
Small exports still stream at once. Jobs are idempotent and failures name the queuing request."""

from __future__ import annotations

import io
import re
import time
from datetime import datetime, timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from portal import create_app
from portal.core import exports
from portal.core.db import utcnow
from portal.core.exports import ExportJob
from portal.extensions import db
from tests.fixtures.accounts import PASSWORD

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def small_threshold(app):
    before = app.config["EXPORT_ASYNC_ROWS"]
    app.config["EXPORT_ASYNC_ROWS"] = 1
    yield
    app.config["EXPORT_ASYNC_ROWS"] = before


@pytest.fixture
def supervisor_client(client, supervisor):
    client.login(supervisor.email, PASSWORD)
    return client


def _jobs(app) -> list[ExportJob]:
    with app.app_context():
        jobs = list(db.session.scalars(select(ExportJob).order_by(ExportJob.id)))
        db.session.expunge_all()
        return jobs


def _cells(body: bytes) -> list[list]:
    book = load_workbook(io.BytesIO(body))
    return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]


def test_a_small_export_streams_at_once(app, supervisor_client, firm_user, make_case):
    ref = make_case(firm_user, status="submitted")
    response = supervisor_client.get("/staff/queue/export.xlsx?stage=all", expect=200)
    assert response.mimetype == XLSX and ref in str(_cells(response.data))
    assert _jobs(app) == []


def test_a_large_export_is_prepared_and_the_menu_says_when_it_is_ready(
    app, supervisor_client, firm_user, make_case, small_threshold, create_staff
):
    refs = [make_case(firm_user, status="submitted") for _ in range(2)]
    response = supervisor_client.get("/staff/queue/export.xlsx?stage=all", expect=302)
    assert response.headers["Location"].endswith("/staff/exports")

    # without a broker the job ran after the commit (tests hand over at once; see test_background.py)
    [job] = _jobs(app)
    assert job.status == "ready" and job.rows == 2 and job.kind == "queue" and job.query == {"stage": "all"}
    assert job.expires_at - job.finished_at == timedelta(seconds=app.config["EXPORT_KEEP_SECONDS"])

    home = supervisor_client.get_page("/staff/")
    notice = home.select_one("#prepared-files-notice")
    assert notice is not None and "已准备的文件" in notice.get_text() and "1" in notice.get_text()
    assert "案件清单导出共 2 行，文件正在准备中" in home.get_text()  # told at once, on the next page

    page = supervisor_client.get_page("/staff/exports")
    item = page.select_one(".prepared-file")
    assert "案件清单导出" in item.get_text() and "有效期至" in item.get_text()
    link = item.select_one("a")["href"]
    # looked at: the menu's notice is gone
    assert supervisor_client.get_page("/staff/").select_one("#prepared-files-notice") is None

    download = supervisor_client.get(link, expect=200)
    assert download.mimetype == XLSX
    assert "attachment" in download.headers["Content-Disposition"]
    cells = _cells(download.data)
    assert cells[0][0] == "申请编号" and {row[0] for row in cells[1:]} == set(refs)

    # someone else's file is as unknown as a missing one
    other = create_staff("supervisor", email="other-supervisor@example.cn")
    stranger = app.test_client()
    stranger.post("/auth/login", data={"email": other.email, "password": PASSWORD})
    assert stranger.get(link).status_code == 404

    # the task delivered again (a worker killed mid-task, acks_late): nothing is built twice
    with app.app_context():
        assert exports.build(job.id) is False
        assert db.session.get(ExportJob, job.id).stored_name == job.stored_name

    # after its time the file is removed and the link says so
    with app.app_context():
        db.session.get(ExportJob, job.id).expires_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
        assert exports.purge_expired() == 1
    gone = supervisor_client.get(link, expect=302)
    assert gone.headers["Location"].endswith("/staff/exports")
    page = supervisor_client.get_page("/staff/exports")
    assert "该文件已失效，请重新导出。" in page.get_text() and "已过期" in page.get_text()


def test_audit_attendance_statistics_and_certificates_go_the_same_way(
    app, client, create_staff, create_firm_user, firm_user, make_case, make_event, make_registration, small_threshold
):
    app.config["EXPORT_ASYNC_ROWS"] = 0  # every one of these exports has at least one row: all are prepared
    make_case(firm_user, status="submitted")
    admin = create_staff("admin")
    client.login(admin.email, PASSWORD)
    event_id = make_event(gives_certificate=True)
    second = create_firm_user()
    codes = [
        make_registration(event_id, user.id, names=(name,)) for user, name in ((firm_user, "张三"), (second, "李四"))
    ]
    with app.app_context():
        from portal.events.models import Registration

        for n, code in enumerate(codes):
            db.session.scalar(select(Registration).where(Registration.code == code)).certificate_code = f"CERT{n:08d}"
        db.session.commit()
    for url in (
        "/admin/audit/export.xlsx",
        f"/staff/events/{event_id}/attendance.xlsx",
        "/staff/stats/export.xlsx",
        f"/staff/events/{event_id}/certificates.pdf",
    ):
        assert client.get(url, expect=302).headers["Location"].endswith("/staff/exports"), url
    jobs = {job.kind: job for job in _jobs(app)}
    assert set(jobs) == {"audit", "attendance", "stats", "certificates"}
    assert all(job.status == "ready" for job in jobs.values()), [(j.kind, j.last_error) for j in jobs.values()]

    audit = _cells(client.get(f"/staff/exports/{jobs['audit'].id}/download", expect=200).data)
    assert audit[0] == ["时间", "操作人", "操作类型", "申请编号", "事件经过", "说明", "IP"]
    [entry] = audit[1:]
    assert isinstance(entry[0], datetime)  # a real date cell
    assert entry[2] == "提交" and entry[3].startswith("HQ-RP-") and entry[4] == "草稿 → 已提交"
    attendance = _cells(client.get(f"/staff/exports/{jobs['attendance'].id}/download", expect=200).data)
    assert [(row[2], row[8]) for row in attendance[1:]] == [("张三", "CERT00000000"), ("李四", "CERT00000001")]
    stats = client.get(f"/staff/exports/{jobs['stats'].id}/download", expect=200)
    assert "%E7%BB%9F%E8%AE%A1-" in stats.headers["Content-Disposition"]  # 统计-<date>.xlsx
    assert "维权援助回访：纠纷处理结果" in load_workbook(io.BytesIO(stats.data)).sheetnames
    pdf = client.get(f"/staff/exports/{jobs['certificates'].id}/download", expect=200)
    assert pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf.data)) == 2  # one certificate page per attendee


def test_a_failing_job_is_retried_then_marked_failed_with_the_request_id(app, supervisor, monkeypatch, caplog):
    def broken(job):
        raise RuntimeError("store full")

    monkeypatch.setitem(exports.BUILDERS, "queue", broken)
    with app.test_request_context():
        from flask import g

        g.request_id = "req-export-7"
        job = exports.queue(supervisor.id, "queue", "案件清单导出", "/staff/queue/export.xlsx", {}, 5000)
        db.session.commit()  # not core.db.commit: the task is run by hand below, as a worker would
        job_id = job.id
        with pytest.raises(RuntimeError):
            exports.build(job_id)  # a worker's first try: recorded, raised, Celery retries with backoff
        row = db.session.get(ExportJob, job_id)
        assert row.status == "queued" and row.attempts == 1 and "store full" in row.last_error
        assert "req-export-7" in caplog.text
        with pytest.raises(RuntimeError):
            exports.build(job_id)
        assert exports.build(job_id) is False  # the last attempt marks the job failed instead of raising
        row = db.session.get(ExportJob, job_id)
        assert row.status == "failed" and row.attempts == app.config["EXPORT_MAX_ATTEMPTS"]
        assert exports.unseen_ready(supervisor.id) == 1  # the person is told, not left waiting


def test_without_a_broker_the_job_runs_after_the_response(test_config, app, supervisor, firm_user, make_case):
    make_case(firm_user, status="submitted")
    make_case(firm_user, status="submitted")
    later = create_app({**test_config, "TASKS_AFTER_RESPONSE": True, "EXPORT_ASYNC_ROWS": 1})
    try:
        client = later.test_client()
        client.post("/auth/login", data={"email": supervisor.email, "password": PASSWORD})
        response = client.get("/staff/queue/export.xlsx?stage=all")
        assert response.status_code == 302
        with later.app_context():
            # the response is out; the job is still waiting: nothing was built inside the request
            assert db.session.scalars(select(ExportJob.status)).one() == "queued"
            db.session.remove()
        response.close()  # the server finished sending: call_on_close runs the task
        deadline = time.monotonic() + 10
        with later.app_context():
            while db.session.scalars(select(ExportJob.status)).one() != "ready" and time.monotonic() < deadline:
                db.session.remove()
                time.sleep(0.1)
            assert db.session.scalars(select(ExportJob.status)).one() == "ready"
    finally:
        create_app(test_config)


def test_the_person_goes_back_to_the_list_they_exported_from(
    app, supervisor_client, firm_user, make_case, small_threshold
):
    make_case(firm_user, status="submitted")
    make_case(firm_user, status="submitted")
    url = "/staff/queue/export.csv?stage=all"
    back = supervisor_client.get(url, headers={"Referer": "http://localhost/staff/queue?stage=all"}, expect=302)
    assert back.headers["Location"] == "/staff/queue?stage=all"
    page = supervisor_client.get_page("/staff/queue?stage=all")
    assert "文件正在准备中" in page.get_text() and page.select_one("#prepared-files-notice") is not None
    # another site as the referrer: never sent there
    away = supervisor_client.get(url, headers={"Referer": "https://evil.example/staff/queue"}, expect=302)
    assert away.headers["Location"].endswith("/staff/exports")
