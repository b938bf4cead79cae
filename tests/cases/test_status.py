"""The transition table, checked directly through the one transition() service (no HTTP)."""

from __future__ import annotations

from datetime import date

import pytest

from portal.accounts.models import User
from portal.audit.models import AuditEvent
from portal.cases import services
from portal.cases.status import TRANSITIONS, CaseAction, CaseStatus, available_actions, find_transition
from portal.extensions import db
from tests.fixtures.cases import get_case

ALLOWED = [
    # (from, action, role, demonstration?, to)
    ("draft", "submit", "firm", False, "submitted"),
    ("submitted", "accept", "reviewer", False, "accepted"),
    ("submitted", "refuse", "reviewer", False, "not_accepted"),
    ("accepted", "start_review", "reviewer", False, "under_review"),
    ("under_review", "request_supplement", "reviewer", False, "supplement_requested"),
    ("accepted", "request_supplement", "supervisor", False, "supplement_requested"),
    ("supplement_requested", "answer_supplement", "firm", False, "under_review"),
    ("under_review", "approve", "reviewer", False, "approved"),
    ("under_review", "reject", "admin", False, "rejected"),
    ("approved", "close", "reviewer", False, "closed"),  # non-demonstration types close after approval
    ("approved", "start_publicity", "reviewer", True, "publicity"),  # demonstration types go to 公示
    ("publicity", "confirm_recognition", "supervisor", True, "recognised"),
    ("publicity", "revert", "supervisor", True, "under_review"),
    ("recognised", "close", "reviewer", True, "closed"),
    ("rejected", "close", "reviewer", False, "closed"),
    ("supplement_requested", "reject", "reviewer", False, "rejected"),  # the firm never answered
    ("submitted", "withdraw", "firm", False, "withdrawn"),
    ("supplement_requested", "withdraw", "firm", False, "withdrawn"),
]

REFUSED = [
    ("draft", "accept", "reviewer", False),  # nothing to accept before submission
    ("submitted", "approve", "reviewer", False),  # must be accepted and reviewed first
    ("approved", "start_publicity", "reviewer", False),  # rights protection has no 公示
    ("approved", "close", "reviewer", True),  # demonstration must pass 公示 first
    ("publicity", "confirm_recognition", "reviewer", True),  # recognition is the supervisor's
    ("under_review", "approve", "firm", False),  # firms cannot decide
    ("submitted", "accept", "editor", False),  # editors do not handle cases
    ("approved", "withdraw", "firm", False),  # no withdrawal after a decision
    ("closed", "accept", "admin", False),  # closed is final
    ("withdrawn", "submit", "firm", False),
]


@pytest.mark.parametrize(("source", "action", "role", "demo", "target"), ALLOWED)
def test_allowed_transitions(source, action, role, demo, target):
    row = find_transition(source, action, demo)
    assert row is not None and row.target == target and role in row.roles


@pytest.mark.parametrize(("source", "action", "role", "demo"), REFUSED)
def test_refused_transitions(source, action, role, demo):
    row = find_transition(source, action, demo)
    assert row is None or role not in row.roles


def test_every_status_but_final_ones_has_a_way_out():
    sources = {s for row in TRANSITIONS for s in row.sources}
    assert sources | {CaseStatus.CLOSED, CaseStatus.WITHDRAWN} == set(CaseStatus)


def test_available_actions_per_role():
    reviewer = {r.action for r in available_actions("publicity", "reviewer", True)}
    supervisor = {r.action for r in available_actions("publicity", "supervisor", True)}
    assert reviewer == set() and supervisor == {CaseAction.CONFIRM_RECOGNITION, CaseAction.REVERT}


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
    # 5 working days from Monday 28 Sep 2026 cross National Day: Sep 29, 30, Oct 8, 9, 10 (a make-up Saturday)
    assert (case.publicity_start, case.publicity_end) == (date(2026, 9, 28), date(2026, 10, 10))
    with pytest.raises(services.WorkflowError):
        services.transition(
            case, CaseAction.CONFIRM_RECOGNITION, actor, certificate_no="HQ-BD-001", on=date(2026, 10, 9)
        )
    with pytest.raises(services.WorkflowError):
        services.transition(case, CaseAction.CONFIRM_RECOGNITION, actor, certificate_no="", on=date(2026, 10, 12))
    services.transition(
        case, CaseAction.CONFIRM_RECOGNITION, actor, certificate_no="津红知示〔2026〕1号", on=date(2026, 10, 12)
    )
    assert case.status == CaseStatus.RECOGNISED and case.certificate_no == "津红知示〔2026〕1号"


def test_publicity_with_objection_can_revert(app_ctx, firm_user, supervisor, make_case):
    from portal.cases import messaging

    case = get_case(make_case(firm_user, kind="copyright-demonstration", status="publicity", staff=supervisor))
    objection = messaging.file_objection(case, "王某", "13900000000", "该单位近三年存在侵权行为，附判决书。", None)
    assert objection.id and case.objections
    services.transition(case, CaseAction.REVERT, _user(app_ctx, supervisor), reason="异议成立，重新审查")
    assert case.status == CaseStatus.UNDER_REVIEW
    with pytest.raises(services.WorkflowError):
        messaging.file_objection(case, "李某", "x@example.cn", "公示已结束后的异议应被拒绝。", None)
