"""Codes that prove a mobile number or an email address: sign-in by SMS code, the number given at
registration, and a new number or address before it replaces the old one.

SMS codes follow ``portal.core.sms`` (six digits, single use, 5 minutes, one a minute and five an
hour per number; the routes add per-address limits). Codes mailed to a new address work the same
way and last EMAIL_CODE_MAX_AGE.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from flask import current_app, render_template
from flask_babel import force_locale
from sqlalchemy import func, select

from portal.accounts.models import EmailCode, User
from portal.accounts.services import DEMO_EMAILS, AccountError, find_user_by_email
from portal.audit.labels import register
from portal.audit.services import record
from portal.core import mail, sms
from portal.core.db import utcnow
from portal.core.errors import ServiceError
from portal.core.permissions import Permission
from portal.extensions import db
from portal.i18n import gettext as _
from portal.i18n import lazy_gettext as _l

SIGN_IN = "sign-in"
REGISTER = "register"
FIRM_CONTACT = "firm"  # the firm's contact mobile (the administrator changes it)
OWN = "own"  # the user's own mobile (sign-in by SMS, SMS notifications)

register(
    actions={
        "mobile_changed": _l("Mobile number changed"),
        "email_changed": _l("Email address changed"),
        "sms_sign_in": _l("Signed in with an SMS code"),
    }
)


# --- sign-in by SMS code ------------------------------------------------------------------------


def _user_for_mobile(mobile: str) -> User | None:
    """The one account that verified this number and may sign in; None when none or several."""
    users = list(
        db.session.scalars(
            select(User)
            .where(User.mobile == mobile, User.mobile_verified_at.is_not(None), User.active.is_(True))
            .limit(2)
        )
    )
    if len(users) != 1 or users[0].awaiting_confirmation:
        return None
    user = users[0]
    if not current_app.config["DEMO_ACCOUNTS_ALLOWED"] and user.email in DEMO_EMAILS:
        return None
    return user


def send_sign_in_code(mobile: str) -> None:
    """Text a code when the number belongs to an account; the same answer either way (a number's own
    "one a minute" refusal would tell that it has an account, so it is not shown here)."""
    if _user_for_mobile(mobile) is not None:
        try:
            sms.send_code(mobile, SIGN_IN)
        except ServiceError:
            return


def sign_in_with_code(mobile: str, code: str) -> User:
    """The account for this number once its code is accepted; AccountError otherwise (one message)."""
    user = _user_for_mobile(mobile)
    try:
        sms.use_code(mobile, SIGN_IN, code)
    except ServiceError:
        user = None
    if user is None:
        raise AccountError(_("The mobile number or the code is not correct, or the code has expired."), "code")
    user.last_login_at = utcnow()
    record("sms_sign_in", "user", user.id, actor=user)
    return user


# --- mobile numbers -----------------------------------------------------------------------------


def send_registration_code(mobile: str) -> None:
    sms.send_code(mobile, REGISTER)


def check_registration_code(mobile: str, code: str) -> None:
    try:
        sms.use_code(mobile, REGISTER, code)
    except ServiceError as err:
        raise AccountError(str(err), "sms_code") from None


def _purpose(user: User, target: str) -> str:
    return f"mobile:{target}:{user.id}"


def send_mobile_code(user: User, mobile: str, target: str) -> None:
    _require_target(user, target)
    sms.send_code(mobile, _purpose(user, target))


def change_mobile(user: User, mobile: str, code: str, target: str) -> None:
    """Replace the number once the code sent to the new number comes back."""
    _require_target(user, target)
    try:
        sms.use_code(mobile, _purpose(user, target), code)
    except ServiceError as err:
        raise AccountError(str(err), "code") from None
    if target == FIRM_CONTACT:
        user.firm.contact_mobile = mobile
        record("mobile_changed", "firm", user.firm_id, actor=user)  # ids only: numbers are personal data
    else:
        user.mobile, user.mobile_verified_at = mobile, utcnow()
        record("mobile_changed", "user", user.id, actor=user)


def _require_target(user: User, target: str) -> None:
    if target not in (FIRM_CONTACT, OWN) or (target == FIRM_CONTACT and not user.can(Permission.FIRM_MANAGE)):
        raise AccountError(_("Only the firm's administrator may change the firm's contact details."))


# --- email addresses ----------------------------------------------------------------------------


def _hash(user_id: int, email: str, code: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, f"email:{user_id}:{email}:{code}".encode(), hashlib.sha256).hexdigest()


def send_email_code(user: User, email: str) -> None:
    email = email.strip().lower()
    if email == user.email:
        raise AccountError(_("This is already your email address."), "email")
    if find_user_by_email(email) is not None:
        raise AccountError(_("This address already has an account on the portal."), "email")
    now = utcnow()
    recent = db.session.scalars(
        select(EmailCode.created_at).where(
            EmailCode.user_id == user.id, EmailCode.created_at > now - timedelta(hours=1)
        )
    ).all()
    if any(at > now - sms.RESEND_AFTER for at in recent):
        raise AccountError(_("A code was sent less than a minute ago. Please wait before asking again."), "email")
    if len(recent) >= sms.CODES_PER_HOUR:
        raise AccountError(_("Too many codes were sent. Please try again in an hour."), "email")
    code = f"{secrets.randbelow(1_000_000):06d}"
    max_age = current_app.config["EMAIL_CODE_MAX_AGE"]
    db.session.add(
        EmailCode(
            user_id=user.id,
            email=email,
            code_hash=_hash(user.id, email, code),
            created_at=now,
            expires_at=now + timedelta(seconds=max_age),
        )
    )
    with force_locale(user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        mail.queue_mail(
            email,
            _("Your code to confirm this email address"),
            render_template("emails/email_code.txt", user=user, code=code, minutes=max_age // 60),
        )


def change_email(user: User, email: str, code: str) -> None:
    email = email.strip().lower()
    now = utcnow()
    row = db.session.scalars(
        select(EmailCode)
        .where(EmailCode.user_id == user.id, func.lower(EmailCode.email) == email, EmailCode.used_at.is_(None))
        .order_by(EmailCode.id.desc())
        .limit(1)
    ).first()
    if row is None or row.expires_at < now:
        raise AccountError(_("The code has expired or was already used. Ask for a new code."), "code")
    if not hmac.compare_digest(row.code_hash, _hash(user.id, email, (code or "").strip())):
        raise AccountError(_("The code is not correct."), "code")
    if find_user_by_email(email) is not None:
        raise AccountError(_("This address already has an account on the portal."), "email")
    row.used_at = now
    previous, user.email = user.email, email
    record("email_changed", "user", user.id, actor=user)
    with force_locale(user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        mail.queue_mail(
            previous,
            _("Your email address on the portal was changed"),
            render_template("emails/email_changed.txt", user=user, old=previous),
        )


def set_contact_name(user: User, name: str) -> None:
    if not user.can(Permission.FIRM_MANAGE):
        raise AccountError(_("Only the firm's administrator may change the firm's contact details."))
    previous, user.firm.contact_name = user.firm.contact_name, name.strip()
    if previous != user.firm.contact_name:
        record("profile_update", "firm", user.firm_id, actor=user, detail={"field": "contact_name"})
