"""A small mail interface: messages are queued during the request and sent after commit.

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
    cfg = current_app.config
    message = EmailMessage()
    message["From"] = cfg["MAIL_SENDER"]
    message["To"] = mail.to
    message["Subject"] = mail.subject
    if backend == "smtp":
        message.set_content(mail.body)
        with smtplib.SMTP(cfg["MAIL_SMTP_HOST"], cfg["MAIL_SMTP_PORT"], timeout=10) as smtp:
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
