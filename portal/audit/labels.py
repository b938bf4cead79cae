"""Readable names for audit actions (stored as values, translated when shown)."""

from __future__ import annotations

from portal.i18n import lazy_gettext as _l

OTHER_ACTIONS = {
    "assign": _l("Assigned"),
    "note": _l("Internal note"),
    "message": _l("Message"),
    "download": _l("File downloaded"),
    "file_added": _l("File added"),
    "objection": _l("Objection filed"),
    "rate": _l("Service rated"),
    "profile_update": _l("Profile changed"),
    "account_deactivated": _l("Account deactivated"),
    "account_activated": _l("Account reactivated"),
    "role_changed": _l("Role changed"),
    "calendar_day": _l("Calendar day set"),
    "calendar_day_removed": _l("Calendar day removed"),
    "deletion_requested": _l("Account deletion requested"),
    "deletion_completed": _l("Account deleted"),
}


def action_label(action: str) -> str:
    from portal.cases.status import CaseAction

    try:
        return CaseAction(action).label
    except ValueError:
        label = OTHER_ACTIONS.get(action)
        return str(label) if label else action
