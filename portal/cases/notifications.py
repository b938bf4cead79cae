"""Tell people about case events: an in-app notification plus an email in their language."""

from __future__ import annotations

from flask import current_app, render_template
from flask_babel import force_locale
from sqlalchemy import select

from portal.accounts.models import User
from portal.cases.models import Case, Notification
from portal.core import mail
from portal.core.urls import external_url
from portal.extensions import db
from portal.i18n import gettext as _
from portal.i18n import lazy_gettext as _l


def firm_users(case: Case) -> list[User]:
    return list(db.session.scalars(select(User).where(User.firm_id == case.firm_id, User.active.is_(True))))


def supervisors() -> list[User]:
    """Everyone who handles objections and confirms outcomes."""
    from portal.core.permissions import Permission, Role, role_has

    roles = [r.value for r in Role if role_has(r, Permission.OBJECTION_HANDLE)]
    return list(db.session.scalars(select(User).where(User.role.in_(roles), User.active.is_(True))))


def notify(users, case: Case, event: str, to_status: str | None = None) -> None:
    for user in users:
        db.session.add(Notification(user_id=user.id, case_id=case.id, event=event, to_status=to_status))
        if wants_email(user, event):
            _queue_email(user, case, event, to_status)


# the inbox events a staff member may also receive by email (preferences page); firms get every email
STAFF_EMAIL_EVENTS: dict[str, object] = {
    "assigned": _l("A case was assigned to me"),
    "supplement_answered": _l("A firm sent the requested material (补正)"),
    "firm_message": _l("A firm sent a message"),
    "objection": _l("An objection arrived"),
    "notice_ended": _l("A public notice ended"),
    "status": _l("Another status change on a case I hold or supervise"),
}


def email_events(user_id: int) -> list[str]:
    """The events ``user_id`` wants by email: every one until they choose."""
    from portal.cases.desk_models import NotificationPreference

    row = db.session.get(NotificationPreference, user_id)
    return list(STAFF_EMAIL_EVENTS) if row is None else [e for e in row.email_events if e in STAFF_EMAIL_EVENTS]


def wants_email(user: User, event: str) -> bool:
    if not user.is_staff:
        return True
    return (event if event in STAFF_EMAIL_EVENTS else "status") in email_events(user.id)


def set_email_events(user: User, events: list[str]) -> None:
    from portal.cases.desk_models import NotificationPreference

    chosen = [e for e in STAFF_EMAIL_EVENTS if e in set(events)]
    row = db.session.get(NotificationPreference, user.id)
    if row is None:
        db.session.add(NotificationPreference(user_id=user.id, email_events=chosen))
    else:
        row.email_events = chosen
    db.session.flush()


def _queue_email(user: User, case: Case, event: str, to_status: str | None) -> None:
    # links come from the configured base URL, never from the request's Host header
    if user.is_staff:
        link = external_url("staff.case_detail", reference=case.reference) if case.reference else ""
    else:
        link = external_url("firm.case_detail", key=case.url_key)
    with force_locale(user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        text = describe(event, to_status, case)
        subject = _("[%(reference)s] %(text)s", reference=case.reference or "", text=text)
        body = render_template("emails/case_event.txt", user=user, case=case, text=text, link=link)
        mail.queue_mail(user.email, subject, body)


def describe(event: str, to_status: str | None, case: Case | None = None) -> str:
    """The sentence for a notification, in the current locale (stored rows keep only the event)."""
    from portal.cases.status import CaseStatus

    if event == "message":
        return _("New message about your case")
    if event == "firm_message":
        return _("The firm sent a message")
    if event == "objection":
        return _("An objection was filed during the public notice")
    if event == "supplement_answered":
        return _("The firm sent the requested material")
    if event == "assigned":
        return _("A case was assigned to you")
    if event == "reply_reminder":
        return _(
            "Reminder: send the requested material by %(date)s",
            date=case.reply_due.isoformat() if case is not None and case.reply_due else "",
        )
    if event == "low_rating":
        return _("A firm rated a service below fairly satisfied: follow it up")
    if event == "extension_requested":
        return _("An extension of the time limit waits for your decision")
    if event == "extension_approved":
        return _(
            "The time limit of your case was extended to %(date)s",
            date=case.due_date.isoformat() if case is not None and case.due_date else "",
        )
    if event == "extension_decided":
        return _("A supervisor decided on the extension you asked for")
    if event == "notice_ended":
        return _("The public notice has ended: confirm the outcome")
    if to_status:
        return _("Status changed to “%(status)s”", status=CaseStatus(to_status).label)
    return event


def message_posted(case: Case, from_staff: bool) -> None:
    if from_staff:
        notify(firm_users(case), case, "message")
    elif case.holder is not None:
        notify([case.holder], case, "firm_message")


def objection_concluded(objection, address: str) -> None:
    """The objector gave an email address: tell them the conclusion (they have no account)."""
    locale = current_app.config["BABEL_DEFAULT_LOCALE"]
    with force_locale(locale):
        case = objection.case
        subject = _("[%(reference)s] Your objection has been concluded", reference=case.reference)
        body = render_template("emails/objection_concluded.txt", objection=objection, case=case)
        mail.queue_mail(address, subject, body)


def recent(user_id: int, limit: int = 100) -> list[Notification]:
    """A user's notifications, newest first, with their cases."""
    from sqlalchemy.orm import selectinload

    return list(
        db.session.scalars(
            select(Notification)
            .options(selectinload(Notification.case))
            .where(Notification.user_id == user_id)
            .order_by(Notification.id.desc())
            .limit(limit)
        )
    )


def mark_all_read(user_id: int) -> None:
    from sqlalchemy import update

    from portal.core.db import utcnow

    db.session.execute(
        update(Notification)
        .where(Notification.user_id == user_id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )


def mark_case_read(user_id: int, case_id: int) -> None:
    """Opening a case reads the user's notifications about it (the unread badge counts the rest)."""
    from sqlalchemy import update

    from portal.core.db import utcnow

    db.session.execute(
        update(Notification)
        .where(Notification.user_id == user_id, Notification.case_id == case_id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
