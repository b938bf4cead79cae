"""The case workflow: states, actions and the one transition table every case type follows.

Each row says who may fire an action (a permission), what it does to the clock, which case
types it applies to (their *track*), when it is allowed (a guard) and who hears of it.
``services.transition`` is the only code that applies rows; ``Case.can`` is the only code that
answers "may this user do this now".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from portal.cases.doctypes import DocumentType
from portal.cases.states import CaseAction, CaseStatus
from portal.core.permissions import Permission
from portal.i18n import lazy_gettext as _l


class Clock(StrEnum):
    """What an action does to the promised time limit."""

    START_ACCEPTANCE = "start_acceptance"
    START_DECISION = "start_decision"
    PAUSE = "pause"
    RESUME = "resume"
    STOP = "stop"
    NONE = "none"


class Track(StrEnum):
    """How a case type ends: a service answered by the district, a district recognition, or a
    district recommendation to a higher authority (domain.md §5.3a)."""

    SERVICE = "service"
    RECOGNITION = "recognition"
    RECOMMENDATION = "recommendation"


class Notify(StrEnum):
    """Who hears of a transition besides the audit log."""

    FIRM = "firm"
    HOLDER = "holder"
    SUPERVISORS = "supervisors"


S, A, P, D = CaseStatus, CaseAction, Permission, DocumentType
DEMONSTRATION = frozenset({Track.RECOGNITION, Track.RECOMMENDATION})
OPEN_BEFORE_DECISION = frozenset(
    {S.SUBMITTED, S.CORRECTION_REQUESTED, S.ACCEPTED, S.UNDER_REVIEW, S.PROPOSED, S.SUPPLEMENT_REQUESTED}
)


def sign_off_required(kind: str | None, track: Track) -> bool:
    """Two-level sign-off (reviewer proposes, supervisor confirms) for this case type: the setting
    TWO_LEVEL_SIGN_OFF ({kind: true|false}) decides; unlisted demonstration types need it."""
    from flask import current_app, has_app_context

    configured = current_app.config.get("TWO_LEVEL_SIGN_OFF", {}) if has_app_context() else {}
    if kind is not None and kind in configured:
        return bool(configured[kind])
    return track in DEMONSTRATION


def reply_deadline_passed(case, today: date) -> bool:
    """Guard: staff may close a 补正 the firm never answered only after its reply deadline."""
    return case.reply_due is not None and today > case.reply_due


def no_open_objection(case, today: date) -> bool:
    """Guard: nothing is confirmed while an objection is still being handled."""
    return not case.has_open_objection


def notice_ended(case, today: date) -> bool:
    return case.publicity_end is not None and today > case.publicity_end


@dataclass(frozen=True)
class Transition:
    action: CaseAction
    sources: frozenset[CaseStatus]
    target: CaseStatus
    permission: Permission
    clock: Clock = Clock.NONE
    needs_reason: bool = False
    tracks: frozenset[Track] | None = None  # None: every case type
    guard: Callable | None = None  # (case, today) -> bool
    notify: tuple[Notify, ...] = (Notify.FIRM,)
    # staff acting with CASE_TRIAGE must hold the case (an unassigned case is claimed by the first action)
    needs_holder: bool = True
    prefill_reason: object = None  # a reason offered in the form (the firm never answered, …)
    # what else the form asks: "number" (certificate), "outcome" (higher authority), "opinion" (the reason
    # field is the review opinion), "materials" (the kind's materials to itemise in a 补正告知书)
    inputs: tuple[str, ...] = ()
    # None: always; True / False: only where two-level sign-off is (not) configured for the case type
    sign_off: bool | None = None
    # the proposer may not confirm their own proposal
    not_by_proposer: bool = False
    # documents generated, stored and attached to the case when the row fires
    documents: tuple[DocumentType, ...] = ()

    @property
    def irreversible(self) -> bool:
        """Refusals and confirmations cannot be taken back: the page asks before sending them."""
        return self.action in IRREVERSIBLE

    def applies_to(self, track: Track, kind: str | None = None) -> bool:
        if self.tracks is not None and track not in self.tracks:
            return False
        return self.sign_off is None or self.sign_off == sign_off_required(kind, track)


IRREVERSIBLE = frozenset(
    {
        CaseAction.REFUSE,
        CaseAction.REJECT,
        CaseAction.CONFIRM_RECOGNITION,
        CaseAction.CONFIRM_RECOMMENDATION,
        CaseAction.RECORD_RECOGNITION,
        CaseAction.RECORD_NON_RECOGNITION,
    }
)
NEVER_ANSWERED = _l("The applicant did not send the requested material by the reply deadline.")

TRANSITIONS: tuple[Transition, ...] = (
    Transition(A.SUBMIT, frozenset({S.DRAFT}), S.SUBMITTED, P.CASE_APPLY, Clock.START_ACCEPTANCE),
    Transition(
        A.ACCEPT, frozenset({S.SUBMITTED}), S.ACCEPTED, P.CASE_TRIAGE, Clock.START_DECISION, documents=(D.ACCEPTANCE,)
    ),
    Transition(
        A.REFUSE,
        frozenset({S.SUBMITTED}),
        S.NOT_ACCEPTED,
        P.CASE_TRIAGE,
        Clock.STOP,
        needs_reason=True,
        documents=(D.NON_ACCEPTANCE,),
    ),
    # 一次性告知: everything missing is asked for once, before acceptance
    Transition(
        A.REQUEST_SUPPLEMENT,
        frozenset({S.SUBMITTED}),
        S.CORRECTION_REQUESTED,
        P.CASE_TRIAGE,
        Clock.PAUSE,
        needs_reason=True,
        inputs=("materials",),
        documents=(D.CORRECTION,),
    ),
    Transition(
        A.ANSWER_SUPPLEMENT,
        frozenset({S.CORRECTION_REQUESTED}),
        S.SUBMITTED,
        P.CASE_APPLY,
        Clock.RESUME,
        notify=(Notify.HOLDER,),
    ),
    Transition(
        A.REFUSE,
        frozenset({S.CORRECTION_REQUESTED}),
        S.NOT_ACCEPTED,
        P.CASE_TRIAGE,
        Clock.STOP,
        needs_reason=True,
        guard=reply_deadline_passed,
        prefill_reason=NEVER_ANSWERED,
        documents=(D.NON_ACCEPTANCE,),
    ),
    Transition(A.START_REVIEW, frozenset({S.ACCEPTED}), S.UNDER_REVIEW, P.CASE_TRIAGE),
    Transition(
        A.REQUEST_SUPPLEMENT,
        frozenset({S.ACCEPTED, S.UNDER_REVIEW}),
        S.SUPPLEMENT_REQUESTED,
        P.CASE_TRIAGE,
        Clock.PAUSE,
        needs_reason=True,
        inputs=("materials",),
        documents=(D.CORRECTION,),
    ),
    Transition(
        A.ANSWER_SUPPLEMENT,
        frozenset({S.SUPPLEMENT_REQUESTED}),
        S.UNDER_REVIEW,
        P.CASE_APPLY,
        Clock.RESUME,
        notify=(Notify.HOLDER,),
    ),
    Transition(
        A.APPROVE,
        frozenset({S.UNDER_REVIEW}),
        S.APPROVED,
        P.CASE_TRIAGE,
        Clock.STOP,
        inputs=("opinion",),
        sign_off=False,
        documents=(D.REVIEW_OPINION,),
    ),
    # two-level sign-off: a supervisor's own approval is the second level; a reviewer proposes
    Transition(
        A.APPROVE,
        frozenset({S.UNDER_REVIEW}),
        S.APPROVED,
        P.CASE_SIGN_OFF,
        Clock.STOP,
        inputs=("opinion",),
        sign_off=True,
        needs_holder=False,
        documents=(D.REVIEW_OPINION,),
    ),
    Transition(
        A.PROPOSE,
        frozenset({S.UNDER_REVIEW}),
        S.PROPOSED,
        P.CASE_TRIAGE,
        needs_reason=True,
        inputs=("opinion",),
        sign_off=True,
        notify=(Notify.SUPERVISORS,),
    ),
    Transition(
        A.SIGN_OFF,
        frozenset({S.PROPOSED}),
        S.APPROVED,
        P.CASE_SIGN_OFF,
        Clock.STOP,
        inputs=("opinion",),
        needs_holder=False,
        not_by_proposer=True,
        notify=(Notify.FIRM, Notify.HOLDER),
        documents=(D.REVIEW_OPINION,),
    ),
    Transition(
        A.RETURN_PROPOSAL,
        frozenset({S.PROPOSED}),
        S.UNDER_REVIEW,
        P.CASE_SIGN_OFF,
        needs_reason=True,
        needs_holder=False,
        notify=(Notify.HOLDER,),
    ),
    Transition(
        A.REJECT,
        frozenset({S.UNDER_REVIEW}),
        S.REJECTED,
        P.CASE_TRIAGE,
        Clock.STOP,
        needs_reason=True,
        documents=(D.REVIEW_OPINION,),
    ),
    # a firm that never answers must not hold a case open for ever
    Transition(
        A.REJECT,
        frozenset({S.SUPPLEMENT_REQUESTED}),
        S.REJECTED,
        P.CASE_TRIAGE,
        Clock.STOP,
        needs_reason=True,
        guard=reply_deadline_passed,
        prefill_reason=NEVER_ANSWERED,
    ),
    Transition(A.START_PUBLICITY, frozenset({S.APPROVED}), S.PUBLICITY, P.CASE_TRIAGE, tracks=DEMONSTRATION),
    Transition(
        A.CONFIRM_RECOGNITION,
        frozenset({S.PUBLICITY}),
        S.RECOGNISED,
        P.CASE_RECOGNISE,
        tracks=frozenset({Track.RECOGNITION}),
        guard=lambda case, today: notice_ended(case, today) and no_open_objection(case, today),
        needs_holder=False,
        inputs=("number",),
        documents=(D.RECOGNITION_NOTICE,),
    ),
    Transition(
        A.CONFIRM_RECOMMENDATION,
        frozenset({S.PUBLICITY}),
        S.RECOMMENDED,
        P.CASE_RECOGNISE,
        tracks=frozenset({Track.RECOMMENDATION}),
        guard=lambda case, today: notice_ended(case, today) and no_open_objection(case, today),
        needs_holder=False,
        inputs=("number",),
        documents=(D.RECOMMENDATION_LETTER, D.RECOMMENDATION_NOTICE),
    ),
    Transition(
        A.RECORD_RECOGNITION,
        frozenset({S.RECOMMENDED}),
        S.RECOGNISED,
        P.CASE_RECOGNISE,
        tracks=frozenset({Track.RECOMMENDATION}),
        needs_holder=False,
        inputs=("outcome",),
    ),
    Transition(
        A.RECORD_NON_RECOGNITION,
        frozenset({S.RECOMMENDED}),
        S.NOT_RECOGNISED,
        P.CASE_RECOGNISE,
        tracks=frozenset({Track.RECOMMENDATION}),
        needs_holder=False,
        inputs=("outcome",),
    ),
    # back to review from the notice (an upheld objection, a late finding): a new decision clock starts
    Transition(
        A.REVERT,
        frozenset({S.PUBLICITY}),
        S.UNDER_REVIEW,
        P.CASE_RECOGNISE,
        Clock.START_DECISION,
        needs_reason=True,
        tracks=DEMONSTRATION,
        needs_holder=False,
    ),
    Transition(
        A.REJECT,
        frozenset({S.PUBLICITY}),
        S.REJECTED,
        P.CASE_RECOGNISE,
        needs_reason=True,
        tracks=DEMONSTRATION,
        needs_holder=False,
    ),
    Transition(A.CLOSE, frozenset({S.APPROVED}), S.CLOSED, P.CASE_TRIAGE, tracks=frozenset({Track.SERVICE})),
    Transition(
        A.CLOSE,
        frozenset({S.REJECTED, S.NOT_ACCEPTED, S.RECOGNISED, S.NOT_RECOGNISED}),
        S.CLOSED,
        P.CASE_TRIAGE,
        notify=(),
    ),
    Transition(
        A.WITHDRAW,
        OPEN_BEFORE_DECISION,
        S.WITHDRAWN,
        P.CASE_APPLY,
        Clock.STOP,
        needs_reason=True,  # the office learns why (settled, filed elsewhere …)
        notify=(Notify.FIRM, Notify.HOLDER),
    ),
)

#: states in which the firm's case is finished (rating becomes possible)
FINAL_STATES = frozenset({S.CLOSED, S.WITHDRAWN, S.NOT_ACCEPTED, S.RECOGNISED, S.NOT_RECOGNISED, S.REJECTED})
#: states in which the case waits for the firm (补正, before or after acceptance)
AWAITING_FIRM = frozenset({S.CORRECTION_REQUESTED, S.SUPPLEMENT_REQUESTED})
#: states in which a staff member is expected to act (queue "open")
STAFF_OPEN_STATES = frozenset(
    {S.SUBMITTED, S.ACCEPTED, S.UNDER_REVIEW, S.PROPOSED, S.APPROVED, S.PUBLICITY, S.RECOMMENDED}
)
#: every open state in one fixed order, and the same as SQL: the partial index ix_cases_open_due is
#: declared with this condition, and a query uses it only when it states the very same condition
OPEN_STATE_VALUES = tuple(s.value for s in (*sorted(STAFF_OPEN_STATES), *sorted(AWAITING_FIRM)))
OPEN_STATES_SQL = "status IN (" + ", ".join(f"'{v}'" for v in OPEN_STATE_VALUES) + ")"
#: states whose public notice page may be shown: a notice running now, or a recognition
PUBLIC_STATES = frozenset({S.PUBLICITY, S.RECOGNISED})
#: decided states in which the firm sees the decision's reason
DECISION_SHOWN = frozenset({S.REJECTED, S.NOT_ACCEPTED, S.APPROVED, S.CLOSED, S.NOT_RECOGNISED})


def find_transition(status: str, action: str, track: Track, kind: str | None = None) -> Transition | None:
    """The table row for ``action`` from ``status`` for this track (and type) of case, or None."""
    for row in TRANSITIONS:
        if row.action == action and status in row.sources and row.applies_to(track, kind):
            return row
    return None


def rows_from(status: str, track: Track, kind: str | None = None) -> list[Transition]:
    """Every row that may fire from ``status`` for this track (and type), in table order."""
    return [row for row in TRANSITIONS if status in row.sources and row.applies_to(track, kind)]


def _register_audit_labels() -> None:
    from portal.audit.labels import register

    register(actions=dict(CaseAction.__labels__), values=dict(CaseStatus.__labels__))


_register_audit_labels()
