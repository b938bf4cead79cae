"""A small SMS interface, the same shape as ``mail``: messages queue during the request and go out
after commit; single-use verification codes (5 minutes, once, limited per number).

Backends (setting ``SMS_BACKEND``): ``console`` (development: printed to the terminal, a copy kept in
instance/sms), ``file`` (one .txt per message in instance/sms), ``memory`` (tests read
``app.extensions['sms_outbox']``) and ``http``: the provider adapter, which posts each message as
JSON to the gateway named by ``SMS_HTTP_URL`` with the token ``SMS_HTTP_TOKEN`` and the registered
signature ``SMS_SIGN_NAME`` (all from the environment as ``PORTAL_SMS_…``).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import secrets
import sys
import urllib.request
import uuid
from collections.abc import Callable
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
    try:
        deliver = BACKENDS[backend]
    except KeyError:
        raise ValueError(f"unknown SMS_BACKEND {backend!r}; one of {', '.join(BACKENDS)}") from None
    deliver(message)


def _to_memory(message: Sms) -> None:
    current_app.extensions.setdefault("sms_outbox", []).append(message)


def _to_file(message: Sms) -> Path:
    folder = Path(current_app.config.get("SMS_FILE_DIR") or Path(current_app.instance_path) / "sms")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{datetime.now():%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:8]}.txt"
    path.write_text(f"To: {message.mobile}\n\n{message.text}\n", encoding="utf-8")
    return path


def _to_console(message: Sms) -> None:
    path = _to_file(message)
    print(f"SMS (development, not sent) — copy in {path}\nTo: {message.mobile}\n{message.text}", file=sys.stderr)


def _to_gateway(message: Sms) -> None:
    """The provider adapter: one JSON POST per message; a non-2xx answer raises (and is logged)."""
    cfg = current_app.config
    url = cfg.get("SMS_HTTP_URL") or ""
    if not url.startswith("https://") and not cfg.get("SMS_HTTP_ALLOW_PLAIN"):
        raise ValueError("SMS_HTTP_URL must be an https:// address")
    sign = cfg.get("SMS_SIGN_NAME") or ""
    body = json.dumps({"to": message.mobile, "sign": sign, "text": message.text}, ensure_ascii=False).encode()
    request = urllib.request.Request(  # noqa: S310 the scheme is checked above
        url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "Authorization": f"Bearer {cfg.get('SMS_HTTP_TOKEN') or ''}",
        },
    )
    with urllib.request.urlopen(request, timeout=cfg.get("SMS_HTTP_TIMEOUT", 5)) as response:  # noqa: S310
        if not 200 <= response.status < 300:
            raise OSError(f"SMS gateway answered {response.status}")


BACKENDS: dict[str, Callable[[Sms], object]] = {
    "console": _to_console,
    "file": _to_file,
    "memory": _to_memory,
    "http": _to_gateway,
}


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
