"""Tell people about case events through the channels each chose (``portal.cases.preferences``): an
in-app notification, an email in their language, an SMS to a verified mobile. Each message says what
happened and what to do next (for a 补正, the list of materials asked for)."""

from __future__ import annotations

from flask import current_app, render_template
from flask_babel import force_locale
from sqlalchemy import select

from portal.accounts.models import User
from portal.cases.models import NOTIFICATION_GENERATION, Case, Notification
from portal.cases.preferences import Channel, EventKind, channels_for, kind_of
from portal.core import mail, sms
from portal.core.permissions import Permission
from portal.core.shared_cache import changed_in_bulk
from portal.core.urls import external_url
from portal.extensions import db
from portal.i18n import gettext as _


def firm_users(case: Case) -> list[User]:
    """The firm's active users who see the case: its administrators and the colleague who filed it."""
    users = db.session.scalars(select(User).where(User.firm_id == case.firm_id, User.active.is_(True)))
    return [u for u in users if u.can(Permission.FIRM_CASES_ALL) or u.id == case.created_by_id]


def supervisors() -> list[User]:
    """Everyone who handles objections and confirms outcomes."""
    from portal.core.permissions import Permission, Role, role_has

    roles = [r.value for r in Role if role_has(r, Permission.OBJECTION_HANDLE)]
    return list(db.session.scalars(select(User).where(User.role.in_(roles), User.active.is_(True))))


def notify(users, case: Case, event: str, to_status: str | None = None, detail: str | None = None) -> None:
    """``detail``: what the firm must act on, e.g. the materials a 补正 asks for (shown in every channel)."""
    kind = kind_of(event, to_status)
    detail = (detail or "").strip() or None
    for user in users:
        channels = channels_for(user.id, kind)
        if Channel.IN_APP in channels:
            db.session.add(
                Notification(user_id=user.id, case_id=case.id, event=event, to_status=to_status, detail=detail)
            )
        if Channel.EMAIL in channels:
            _queue_email(user, case, event, to_status, detail)
        if Channel.SMS in channels and user.verified_mobile:
            _queue_sms(user, case, event, to_status, kind)


def _queue_email(user: User, case: Case, event: str, to_status: str | None, detail: str | None) -> None:
    # links come from the configured base URL, never from the request's Host header
    if user.is_staff:
        link = external_url("staff.case_detail", reference=case.reference) if case.reference else ""
    else:
        link = external_url("firm.case_detail", key=case.url_key)
    with force_locale(user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        text = describe(event, to_status, case)
        subject = _("[%(reference)s] %(text)s", reference=case.reference or "", text=text)
        body = render_template(
            "emails/case_event.txt",
            user=user,
            case=case,
            text=text,
            todo=what_to_do(event, to_status, case),
            detail=detail,
            link=link,
        )
        mail.queue_mail(user.email, subject, body)


def _queue_sms(user: User, case: Case, event: str, to_status: str | None, kind: EventKind) -> None:
    """Short: what happened and what to do; the details are on the case page (never answers or names)."""
    with force_locale(user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        text = _(
            "%(reference)s: %(what)s %(todo)s",
            reference=case.reference or "",
            what=describe(event, to_status, case),
            todo=what_to_do(event, to_status, case),
        )
        sms.queue_sms(user.verified_mobile or "", text)


def what_to_do(event: str, to_status: str | None, case: Case | None = None) -> str:
    """The next step for the reader, in the current locale ("" when there is nothing to do)."""
    from portal.cases.status import CaseStatus

    kind = kind_of(event, to_status)
    due = case.reply_due.isoformat() if case is not None and case.reply_due else ""
    if kind in (EventKind.SUPPLEMENT, EventKind.REMINDER):
        if due:
            return _("Send the material listed on the case page by %(date)s.", date=due)
        return _("Send the material listed on the case page.")
    if kind == EventKind.MESSAGE:
        return _("Read it and answer on the case page.")
    if event == "firm_message" or event == "supplement_answered":
        return _("Read it on the case page and continue the review.")
    if event == "assigned":
        return _("Open the case and start on it.")
    if event in ("objection", "notice_ended"):
        return _("Open the case and decide.")
    if to_status in (CaseStatus.NOT_ACCEPTED, CaseStatus.REJECTED, CaseStatus.NOT_RECOGNISED):
        return _("Read the reason on the case page.")
    if to_status == CaseStatus.ACCEPTED:
        return _("Nothing to do now: we will tell you of the decision.")
    if to_status in (CaseStatus.APPROVED, CaseStatus.RECOGNISED, CaseStatus.RECOMMENDED):
        return _("See the outcome on the case page.")
    return ""


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


def unread_count(user_id: int) -> int:
    """The user's unread notifications (the menu's badge on every page), kept in the shared cache until
    a notification is added or read: counted once per change, not on every page."""
    from sqlalchemy import func

    from portal.core.shared_cache import remember

    return remember(
        f"unread:{user_id}",
        (NOTIFICATION_GENERATION,),
        lambda: (
            db.session.scalar(
                select(func.count(Notification.id)).where(
                    Notification.user_id == user_id, Notification.read_at.is_(None)
                )
            )
            or 0
        ),
    )


def mark_all_read(user_id: int) -> None:
    from sqlalchemy import update

    from portal.core.db import utcnow

    db.session.execute(
        update(Notification)
        .where(Notification.user_id == user_id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
    changed_in_bulk(db.session, NOTIFICATION_GENERATION)  # the menu's unread count


def mark_case_read(user_id: int, case_id: int) -> None:
    """Opening a case reads the user's notifications about it (the unread badge counts the rest)."""
    from sqlalchemy import update

    from portal.core.db import utcnow

    db.session.execute(
        update(Notification)
        .where(Notification.user_id == user_id, Notification.case_id == case_id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
    changed_in_bulk(db.session, NOTIFICATION_GENERATION)  # the menu's unread count
