"""The overdue digest: each holder hears of their overdue and due-soon cases; supervisors of unassigned ones."""

from __future__ import annotations

from collections import defaultdict

from flask import current_app, render_template
from flask_babel import force_locale
from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

from portal.accounts.models import User
from portal.cases.models import Case
from portal.cases.queries import due_soon_condition, overdue_condition
from portal.core import mail
from portal.core.permissions import Role
from portal.core.timeutil import today_local
from portal.extensions import db
from portal.i18n import gettext as _


def send_overdue_digest() -> int:
    """Queue one email per recipient; returns how many were queued."""
    today = today_local()
    cases = list(
        db.session.scalars(
            select(Case)
            .options(joinedload(Case.holder))
            .where(or_(overdue_condition(today), due_soon_condition(today)))
            .order_by(Case.due_date)
        ).unique()
    )
    by_user: dict[int, list[Case]] = defaultdict(list)
    supervisors = list(db.session.scalars(select(User).where(User.role == Role.SUPERVISOR, User.active.is_(True))))
    users = {u.id: u for u in supervisors}
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
            mail.queue_mail(
                user.email,
                _(
                    "Cases overdue: %(overdue)s, due within 3 working days: %(soon)s",
                    overdue=len(overdue),
                    soon=len(soon),
                ),
                render_template("emails/overdue_digest.txt", user=user, overdue=overdue, soon=soon),
            )
    return len(by_user)
