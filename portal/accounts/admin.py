"""Administrative account changes: activate, deactivate, change a staff role. All audited."""

from __future__ import annotations

from portal.accounts.models import User
from portal.accounts.services import AccountError, end_sessions
from portal.audit.services import record
from portal.core.permissions import STAFF_ROLES, Role
from portal.i18n import gettext as _


def set_active(user: User, active: bool, actor: User) -> None:
    if user.id == actor.id and not active:
        raise AccountError(_("You cannot deactivate your own account."))
    if user.active == active:
        return
    user.active = active
    if not active:
        end_sessions(user)
    record("account_activated" if active else "account_deactivated", "user", user.id, actor=actor)


def change_role(user: User, role: str, actor: User) -> None:
    if Role(role) not in STAFF_ROLES or not user.is_staff:
        raise AccountError(_("Only staff accounts can be given a staff role."))
    if user.id == actor.id and role != Role.ADMIN:
        raise AccountError(_("You cannot remove your own administrator role."))
    if user.role != role:
        record("role_changed", "user", user.id, actor=actor, from_value=user.role, to_value=role)
        user.role = role
        end_sessions(user)
