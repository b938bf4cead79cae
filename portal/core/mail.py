"""A small mail interface: messages are queued during the request and sent after commit.

Backends: ``console`` (log), ``file`` (one .eml per message in instance/mail), ``smtp``
and ``memory`` (tests read ``app.extensions['mail_outbox']``).
"""

from __future__ import annotations

import logging
import smtplib
import uuid
from dataclasses import dataclass
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


def flush_queue() -> None:
    for mail in g.pop("mail_queue", []):
        try:
            send_now(mail)
        except Exception:  # a mail server outage must not undo a committed decision
            log.exception("mail to %s failed", mail.to)


def send_now(mail: Mail) -> None:
    backend = current_app.config["MAIL_BACKEND"]
    if backend == "memory":
        current_app.extensions.setdefault("mail_outbox", []).append(mail)
        return
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_SENDER"]
    message["To"] = mail.to
    message["Subject"] = mail.subject
    message.set_content(mail.body)
    if backend == "file":
        folder = Path(current_app.config["MAIL_FILE_DIR"])
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{uuid.uuid4().hex}.eml").write_bytes(bytes(message))
    elif backend == "smtp":
        cfg = current_app.config
        with smtplib.SMTP(cfg["MAIL_SMTP_HOST"], cfg["MAIL_SMTP_PORT"], timeout=10) as smtp:
            if cfg["MAIL_SMTP_TLS"]:
                smtp.starttls()
            if cfg["MAIL_SMTP_USER"]:
                smtp.login(cfg["MAIL_SMTP_USER"], cfg["MAIL_SMTP_PASSWORD"])
            smtp.send_message(message)
    else:
        log.info("mail to=%s subject=%s\n%s", mail.to, mail.subject, mail.body)
