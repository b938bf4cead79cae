"""How each user wants to hear of each kind of case event: in the portal, by email, by SMS.

A user with no stored choice for a kind gets its default: 补正 requests and decisions come by all
three channels (they start a deadline or end the case), everything else in the portal and by email.
SMS goes only to a verified mobile number.
"""

from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, Integer, String, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column

from portal.cases.status import CaseStatus
from portal.core.enums import LabeledEnum
from portal.extensions import Model, db
from portal.i18n import lazy_gettext as _l


class EventKind(LabeledEnum):
    SUPPLEMENT = "supplement"
    DECISION = "decision"
    PROGRESS = "progress"
    MESSAGE = "message"
    REMINDER = "reminder"
    CASE_WORK = "case_work"  # staff: assignments, the firm's replies and messages, objections

    __labels__ = {
        "supplement": _l("补正 requests: material or corrections asked of you"),
        "decision": _l("Decisions: accepted, not accepted, approved, rejected, recognised"),
        "progress": _l("Other progress of a case"),
        "message": _l("Messages from the district IP section"),
        "reminder": _l("Reminders of a reply deadline"),
        "case_work": _l("Case work: assignments, firms' replies and messages, objections"),
    }


class Channel(LabeledEnum):
    IN_APP = "in_app"
    EMAIL = "email"
    SMS = "sms"

    __labels__ = {"in_app": _l("In the portal"), "email": _l("Email"), "sms": _l("SMS")}


ALL = frozenset(Channel)
DEFAULTS: dict[EventKind, frozenset[Channel]] = {
    EventKind.SUPPLEMENT: ALL,
    EventKind.DECISION: ALL,
    EventKind.PROGRESS: frozenset({Channel.IN_APP, Channel.EMAIL}),
    EventKind.MESSAGE: frozenset({Channel.IN_APP, Channel.EMAIL}),
    EventKind.REMINDER: frozenset({Channel.IN_APP, Channel.EMAIL}),
    EventKind.CASE_WORK: frozenset({Channel.IN_APP, Channel.EMAIL}),
}
FIRM_KINDS = (EventKind.SUPPLEMENT, EventKind.DECISION, EventKind.PROGRESS, EventKind.MESSAGE, EventKind.REMINDER)
STAFF_KINDS = (EventKind.CASE_WORK, EventKind.DECISION, EventKind.PROGRESS)

SUPPLEMENT_STATES = frozenset({CaseStatus.CORRECTION_REQUESTED, CaseStatus.SUPPLEMENT_REQUESTED})
DECISION_STATES = frozenset(
    {
        CaseStatus.ACCEPTED,
        CaseStatus.NOT_ACCEPTED,
        CaseStatus.APPROVED,
        CaseStatus.REJECTED,
        CaseStatus.RECOMMENDED,
        CaseStatus.RECOGNISED,
        CaseStatus.NOT_RECOGNISED,
    }
)
STAFF_EVENTS = frozenset({"firm_message", "supplement_answered", "assigned", "objection", "notice_ended"})


class NotificationPreference(Model):
    """One user's channels for one kind of event (absent: the kind's default)."""

    __tablename__ = "notification_preferences"
    __table_args__ = (UniqueConstraint("user_id", "kind", name="uq_notification_preferences_user_kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    in_app: Mapped[bool] = mapped_column(Boolean, default=True)
    email: Mapped[bool] = mapped_column(Boolean, default=True)
    sms: Mapped[bool] = mapped_column(Boolean, default=False)

    @property
    def channels(self) -> frozenset[Channel]:
        return frozenset(c for c in Channel if getattr(self, c.value))


def kind_of(event: str, to_status: str | None) -> EventKind:
    if event == "message":
        return EventKind.MESSAGE
    if event == "reply_reminder":
        return EventKind.REMINDER
    if event in STAFF_EVENTS:
        return EventKind.CASE_WORK
    if to_status in SUPPLEMENT_STATES:
        return EventKind.SUPPLEMENT
    if to_status in DECISION_STATES:
        return EventKind.DECISION
    return EventKind.PROGRESS


def kinds_for(user) -> tuple[EventKind, ...]:
    return STAFF_KINDS if user.is_staff else FIRM_KINDS


def preferences_for(user_id: int) -> dict[EventKind, frozenset[Channel]]:
    """Every kind with the user's channels (stored, or the default)."""
    chosen = dict(DEFAULTS)
    for row in db.session.scalars(select(NotificationPreference).where(NotificationPreference.user_id == user_id)):
        if row.kind in EventKind._value2member_map_:
            chosen[EventKind(row.kind)] = row.channels
    return chosen


def channels_for(user_id: int, kind: EventKind) -> frozenset[Channel]:
    row = db.session.scalar(
        select(NotificationPreference).where(
            NotificationPreference.user_id == user_id, NotificationPreference.kind == kind.value
        )
    )
    return row.channels if row is not None else DEFAULTS[kind]


def save_preferences(user, choices: dict[EventKind, set[Channel]]) -> None:
    """Store the user's channels for each kind given (kinds not given keep what they had)."""
    stored = {
        row.kind: row
        for row in db.session.scalars(select(NotificationPreference).where(NotificationPreference.user_id == user.id))
    }
    for kind, channels in choices.items():
        row = stored.get(kind.value) or NotificationPreference(user_id=user.id, kind=kind.value)
        row.in_app, row.email, row.sms = (c in channels for c in (Channel.IN_APP, Channel.EMAIL, Channel.SMS))
        db.session.add(row)
