"""Case verbs. Every status change goes through ``transition``, which asks the case whether the
user may act, moves the clock, stamps the case, writes the audit row and tells whoever the table
row names. Nothing here commits."""

from __future__ import annotations

from datetime import date, datetime, time

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from portal.audit.services import record
from portal.cases import clock, documents, notifications, quotas
from portal.cases.calls import require_open_call
from portal.cases.forms import COMMENT_REQUIRED, needs_comment
from portal.cases.kinds import CaseKind
from portal.cases.models import Case, CaseFile
from portal.cases.numbering import issue_certificate_number, next_reference
from portal.cases.status import CaseAction, CaseStatus, Notify, Transition
from portal.core.db import delete_after_commit, utcnow
from portal.core.errors import ServiceError
from portal.core.permissions import Permission
from portal.core.timeutil import today_local
from portal.core.uploads import UploadError, store_upload, validate_upload
from portal.extensions import db


class WorkflowError(ServiceError):
    """An action that the rules do not allow now; the message is shown to the user."""


class StaleCaseError(WorkflowError):
    """The case changed since the user opened it (optimistic locking)."""


STALE = _l("This case changed since you opened it. Nothing was saved; review the latest state and try again.")


# --- drafts -----------------------------------------------------------------------------------


def create_draft(kind: CaseKind, firm_id: int, user) -> Case:
    case = Case(kind=kind.value, firm_id=firm_id, created_by_id=user.id, status=CaseStatus.DRAFT, data={})
    db.session.add(case)
    db.session.flush()
    return case


def start_draft(kind: CaseKind, firm_id: int, user, today: date) -> Case:
    """A new draft, refused outside an open call; a second click reuses the user's untouched draft."""
    if kind.needs_call:
        require_open_call(kind, today)
    untouched = db.session.scalar(
        select(Case)
        .where(
            Case.firm_id == firm_id,
            Case.created_by_id == user.id,
            Case.kind == kind.value,
            Case.status == CaseStatus.DRAFT,
            Case.title == "",
            ~Case.files.any(),
        )
        .order_by(Case.id.desc())
        .limit(1)
    )
    if untouched is not None and not untouched.data:
        return untouched
    quotas.require_draft_room(firm_id)
    return create_draft(kind, firm_id, user)


def _require_draft(case: Case) -> None:
    if case.status != CaseStatus.DRAFT:
        raise WorkflowError(str(_l("This application has been submitted and can no longer be changed.")))


def save_step(case: Case, step_key: str, formdata) -> None:
    """Store one step's answers exactly as submitted: {field: [strings]} for the step's own fields.

    Forms are rebuilt from these with ``formdata=`` (editing, completeness, the check page), so a
    value is never re-typed through Python objects (decimals, dates) that the form cannot read back.
    """
    _require_draft(case)
    step = case.case_kind.step(step_key)
    names = [f.name for f in step_form(case, step, formdata=MultiDict(), meta={"csrf": False})]
    data = dict(case.data or {})
    data[step_key] = {
        name: [str(v) for v in formdata.getlist(name)] for name in names if name not in ("csrf_token", "submit")
    }
    case.data = data
    case.title = (case.case_kind.summary(data) or "")[:200]


def answers_formdata(case: Case, step_key: str) -> MultiDict:
    stored = (case.data or {}).get(step_key) or {}
    return MultiDict([(name, value) for name, values in stored.items() for value in values])


def step_form(case: Case, step, **kwargs):
    """The step's form, with whatever earlier answers the step declares it needs."""
    extra = step.context(case.data or {}) if step.context else {}
    if step.firm_context:
        extra.update(step.firm_context(case.firm_id))
    return step.form(**kwargs, **extra)


def stored_step_form(case: Case, step):
    """The step's form filled from the stored answers (validated by the caller if needed)."""
    return step_form(case, step, formdata=answers_formdata(case, step.key), meta={"csrf": False})


