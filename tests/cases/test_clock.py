"""Promised time limits on cases: due dates, the 补正 pause, overdue and on-time marks."""

from __future__ import annotations

from datetime import date

from portal.accounts.models import User
from portal.cases import services
from portal.cases.status import CaseAction
from portal.extensions import db
from tests.fixtures.cases import get_case


def test_clock_over_spring_festival_with_a_pause(app_ctx, firm_user, reviewer, make_case):
    firm = db.session.get(User, firm_user.id)
    staff = db.session.get(User, reviewer.id)
    case = get_case(make_case(firm_user, kind="rights-protection", status="draft"))
    services.submit_case(case, firm)
    case.due_date = None
    # re-run the clock on fixed dates: received Thu 12 Feb 2026, 2 working days to accept
    from portal.cases import clock
    from portal.cases.status import Clock

    clock.move(case, Clock.START_ACCEPTANCE, date(2026, 2, 12))
    assert case.due_date == date(2026, 2, 14)  # Fri 13, then the make-up Saturday 14
    services.transition(case, CaseAction.ACCEPT, staff, on=date(2026, 2, 13))
    assert case.met_deadline is True
    # 10 working days from 13 Feb: 14 (Sat, make-up), 24, 25, 26, 27, 28 (Sat, make-up), Mar 2, 3, 4, 5
    assert case.due_date == date(2026, 3, 5)
    services.transition(case, CaseAction.REQUEST_SUPPLEMENT, staff, reason="请补充证据", on=date(2026, 2, 24))
    assert case.paused_since == date(2026, 2, 24)
    services.transition(case, CaseAction.ANSWER_SUPPLEMENT, firm, on=date(2026, 2, 27))
    # paused for the working days 25, 26, 27 Feb: the due date moves by three working days
    assert case.paused_days == 3 and case.due_date == date(2026, 3, 10)
    assert case.paused_since is None


def test_due_date_for_rights_protection_acceptance(app_ctx, firm_user, make_case):
    from portal.core.timeutil import today_local
    from portal.core.working_days import add_working_days

    case = get_case(make_case(firm_user))
    assert case.clock_phase == "accept"
    assert case.due_date == add_working_days(today_local(), 2)
    assert case.days_left is not None and not case.is_overdue


def test_overdue_and_met_deadline(app_ctx, firm_user, reviewer, make_case):
    staff = db.session.get(User, reviewer.id)
    case = get_case(make_case(firm_user))
    case.due_date = date(2025, 1, 2)
    assert case.is_overdue and case.days_left < 0
    services.transition(case, CaseAction.ACCEPT, staff)
    assert case.met_deadline is False
