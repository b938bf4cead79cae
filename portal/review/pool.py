"""The expert pool and assignment: who may review which case. An expert whose employer or declared
relationships name the firm is never assigned to its case, by hand or automatically."""

from __future__ import annotations

import secrets

from sqlalchemy import func, select

from portal.accounts.models import User
from portal.accounts.services import create_user, find_user_by_email
from portal.audit.services import record
from portal.cases.models import Case
from portal.cases.status import CaseStatus
from portal.core.errors import ServiceError
from portal.core.permissions import Role
from portal.extensions import db
from portal.i18n import gettext as _
from portal.review.models import Assignment, ExpertProfile, ReviewStatus, normalise
from portal.review.rubrics import current_rubric

DEFAULT_EXPERTS_PER_CASE = 3


def experts() -> list[ExpertProfile]:
    return list(
        db.session.scalars(
            select(ExpertProfile).join(ExpertProfile.user).where(User.role == Role.EXPERT).order_by(User.name)
        )
    )


def profile_of(user) -> ExpertProfile | None:
    return db.session.scalar(select(ExpertProfile).where(ExpertProfile.user_id == user.id))


def add_expert(values: dict, actor) -> ExpertProfile:
    """A new expert account (they set a password through a sign-in link or a reset) and its profile."""
    email = values["email"].strip().lower()
    if find_user_by_email(email) is not None:
        raise ServiceError(_("An account with this email address already exists."))
    user = create_user(email, secrets.token_urlsafe(24), Role.EXPERT, name=values["name"].strip())
    profile = ExpertProfile(user=user)
    db.session.add(profile)
    _apply(profile, values)
    db.session.flush()
    record("expert_added", "user", user.id, actor=actor, to_value=",".join(profile.fields))
    return profile


def update_expert(profile: ExpertProfile, values: dict, actor) -> None:
    _apply(profile, values)
    record("expert_changed", "user", profile.user_id, actor=actor, to_value=",".join(profile.fields))


def _apply(profile: ExpertProfile, values: dict) -> None:
    profile.fields = list(values["fields"])
    profile.employer = (values.get("employer") or "").strip()
    lines = [line.strip() for line in (values.get("relationships") or "").splitlines()]
    profile.relationships = "\n".join(line for line in lines if line)


def has_conflict(profile: ExpertProfile, case: Case) -> bool:
    """The firm's name or credit code is the expert's employer or among their declared relationships."""
    firm = case.firm
    return bool({normalise(firm.name), normalise(firm.credit_code or "")} & profile.related_names)


def assignments_of(case: Case) -> list[Assignment]:
    return list(db.session.scalars(select(Assignment).where(Assignment.case_id == case.id).order_by(Assignment.id)))


def active_assignments(case: Case) -> list[Assignment]:
    return [a for a in assignments_of(case) if a.is_active]


def experts_needed(case: Case) -> int:
    rubric = current_rubric(case.call) if case.call is not None else None
    wanted = rubric.experts_per_case if rubric is not None else DEFAULT_EXPERTS_PER_CASE
    return max(0, wanted - len(active_assignments(case)))


def _check_case(case: Case) -> None:
    if case.call_id is None or case.track == "service":
        raise ServiceError(_("Only demonstration applications of a call are reviewed by experts."))
    if case.status != CaseStatus.UNDER_REVIEW:
        raise ServiceError(_("Start the review of the case before you assign experts."))


def assign_expert(case: Case, expert: User, actor) -> Assignment:
    """Assign one expert by hand; a conflicted or already assigned expert is refused."""
    _check_case(case)
    profile = profile_of(expert)
    if profile is None or expert.role != Role.EXPERT or not expert.active:
        raise ServiceError(_("Choose an active expert from the pool."))
    if has_conflict(profile, case):
        raise ServiceError(
            _("%(name)s has declared a relationship with this firm and cannot review its case.", name=expert.name)
        )
    if any(a.expert_id == expert.id for a in assignments_of(case)):
        raise ServiceError(_("%(name)s has already been assigned to this case.", name=expert.name))
    row = Assignment(case_id=case.id, expert_id=expert.id, assigned_by_id=actor.id, status=ReviewStatus.ASSIGNED)
    db.session.add(row)
    db.session.flush()
    record("expert_assigned", "case", case.id, actor=actor, case_id=case.id, to_value=str(expert.id))
    return row


def auto_assign(case: Case, actor) -> int:
    """Fill the case up to the rubric's number of experts from those qualified for the programme,
    the least busy first; returns how many were assigned (refuses when nobody suitable is left)."""
    _check_case(case)
    needed = experts_needed(case)
    if needed == 0:
        raise ServiceError(_("This case already has all the experts it needs."))
    taken = {a.expert_id for a in assignments_of(case)}
    load = dict(
        db.session.execute(
            select(Assignment.expert_id, func.count(Assignment.id))
            .where(Assignment.status != ReviewStatus.CONFLICT)
            .group_by(Assignment.expert_id)
        ).all()
    )
    candidates = [
        p
        for p in experts()
        if p.user.active and case.kind in (p.fields or []) and p.user_id not in taken and not has_conflict(p, case)
    ]
    candidates.sort(key=lambda p: (load.get(p.user_id, 0), p.user_id))
    if not candidates:
        raise ServiceError(_("No expert of this field without a conflict is left in the pool."))
    for profile in candidates[:needed]:
        assign_expert(case, profile.user, actor)
    return min(needed, len(candidates))


def expert_figures() -> list[dict]:
    """Per expert: cases assigned, reviews submitted, conflicts declared and the mean turnaround in
    days from assignment to submission."""
    rows = {p.user_id: {"profile": p, "assigned": 0, "submitted": 0, "conflicts": 0, "days": []} for p in experts()}
    for a in db.session.scalars(select(Assignment)):
        row = rows.get(a.expert_id)
        if row is None:
            continue
        row["assigned"] += 1
        if a.status == ReviewStatus.CONFLICT:
            row["conflicts"] += 1
        elif a.status == ReviewStatus.SUBMITTED and a.submitted_at is not None:
            row["submitted"] += 1
            row["days"].append((a.submitted_at - a.assigned_at).total_seconds() / 86400)
    for row in rows.values():
        days = row.pop("days")
        row["turnaround"] = round(sum(days) / len(days), 1) if days else None
    return list(rows.values())