def step_complete(case: Case, step_key: str) -> bool:
    """A step is complete when its stored answers pass the step's own form validation."""
    step = case.case_kind.step(step_key)
    if step is None or step_key not in (case.data or {}):
        return False
    return stored_step_form(case, step).validate()


def missing_materials(case: Case) -> list:
    present = {f.material for f in case.files}
    return [m for m in case.case_kind.materials if m.needed(case.data) and m.key not in present]


def add_file(case: Case, material: str, filename: str, data: bytes, user) -> CaseFile:
    """Validate and attach a file; raises UploadError (message for the user)."""
    quotas.require_storage_room(case.firm_id, len(data))
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


def add_files(case: Case, material: str, files: list[tuple[str, bytes]], user) -> list[CaseFile]:
    """Several files for one material; every file is checked first, so one refused file stores none."""
    if not files:
        raise UploadError(str(_l("Choose a file to upload.")))
    used = case.files_size
    for filename, data in files:
        validate_upload(filename, data, used)
        used += len(data)
    return [add_file(case, material, filename, data, user) for filename, data in files]


def remove_draft_file(case: Case, file: CaseFile) -> None:
    _require_draft(case)
    case.files.remove(file)
    delete_after_commit(file.stored_name)


def delete_draft(case: Case) -> None:
    _require_draft(case)
    for file in case.files:
        delete_after_commit(file.stored_name)
    db.session.delete(case)


# --- submit and transitions -------------------------------------------------------------------


def submit_case(case: Case, user, on: date | None = None) -> Case:
    """Check completeness and the call window, assign the reference and move the draft to submitted
    (``on``: demo and tests)."""
    _require_draft(case)
    if not case.firm.code_usable:
        raise WorkflowError(
            str(
                _l(
                    "Your unified social credit code is waiting for staff to check it against your business licence; "
                    "you can submit once it is confirmed."
                )
            )
        )
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
    if case.case_kind.needs_call:
        case.call_id = require_open_call(case.case_kind, day).id
    case.reference = next_reference(case.case_kind.code, day.year)
    from portal.cases.receipts import new_receipt_code  # receipts reads answers through this module

    case.receipt_code = new_receipt_code()
    case.submitted_at = utcnow() if on is None else datetime.combine(on, time(1, 30))
    case.submitted_on = day
    transition(case, CaseAction.SUBMIT, user, on=day)
    from portal.cases.workload import assign_on_arrival  # the rules module assigns through this one

    assign_on_arrival(case)
    return case


def check_version(case: Case, seen_version: int | str | None) -> None:
    """Refuse when the form was opened on an older version of the case."""
    if seen_version is not None and str(seen_version) != str(case.version):
        raise StaleCaseError(str(STALE))


def check_transition(case: Case, action: CaseAction | str, actor, seen_version=None, on: date | None = None) -> None:
    """Raise WorkflowError now if ``transition`` would refuse, before anything is written."""
    check_version(case, seen_version)
    refusal = case.refusal(action, actor, on)
    if refusal:
        raise WorkflowError(refusal)


def transition(
    case: Case,
    action: CaseAction | str,
    actor,
    *,
    reason: str | None = None,
    certificate_no: str | None = None,
    outcome: dict | None = None,
    materials: list[str] | None = None,
    seen_version=None,
    on: date | None = None,
) -> Transition:
    """Apply ``action`` to ``case`` as ``actor``, or raise WorkflowError saying why not.

    ``materials``: for a 补正 request, the keys of the kind's materials to itemise (with the lines of
    ``reason``) in the 补正告知书."""
    action = CaseAction(action)
    today = on or today_local()
    check_transition(case, action, actor, seen_version, today)
    row = case.transition_for(action)
    if row is None:  # unreachable: check_transition refuses an action without a row (with the reason)
        raise WorkflowError(case.refusal(action, actor, today) or "")
    reason = (reason or "").strip() or None
    items: list[str] = []
    if "materials" in row.inputs:
        items, reason = supplement_items(case, materials or [], reason)
    if row.needs_reason and not reason:
        raise WorkflowError(str(_l("Give a reason: the firm will see it.")))
    if row.permission == Permission.CASE_TRIAGE and row.needs_holder and case.holder_id is None:
        assign(case, actor, actor=actor, claimed=True)  # the first action by an unassigned reviewer claims it
    _record_outcome(case, action, today, certificate_no, outcome or {})
    previous = case.status
    clock.move(case, row.clock, today)
    _stamp(case, action, today, reason)
    case.status = row.target
    clock.recompute(case)
    facts = _sign_off(case, action, actor, reason)
    record(
        action.value,
        "case",
        case.id,
        actor=actor,
        case_id=case.id,
        from_value=previous,
        to_value=row.target,
        note=reason,
        detail={"certificate_no": case.certificate_no} if action in CERTIFYING else _materials_detail(row, materials),
    )
    facts.items = items
    documents.issue_for(case, row, actor, today, facts)
    _tell(case, row, reason)
    db.session.flush()
    return row


