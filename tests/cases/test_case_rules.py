"""Case rules of record: clocks that follow the calendar, 补正 before 受理, holding, numbering,
recommendation outcomes and objections, checked through the services (no HTTP)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portal.accounts.models import User
from portal.audit.models import AuditEvent
from portal.calendar import services as calendar
from portal.cases import clock, objections, queries, services
from portal.cases import queue as case_queue
from portal.cases.digest import send_overdue_digest, send_reply_reminders
from portal.cases.models import Case, Notification
from portal.cases.status import CaseAction, CaseStatus
from portal.core.db import commit
from portal.core.errors import ServiceError
from portal.core.working_days import add_working_days
from portal.extensions import db
from tests.fixtures.cases import get_case


def _user(fixture) -> User:
    return db.session.get(User, fixture.id)


def _accept_on(case, staff, day: date):
    services.transition(case, CaseAction.ACCEPT, staff, on=day)


# --- clocks -----------------------------------------------------------------------------------


def test_entering_a_holiday_moves_the_due_date_of_open_cases(app_ctx, firm_user, supervisor, make_case):
    """A 30-working-day case accepted on 2026-11-25 is due 2027-01-06 until 2027-01-01 is a holiday."""
    case = get_case(make_case(firm_user, kind="brand-demonstration"))
    staff = _user(supervisor)
    _accept_on(case, staff, date(2026, 11, 25))
    assert case.due_date == date(2027, 1, 6)
    moved = clock.set_calendar_day(date(2027, 1, 1), False, "元旦", staff)
    assert moved == 1 and case.due_date == date(2027, 1, 7)
    # removing the day moves it back
    row = next(d for d in calendar.all_days() if d.day == date(2027, 1, 1))
    clock.remove_calendar_day(row, staff)
    assert case.due_date == date(2027, 1, 6)


def test_an_approved_extension_is_part_of_the_recomputed_due_date(
    app_ctx, firm_user, reviewer, create_staff, make_case
):
    """Accepted 2026-11-25 with 30 working days: due 2027-01-06; 3 more working days: 2027-01-11; a holiday
    entered later moves the extended date again."""
    from portal.cases import time_extensions

    case = get_case(make_case(firm_user, kind="brand-demonstration", holder=reviewer))
    staff, supervisor = _user(reviewer), db.session.get(User, create_staff("supervisor").id)
    _accept_on(case, staff, date(2026, 11, 25))
    extension = time_extensions.request_extension(case, staff, 3, "需向商标局核实注册信息。")
    assert case.due_date == date(2027, 1, 6)
    with pytest.raises(time_extensions.ExtensionError):
        time_extensions.decide(extension, staff, True)  # a reviewer does not decide
    time_extensions.decide(extension, supervisor, True)
    assert case.due_date == date(2027, 1, 11) and extension.due_after == date(2027, 1, 11)
    clock.set_calendar_day(date(2027, 1, 1), False, "元旦", supervisor)
    assert case.due_date == date(2027, 1, 12)
    # starting the review keeps the decision clock, extension included
    services.transition(case, CaseAction.START_REVIEW, staff, on=date(2026, 11, 26))
    assert case.due_date == date(2027, 1, 12)


def test_entered_days_count_outside_a_request(app, firm_user, supervisor, make_case):
    """The CLI and the digest read staff-entered days from the database, not only the web workers."""
    from portal.calendar.models import CalendarDay
    from portal.core.db import commit

    with app.app_context():
        db.session.add(CalendarDay(day=date(2027, 1, 4), is_workday=False, note="测试", created_by_id=None))
        commit()
        calendar.forget()  # a fresh process: nothing loaded yet
    with app.app_context():
        case = get_case(make_case(firm_user, kind="brand-demonstration"))
        _accept_on(case, _user(supervisor), date(2026, 11, 25))
        # 2027-01-04 is skipped: one day later than the weekday count
        assert case.due_date == date(2027, 1, 7)


def test_rejection_while_waiting_for_the_firm_does_not_count_the_pause(app_ctx, firm_user, reviewer, make_case):
    case = get_case(make_case(firm_user, kind="rights-protection"))
    staff, firm = _user(reviewer), _user(firm_user)
    _accept_on(case, staff, date(2026, 3, 2))  # due 10 working days later: 2026-03-16
    assert case.due_date == date(2026, 3, 16)
    services.transition(case, CaseAction.REQUEST_SUPPLEMENT, staff, reason="请补充证据", on=date(2026, 3, 13))
    # the firm never answers; after the reply deadline the case is rejected on 2026-04-10
    assert case.reply_due == add_working_days(date(2026, 3, 13), 15)
    services.transition(case, CaseAction.REJECT, staff, reason="逾期未补正", on=date(2026, 4, 10))
    # 1 working day had been used of the phase's remaining days; the pause is not held against the office
    assert case.met_deadline is True
    assert case.working_days_taken is not None and case.status == CaseStatus.REJECTED
    assert firm is not None


def test_reject_from_supplement_only_after_the_reply_deadline(app_ctx, firm_user, reviewer, make_case):
    case = get_case(make_case(firm_user, kind="rights-protection"))
    staff = _user(reviewer)
    _accept_on(case, staff, date(2026, 3, 2))
    services.transition(case, CaseAction.REQUEST_SUPPLEMENT, staff, reason="请补充证据", on=date(2026, 3, 3))
    with pytest.raises(services.WorkflowError, match="2026-03-24"):
        services.transition(case, CaseAction.REJECT, staff, reason="逾期未补正", on=date(2026, 3, 24))
    row = case.transition_for(CaseAction.REJECT)
    assert row.prefill_reason  # the form offers the reason


def test_returning_a_notice_to_review_starts_a_new_decision_clock(app_ctx, firm_user, supervisor, make_case):
    case = get_case(make_case(firm_user, kind="brand-demonstration", status="publicity", staff=supervisor))
    assert case.clock_phase is None  # the decision was made
    services.transition(case, CaseAction.REVERT, _user(supervisor), reason="公示期间发现问题", on=date(2026, 11, 2))
    assert case.status == CaseStatus.UNDER_REVIEW
    assert case.clock_phase == "decide" and case.due_date == add_working_days(date(2026, 11, 2), 30)


def test_no_open_case_is_ever_without_a_time_limit(app_ctx, firm_user, supervisor, make_case):
    for status in ("submitted", "accepted", "under_review", "supplement_requested"):
        case = get_case(make_case(firm_user, kind="rights-protection", status=status, staff=supervisor))
        assert case.clock_phase is not None and case.due_date is not None, status


def test_a_case_late_when_paused_stays_overdue(app_ctx, firm_user, reviewer, supervisor, make_case, outbox):
    case = get_case(make_case(firm_user, kind="rights-protection", status="accepted", holder=reviewer))
    staff = _user(reviewer)
    case.clock_started_on, case.clock_days = date(2025, 1, 2), 10
    clock.recompute(case)
    services.transition(case, CaseAction.REQUEST_SUPPLEMENT, staff, reason="请补充证据")
    assert case.is_paused and case.is_overdue and case.overdue_days > 0
    db.session.commit()
    assert case_queue.home_counts(staff.id)["overdue"] == 1
    overdue_refs = [
        c.reference for c in db.session.scalars(case_queue.queue_statement(case_queue.QueueFilter(stage="overdue")))
    ]
    assert overdue_refs == [case.reference]
    send_overdue_digest()
    commit()
    assert any(case.reference in m.body for m in outbox if m.to == staff.email)


# --- 补正 before 受理 (一次性告知) ------------------------------------------------------------------


def test_corrections_before_acceptance_pause_and_restart_the_acceptance_clock(app_ctx, firm_user, reviewer, make_case):
    case = get_case(make_case(firm_user, kind="rights-protection"))
    staff, firm = _user(reviewer), _user(firm_user)
    case.clock_started_on = date(2026, 3, 2)
    clock.recompute(case)
    assert case.due_date == date(2026, 3, 4)
    services.transition(
        case, CaseAction.REQUEST_SUPPLEMENT, staff, reason="请一次性补齐：营业执照副本", on=date(2026, 3, 3)
    )
    assert case.status == CaseStatus.CORRECTION_REQUESTED and case.paused_since == date(2026, 3, 3)
    assert case.reply_due == add_working_days(date(2026, 3, 3), 15)
    with pytest.raises(services.WorkflowError):  # not before the firm's deadline
        services.transition(case, CaseAction.REFUSE, staff, reason="逾期", on=date(2026, 3, 10))
    services.transition(case, CaseAction.ANSWER_SUPPLEMENT, firm, on=date(2026, 3, 6))
    # back to acceptance; 3 working days paused (4, 5, 6 March) move the acceptance limit
    assert case.status == CaseStatus.SUBMITTED and case.clock_phase == "accept"
    assert case.due_date == date(2026, 3, 9) and case.paused_since is None


def test_refusal_after_the_reply_deadline_and_reminders_before_it(app_ctx, firm_user, reviewer, make_case, outbox):
    from portal.core.timeutil import today_local

    case = get_case(make_case(firm_user, kind="consultation"))
    staff = _user(reviewer)
    services.transition(case, CaseAction.REQUEST_SUPPLEMENT, staff, reason="请补充问题背景")
    case.reply_due = add_working_days(today_local(), 1)
    db.session.flush()
    assert send_reply_reminders() == 1
    assert send_reply_reminders() == 0  # once per request
    assert db.session.scalar(select(Notification).where(Notification.event == "reply_reminder")) is not None
    case.reply_due = date(2020, 1, 2)
    services.transition(case, CaseAction.REFUSE, staff, reason=str(case.transition_for("refuse").prefill_reason))
    assert case.status == CaseStatus.NOT_ACCEPTED


# --- holding ------------------------------------------------------------------------------------


def test_first_action_by_an_unassigned_reviewer_claims_the_case(app_ctx, firm_user, reviewer, create_staff, make_case):
    other_reviewer = create_staff("reviewer")
    case = get_case(make_case(firm_user))
    staff = _user(reviewer)
    services.transition(case, CaseAction.ACCEPT, staff)
    assert case.holder_id == staff.id
    claim = db.session.scalar(select(AuditEvent).where(AuditEvent.case_id == case.id, AuditEvent.action == "claim"))
    assert claim is not None and claim.to_value == str(staff.id)
    other = db.session.get(User, other_reviewer.id)
    assert not case.can(CaseAction.START_REVIEW, other)
    with pytest.raises(services.WorkflowError):
        services.transition(case, CaseAction.START_REVIEW, other)


def test_audit_values_hold_ids_not_emails(app_ctx, firm_user, create_staff, supervisor, make_case):
    long_email = "a-very-long-reviewer-name-for-the-audit-test@district-office.example.cn"
    assert len(long_email) > 60
    reviewer = db.session.get(User, create_staff("reviewer", email=long_email).id)
    case = get_case(make_case(firm_user))
    services.assign(case, reviewer, actor=_user(supervisor))
    db.session.commit()
    row = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "assign"))
    assert row.to_value == str(reviewer.id)


# --- numbering ----------------------------------------------------------------------------------


def _recognise(case, staff, number=None):
    services.transition(
        case, CaseAction.CONFIRM_RECOGNITION, staff, certificate_no=number, on=add_working_days(case.publicity_end, 1)
    )


def test_certificate_numbers_are_issued_per_programme_and_never_twice(app_ctx, create_firm_user, supervisor, make_case):
    staff = _user(supervisor)
    first, second, third = (
        get_case(make_case(create_firm_user(), kind="brand-demonstration", status="publicity", staff=supervisor))
        for _ in range(3)
    )
    _recognise(first, staff)
    _recognise(second, staff)
    year = first.recognised_on.year
    assert (first.certificate_no, second.certificate_no) == (f"津红知认〔{year}〕1号", f"津红知认〔{year}〕2号")
    with pytest.raises(ServiceError, match="已|already"):
        _recognise(third, staff, number=first.certificate_no)
    assert third.status == CaseStatus.PUBLICITY


def test_the_database_refuses_a_duplicate_certificate(app_ctx, create_firm_user, supervisor, make_case):
    a = get_case(make_case(create_firm_user(), kind="brand-demonstration", status="publicity", staff=supervisor))
    b = get_case(make_case(create_firm_user(), kind="brand-demonstration", status="publicity", staff=supervisor))
    a.certificate_no = b.certificate_no = "津红知认〔2026〕9号"
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


# --- recommendation and recognition ------------------------------------------------------------


def test_national_programmes_are_recommended_then_the_outcome_recorded(app_ctx, firm_user, supervisor, make_case):
    case = get_case(make_case(firm_user, kind="ip-demonstration", status="publicity", staff=supervisor))
    staff = _user(supervisor)
    assert not case.can(CaseAction.CONFIRM_RECOGNITION, staff, today=add_working_days(case.publicity_end, 1))
    services.transition(case, CaseAction.CONFIRM_RECOMMENDATION, staff, on=add_working_days(case.publicity_end, 1))
    assert case.status == CaseStatus.RECOMMENDED and case.certificate_no.startswith("津红知荐")
    db.session.commit()
    assert queries.recognised_cases() == []  # a recommendation is not a recognition
    with pytest.raises(services.WorkflowError):
        services.transition(case, CaseAction.RECORD_RECOGNITION, staff, outcome={"authority": "国家知识产权局"})
    services.transition(
        case,
        CaseAction.RECORD_RECOGNITION,
        staff,
        outcome={"authority": "国家知识产权局", "doc_no": "国知办函运字〔2026〕88号", "decided_on": date(2026, 11, 20)},
    )
    db.session.commit()
    assert case.status == CaseStatus.RECOGNISED and case.recognised_by == "国家知识产权局"
    assert [c.id for c in queries.recognised_cases()] == [case.id]


# --- objections ---------------------------------------------------------------------------------


def test_objection_life_dismissed(app_ctx, firm_user, supervisor, create_staff, make_case, outbox):
    case = get_case(make_case(firm_user, kind="brand-demonstration", status="publicity", staff=supervisor))
    other_supervisor = db.session.get(User, create_staff("supervisor").id)
    objection = objections.file_objection(case, "王某", "wang@example.cn", "该企业近三年有商标侵权判决。", None)
    notified = set(db.session.scalars(select(Notification.user_id).where(Notification.event == "objection")))
    assert {supervisor.id, other_supervisor.id} <= notified  # every supervisor, not only the holder
    staff = _user(supervisor)
    after = add_working_days(case.publicity_end, 1)
    assert not case.can(CaseAction.CONFIRM_RECOGNITION, staff, today=after)
    objections.start_verification(objection, staff)
    assert objection.status == "verifying"
    objections.conclude(objection, staff, upheld=False, conclusion="经核查，所称判决与申请企业无关。")
    commit()
    assert objection.status == "dismissed" and not case.has_open_objection
    assert any("经核查" in m.body and m.to == "wang@example.cn" for m in outbox)
    assert case.can(CaseAction.CONFIRM_RECOGNITION, staff, today=after)


def test_upheld_objection_returns_the_case_to_review_or_rejects_it(app_ctx, create_firm_user, supervisor, make_case):
    back_ref = make_case(create_firm_user(), kind="brand-demonstration", status="publicity", staff=supervisor)
    gone_ref = make_case(create_firm_user(), kind="copyright-demonstration", status="publicity", staff=supervisor)
    staff = _user(supervisor)
    back = get_case(back_ref)
    objection = objections.file_objection(back, "李某", "13900000000", "申报材料中的销售数据不实。", None)
    with pytest.raises(services.WorkflowError):
        objections.conclude(objection, staff, upheld=True, conclusion="异议成立")  # what happens to the case?
    objections.conclude(objection, staff, upheld=True, conclusion="异议成立，销售数据需重新核实。", outcome="revert")
    assert back.status == CaseStatus.UNDER_REVIEW and back.decision_reason.startswith("异议成立")
    gone = get_case(gone_ref)
    objection = objections.file_objection(gone, "张某", "13900000001", "该单位存在恶意侵权行为。", None)
    objections.conclude(objection, staff, upheld=True, conclusion="异议成立，不予推荐。", outcome="reject")
    assert gone.status == CaseStatus.REJECTED


def test_only_supervisors_handle_objections(app_ctx, firm_user, supervisor, reviewer, make_case):
    case = get_case(make_case(firm_user, kind="brand-demonstration", status="publicity", staff=supervisor))
    objection = objections.file_objection(case, "王某", "13900000000", "该企业近三年有商标侵权判决。", None)
    with pytest.raises(services.WorkflowError):
        objections.conclude(objection, _user(reviewer), upheld=False, conclusion="驳回")


# --- calls --------------------------------------------------------------------------------------


def test_submission_outside_an_open_call_is_refused_and_the_draft_kept(app_ctx, firm_user, make_case):
    from datetime import timedelta

    from portal.core.timeutil import today_local

    key = make_case(firm_user, kind="brand-demonstration", status="draft")
    case = get_case(key)
    for call in db.session.scalars(select(Case.call_id)):
        assert call is None
    from portal.cases.models import Call

    for call in db.session.scalars(select(Call)):
        call.closes_on = today_local() - timedelta(days=1)
        call.opens_on = today_local() - timedelta(days=40)
    db.session.add(
        Call(
            kind="brand-demonstration",
            year=today_local().year + 1,
            title="下一批次",
            opens_on=today_local() + timedelta(days=60),
            closes_on=today_local() + timedelta(days=90),
        )
    )
    db.session.flush()
    with pytest.raises(ServiceError, match=(today_local() + timedelta(days=60)).isoformat()):
        services.submit_case(case, _user(firm_user))
    assert case.status == CaseStatus.DRAFT and case.reference is None


def test_overlapping_calls_are_refused(app_ctx, supervisor):
    from portal.cases.calls import save_call

    values = {
        "kind": "brand-demonstration",
        "year": 2027,
        "title": "2027年度第一批",
        "opens_on": date(2027, 3, 1),
        "closes_on": date(2027, 4, 30),
        "quota": 10,
        "notice_url": None,
    }
    save_call(None, values, _user(supervisor))
    with pytest.raises(ServiceError):
        save_call(None, values | {"title": "重叠批次", "opens_on": date(2027, 4, 1)}, _user(supervisor))
    with pytest.raises(ServiceError):
        save_call(None, values | {"opens_on": date(2027, 5, 1), "closes_on": date(2027, 4, 1)}, _user(supervisor))


def test_a_second_start_click_reuses_the_untouched_draft(app_ctx, firm_user):
    from portal.cases.kinds import KINDS
    from portal.core.timeutil import today_local

    user = _user(firm_user)
    first = services.start_draft(KINDS["consultation"], user.firm_id, user, today_local())
    second = services.start_draft(KINDS["consultation"], user.firm_id, user, today_local())
    assert first.id == second.id
