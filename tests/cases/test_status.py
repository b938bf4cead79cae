"""The transition table, checked directly through the one transition() service (no HTTP)."""

from __future__ import annotations

from datetime import date

import pytest

from portal.accounts.models import User
from portal.audit.models import AuditEvent
from portal.cases import services
from portal.cases.status import TRANSITIONS, CaseAction, CaseStatus, Track, find_transition
from portal.core.permissions import Permission, role_has
from portal.core.working_days import add_working_days
from portal.extensions import db
from tests.fixtures.cases import get_case

SERVICE, DISTRICT, NATIONAL = Track.SERVICE, Track.RECOGNITION, Track.RECOMMENDATION

ALLOWED = [
    # (from, action, role, track, to)
    ("draft", "submit", "firm", SERVICE, "submitted"),
    ("submitted", "accept", "reviewer", SERVICE, "accepted"),
    ("submitted", "refuse", "reviewer", SERVICE, "not_accepted"),
    ("submitted", "request_supplement", "reviewer", SERVICE, "correction_requested"),  # 一次性告知 before 受理
    ("correction_requested", "answer_supplement", "firm", SERVICE, "submitted"),
    ("correction_requested", "refuse", "reviewer", DISTRICT, "not_accepted"),  # after the reply deadline
    ("accepted", "start_review", "reviewer", SERVICE, "under_review"),
    ("under_review", "request_supplement", "reviewer", SERVICE, "supplement_requested"),
    ("accepted", "request_supplement", "supervisor", SERVICE, "supplement_requested"),
    ("supplement_requested", "answer_supplement", "firm", SERVICE, "under_review"),
    ("under_review", "approve", "reviewer", SERVICE, "approved"),
    ("under_review", "reject", "admin", SERVICE, "rejected"),
    ("under_review", "propose", "reviewer", DISTRICT, "proposed"),  # two-level sign-off: the reviewer proposes
    ("proposed", "sign_off", "supervisor", DISTRICT, "approved"),  # … and a supervisor confirms
    ("proposed", "return_proposal", "supervisor", NATIONAL, "under_review"),
    ("under_review", "approve", "supervisor", NATIONAL, "approved"),  # a supervisor's approval is the second level
    ("approved", "close", "reviewer", SERVICE, "closed"),  # services close after approval
    ("approved", "start_publicity", "reviewer", DISTRICT, "publicity"),  # demonstration types go to 公示
    ("approved", "start_publicity", "reviewer", NATIONAL, "publicity"),
    ("publicity", "confirm_recognition", "supervisor", DISTRICT, "recognised"),  # the district's own scheme
    ("publicity", "confirm_recommendation", "supervisor", NATIONAL, "recommended"),  # national: only recommend
    ("recommended", "record_recognition", "supervisor", NATIONAL, "recognised"),
    ("recommended", "record_non_recognition", "supervisor", NATIONAL, "not_recognised"),
    ("publicity", "revert", "supervisor", DISTRICT, "under_review"),
    ("publicity", "reject", "supervisor", NATIONAL, "rejected"),  # an upheld objection
    ("recognised", "close", "reviewer", DISTRICT, "closed"),
    ("rejected", "close", "reviewer", SERVICE, "closed"),
    ("supplement_requested", "reject", "reviewer", SERVICE, "rejected"),  # the firm never answered
    ("submitted", "withdraw", "firm", SERVICE, "withdrawn"),
    ("supplement_requested", "withdraw", "firm", SERVICE, "withdrawn"),
]

REFUSED = [
    ("draft", "accept", "reviewer", SERVICE),  # nothing to accept before submission
    ("submitted", "approve", "reviewer", SERVICE),  # must be accepted and reviewed first
    ("approved", "start_publicity", "reviewer", SERVICE),  # rights protection has no 公示
    ("approved", "close", "reviewer", DISTRICT),  # demonstration must pass 公示 first
    ("under_review", "approve", "reviewer", DISTRICT),  # signed off by a supervisor, not decided alone
    ("proposed", "sign_off", "reviewer", NATIONAL),  # a reviewer cannot confirm a proposal
    ("under_review", "propose", "reviewer", SERVICE),  # services are decided by the reviewer
    ("publicity", "confirm_recognition", "reviewer", DISTRICT),  # recognition is the supervisor's
    ("publicity", "confirm_recognition", "supervisor", NATIONAL),  # the district does not recognise these
    ("recommended", "close", "supervisor", NATIONAL),  # the higher authority's outcome comes first
    ("under_review", "approve", "firm", SERVICE),  # firms cannot decide
    ("submitted", "accept", "editor", SERVICE),  # editors do not handle cases
    ("approved", "withdraw", "firm", SERVICE),  # no withdrawal after a decision
    ("closed", "accept", "admin", SERVICE),  # closed is final
    ("withdrawn", "submit", "firm", SERVICE),
    ("submitted", "submit", "admin", SERVICE),  # administrators do not file for firms
]


@pytest.mark.parametrize(("source", "action", "role", "track", "target"), ALLOWED)
def test_allowed_transitions(source, action, role, track, target):
    row = find_transition(source, action, track)
    assert row is not None and row.target == target and role_has(role, row.permission)


@pytest.mark.parametrize(("source", "action", "role", "track"), REFUSED)
def test_refused_transitions(source, action, role, track):
    row = find_transition(source, action, track)
    assert row is None or not role_has(role, row.permission)


