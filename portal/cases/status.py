"""The case workflow: states, actions and the one transition table every case type follows.

Who may fire an action and what it does to the clock are data here; ``services.transition``
is the only code that applies them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from portal.core.enums import LabeledEnum
from portal.core.permissions import Role
from portal.i18n import lazy_gettext as _l


class CaseStatus(LabeledEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    ACCEPTED = "accepted"
    NOT_ACCEPTED = "not_accepted"
    UNDER_REVIEW = "under_review"
    SUPPLEMENT_REQUESTED = "supplement_requested"
    APPROVED = "approved"
    REJECTED = "rejected"
    PUBLICITY = "publicity"
    RECOGNISED = "recognised"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"

    __labels__ = {
        "draft": _l("Draft"),
        "submitted": _l("Submitted"),
        "accepted": _l("Accepted"),
        "not_accepted": _l("Not accepted"),
        "under_review": _l("Under review"),
        "supplement_requested": _l("More material requested"),
        "approved": _l("Approved"),
        "rejected": _l("Rejected"),
        "publicity": _l("In public notice"),
        "recognised": _l("Recognised"),
        "closed": _l("Closed"),
        "withdrawn": _l("Withdrawn"),
    }
    __badges__ = {
        "draft": "secondary",
        "submitted": "info",
        "accepted": "primary",
        "not_accepted": "dark",
        "under_review": "primary",
        "supplement_requested": "warning",
        "approved": "success",
        "rejected": "danger",
        "publicity": "info",
        "recognised": "success",
        "closed": "secondary",
        "withdrawn": "light",
    }


class CaseAction(LabeledEnum):
    SUBMIT = "submit"
    ACCEPT = "accept"
    REFUSE = "refuse"
    START_REVIEW = "start_review"
    REQUEST_SUPPLEMENT = "request_supplement"
    ANSWER_SUPPLEMENT = "answer_supplement"
    APPROVE = "approve"
    REJECT = "reject"
    START_PUBLICITY = "start_publicity"
    CONFIRM_RECOGNITION = "confirm_recognition"
    REVERT = "revert"
    CLOSE = "close"
    WITHDRAW = "withdraw"

    __labels__ = {
        "submit": _l("Submit"),
        "accept": _l("Accept"),
        "refuse": _l("Do not accept"),
        "start_review": _l("Start review"),
        "request_supplement": _l("Ask for more material"),
        "answer_supplement": _l("Send the requested material"),
        "approve": _l("Approve"),
        "reject": _l("Reject"),
        "start_publicity": _l("Publish for public notice"),
        "confirm_recognition": _l("Confirm recognition"),
        "revert": _l("Return to review"),
        "close": _l("Close the case"),
        "withdraw": _l("Withdraw"),
    }
    __badges__ = {
        "refuse": "danger",
        "reject": "danger",
        "withdraw": "danger",
        "approve": "success",
        "confirm_recognition": "success",
    }


class Clock(StrEnum):
    """What an action does to the promised time limit."""

    START_ACCEPTANCE = "start_acceptance"
    START_DECISION = "start_decision"
    PAUSE = "pause"
    RESUME = "resume"
    STOP = "stop"
    NONE = "none"


S, A = CaseStatus, CaseAction
FIRM = frozenset({Role.FIRM})
REVIEW = frozenset({Role.REVIEWER, Role.SUPERVISOR, Role.ADMIN})
SUPERVISE = frozenset({Role.SUPERVISOR, Role.ADMIN})
OPEN_BEFORE_DECISION = frozenset({S.SUBMITTED, S.ACCEPTED, S.UNDER_REVIEW, S.SUPPLEMENT_REQUESTED})


@dataclass(frozen=True)
class Transition:
    action: CaseAction
    sources: frozenset[CaseStatus]
    target: CaseStatus
    roles: frozenset[Role]
    clock: Clock = Clock.NONE
    needs_reason: bool = False
    demonstration: bool | None = None  # True: demonstration types only; False: the others only


TRANSITIONS: tuple[Transition, ...] = (
    Transition(A.SUBMIT, frozenset({S.DRAFT}), S.SUBMITTED, FIRM, Clock.START_ACCEPTANCE),
    Transition(A.ACCEPT, frozenset({S.SUBMITTED}), S.ACCEPTED, REVIEW, Clock.START_DECISION),
    Transition(A.REFUSE, frozenset({S.SUBMITTED}), S.NOT_ACCEPTED, REVIEW, Clock.STOP, needs_reason=True),
    Transition(A.START_REVIEW, frozenset({S.ACCEPTED}), S.UNDER_REVIEW, REVIEW),
    Transition(
        A.REQUEST_SUPPLEMENT,
        frozenset({S.ACCEPTED, S.UNDER_REVIEW}),
        S.SUPPLEMENT_REQUESTED,
        REVIEW,
        Clock.PAUSE,
        needs_reason=True,
    ),
    Transition(A.ANSWER_SUPPLEMENT, frozenset({S.SUPPLEMENT_REQUESTED}), S.UNDER_REVIEW, FIRM, Clock.RESUME),
    Transition(A.APPROVE, frozenset({S.UNDER_REVIEW}), S.APPROVED, REVIEW, Clock.STOP),
    # from 补正 too: a firm that never answers must not hold a case open for ever
    Transition(
        A.REJECT, frozenset({S.UNDER_REVIEW, S.SUPPLEMENT_REQUESTED}), S.REJECTED, REVIEW, Clock.STOP, needs_reason=True
    ),
    Transition(A.START_PUBLICITY, frozenset({S.APPROVED}), S.PUBLICITY, REVIEW, demonstration=True),
    Transition(A.CONFIRM_RECOGNITION, frozenset({S.PUBLICITY}), S.RECOGNISED, SUPERVISE, demonstration=True),
    Transition(A.REVERT, frozenset({S.PUBLICITY}), S.UNDER_REVIEW, SUPERVISE, needs_reason=True, demonstration=True),
    Transition(A.CLOSE, frozenset({S.APPROVED}), S.CLOSED, REVIEW, demonstration=False),
    Transition(A.CLOSE, frozenset({S.REJECTED, S.NOT_ACCEPTED, S.RECOGNISED}), S.CLOSED, REVIEW),
    Transition(A.WITHDRAW, OPEN_BEFORE_DECISION, S.WITHDRAWN, FIRM, Clock.STOP),
)

#: states in which the firm's case is finished (rating becomes possible)
FINAL_STATES = frozenset({S.CLOSED, S.WITHDRAWN, S.NOT_ACCEPTED, S.RECOGNISED, S.REJECTED})
#: states counted as "decided" for statistics
DECIDED_STATES = frozenset({S.APPROVED, S.REJECTED, S.PUBLICITY, S.RECOGNISED, S.CLOSED, S.NOT_ACCEPTED})
#: states in which a staff member is expected to act (queue "open")
STAFF_OPEN_STATES = frozenset({S.SUBMITTED, S.ACCEPTED, S.UNDER_REVIEW, S.APPROVED, S.PUBLICITY})


def find_transition(status: str, action: str, is_demonstration: bool) -> Transition | None:
    """The table row for ``action`` from ``status`` for this kind of case, or None."""
    for row in TRANSITIONS:
        if (
            row.action == action
            and status in row.sources
            and (row.demonstration is None or row.demonstration == is_demonstration)
        ):
            return row
    return None


def available_actions(status: str, role: str, is_demonstration: bool) -> list[Transition]:
    """Rows ``role`` may fire now, in table order (used to draw the action buttons)."""
    return [
        row
        for row in TRANSITIONS
        if status in row.sources
        and role in row.roles
        and (row.demonstration is None or row.demonstration == is_demonstration)
    ]
