"""Several users per firm: the administrator invites colleagues, sets their roles, deactivates them.

An invitation is a link mailed to the colleague: single use, expiring after INVITATION_MAX_AGE,
stored only as a hash. The colleague chooses their name and password on it. A firm always keeps
one active administrator: the last one cannot be demoted or deactivated (if they leave anyway,
the firm gets its account back through the credit-code claim, ``portal.accounts.claims``).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask import current_app, render_template
from flask_babel import force_locale
from sqlalchemy import func, select, update

from portal.accounts.models import FirmInvitation, User
from portal.accounts.services import AccountError, end_sessions, find_user_by_email
from portal.audit.labels import register
from portal.audit.services import record
from portal.core import mail
from portal.core.db import utcnow
from portal.core.permissions import FIRM_ROLES, Permission, Role
from portal.core.urls import external_url
from portal.extensions import db
from portal.i18n import gettext as _
from portal.i18n import lazy_gettext as _l

register(
    actions={
        "colleague_invited": _l("Colleague invited"),
        "invitation_revoked": _l("Invitation withdrawn"),
        "invitation_accepted": _l("Invitation accepted"),
        "colleague_role": _l("Colleague's role changed"),
        "colleague_activated": _l("Colleague reactivated"),
        "colleague_deactivated": _l("Colleague deactivated"),
    },
    values={"firm": _l("Firm administrator"), "firm_applicant": _l("Applicant")},
)


def _hash(token: str) -> str:
    return hashlib.sha256((token or "").encode()).hexdigest()


def _require_admin(actor: User) -> None:
    if not actor.can(Permission.FIRM_MANAGE) or actor.firm_id is None:
        raise AccountError(_("Only the firm's administrator may manage colleagues."))


def colleagues(firm_id: int) -> list[User]:
    return list(db.session.scalars(select(User).where(User.firm_id == firm_id).order_by(User.created_at, User.id)))


def open_invitations(firm_id: int) -> list[FirmInvitation]:
    now = utcnow()
    return list(
        db.session.scalars(
            select(FirmInvitation)
            .where(
                FirmInvitation.firm_id == firm_id,
                FirmInvitation.accepted_at.is_(None),
                FirmInvitation.revoked_at.is_(None),
                FirmInvitation.expires_at > now,
            )
            .order_by(FirmInvitation.id.desc())
        )
    )


def invite(actor: User, email: str, role: str) -> FirmInvitation:
    """Mail a colleague a link to join the actor's firm with ``role``."""
    _require_admin(actor)
    email = (email or "").strip().lower()
    if Role(role) not in FIRM_ROLES:
        raise AccountError(_("Choose administrator or applicant."), "role")
    if find_user_by_email(email) is not None:
        raise AccountError(
            _("This address already has an account on the portal. Invite another address of your colleague."), "email"
        )
    for pending in open_invitations(actor.firm_id):
        if pending.email == email:
            pending.revoked_at = utcnow()  # the new link replaces the old one
    token = secrets.token_urlsafe(32)
    now = utcnow()
    invitation = FirmInvitation(
        firm_id=actor.firm_id,
        email=email,
        role=role,
        token_hash=_hash(token),
        invited_by_id=actor.id,
        created_at=now,
        expires_at=now + timedelta(seconds=current_app.config["INVITATION_MAX_AGE"]),
    )
    db.session.add(invitation)
    db.session.flush()
    record("colleague_invited", "firm", actor.firm_id, actor=actor, to_value=role, detail={"invitation": invitation.id})
    with force_locale(actor.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        mail.queue_mail(
            email,
            _("%(name)s invites you to %(firm)s on the portal", name=actor.name, firm=actor.firm.name),
            render_template(
                "emails/invitation.txt",
                inviter=actor,
                firm=actor.firm,
                role=Role(role).label,
                link=external_url("auth.accept_invitation", token=token),
                hours=current_app.config["INVITATION_MAX_AGE"] // 3600,
            ),
        )
    return invitation


def revoke(actor: User, invitation_id: int) -> None:
    _require_admin(actor)
    invitation = db.session.get(FirmInvitation, invitation_id)
    if invitation is None or invitation.firm_id != actor.firm_id:
        raise AccountError(_("This invitation does not exist."))
    if invitation.accepted_at is None and invitation.revoked_at is None:
        invitation.revoked_at = utcnow()
        record("invitation_revoked", "firm", actor.firm_id, actor=actor, detail={"invitation": invitation.id})


def invitation_for(token: str) -> FirmInvitation | None:
    """The invitation behind a link if it can still be used; None for unknown, used, revoked or expired."""
    invitation = db.session.scalar(select(FirmInvitation).where(FirmInvitation.token_hash == _hash(token)))
    if invitation is None or not invitation.usable(utcnow()):
        return None
    return invitation


def accept(invitation: FirmInvitation, name: str, mobile: str, password: str, locale: str | None) -> User:
    """Create the colleague's account; of two requests racing with one link, only one succeeds."""
    if find_user_by_email(invitation.email) is not None:
        raise AccountError(_("This address already has an account on the portal. Sign in instead."))
    now = utcnow()
    claimed = db.session.execute(
        update(FirmInvitation)
        .where(
            FirmInvitation.id == invitation.id,
            FirmInvitation.accepted_at.is_(None),
            FirmInvitation.revoked_at.is_(None),
            FirmInvitation.expires_at > now,
        )
        .values(accepted_at=now)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        raise AccountError(_("This invitation has already been used or has expired. Ask your administrator again."))
    user = User(
        email=invitation.email,
        name=name.strip(),
        mobile=mobile or None,
        role=invitation.role,
        firm_id=invitation.firm_id,
        locale=locale,
        privacy_consent_at=now,
        last_login_at=now,
    )
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    db.session.execute(
        update(FirmInvitation)
        .where(FirmInvitation.id == invitation.id)
        .values(accepted_user_id=user.id)
        .execution_options(synchronize_session=False)
    )
    record("invitation_accepted", "user", user.id, actor=user, to_value=invitation.role)
    return user


def _colleague(actor: User, user_id: int) -> User:
    _require_admin(actor)
    user = db.session.get(User, user_id)
    if user is None or user.firm_id != actor.firm_id:
        raise AccountError(_("This colleague does not exist."))
    return user


def _other_active_admins(user: User) -> int:
    return (
        db.session.scalar(
            select(func.count(User.id)).where(
                User.firm_id == user.firm_id, User.role == Role.FIRM, User.active.is_(True), User.id != user.id
            )
        )
        or 0
    )


def set_role(actor: User, user_id: int, role: str) -> User:
    user = _colleague(actor, user_id)
    if Role(role) not in FIRM_ROLES:
        raise AccountError(_("Choose administrator or applicant."), "role")
    if user.role == role:
        return user
    if user.role == Role.FIRM and not _other_active_admins(user):
        raise AccountError(_("The firm needs an administrator: make a colleague administrator first."))
    previous, user.role = user.role, role
    record("colleague_role", "user", user.id, actor=actor, from_value=previous, to_value=role)
    return user


def set_active(actor: User, user_id: int, active: bool) -> User:
    user = _colleague(actor, user_id)
    if user.active == active:
        return user
    if not active:
        if user.id == actor.id:
            raise AccountError(_("You cannot deactivate your own account here."))
        if user.role == Role.FIRM and not _other_active_admins(user):
            raise AccountError(_("The firm needs an administrator: make a colleague administrator first."))
        end_sessions(user)
    user.active = active
    record("colleague_activated" if active else "colleague_deactivated", "user", user.id, actor=actor)
    return user