def test_every_status_but_final_ones_has_a_way_out():
    sources = {s for row in TRANSITIONS for s in row.sources}
    assert sources | {CaseStatus.CLOSED, CaseStatus.WITHDRAWN} == set(CaseStatus)


def test_transitions_name_permissions_not_roles():
    assert all(isinstance(row.permission, Permission) for row in TRANSITIONS)


def test_unknown_permission_name_is_an_error_not_a_no():
    with pytest.raises(ValueError):
        role_has("supervisor", "case_recognize")  # a typo must not read as "not allowed"


def test_case_can_answers_per_user(app_ctx, firm_user, reviewer, supervisor, make_case):
    case = get_case(make_case(firm_user, kind="brand-demonstration", status="publicity", staff=supervisor))
    rev, sup = _user(app_ctx, reviewer), _user(app_ctx, supervisor)
    assert not case.can("confirm_recognition", rev)
    # the notice runs until its last day: nobody may confirm yet
    assert not case.can("confirm_recognition", sup)
    assert case.can("confirm_recognition", sup, today=add_working_days(case.publicity_end, 1))
    assert {r.action for r in case.actions_for(rev)} == set()
    assert {r.action for r in case.actions_for(sup)} == {CaseAction.REVERT, CaseAction.REJECT}


def _user(app, fixture):
    return db.session.get(User, fixture.id)


def test_transition_writes_audit_row_and_refuses_illegal_move(app_ctx, firm_user, reviewer, make_case):
    ref = make_case(firm_user)
    case = get_case(ref)
    actor = _user(app_ctx, reviewer)
    services.transition(case, CaseAction.ACCEPT, actor)
    row = db.session.scalars(
        db.select(AuditEvent).where(AuditEvent.case_id == case.id, AuditEvent.action == "accept")
    ).one()
    assert (row.from_value, row.to_value, row.actor_id) == ("submitted", "accepted", reviewer.id)
    with pytest.raises(services.WorkflowError, match="不可|not possible|无法"):
        services.transition(case, CaseAction.CLOSE, actor)
    assert case.status == CaseStatus.ACCEPTED


def test_reason_required_for_refusal(app_ctx, firm_user, reviewer, make_case):
    case = get_case(make_case(firm_user))
    with pytest.raises(services.WorkflowError):
        services.transition(case, CaseAction.REFUSE, _user(app_ctx, reviewer), reason="   ")
    services.transition(case, CaseAction.REFUSE, _user(app_ctx, reviewer), reason="已在法院起诉，不属于受理范围")
    assert case.status == CaseStatus.NOT_ACCEPTED and case.decision_reason


def test_firm_cannot_act_on_another_firms_case(app_ctx, firm_user, create_firm_user, make_case):
    other = _user(app_ctx, create_firm_user())
    case = get_case(make_case(firm_user))
    with pytest.raises(services.WorkflowError):
        services.transition(case, CaseAction.WITHDRAW, other)


def test_stale_version_is_refused(app_ctx, firm_user, reviewer, make_case):
    case = get_case(make_case(firm_user))
    seen = case.version
    services.transition(case, CaseAction.ACCEPT, _user(app_ctx, reviewer), seen_version=seen)
    db.session.flush()
    with pytest.raises(services.StaleCaseError):
        services.transition(case, CaseAction.START_REVIEW, _user(app_ctx, reviewer), seen_version=seen)


def test_publicity_lifecycle_without_objection(app_ctx, firm_user, supervisor, make_case):
    case = get_case(make_case(firm_user, kind="brand-demonstration", status="approved", staff=supervisor))
    actor = _user(app_ctx, supervisor)
    services.transition(case, CaseAction.START_PUBLICITY, actor, on=date(2026, 9, 28))
    # 5 working days counting the first: Sep 28, 29, 30, then National Day, then Oct 8 and 9
    assert (case.publicity_start, case.publicity_end) == (date(2026, 9, 28), date(2026, 10, 9))
    with pytest.raises(services.WorkflowError):
        services.transition(case, CaseAction.CONFIRM_RECOGNITION, actor, on=date(2026, 10, 9))
    services.transition(case, CaseAction.CONFIRM_RECOGNITION, actor, on=date(2026, 10, 10))
    assert case.status == CaseStatus.RECOGNISED and case.certificate_no == "津红知认〔2026〕1号"
    assert case.recognised_on == date(2026, 10, 10) and case.recognised_by


def test_notice_starting_on_a_holiday_starts_on_the_next_working_day(app_ctx, firm_user, supervisor, make_case):
    case = get_case(make_case(firm_user, kind="brand-demonstration", status="approved", staff=supervisor))
    services.transition(case, CaseAction.START_PUBLICITY, _user(app_ctx, supervisor), on=date(2026, 10, 3))
    # Oct 8, 9, the make-up Saturday 10, then 12 and 13
    assert (case.publicity_start, case.publicity_end) == (date(2026, 10, 8), date(2026, 10, 13))


@pytest.mark.parametrize("status", [s.value for s in CaseStatus])
def test_a_case_knows_whether_it_is_finished_whatever_sets_its_status(status):
    """Case.finished orders the queue (finished cases last, from an index): it follows the status."""
    from portal.cases.models import Case
    from portal.cases.status import FINAL_STATES

    case = Case(status=status)
    assert case.finished is (status in FINAL_STATES)
    case.status = CaseStatus.CLOSED
    assert case.finished is True
