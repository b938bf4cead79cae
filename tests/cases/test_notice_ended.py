"""The daily job tells staff once that a case's public notice has ended and its outcome can be confirmed."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from portal.accounts.models import User
from portal.cases import objections
from portal.cases.digest import send_notice_ended
from portal.cases.models import Notification
from portal.cases.preferences import Channel, EventKind, save_preferences
from portal.core.db import commit
from portal.extensions import db
from tests.fixtures.cases import get_case


def _told(case_id: int) -> list[int]:
    return list(
        db.session.scalars(
            select(Notification.user_id).where(Notification.case_id == case_id, Notification.event == "notice_ended")
        )
    )


def test_told_once_after_the_notice_ends_not_before(app_ctx, firm_user, supervisor, make_case):
    case = get_case(make_case(firm_user, kind="brand-demonstration", status="publicity", holder=supervisor))
    assert send_notice_ended(case.publicity_end) == 0  # its last day: the notice still runs
    assert _told(case.id) == []
    after = case.publicity_end + timedelta(days=1)
    assert send_notice_ended(after) == 1
    assert _told(case.id) == [supervisor.id]
    assert send_notice_ended(after) == 0  # the next run (or a retry) tells nobody again
    assert send_notice_ended(after + timedelta(days=1)) == 0
    assert _told(case.id) == [supervisor.id]


def test_an_open_objection_holds_the_notification_until_it_is_concluded(app_ctx, firm_user, supervisor, make_case):
    case = get_case(make_case(firm_user, kind="brand-demonstration", status="publicity", holder=supervisor))
    objection = objections.file_objection(case, "王某", "13900000000", "该企业近三年有商标侵权判决。", None)
    after = case.publicity_end + timedelta(days=1)
    assert send_notice_ended(after) == 0  # the outcome cannot be confirmed yet
    assert _told(case.id) == []
    staff = db.session.get(User, supervisor.id)
    objections.conclude(objection, staff, upheld=False, conclusion="经核查，所称判决与申请企业无关。")
    assert send_notice_ended(after) == 1
    assert _told(case.id) == [supervisor.id]


def test_a_reviewer_holder_and_the_supervisors_who_can_confirm_are_told(
    app_ctx, firm_user, reviewer, supervisor, make_case
):
    case = get_case(
        make_case(firm_user, kind="brand-demonstration", status="publicity", holder=reviewer, staff=supervisor)
    )
    unheld = get_case(make_case(firm_user, kind="brand-demonstration", status="publicity", staff=supervisor))
    unheld.holder = None
    send_notice_ended(max(case.publicity_end, unheld.publicity_end) + timedelta(days=1))
    assert sorted(_told(case.id)) == sorted([reviewer.id, supervisor.id])  # a reviewer may not confirm
    assert _told(unheld.id) == [supervisor.id]


def test_the_staff_choice_of_channels_is_kept_and_email_goes_once(app_ctx, firm_user, supervisor, make_case, outbox):
    case = get_case(make_case(firm_user, kind="brand-demonstration", status="publicity", holder=supervisor))
    save_preferences(db.session.get(User, supervisor.id), {EventKind.CASE_WORK: {Channel.EMAIL}})
    outbox.clear()
    after = case.publicity_end + timedelta(days=1)
    send_notice_ended(after)
    send_notice_ended(after)  # no notification row to find: the case itself remembers it was told
    assert _told(case.id) == []  # not in the portal: the supervisor chose email only
    commit()  # mail is handed over after commit
    mails = [m for m in outbox if m.to == supervisor.email and case.reference in m.subject]
    assert len(mails) == 1


def test_the_daily_digest_job_sends_it(app, firm_user, supervisor, make_case):
    ref = make_case(firm_user, kind="brand-demonstration", status="publicity", holder=supervisor)
    with app.app_context():
        case = get_case(ref)
        case.publicity_start -= timedelta(days=60)
        case.publicity_end -= timedelta(days=60)
        commit()
    result = app.test_cli_runner().invoke(args=["send-overdue-digest"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert _told(get_case(ref).id) == [supervisor.id]


def test_a_case_nobody_can_confirm_yet_is_told_once_someone_can(app_ctx, firm_user, supervisor, make_case):
    case = get_case(make_case(firm_user, kind="brand-demonstration", status="publicity", staff=supervisor))
    staff = db.session.get(User, supervisor.id)
    staff.active = False  # the only supervisor, and nobody holds the case
    commit()
    after = case.publicity_end + timedelta(days=1)
    assert send_notice_ended(after) == 0
    assert case.notice_end_notified_for is None  # not marked: nobody was told
    staff.active = True
    commit()
    assert send_notice_ended(after + timedelta(days=1)) == 1
    assert _told(case.id) == [supervisor.id]
