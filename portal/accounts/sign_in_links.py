"""One-time sign-in links: the owner of an account whose password sign-in is throttled still gets in.

The per-account login limit stops password guessing, but would also lock the owner out for as
long as someone keeps guessing. The owner asks for a link instead; it goes to the account's own
address, works once (signing in changes its fingerprint) and expires after SIGN_IN_LINK_MAX_AGE.
"""

from __future__ import annotations

import hashlib

from flask import current_app, render_template
from flask_babel import force_locale
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import update

from portal.accounts.models import User
from portal.accounts.services import DEMO_EMAILS, find_user_by_email
from portal.core import mail
from portal.core.db import utcnow
from portal.core.urls import external_url
from portal.extensions import db
from portal.i18n import gettext as _


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="sign-in-link")


def _fingerprint(user: User) -> str:
    # changes when the user signs in (any way), signs out everywhere or changes the password
    state = f"{user.session_token}|{user.last_login_at}|{user.password_hash[-16:]}"
    return hashlib.sha256(state.encode()).hexdigest()[:24]


def _may_sign_in(user: User | None) -> bool:
    if user is None or not user.active:
        return False
    return current_app.config["DEMO_ACCOUNTS_ALLOWED"] or user.email not in DEMO_EMAILS


def send_sign_in_link(email: str, template: str = "emails/sign_in_link.txt") -> None:
    """Mail a one-time link when the account exists and may sign in; say nothing either way.

    The link also confirms a newly registered address (``emails/registration_confirm.txt``).
    """
    user = find_user_by_email(email)
    if not _may_sign_in(user):
        return
    token = _serializer().dumps({"uid": user.id, "fp": _fingerprint(user)})
    with force_locale(user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        mail.queue_mail(
            user.email,
            _("Confirm your email address") if user.awaiting_confirmation else _("Your one-time sign-in link"),
            render_template(
                template,
                user=user,
                link=external_url("auth.sign_in_with_link", token=token),
                minutes=current_app.config["SIGN_IN_LINK_MAX_AGE"] // 60,
            ),
        )


def user_for_sign_in_token(token: str) -> User | None:
    try:
        data = _serializer().loads(token, max_age=current_app.config["SIGN_IN_LINK_MAX_AGE"])
    except (SignatureExpired, BadSignature):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("uid"), int):
        return None
    user = db.session.get(User, data["uid"])
    if not _may_sign_in(user) or _fingerprint(user) != data.get("fp"):
        return None
    return user


def use_sign_in_link(user: User) -> bool:
    """Record the sign-in, so the link's fingerprint no longer matches; False if it was just used.

    A conditional update: of two requests racing with the same link, only one changes the row.
    """
    seen = user.last_login_at
    when = User.last_login_at.is_(None) if seen is None else User.last_login_at == seen
    result = db.session.execute(
        update(User)
        .where(User.id == user.id, User.session_token == user.session_token, when)
        .values(last_login_at=utcnow(), awaiting_confirmation=False)
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(user)
    return result.rowcount == 1
