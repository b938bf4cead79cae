"""Daily messages: the overdue digest (each holder hears of their overdue and due-soon cases, supervisors of
unassigned ones and of notices that ended), the "notice ended" notification of each case whose outcome can
now be confirmed, and reminders to firms before a 补正 reply deadline."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from flask import current_app, render_template
from flask_babel import force_locale
from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

from portal.calendar import services as calendar
from portal.cases import notifications
from portal.cases.clock import due_soon_days
from portal.cases.models import Case
from portal.cases.queries import due_soon_condition, overdue_condition
from portal.cases.queue import QUEUES
from portal.cases.status import AWAITING_FIRM, CaseStatus, no_open_objection, notice_ended
from portal.core import mail
from portal.core.permissions import Permission
from portal.core.timeutil import today_local
from portal.core.working_days import add_working_days
from portal.extensions import db
from portal.i18n import gettext as _


def send_overdue_digest() -> int:
    """Queue one email per recipient; returns how many were queued. The daily run also tells staff of
    each notice that has ended (``send_notice_ended``)."""
    calendar.refresh_if_stale()  # days entered by staff count here too
    today = today_local()
    send_notice_ended(today)
    cases = list(
        db.session.scalars(
            select(Case)
            .options(joinedload(Case.holder))
            .where(or_(overdue_condition(today), due_soon_condition(today)))
            .order_by(Case.due_date)
        ).unique()
    )
    by_user: dict[int, list[Case]] = defaultdict(list)
    supervisors = notifications.supervisors()
    users = {u.id: u for u in supervisors}
    ended = list(db.session.scalars(select(Case).where(QUEUES["outcome_due"].condition(None, today))))
    if ended:
        for supervisor in supervisors:
            by_user.setdefault(supervisor.id, [])
    for case in cases:
        if case.holder is not None and case.holder.active:
            by_user[case.holder.id].append(case)
            users[case.holder.id] = case.holder
        else:
            for supervisor in supervisors:
                by_user[supervisor.id].append(case)
    for user_id, user_cases in by_user.items():
        user = users[user_id]
        with force_locale(user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
            overdue = [c for c in user_cases if c.is_overdue]
            soon = [c for c in user_cases if not c.is_overdue]
            to_confirm = ended if user in supervisors else []
            mail.queue_mail(
                user.email,
                _(
                    "Cases overdue: %(overdue)s, due within %(days)s working days: %(soon)s",
                    overdue=len(overdue),
                    days=due_soon_days(),
                    soon=len(soon),
                ),
                render_template(
                    "emails/overdue_digest.txt",
                    user=user,
                    overdue=overdue,
                    soon=soon,
                    to_confirm=to_confirm,
                    days=due_soon_days(),
                ),
            )
    return len(by_user)


def send_notice_ended(today: date) -> int:
    """Tell staff once per notice that a case's public notice has ended and its outcome can be confirmed;
    returns how many cases were told. A case with an open objection waits: it cannot be confirmed until the
    objection is concluded (the same guard as the confirming rows of ``status``), and is told then. A
    case nobody active can confirm (no holder, no supervisor) is told on the first run that finds one."""
    candidates = db.session.scalars(
        select(Case)
        .options(joinedload(Case.holder))
        .where(
            Case.status == CaseStatus.PUBLICITY,
            Case.publicity_end < today,
            # the column keeps the end already told of: a notice started again has another end
            or_(Case.notice_end_notified_for.is_(None), Case.notice_end_notified_for != Case.publicity_end),
        )
    ).unique()
    cases = [c for c in candidates if notice_ended(c, today) and no_open_objection(c, today)]
    supervisors = notifications.supervisors() if cases else []
    told = 0
    for case in cases:
        people = _who_confirms(case, supervisors)
        if not people:  # nobody active can confirm yet: marked only once someone has been told
            continue
        notifications.notify(people, case, "notice_ended")
        case.notice_end_notified_for = case.publicity_end
        told += 1
    db.session.flush()
    return told


def _who_confirms(case: Case, supervisors: list) -> list:
    """The holder; the supervisors as well when nobody active holds the case or the holder may not confirm
    an outcome (a reviewer), so that someone who can act is told, as for an objection."""
    holder = case.holder if case.holder is not None and case.holder.active else None
    if holder is not None and holder.can(Permission.CASE_RECOGNISE):
        return [holder]
    people = {u.id: u for u in supervisors}
    if holder is not None:
        people.setdefault(holder.id, holder)
    return list(people.values())


REMIND_BEFORE_WORKING_DAYS = 3


def send_reply_reminders() -> int:
    """Remind firms whose 补正 reply deadline is near (once per request); returns how many cases were told."""
    calendar.refresh_if_stale()
    today = today_local()
    horizon = add_working_days(today, current_app.config.get("REPLY_REMINDER_WORKING_DAYS", REMIND_BEFORE_WORKING_DAYS))
    cases = list(
        db.session.scalars(
            select(Case).where(
                Case.status.in_([s.value for s in AWAITING_FIRM]),
                Case.reply_due.is_not(None),
                Case.reply_due >= today,
                Case.reply_due <= horizon,
                Case.reply_reminded_on.is_(None),
            )
        )
    )
    for case in cases:
        notifications.notify(notifications.firm_users(case), case, "reply_reminder")
        case.reply_reminded_on = today
    db.session.flush()
    return len(cases)
