"""Tell people about case events: an in-app notification plus an email in their language."""

from __future__ import annotations

from flask import current_app, has_request_context, render_template, url_for
from flask_babel import force_locale
from sqlalchemy import select

from portal.accounts.models import User
from portal.cases.models import Case, Notification
from portal.core import mail
from portal.extensions import db
from portal.i18n import gettext as _


def _firm_users(case: Case) -> list[User]:
    return list(db.session.scalars(select(User).where(User.firm_id == case.firm_id, User.active.is_(True))))


def notify(users, case: Case, event: str, to_status: str | None = None) -> None:
    for user in users:
        db.session.add(Notification(user_id=user.id, case_id=case.id, event=event, to_status=to_status))
        _queue_email(user, case, event, to_status)


def _queue_email(user: User, case: Case, event: str, to_status: str | None) -> None:
    if not has_request_context():
        link = ""
    elif user.is_staff:
        link = url_for("staff.case_detail", reference=case.reference or "", _external=True) if case.reference else ""
    else:
        link = url_for("firm.case_detail", key=case.url_key, _external=True)
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
    if to_status:
        return _("Status changed to “%(status)s”", status=CaseStatus(to_status).label)
    return event


def status_changed(case: Case, action) -> None:
    """Called by ``transition`` after the status moved: the firm hears of staff actions, the holder of the firm's."""
    from portal.cases.status import CaseAction

    if action in (CaseAction.ANSWER_SUPPLEMENT, CaseAction.WITHDRAW):
        if case.holder is not None:
            event = "supplement_answered" if action == CaseAction.ANSWER_SUPPLEMENT else "status"
            notify([case.holder], case, event, case.status if event == "status" else None)
        if action == CaseAction.WITHDRAW:
            notify(_firm_users(case), case, "status", case.status)
        return
    notify(_firm_users(case), case, "status", case.status)


def message_posted(case: Case, from_staff: bool) -> None:
    if from_staff:
        notify(_firm_users(case), case, "message")
    elif case.holder is not None:
        notify([case.holder], case, "firm_message")
