"""Case verbs. Every status change goes through ``transition``, which checks the table,
moves the clock, writes the audit row and notifies the firm. Nothing here commits."""

from __future__ import annotations

from datetime import date, datetime, time

from flask_babel import lazy_gettext as _l

from portal.audit.services import record
from portal.cases import notifications
from portal.cases.kinds import CaseKind
from portal.cases.models import Case, CaseFile
from portal.cases.references import next_reference
from portal.cases.status import CaseAction, CaseStatus, Clock, Transition, find_transition
from portal.core.db import delete_after_commit, utcnow
from portal.core.permissions import Role
from portal.core.timeutil import today_local
from portal.core.uploads import store_upload, stored_path
from portal.core.working_days import add_working_days, working_days_between
from portal.extensions import db


class WorkflowError(ValueError):
    """An action that the rules do not allow now; the message is shown to the user."""


class StaleCaseError(WorkflowError):
    """The case changed since the user opened it (optimistic locking)."""


# --- drafts -----------------------------------------------------------------------------------


def create_draft(kind: CaseKind, firm_id: int, user) -> Case:
    case = Case(kind=kind.type.value, firm_id=firm_id, created_by_id=user.id, status=CaseStatus.DRAFT, data={})
    db.session.add(case)
    db.session.flush()
    return case


def _require_draft(case: Case) -> None:
    if case.status != CaseStatus.DRAFT:
        raise WorkflowError(str(_l("This application has been submitted and can no longer be changed.")))


def save_step(case: Case, step_key: str, answers: dict) -> None:
    """Store one step's answers (JSON-safe) and refresh the title staff search by."""
    _require_draft(case)
    data = dict(case.data or {})
    data[step_key] = {k: _jsonable(v) for k, v in answers.items() if k not in ("csrf_token", "submit")}
    case.data = data
    case.title = (case.case_kind.summary(data) or "")[:200]


def _jsonable(value):
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "as_tuple"):  # Decimal
        return str(value)
    return value


def step_complete(case: Case, step_key: str) -> bool:
    """A step is complete when its stored answers pass the step's own form validation."""
    step = case.case_kind.step(step_key)
    if step is None or step_key not in (case.data or {}):
        return False
    return not step_errors(case, step_key)


def step_errors(case: Case, step_key: str) -> dict:
    from werkzeug.datastructures import MultiDict

    step = case.case_kind.step(step_key)
    stored = (case.data or {}).get(step_key, {})
    formdata = MultiDict()
    for key, value in stored.items():
        if isinstance(value, list):
            for item in value:
                formdata.add(key, item)
        elif value is not None and value is not False:
            formdata.add(key, "y" if value is True else str(value))
    form = make_step_form(case, step, formdata=formdata, meta={"csrf": False})
    form.validate()
    return form.errors


def make_step_form(case: Case, step, **kwargs):
    extra = {}
    if step.key == "works":  # the copyright works step needs the first step's unit/park answer
        extra["unit_type"] = (case.data or {}).get("applicant", {}).get("unit_type")
    return step.form(**kwargs, **extra)


def missing_materials(case: Case) -> list:
    present = {f.material for f in case.files}
    return [m for m in case.case_kind.materials if m.required and m.key not in present]


def add_file(case: Case, material: str, filename: str, data: bytes, user) -> CaseFile:
    """Validate and attach a file; raises UploadError (message for the user)."""
    stored = store_upload(filename, data, already_used=case.files_size)
    row = CaseFile(
        case=case,
        material=material,
        stored_name=stored.stored_name,
        original_name=stored.original_name,
        content_type=stored.content_type,
        size=stored.size,
        sha256=stored.sha256,
        uploaded_by_id=user.id,
    )
    db.session.add(row)
    if case.status != CaseStatus.DRAFT:
        record(
            "file_added",
            "case_file",
            None,
            actor=user,
            case_id=case.id,
            note=stored.original_name,
            detail={"material": material, "sha256": stored.sha256},
        )
    return row


def remove_draft_file(case: Case, file: CaseFile) -> None:
    _require_draft(case)
    case.files.remove(file)
    delete_after_commit(stored_path(file.stored_name))


