"""Large exports prepared in the background (准备中的文件): above ``EXPORT_ASYNC_ROWS`` rows a request
queues an export job instead of building the file itself. A task (Celery, or in-process after the
response without a broker) builds the file, keeps it in the upload store for ``EXPORT_KEEP_SECONDS``
and the person who asked finds it, with a download link, under 准备好的文件 (a badge in the menu).

The task is idempotent: it locks the job row and builds only a job still queued, and the file name
is fixed per job, so a task delivered twice (``acks_late``, a worker killed mid-task) stores one
file and marks the job ready once. Failures are retried with backoff and logged with the id of the
request that queued the job; after ``EXPORT_MAX_ATTEMPTS`` the job is marked failed and the person
sees so.

How a file is built is registered per kind (``builder``): the web layer registers a function that
replays the export for the job's user with the request's query string.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app, g, has_request_context
from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, select
from sqlalchemy.orm import Mapped, mapped_column

from portal.core.background import local_task, run_after_commit
from portal.core.db import utcnow
from portal.extensions import Model, db

log = logging.getLogger(__name__)

BUILD_TASK = "portal.build_export"
PURGE_TASK = "portal.purge_exports"


class ExportStatus:
    QUEUED = "queued"
    READY = "ready"
    FAILED = "failed"


EXPORT_GENERATION = "export-generation"


class ExportJob(Model):
    __tablename__ = "export_jobs"
    __cache_generations__ = (EXPORT_GENERATION,)  # the menu's prepared-files count (unseen_ready)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(200))  # what the person asked for, in their language
    # the request replayed by the task: its path and query string (filters)
    path: Mapped[str] = mapped_column(String(500))
    query: Mapped[dict] = mapped_column(JSON, default=dict)
    rows: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(10), default=ExportStatus.QUEUED, index=True)
    request_id: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    expires_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)
    seen_at: Mapped[datetime | None] = mapped_column(DateTime)
    stored_name: Mapped[str | None] = mapped_column(String(64))
    filename: Mapped[str | None] = mapped_column(String(200))
    mimetype: Mapped[str | None] = mapped_column(String(100))
    size: Mapped[int | None] = mapped_column(Integer)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(500))

    @property
    def is_ready(self) -> bool:
        return self.status == ExportStatus.READY and not self.is_expired

    @property
    def is_queued(self) -> bool:
        return self.status == ExportStatus.QUEUED

    @property
    def is_failed(self) -> bool:
        return self.status == ExportStatus.FAILED

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= utcnow()


@dataclass(frozen=True)
class Built:
    filename: str
    data: bytes
    mimetype: str


#: kind → function(job) returning the built file; registered by the layer that knows the export
BUILDERS: dict[str, Callable[[ExportJob], Built]] = {}


def builder(kind: str):
    def register(fn: Callable[[ExportJob], Built]) -> Callable[[ExportJob], Built]:
        BUILDERS[kind] = fn
        return fn

    return register


def threshold() -> int:
    return int(current_app.config["EXPORT_ASYNC_ROWS"])


def queue(user_id: int, kind: str, title: str, path: str, query: dict, rows: int) -> ExportJob:
    """Add a job to the current transaction; the task is handed over once it has committed."""
    if kind not in BUILDERS:
        raise KeyError(kind)
    job = ExportJob(
        user_id=user_id,
        kind=kind,
        title=str(title)[:200],
        path=path[:500],
        query=query,
        rows=rows,
        status=ExportStatus.QUEUED,
        request_id=g.get("request_id") if has_request_context() else None,
        attempts=0,
    )
    db.session.add(job)
    db.session.flush()
    run_after_commit(BUILD_TASK, job.id)
    return job


def build(job_id: int, last_try: bool = False) -> bool:
    """Build one queued job; True when built now. Raises on failure (recorded; Celery retries)."""
    from portal.core.storage import get_store

    job = db.session.scalars(select(ExportJob).where(ExportJob.id == job_id).with_for_update(skip_locked=True)).first()
    if job is None or job.status != ExportStatus.QUEUED:
        db.session.rollback()
        return False
    request_id = job.request_id
    try:
        built = BUILDERS[job.kind](job)
        stored_name = job.stored_name or f"export-{job.id}-{secrets.token_hex(8)}"
        get_store().put(stored_name, built.data, built.mimetype)
    except Exception as err:
        db.session.rollback()
        failed = db.session.get(ExportJob, job_id)
        if failed is None:  # deleted meanwhile: nobody is waiting for it
            return False
        failed.attempts += 1
        failed.last_error = f"{type(err).__name__}: {err}"[:500]
        if last_try or failed.attempts >= current_app.config["EXPORT_MAX_ATTEMPTS"]:
            failed.status, failed.finished_at = ExportStatus.FAILED, utcnow()
        db.session.commit()
        log.error(
            "export %s (%s) failed, attempt %s (request %s): %s", job_id, failed.kind, failed.attempts, request_id, err
        )
        if failed.status == ExportStatus.FAILED:
            return False
        raise
    job.stored_name, job.filename, job.mimetype, job.size = (
        stored_name,
        built.filename[:200],
        built.mimetype,
        len(built.data),
    )
    job.status, job.finished_at = ExportStatus.READY, utcnow()
    job.expires_at = job.finished_at + timedelta(seconds=current_app.config["EXPORT_KEEP_SECONDS"])
    job.attempts += 1
    db.session.commit()
    return True


@local_task(BUILD_TASK)
def build_in_process(job_id: int) -> bool:
    # without a broker there is no later retry: a failure is final and shown as such
    return build(job_id, last_try=True)


@local_task(PURGE_TASK)
def purge_expired() -> int:
    """Remove files whose time is up, and jobs a week old; returns how many files were removed."""
    from portal.core.storage import get_store

    store = get_store()
    now = utcnow()
    removed = 0
    for job in db.session.scalars(
        select(ExportJob).where(ExportJob.expires_at <= now, ExportJob.stored_name.is_not(None))
    ):
        try:
            store.delete(job.stored_name)
        except FileNotFoundError:
            pass
        job.stored_name = None
        removed += 1
    for job in db.session.scalars(select(ExportJob).where(ExportJob.created_at < now - timedelta(days=7))):
        db.session.delete(job)
    db.session.commit()
    return removed


def jobs_for(user_id: int, limit: int = 50) -> list[ExportJob]:
    return list(
        db.session.scalars(
            select(ExportJob).where(ExportJob.user_id == user_id).order_by(ExportJob.id.desc()).limit(limit)
        )
    )


def unseen_ready(user_id: int) -> int:
    """Files ready and not yet looked at: the in-app notice in the menu on every staff page. The expiry
    times of those files are kept in the shared cache until an export job changes, and the count of the
    unexpired ones is taken from them on each call, so a file that expires drops out at once."""
    from portal.core.shared_cache import remember

    def expiry_times() -> list[datetime | None]:
        return list(
            db.session.scalars(
                select(ExportJob.expires_at).where(
                    ExportJob.user_id == user_id,
                    ExportJob.status.in_([ExportStatus.READY, ExportStatus.FAILED]),
                    ExportJob.seen_at.is_(None),
                )
            )
        )

    times = remember(f"unseen-exports:{user_id}", (EXPORT_GENERATION,), expiry_times)
    now = utcnow()
    return sum(1 for expires in times if expires is None or expires > now)


def mark_seen(user_id: int) -> None:
    for job in db.session.scalars(
        select(ExportJob).where(
            ExportJob.user_id == user_id,
            ExportJob.status.in_([ExportStatus.READY, ExportStatus.FAILED]),
            ExportJob.seen_at.is_(None),
        )
    ):
        job.seen_at = utcnow()


def job_for(user_id: int, job_id: int) -> ExportJob | None:
    job = db.session.get(ExportJob, job_id)
    return job if job is not None and job.user_id == user_id else None
