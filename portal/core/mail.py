"""A small mail interface: messages are queued during the request, written to the outbox with the
commit (portal/core/outbox.py) and delivered by a background task, never inside the request.

Backends: ``console`` (development: printed to the terminal that runs the portal, and a copy
kept in instance/mail), ``file`` (one .eml per message in instance/mail), ``smtp`` and ``memory``
(tests read ``app.extensions['mail_outbox']``).
"""

from __future__ import annotations

import logging
import smtplib
import sys
import uuid
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from pathlib import Path

from flask import current_app, g

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    body: str


def queue_mail(to: str, subject: str, body: str) -> None:
    """Hold a message until the current transaction commits (see ``commit``)."""
    g.setdefault("mail_queue", []).append(Mail(to, str(subject), str(body)))


def discard_queue() -> None:
    g.pop("mail_queue", None)


def drop_queued_to(addresses: set[str]) -> None:
    """Forget mail queued in this request for these addresses (a PIPL deletion in progress)."""
    if "mail_queue" in g:
        g.mail_queue = [m for m in g.mail_queue if m.to not in addresses]


def stage_queue() -> list[int]:
    """Before commit: the queued mail joins the transaction as outbox rows."""
    from portal.core import outbox

    return outbox.stage(g.pop("mail_queue", []))


def dispatch(mail_ids: list[int]) -> None:
    """After commit: one delivery task per mail (after the response when in a request)."""
    from portal.core import background, outbox

    for mail_id in mail_ids:
        background.run_later(outbox.DELIVER_TASK, mail_id)


def send_now(mail: Mail, message_id: str | None = None) -> None:
    backend = current_app.config["MAIL_BACKEND"]
    if backend == "memory":
        current_app.extensions.setdefault("mail_outbox", []).append(mail)
        return
    cfg = current_app.config
    message = EmailMessage()
    message["From"] = cfg["MAIL_SENDER"]
    message["To"] = mail.to
    message["Subject"] = mail.subject
    if message_id:
        message["Message-ID"] = message_id  # stable per outbox row: a relay can spot a repeat
    if backend == "smtp":
        message.set_content(mail.body)
        # short: a stalled relay holds a worker slot, and the outbox retries later anyway
        with smtplib.SMTP(cfg["MAIL_SMTP_HOST"], cfg["MAIL_SMTP_PORT"], timeout=cfg["MAIL_SMTP_TIMEOUT"]) as smtp:
            if cfg["MAIL_SMTP_TLS"]:
                smtp.starttls()
            if cfg["MAIL_SMTP_USER"]:
                smtp.login(cfg["MAIL_SMTP_USER"], cfg["MAIL_SMTP_PASSWORD"])
            smtp.send_message(message)
        return
    message.set_content(mail.body, cte="8bit")  # files stay readable in an editor, links included
    path = _save_copy(message)
    if backend != "file":
        _print_to_terminal(mail, path)


def _save_copy(message: EmailMessage) -> Path:
    folder = Path(current_app.config["MAIL_FILE_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{datetime.now():%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:8]}.eml"
    path.write_bytes(bytes(message))
    return path


def _print_to_terminal(mail: Mail, path: Path) -> None:
    # Not logging: the root logger stays at WARNING in development, and this must be seen.
    rule = "-" * 72
    print(
        f"{rule}\nMail (development, not sent) — copy in {path}\nTo: {mail.to}\nSubject: {mail.subject}\n\n"
        f"{mail.body.rstrip()}\n{rule}",
        file=sys.stderr,
        flush=True,
    )