def delete_draft(case: Case) -> None:
    _require_draft(case)
    for file in case.files:
        delete_after_commit(stored_path(file.stored_name))
    db.session.delete(case)


def check_transition(case: Case, action: CaseAction | str, actor, seen_version=None) -> None:
    """Raise WorkflowError now if ``transition`` would refuse, before anything is written."""
    check_version(case, seen_version)
    row = find_transition(case.status, CaseAction(action), case.case_kind.demonstration)
    if row is None or Role(actor.role) not in row.roles or (actor.role == Role.FIRM and actor.firm_id != case.firm_id):
        raise WorkflowError(
            str(
                _l(
                    "“%(action)s” is not possible while the case is “%(status)s”.",
                    action=CaseAction(action).label,
                    status=case.status_enum.label,
                )
            )
        )


# --- submit and transitions -------------------------------------------------------------------


def submit_case(case: Case, user, on: date | None = None) -> Case:
    """Check completeness, assign the reference and move the draft to submitted (``on``: demo and tests)."""
    _require_draft(case)
    incomplete = [s for s in case.case_kind.steps if not step_complete(case, s.key)]
    if incomplete:
        raise WorkflowError(
            str(
                _l(
                    "Complete every section before you submit: %(steps)s.",
                    steps="、".join(str(s.title) for s in incomplete),
                )
            )
        )
    if missing_materials(case):
        raise WorkflowError(str(_l("Upload the required materials before you submit.")))
    day = on or today_local()
    case.reference = next_reference(case.case_kind.code, day.year)
    case.submitted_at = utcnow() if on is None else datetime.combine(on, time(1, 30))
    case.submitted_on = day
    transition(case, CaseAction.SUBMIT, user, on=day)
    return case


def check_version(case: Case, seen_version: int | str | None) -> None:
    """Refuse when the form was opened on an older version of the case."""
    if seen_version is not None and str(seen_version) != str(case.version):
        raise StaleCaseError(
            str(_l("This case changed since you opened it. Nothing was saved; review the latest state and try again."))
        )


def transition(
    case: Case,
    action: CaseAction | str,
    actor,
    *,
    reason: str | None = None,
    certificate_no: str | None = None,
    seen_version=None,
    on: date | None = None,
) -> Transition:
    """Apply ``action`` to ``case`` as ``actor``, or raise WorkflowError saying why not."""
    check_version(case, seen_version)
    action = CaseAction(action)
    row = find_transition(case.status, action, case.case_kind.demonstration)
    if row is None:
        raise WorkflowError(
            str(
                _l(
                    "“%(action)s” is not possible while the case is “%(status)s”.",
                    action=action.label,
                    status=case.status_enum.label,
                )
            )
        )
    if Role(actor.role) not in row.roles:
        raise WorkflowError(str(_l("Your role may not “%(action)s”.", action=action.label)))
    if actor.role == Role.FIRM and actor.firm_id != case.firm_id:
        raise WorkflowError(str(_l("Only the applying firm may do this.")))
    reason = (reason or "").strip() or None
    if row.needs_reason and not reason:
        raise WorkflowError(str(_l("Give a reason: the firm will see it.")))
    today = on or today_local()
    if action == CaseAction.CONFIRM_RECOGNITION:
        if not (certificate_no or "").strip():
            raise WorkflowError(str(_l("Enter the certificate number for the recognition.")))
        if case.publicity_end and today <= case.publicity_end:
            raise WorkflowError(
                str(
                    _l(
                        "The public notice runs until %(date)s; confirm after it ends.",
                        date=case.publicity_end.isoformat(),
                    )
                )
            )
        case.certificate_no = certificate_no.strip()
        case.recognised_on = today
    previous = case.status
    _move_clock(case, row.clock, today)
    _stamp(case, action, today, reason)
    case.status = row.target
    record(
        action.value,
        "case",
        case.id,
        actor=actor,
        case_id=case.id,
        from_value=previous,
        to_value=row.target,
        note=reason,
        detail={"certificate_no": case.certificate_no} if certificate_no else None,
    )
    notifications.status_changed(case, action)
    db.session.flush()
    return row


