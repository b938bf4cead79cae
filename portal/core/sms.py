"""A small SMS interface, the same shape as ``mail``: messages queue during the request and go out
after commit; single-use verification codes for people who sign up without an account.

Backends: ``console`` (development: printed to the terminal, a copy kept in instance/sms), ``file``
(one .txt per message in instance/sms) and ``memory`` (tests read ``app.extensions['sms_outbox']``).
A gateway backend plugs in at ``send_now``; there is none yet.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
import sys
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from flask import current_app, g
from sqlalchemy import DateTime, Integer, String, func, select
from sqlalchemy.orm import Mapped, mapped_column

from portal.core.errors import ServiceError
from portal.extensions import Model, db
from portal.i18n import gettext as _

log = logging.getLogger(__name__)

CODE_LIFETIME = timedelta(minutes=5)
RESEND_AFTER = timedelta(seconds=60)
CODES_PER_HOUR = 5


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass(frozen=True)
class Sms:
    mobile: str
    text: str


class SmsCode(Model):
    """One verification code sent to a mobile number; only its hash is kept."""

    __tablename__ = "sms_codes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    mobile: Mapped[str] = mapped_column(String(20), index=True)
    purpose: Mapped[str] = mapped_column(String(40))
    code_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    used_at: Mapped[datetime | None] = mapped_column(DateTime)


def queue_sms(mobile: str, text: str) -> None:
    g.setdefault("sms_queue", []).append(Sms(mobile, str(text)))


def discard_queue() -> None:
    g.pop("sms_queue", None)


def flush_queue() -> None:
    for message in g.pop("sms_queue", []):
        try:
            send_now(message)
        except Exception:  # a gateway outage must not undo a committed sign-up
            log.exception("SMS to %s failed", message.mobile)


def send_now(message: Sms) -> None:
    backend = current_app.config.get("SMS_BACKEND", "console")
    if backend == "memory":
        current_app.extensions.setdefault("sms_outbox", []).append(message)
        return
    folder = Path(current_app.config.get("SMS_FILE_DIR") or Path(current_app.instance_path) / "sms")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{datetime.now():%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:8]}.txt"
    path.write_text(f"To: {message.mobile}\n\n{message.text}\n", encoding="utf-8")
    if backend != "file":
        print(f"SMS (development, not sent) — copy in {path}\nTo: {message.mobile}\n{message.text}", file=sys.stderr)


def _hash(mobile: str, purpose: str, code: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, f"{purpose}:{mobile}:{code}".encode(), hashlib.sha256).hexdigest()


def send_code(mobile: str, purpose: str, now: datetime | None = None) -> None:
    """Queue a six-digit code for ``mobile``; refused within a minute of the last one and past five an hour."""
    now = now or utcnow()
    recent = db.session.scalars(
        select(SmsCode.created_at).where(SmsCode.mobile == mobile, SmsCode.created_at > now - timedelta(hours=1))
    ).all()
    if any(at > now - RESEND_AFTER for at in recent):
        raise ServiceError(_("A code was sent to this number less than a minute ago. Please wait before asking again."))
    if len(recent) >= CODES_PER_HOUR:
        raise ServiceError(_("Too many codes were sent to this number. Please try again in an hour."))
    code = f"{secrets.randbelow(1_000_000):06d}"
    db.session.add(
        SmsCode(
            mobile=mobile,
            purpose=purpose,
            code_hash=_hash(mobile, purpose, code),
            created_at=now,
            expires_at=now + CODE_LIFETIME,
        )
    )
    queue_sms(mobile, _("Your verification code is %(code)s. It is valid for 5 minutes.", code=code))


def use_code(mobile: str, purpose: str, code: str, now: datetime | None = None) -> None:
    """Accept ``code`` once: the newest unused, unexpired code for this number and purpose."""
    now = now or utcnow()
    row = db.session.scalars(
        select(SmsCode)
        .where(SmsCode.mobile == mobile, SmsCode.purpose == purpose, SmsCode.used_at.is_(None))
        .order_by(SmsCode.id.desc())
        .limit(1)
    ).first()
    if row is None or row.expires_at < now:
        raise ServiceError(_("The SMS code has expired or was already used. Ask for a new code."))
    # guessing is bounded by the rate limit on the routes that take a code
    if not hmac.compare_digest(row.code_hash, _hash(mobile, purpose, (code or "").strip())):
        raise ServiceError(_("The SMS code is not correct."))
    row.used_at = now


def codes_sent(mobile: str) -> int:
    return db.session.scalar(select(func.count(SmsCode.id)).where(SmsCode.mobile == mobile)) or 0
