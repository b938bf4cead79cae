"""Account verbs: register a firm, sign in, reset and change passwords, create staff."""

from __future__ import annotations

import functools
import secrets
from dataclasses import dataclass

from flask import current_app, render_template
from flask_babel import force_locale
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from portal.accounts.models import User
from portal.core import mail, sms
from portal.core.db import utcnow
from portal.core.errors import ServiceError
from portal.core.permissions import Role
from portal.core.urls import external_url
from portal.extensions import db
from portal.firms.models import Firm
from portal.i18n import gettext as _

DEMO_EMAILS = frozenset(
    {
        "demo-firm@example.cn",
        "reviewer@example.cn",
        "supervisor@example.cn",
        "editor@example.cn",
        "admin@example.cn",
        "demo-university@example.cn",
        "demo-agency@example.cn",
    }
)


@functools.lru_cache(maxsize=4)
def _dummy_hash(method: str) -> str:
    """Checked when the email is unknown: the same cost as a real sign-in, so timing does not reveal accounts."""
    from werkzeug.security import generate_password_hash

    return generate_password_hash(secrets.token_hex(16), method=method)


class AccountError(ServiceError):
    """A rule about accounts was broken; ``field`` names the form field to show it next to."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def load_user(user_id: str) -> User | None:
    raw_id, _sep, token = (user_id or "").partition(":")
    if not raw_id.isdigit():
        return None
    # a firm user's pages all show their firm: loaded with them, not in a statement of its own
    user = db.session.get(User, int(raw_id), options=[joinedload(User.firm)])
    if user is None or user.session_token != token:
        return None
    return user


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == (email or "").strip().lower()))


@dataclass
class Registration:
    firm_name: str
    credit_code: str
    contact_name: str
    mobile: str
    email: str
    password: str
    locale: str | None = None
    # "pending": the code fails its check digit and waits for staff to check it against the licence
    code_review: str = ""
    sms_code: str = ""  # texted to ``mobile``: registration proves the number


def register_firm(data: Registration) -> User | None:
    """Create the firm and its first user and mail a link to confirm the address.

    A taken credit code is refused (AccountError). A taken email gets the same answer as a new
    one: None is returned, nothing is created, and the address's owner is told by mail.
    """
    if db.session.scalar(select(Firm.id).where(Firm.credit_code == data.credit_code)):
        raise AccountError(
            _(
                "A firm with this unified social credit code is already registered. "
                "Sign in, or ask the firm's existing account holder."
            ),
            "credit_code",
        )
    try:
        sms.use_code(data.mobile, "register", data.sms_code)
    except ServiceError as err:
        raise AccountError(str(err), "sms_code") from None
    existing = find_user_by_email(data.email)
    if existing is not None:
        # the same hashing cost as a real registration, so timing does not reveal the account
        from werkzeug.security import generate_password_hash

        generate_password_hash(data.password, method=current_app.config["PASSWORD_HASH_METHOD"])
        _mail_registration_attempt(existing)
        return None
    firm = Firm(
        name=data.firm_name.strip(),
        credit_code=data.credit_code,
        contact_name=data.contact_name.strip(),
        contact_mobile=data.mobile,
        code_review=data.code_review,
    )
    user = User(
        email=data.email.strip().lower(),
        name=data.contact_name.strip(),
        mobile=data.mobile,
        role=Role.FIRM,
        firm=firm,
        locale=data.locale,
        privacy_consent_at=utcnow(),
        awaiting_confirmation=True,
        mobile_verified_at=utcnow(),
    )
    user.set_password(data.password)
    db.session.add_all([firm, user])
    db.session.flush()
    from portal.accounts import sign_in_links

    sign_in_links.send_sign_in_link(user.email, template="emails/registration_confirm.txt")
    return user


def _mail_registration_attempt(user: User) -> None:
    with force_locale(user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        mail.queue_mail(
            user.email,
            _("Someone tried to register with your email address"),
            render_template(
                "emails/registration_attempt.txt",
                user=user,
                sign_in=external_url("auth.login"),
                reset=external_url("auth.forgot_password"),
            ),
        )


def authenticate(email: str, password: str) -> User | None:
    """The user for these credentials, or None — the same answer whether or not the email exists."""
    user = find_user_by_email(email)
    if user is None:
        from werkzeug.security import check_password_hash

        check_password_hash(_dummy_hash(current_app.config["PASSWORD_HASH_METHOD"]), password or "")
        return None
    if not user.check_password(password or "") or not user.active or user.awaiting_confirmation:
        return None
    if not current_app.config["DEMO_ACCOUNTS_ALLOWED"] and user.email in DEMO_EMAILS:
        return None
    user.last_login_at = utcnow()
    return user


def end_sessions(user: User) -> None:
    """Invalidate every session and remember-cookie of ``user`` (logout everywhere)."""
    from portal.accounts.models import _new_session_token

    user.session_token = _new_session_token()


def change_password(user: User, current: str, new: str) -> None:
    if not user.check_password(current):
        raise AccountError(_("The current password is not correct."), "current_password")
    user.set_password(new)


def create_user(email: str, password: str, role: str, name: str = "", firm: Firm | None = None) -> User:
    if find_user_by_email(email):
        raise AccountError(_("This email address is already registered. Sign in or reset your password."), "email")
    user = User(email=email.lower(), name=name or email.split("@")[0], role=Role(role), firm=firm)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user


# --- password reset ---------------------------------------------------------------------------


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="password-reset")


def make_reset_token(user: User) -> str:
    # The token carries a fingerprint of the current hash: once the password changes it is void (single use).
    return _serializer().dumps({"uid": user.id, "fp": user.password_hash[-16:]})


def user_for_reset_token(token: str) -> User | None:
    try:
        data = _serializer().loads(token, max_age=current_app.config["PASSWORD_RESET_MAX_AGE"])
    except (SignatureExpired, BadSignature):
        return None
    user = db.session.get(User, data.get("uid")) if isinstance(data, dict) else None
    if user is None or user.password_hash[-16:] != data.get("fp") or not user.active:
        return None
    return user


def request_password_reset(email: str) -> None:
    """Mail a reset link when the account exists; say nothing either way."""
    user = find_user_by_email(email)
    if user is None or not user.active:
        return
    link = external_url("auth.reset_password", token=make_reset_token(user))
    with force_locale(user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        mail.queue_mail(
            user.email,
            _("Reset your password"),
            render_template(
                "emails/password_reset.txt",
                user=user,
                link=link,
                minutes=current_app.config["PASSWORD_RESET_MAX_AGE"] // 60,
            ),
        )


def reset_password(user: User, new: str) -> None:
    user.set_password(new)
    user.awaiting_confirmation = False  # the mailed link proved the address