def _stamp(case: Case, action: CaseAction, today: date, reason: str | None) -> None:
    now = utcnow()
    if action == CaseAction.ACCEPT:
        case.accepted_at = now
    elif action in (CaseAction.APPROVE, CaseAction.REJECT, CaseAction.REFUSE):
        case.decided_at, case.decided_on, case.outcome = now, today, action.value
        case.decision_reason = reason
    elif action == CaseAction.REQUEST_SUPPLEMENT:
        case.supplement_count = (case.supplement_count or 0) + 1
    elif action == CaseAction.START_PUBLICITY:
        case.publicity_start = today
        case.publicity_end = add_working_days(today, case.case_kind.publicity_days())
    elif action == CaseAction.REVERT:
        case.decided_at = case.decided_on = case.outcome = None
        case.decision_reason = reason
    elif action in (CaseAction.CLOSE, CaseAction.WITHDRAW):
        case.closed_at = now


def _move_clock(case: Case, clock: Clock, today: date) -> None:
    accept_days, decide_days = case.case_kind.time_limits()
    if clock == Clock.START_ACCEPTANCE:
        case.clock_phase, case.clock_started_on = "accept", today
        case.paused_days = 0
        case.due_date = add_working_days(today, accept_days)
    elif clock == Clock.START_DECISION:
        _finish_phase(case, today)
        case.clock_phase, case.clock_started_on = "decide", today
        case.due_date = add_working_days(today, decide_days + (case.paused_days or 0))
    elif clock == Clock.PAUSE and case.paused_since is None:
        case.paused_since = today
    elif clock == Clock.RESUME and case.paused_since is not None:
        paused = working_days_between(case.paused_since, today)
        case.paused_days = (case.paused_days or 0) + paused
        if case.due_date:
            case.due_date = add_working_days(case.due_date, paused)
        case.paused_since = None
    elif clock == Clock.STOP:
        if case.paused_since is not None:  # stopped while waiting for the firm: the wait does not count
            case.paused_days = (case.paused_days or 0) + working_days_between(case.paused_since, today)
        _finish_phase(case, today)
        case.clock_phase = None
        case.paused_since = None


def _finish_phase(case: Case, today: date) -> None:
    if case.due_date is not None:
        case.met_deadline = today <= case.due_date
    if case.submitted_at is not None:
        from portal.core.timeutil import local_date

        taken = working_days_between(case.submitted_on or local_date(case.submitted_at), today) - (
            case.paused_days or 0
        )
        case.working_days_taken = max(taken, 0)


# --- staff handling ---------------------------------------------------------------------------


def claim(case: Case, user, seen_version=None) -> None:
    check_version(case, seen_version)
    if case.holder_id == user.id:
        return
    if case.holder_id is not None:
        raise WorkflowError(
            str(_l("%(name)s already holds this case. Ask a supervisor to reassign it.", name=case.holder.name))
        )
    assign(case, user, actor=user, seen_version=seen_version)


def assign(case: Case, holder, *, actor, seen_version=None) -> None:
    check_version(case, seen_version)
    if not holder.is_staff or not holder.active:
        raise WorkflowError(str(_l("Cases can only be assigned to active staff.")))
    previous = case.holder.email if case.holder else None
    case.holder_id = holder.id
    case.holder = holder
    case.updated_at = utcnow()  # bumps the version: a concurrent decision form becomes stale
    record("assign", "case", case.id, actor=actor, case_id=case.id, from_value=previous, to_value=holder.email)


def rate_service(case: Case, user, rating: int, comment: str | None) -> None:
    if not case.is_final:
        raise WorkflowError(str(_l("You can rate the service once the case is finished.")))
    if case.rating is not None:
        raise WorkflowError(str(_l("You have already rated this case. Thank you.")))
    case.rating, case.rating_comment, case.rated_at = rating, (comment or "").strip() or None, utcnow()
    record("rate", "case", case.id, actor=user, case_id=case.id, to_value=str(rating))
