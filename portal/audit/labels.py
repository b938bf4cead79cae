"""Readable names for audit actions and values (stored as codes, translated when shown).

Domain packages above the audit log register their own vocabularies (``register``), so the
audit package never imports them.
"""

from __future__ import annotations

from portal.i18n import lazy_gettext as _l

_ACTIONS: dict[str, object] = {
    "assign": _l("Assigned"),
    "claim": _l("Claimed"),
    "note": _l("Internal note"),
    "message": _l("Message"),
    "download": _l("File downloaded"),
    "file_added": _l("File added"),
    "rate": _l("Service rated"),
    "profile_update": _l("Profile changed"),
    "account_deactivated": _l("Account deactivated"),
    "account_activated": _l("Account reactivated"),
    "role_changed": _l("Role changed"),
    "calendar_day": _l("Calendar day set"),
    "calendar_day_removed": _l("Calendar day removed"),
    "calendar_range": _l("Calendar days set"),
    "calendar_range_removed": _l("Calendar days removed"),
    "deletion_requested": _l("Account deletion requested"),
    "deletion_completed": _l("Account deleted"),
}
_VALUES: dict[str, object] = {}


def register(actions: dict | None = None, values: dict | None = None) -> None:
    _ACTIONS.update(actions or {})
    _VALUES.update(values or {})


def action_label(action: str) -> str:
    label = _ACTIONS.get(action)
    return str(label) if label is not None else action


def value_label(value: str | None) -> str | None:
    label = _VALUES.get(value) if value else None
    return str(label) if label is not None else None


def known_actions() -> list[tuple[str, str]]:
    """(code, label) of every action the portal records, for the audit log's filter."""
    return [(code, str(label)) for code, label in _ACTIONS.items()]