CERTIFYING = (CaseAction.CONFIRM_RECOGNITION, CaseAction.CONFIRM_RECOMMENDATION)


def supplement_items(case: Case, keys: list[str], reason: str | None) -> tuple[list[str], str | None]:
    """The itemised list of a 补正 request (一次性告知): the chosen materials, then each line of the text.
    With materials chosen, the text the firm reads becomes the numbered list."""
    labels = {m.key: str(m.label) for m in case.case_kind.materials}
    unknown = [k for k in keys if k not in labels]
    if unknown:
        raise WorkflowError(str(_l("Choose materials from the list.")))
    items = [labels[k] for k in dict.fromkeys(keys)]
    items += [line.strip() for line in (reason or "").splitlines() if line.strip()]
    if keys:
        reason = "\n".join(f"{i}. {item}" for i, item in enumerate(items, 1))
    return items, reason


def _materials_detail(row: Transition, materials: list[str] | None) -> dict | None:
    # codes only: the itemised text is in the note, where a PIPL deletion can redact it
    return {"materials": list(materials)} if materials and "materials" in row.inputs else None


def _sign_off(case: Case, action: CaseAction, actor, reason: str | None) -> documents.Facts:
    """Two-level sign-off: remember the proposer; the 审核意见 names both people once confirmed."""
    facts = documents.Facts(note=reason)
    if action == CaseAction.PROPOSE:
        case.proposed_by_id = actor.id
    elif action == CaseAction.RETURN_PROPOSAL:
        case.proposed_by_id = None
    elif action == CaseAction.SIGN_OFF and case.proposed_by is not None:
        facts.proposer, facts.signer = case.proposed_by.name, actor.name
        facts.note = reason or case.decision_reason
    return facts


def _record_outcome(case: Case, action: CaseAction, today: date, certificate_no, outcome: dict) -> None:
    """Numbers and the recognising body: the district's own certificate, its recommendation letter, or
    the higher authority's decision recorded later."""
    if action in CERTIFYING:
        case.certificate_no = issue_certificate_number(case, certificate_no, today)
        if action == CaseAction.CONFIRM_RECOGNITION:
            case.recognised_on = today
            case.recognised_by = current_app.config.get("ISSUING_BODY") or str(
                _l("Hongqiao District Administration for Market Regulation, Tianjin")
            )
        else:
            case.recommended_on = today
    elif action in (CaseAction.RECORD_RECOGNITION, CaseAction.RECORD_NON_RECOGNITION):
        body = (outcome.get("authority") or "").strip()
        doc_no = (outcome.get("doc_no") or "").strip()
        decided = outcome.get("decided_on")
        if not body or not doc_no or not isinstance(decided, date):
            raise WorkflowError(
                str(_l("Enter the issuing authority, its document number and the date of its decision."))
            )
        if decided > today:
            raise WorkflowError(str(_l("The date of the decision cannot be in the future.")))
        case.recognised_by, case.recognition_doc_no = body[:200], doc_no[:100]
        case.recognised_on = decided if action == CaseAction.RECORD_RECOGNITION else None


