"""Objections (异议) to a case in public notice: received → being verified (核查) → upheld or
dismissed, with a written conclusion that the case shows and the objector is sent."""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email

from portal.audit.services import client_ip, record
from portal.cases import notifications
from portal.cases.models import Case, Objection
from portal.cases.services import WorkflowError, transition
from portal.cases.status import CaseAction
from portal.core.db import utcnow
from portal.core.enums import LabeledEnum
from portal.core.permissions import Permission
from portal.core.uploads import store_upload
from portal.extensions import db
from portal.i18n import gettext as _
from portal.i18n import lazy_gettext as _l


class ObjectionStatus(LabeledEnum):
    RECEIVED = "received"
    VERIFYING = "verifying"
    UPHELD = "upheld"
    DISMISSED = "dismissed"

    __labels__ = {
        "received": _l("Received"),
        "verifying": _l("Being verified"),
        "upheld": _l("Upheld"),
        "dismissed": _l("Dismissed"),
    }
    __badges__ = {"received": "warning", "verifying": "info", "upheld": "danger", "dismissed": "secondary"}


#: what an upheld objection does to the case
UPHELD_OUTCOMES = {"revert": CaseAction.REVERT, "reject": CaseAction.REJECT}


def file_objection(case: Case, name: str, contact: str, reason: str, evidence: tuple[str, bytes] | None) -> Objection:
    """Anyone may object while the notice runs; every supervisor and the holder hear of it."""
    if not case.objections_open:
        raise WorkflowError(_("The public notice for this case has ended; objections are closed."))
    objection = Objection(case=case, name=name.strip(), contact=contact.strip(), reason=reason.strip(), ip=client_ip())
    if evidence:
        stored = store_upload(*evidence)
        objection.evidence_stored_name = stored.stored_name
        objection.evidence_original_name = stored.original_name
    db.session.add(objection)
    db.session.flush()
    record("objection", "objection", objection.id, case_id=case.id)
    people = {u.id: u for u in notifications.supervisors()}
    if case.holder is not None:
        people.setdefault(case.holder.id, case.holder)
    notifications.notify(list(people.values()), case, "objection")
    return objection


def _require_handler(objection: Objection, actor) -> None:
    if not actor.can(Permission.OBJECTION_HANDLE):
        raise WorkflowError(_("Only a supervisor may handle objections."))
    if not objection.is_open:
        raise WorkflowError(_("This objection has already been concluded."))


def start_verification(objection: Objection, actor) -> None:
    _require_handler(objection, actor)
    if objection.status == ObjectionStatus.VERIFYING:
        return
    objection.status = ObjectionStatus.VERIFYING
    record(
        "objection_verifying",
        "objection",
        objection.id,
        actor=actor,
        case_id=objection.case_id,
        from_value=ObjectionStatus.RECEIVED,
        to_value=ObjectionStatus.VERIFYING,
    )


def conclude(objection: Objection, actor, *, upheld: bool, conclusion: str, outcome: str | None = None) -> None:
    """Record the conclusion; an upheld objection returns the case to review or rejects it, with the
    conclusion as the reason."""
    _require_handler(objection, actor)
    conclusion = (conclusion or "").strip()
    if not conclusion:
        raise WorkflowError(_("Write the conclusion of the verification."))
    upheld_action = UPHELD_OUTCOMES.get(outcome or "") if upheld else None
    if upheld and upheld_action is None:
        raise WorkflowError(_("Choose what happens to the case: return it to review or reject it."))
    case = objection.case
    target = ObjectionStatus.UPHELD if upheld else ObjectionStatus.DISMISSED
    previous = objection.status
    objection.status, objection.conclusion = target, conclusion
    objection.concluded_at, objection.concluded_by_id = utcnow(), actor.id
    record(
        "objection_" + target.value,
        "objection",
        objection.id,
        actor=actor,
        case_id=case.id,
        from_value=previous,
        to_value=target,
        note=conclusion,
    )
    if upheld_action is not None:
        # the other open objections go with the case back to review
        for other in case.objections:
            if other is not objection and other.is_open:
                other.status, other.conclusion = ObjectionStatus.UPHELD, conclusion
                other.concluded_at, other.concluded_by_id = utcnow(), actor.id
        transition(case, upheld_action, actor, reason=conclusion)
    _reply_to_objector(objection)


def _reply_to_objector(objection: Objection) -> None:
    try:
        address = validate_email(objection.contact, check_deliverability=False).normalized
    except EmailNotValidError:
        return  # a phone number: the office calls back
    notifications.objection_concluded(objection, address)


def due_date(objection: Objection):
    """The office's target date for concluding ``objection`` (setting OBJECTION_DUE_WORKING_DAYS)."""
    from flask import current_app

    from portal.core.timeutil import local_date
    from portal.core.working_days import add_working_days

    return add_working_days(local_date(objection.created_at), current_app.config.get("OBJECTION_DUE_WORKING_DAYS", 10))


def open_objections() -> list[Objection]:
    """Objections still being handled, the oldest first, with their cases (the 异议 tab of the queue)."""
    from sqlalchemy import select
    from sqlalchemy.orm import joinedload

    return list(
        db.session.scalars(
            select(Objection)
            .where(Objection.status.in_([ObjectionStatus.RECEIVED, ObjectionStatus.VERIFYING]))
            .options(joinedload(Objection.case))
            .order_by(Objection.created_at, Objection.id)
            .limit(500)
        )
    )


def open_count() -> int:
    """Open objections (the queue's 异议 tab badge), kept like the queue's counts: an objection is part
    of the case generation, so a new or concluded one is counted afresh at once."""
    from sqlalchemy import func, select

    from portal.cases.queries import counted

    return counted(
        "open-objections",
        lambda: (
            db.session.scalar(
                select(func.count())
                .select_from(Objection)
                .where(Objection.status.in_([ObjectionStatus.RECEIVED, ObjectionStatus.VERIFYING]))
            )
            or 0
        ),
    )
