"""Ranking per call and the panel's collective decision (集体审议): the top cases up to the call's
quota pass and go to 公示 through the case transitions, with the panel's opinion as the reason; the
rest are rejected or placed on a reserve list."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select

from portal.audit.services import record
from portal.cases import services as case_services
from portal.cases.models import Call, Case
from portal.cases.status import CaseAction, CaseStatus
from portal.core.errors import ServiceError
from portal.extensions import db
from portal.i18n import gettext as _
from portal.review.models import Assignment, PanelDecision
from portal.review.scoring import CaseScore, rank, summarise

REJECT, RESERVE = "reject", "reserve"


@dataclass
class RankedCase:
    position: int
    case: Case
    score: CaseScore
    assignments: list[Assignment]

    @property
    def pending(self) -> int:
        return sum(1 for a in self.assignments if a.is_active and not a.is_submitted)


def cases_of(call: Call) -> list[Case]:
    return list(
        db.session.scalars(
            select(Case)
            .where(Case.call_id == call.id, Case.status.not_in((CaseStatus.DRAFT, CaseStatus.WITHDRAWN)))
            .order_by(Case.reference)
        )
    )


def threshold() -> float:
    return float(current_app.config.get("REVIEW_DISAGREEMENT_THRESHOLD", 15))


def ranking(call: Call, *, decided_too: bool = False) -> list[RankedCase]:
    """Every case under review in the call, best mean weighted score first (``decided_too``: also the
    cases the panel has already decided, for the record)."""
    trim = bool(current_app.config.get("REVIEW_TRIM_EXTREMES", True))
    cases = cases_of(call)
    rows = {c.id: [] for c in cases}
    if rows:
        for a in db.session.scalars(select(Assignment).where(Assignment.case_id.in_(rows)).order_by(Assignment.id)):
            rows[a.case_id].append(a)
    cases = [c for c in cases if c.status == CaseStatus.UNDER_REVIEW or (decided_too and rows[c.id])]
    by_id = {c.id: c for c in cases}
    scores = [
        summarise(c.id, [a.total for a in rows[c.id] if a.is_submitted and a.total is not None], threshold(), trim)
        for c in cases
    ]
    ordered = rank(scores, tie_key=lambda s: by_id[s.case_id].reference or "")
    return [RankedCase(i + 1, by_id[s.case_id], s, rows[s.case_id]) for i, s in enumerate(ordered)]


def decision_of(call: Call) -> PanelDecision | None:
    return db.session.scalar(select(PanelDecision).where(PanelDecision.call_id == call.id))


def decide(
    call: Call, actor, *, attendees: str, minutes: str, opinion: str, rest: str, rest_reason: str
) -> PanelDecision:
    """Record the collective decision and apply it: the top ``quota`` cases are approved and published
    for public notice in one go; the others are rejected or kept on the reserve list."""
    if decision_of(call) is not None:
        raise ServiceError(_("The panel's decision on this call has already been recorded."))
    if not call.quota:
        raise ServiceError(_("Set the call's quota before the panel decides."))
    attendees, minutes, opinion, rest_reason = (v.strip() for v in (attendees, minutes, opinion, rest_reason))
    if not (attendees and minutes and opinion):
        raise ServiceError(_("Record the attendees, the minutes and the panel's opinion."))
    if rest not in (REJECT, RESERVE) or not rest_reason:
        raise ServiceError(_("Say what happens to the cases below the quota, and why."))
    ranked = ranking(call)
    if not ranked:
        raise ServiceError(_("No case of this call is under review."))
    unfinished = [r.case.reference for r in ranked if r.pending or r.score.mean is None]
    if unfinished:
        raise ServiceError(
            _("Some cases are not fully scored yet: %(refs)s.", refs="、".join(str(ref) for ref in unfinished))
        )
    outcomes = []
    for row in ranked:
        case = row.case
        passed = row.position <= call.quota
        if (passed or rest == REJECT) and case.holder_id not in (None, actor.id):
            case_services.assign(case, actor, actor=actor)  # the panel's decision is recorded by its clerk
        if passed:
            case_services.transition(case, CaseAction.APPROVE, actor, reason=opinion)
            case_services.transition(case, CaseAction.START_PUBLICITY, actor, reason=opinion)
            outcome, reason = "publicity", opinion
        elif rest == REJECT:
            case_services.transition(case, CaseAction.REJECT, actor, reason=rest_reason)
            outcome, reason = "rejected", rest_reason
        else:
            outcome, reason = "reserve", rest_reason
            record("review_reserve", "case", case.id, actor=actor, case_id=case.id, note=rest_reason)
        outcomes.append(
            {"case_id": case.id, "rank": row.position, "mean": row.score.mean, "outcome": outcome, "reason": reason}
        )
    decision = PanelDecision(
        call_id=call.id,
        attendees=attendees,
        minutes=minutes,
        opinion=opinion,
        outcomes=outcomes,
        decided_by_id=actor.id,
    )
    db.session.add(decision)
    db.session.flush()
    record("panel_decided", "call", call.id, actor=actor, note=opinion, to_value=str(len(outcomes)))
    return decision


def released_outcome(case: Case) -> dict | None:
    """What the firm is told of the panel's decision on its case: the outcome and the opinion the panel
    released (a rejection's reason already reaches the firm through the case's decision). Never
    scores, ranks or experts."""
    if case.call_id is None:
        return None
    decision = decision_of(case.call)
    if decision is None:
        return None
    for entry in decision.outcomes or []:
        if entry.get("case_id") == case.id and entry.get("outcome") in ("publicity", "reserve"):
            return {"outcome": entry["outcome"], "text": entry.get("reason") or ""}
    return None