def _stamp(case: Case, action: CaseAction, today: date, reason: str | None) -> None:
    now = utcnow()
    if action == CaseAction.ACCEPT:
        case.accepted_at = now
    elif action in (CaseAction.APPROVE, CaseAction.REJECT, CaseAction.REFUSE):
        case.decided_at, case.decided_on, case.outcome = now, today, action.value
        case.decision_reason = reason
    elif action == CaseAction.PROPOSE:
        case.decision_reason = reason  # the reviewer's opinion, kept unless the supervisor writes another
    elif action == CaseAction.SIGN_OFF:
        case.decided_at, case.decided_on, case.outcome = now, today, CaseAction.APPROVE.value
        case.decision_reason = reason or case.decision_reason
    elif action == CaseAction.REQUEST_SUPPLEMENT:
        case.supplement_count = (case.supplement_count or 0) + 1
    elif action == CaseAction.START_PUBLICITY:
        case.publicity_start, case.publicity_end = clock.notice_window(today, case.case_kind.notice_days())
    elif action == CaseAction.REVERT:
        case.decided_at = case.decided_on = case.outcome = None
        case.decision_reason = reason
    elif action in (CaseAction.CLOSE, CaseAction.WITHDRAW):
        case.closed_at = now


def _tell(case: Case, row: Transition, reason: str | None = None) -> None:
    if Notify.FIRM in row.notify:
        # the reason names what a 补正 asks for or why the case was decided so: every channel carries it
        notifications.notify(notifications.firm_users(case), case, "status", case.status, detail=reason)
    if Notify.HOLDER in row.notify and case.holder is not None:
        event = "supplement_answered" if row.action == CaseAction.ANSWER_SUPPLEMENT else "status"
        notifications.notify([case.holder], case, event, case.status if event == "status" else None)
    if Notify.SUPERVISORS in row.notify:
        notifications.notify(notifications.supervisors(), case, "status", case.status)


# --- staff handling ---------------------------------------------------------------------------


def claim(case: Case, user, seen_version=None) -> None:
    check_version(case, seen_version)
    if case.holder_id == user.id:
        return
    if case.is_final:
        raise WorkflowError(case.claim_refusal(user) or "")
    if case.holder_id is not None:
        raise WorkflowError(
            str(_l("%(name)s already holds this case. Ask a supervisor to reassign it.", name=case.holder.name))
        )
    assign(case, user, actor=user, seen_version=seen_version, claimed=True)


def assign(case: Case, holder, *, actor, seen_version=None, claimed: bool = False) -> None:
    check_version(case, seen_version)
    if not holder.is_staff or not holder.active or not holder.can(Permission.CASE_TRIAGE):
        raise WorkflowError(str(_l("Cases can only be assigned to active staff who handle cases.")))
    previous = case.holder_id
    case.holder_id = holder.id
    case.holder = holder
    case.updated_at = utcnow()  # bumps the version: a concurrent decision form becomes stale
    if holder.id != actor.id:
        notifications.notify([holder], case, "assigned")
    # user ids, never emails: audit values hold codes and ids only
    record(
        "claim" if claimed else "assign",
        "case",
        case.id,
        actor=actor,
        case_id=case.id,
        from_value=str(previous) if previous else None,
        to_value=str(holder.id),
    )


def rate_service(case: Case, user, rating: int, comment: str | None) -> None:
    if not case.is_final:
        raise WorkflowError(str(_l("You can rate the service once the case is finished.")))
    if case.rating is not None:
        raise WorkflowError(str(_l("You have already rated this case. Thank you.")))
    if needs_comment(rating) and not (comment or "").strip():
        raise WorkflowError(str(COMMENT_REQUIRED))
    case.rating, case.rating_comment, case.rated_at = rating, (comment or "").strip() or None, utcnow()
    record("rate", "case", case.id, actor=user, case_id=case.id, to_value=str(rating))
