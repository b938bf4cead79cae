"""Event kinds and the states of an event and of a registration."""

from __future__ import annotations

from portal.core.enums import LabeledEnum
from portal.i18n import lazy_gettext as _l


class EventKind(LabeledEnum):
    PUBLICITY_DAY = "publicity_day"  # 世界知识产权日, 中国专利周, 国家宪法日 …
    TRAINING = "training"
    SEMINAR = "seminar"
    SCHOOL = "school"  # 知识产权进校园

    __labels__ = {
        "publicity_day": _l("Publicity day"),
        "training": _l("Training"),
        "seminar": _l("Seminar"),
        "school": _l("School activity"),
    }
    __badges__ = {"publicity_day": "info", "training": "primary", "seminar": "success", "school": "warning"}


class EventStatus(LabeledEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    CANCELLED = "cancelled"

    __labels__ = {"draft": _l("Draft"), "published": _l("Published"), "cancelled": _l("Cancelled")}
    __badges__ = {"draft": "secondary", "published": "success", "cancelled": "dark"}


class Audience(LabeledEnum):
    FIRMS = "firms"  # signed-in firm users only
    PUBLIC = "public"  # firms, and anyone with a mobile number

    __labels__ = {"firms": _l("Registered firms"), "public": _l("Firms and the public")}


class RegistrationStatus(LabeledEnum):
    CONFIRMED = "confirmed"
    WAITING = "waiting"
    CANCELLED = "cancelled"

    __labels__ = {"confirmed": _l("Seat confirmed"), "waiting": _l("On the waiting list"), "cancelled": _l("Cancelled")}
    __badges__ = {"confirmed": "success", "waiting": "warning", "cancelled": "secondary"}


ACTIVE = (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING)
