"""Celery, as the Flask documentation sets it up: every task runs inside an app context.

Start a worker and beat (README "Production"):

    celery -A portal.worker worker --loglevel INFO
    celery -A portal.worker beat --loglevel INFO

Tasks are idempotent (mail is marked sent in the outbox row it came from; the digest runs once a day,
reminders mark their case), acknowledged late and retried with backoff, so a worker killed mid-task
hands the task to the next one without losing or doubling the mail.
"""

from __future__ import annotations

import logging

from celery import Celery, Task, shared_task
from celery.schedules import crontab
from flask import Flask

log = logging.getLogger(__name__)

RETRY = {"autoretry_for": (Exception,), "retry_backoff": 30, "retry_backoff_max": 3600, "max_retries": 10}


def init_celery(app: Flask) -> Celery:
    class FlaskTask(Task):
        def __call__(self, *args, **kwargs):
            from portal.extensions import db

            with app.app_context():
                try:
                    return self.run(*args, **kwargs)
                finally:
                    db.session.remove()

    broker = app.config["CELERY_BROKER_URL"] or "memory://"
    celery = Celery(app.import_name, task_cls=FlaskTask, broker=broker)
    celery.conf.update(
        task_ignore_result=True,
        task_acks_late=True,  # acknowledged after the task ran: a killed worker's task is redelivered
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        broker_connection_timeout=2,
        broker_connection_retry_on_startup=True,
        broker_transport_options={
            "socket_connect_timeout": 2,
            "socket_timeout": 5,
            "visibility_timeout": app.config["CELERY_VISIBILITY_TIMEOUT"],
            # kombu sweeps for abandoned (unacknowledged) messages only every interval × throttle
            # seconds (100 s by default): sweep at least once per visibility timeout, so a killed
            # worker's task comes back soon after the timeout rather than minutes later
            "unacked_restore_interval": max(1, min(10, app.config["CELERY_VISIBILITY_TIMEOUT"] // 2)),
            "unacked_restore_throttle": 1,
        },
        task_default_queue=app.config["CELERY_QUEUE"],
        timezone="Asia/Shanghai",
        beat_schedule={
            "overdue-digest": {"task": "portal.overdue_digest", "schedule": crontab(hour=7, minute=0)},
            "reply-reminders": {"task": "portal.reply_reminders", "schedule": crontab(hour=7, minute=10)},
            # the day before an event (Shanghai calendar day), mid-morning
            "event-reminders": {"task": "portal.event_reminders", "schedule": crontab(hour=9, minute=0)},
            "outbox": {"task": "portal.deliver_pending_mail", "schedule": 60.0},
            "purge-exports": {"task": "portal.purge_exports", "schedule": 900.0},
        },
    )
    celery.set_default()
    app.extensions["celery"] = celery
    return celery


@shared_task(name="portal.deliver_mail", ignore_result=True, **RETRY)
def deliver_mail(mail_id: int) -> bool:
    from portal.core.outbox import deliver

    return deliver(mail_id)


@shared_task(name="portal.deliver_pending_mail", ignore_result=True)
def deliver_pending_mail() -> int:
    from portal.core.outbox import deliver_pending

    return deliver_pending()


@shared_task(name="portal.overdue_digest", ignore_result=True, **RETRY)
def overdue_digest() -> int:
    from portal.cases.digest import send_overdue_digest
    from portal.core.db import commit

    count = send_overdue_digest()
    commit()
    return count


@shared_task(name="portal.reply_reminders", ignore_result=True, **RETRY)
def reply_reminders() -> int:
    from portal.cases.digest import send_reply_reminders
    from portal.core.db import commit

    count = send_reply_reminders()  # marks each reminded case: a retry does not remind twice
    commit()
    return count


@shared_task(name="portal.event_reminders", ignore_result=True, **RETRY)
def event_reminders() -> int:
    from portal.core.db import commit
    from portal.events.services import send_reminders

    count = send_reminders()  # marks each reminded registration: a retry does not remind twice
    commit()
    return count


@shared_task(
    name="portal.build_export",
    ignore_result=True,
    autoretry_for=(Exception,),
    retry_backoff=10,
    retry_backoff_max=600,
    max_retries=5,
)
def build_export(job_id: int) -> bool:
    from portal.core.exports import build

    return build(job_id)  # a job already built (a redelivered task) is left alone


@shared_task(name="portal.purge_exports", ignore_result=True)
def purge_exports() -> int:
    from portal.core.exports import purge_expired

    return purge_expired()
