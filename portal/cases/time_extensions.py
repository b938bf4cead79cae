"""Extensions of a time limit (延期): a reviewer asks with a reason and a number of working days, a
supervisor approves or refuses; an approved extension moves the due date through the clock's
recomputation, and the firm sees it on its case page."""

from __future__ import annotations

from flask import current_app

from portal.audit.labels import register
from portal.audit.services import record
from portal.cases import clock, notifications
from portal.cases.models import Case
from portal.cases.paperwork import ExtensionStatus, TimeExtension
from portal.core.db import utcnow
from portal.core.errors import ServiceError
from portal.core.permissions import Permission
from portal.extensions import db
from portal.i18n import gettext as _
from portal.i18n import lazy_gettext as _l

register(
    actions={
        "extension_requested": _l("Extension of the time limit requested"),
        "extension_approved": _l("Time limit extended"),
        "extension_refused": _l("Extension of the time limit refused"),
    }
)


class ExtensionError(ServiceError):
    """An extension that cannot be asked for or decided now; the message says why."""


def max_days() -> int:
    return int(current_app.config.get("EXTENSION_MAX_WORKING_DAYS", 15))


def request_refusal(case: Case, user) -> str | None:
    """Why ``user`` may not ask to extend this case's time limit now, or None."""
    if not user.can(Permission.CASE_TRIAGE):
        return _("Your role may not ask for an extension.")
    if case.clock_phase is None:
        return _("No time limit is running on this case.")
    if case.is_paused:
        return _("The time limit is paused while the firm sends material; it needs no extension now.")
    if case.pending_extension is not None:
        return _("An extension is already waiting for a supervisor.")
    if case.holder_id not in (None, user.id) and not user.can(Permission.CASE_SIGN_OFF):
        return _("%(name)s holds this case. Ask a supervisor to reassign it.", name=case.holder.name)
    return None


def request_extension(case: Case, user, days: int, reason: str) -> TimeExtension:
    refusal = request_refusal(case, user)
    if refusal:
        raise ExtensionError(refusal)
    if not 1 <= days <= max_days():
        raise ExtensionError(_("Ask for 1 to %(n)s working days.", n=max_days()))
    reason = (reason or "").strip()
    if not reason:
        raise ExtensionError(_("Give the reason for the extension: the firm will see it."))
    extension = TimeExtension(case=case, days=days, reason=reason, requested_by_id=user.id)
    db.session.add(extension)
    db.session.flush()
    record("extension_requested", "case", case.id, actor=user, case_id=case.id, to_value=str(days), note=reason)
    notifications.notify(
        [u for u in notifications.supervisors() if u.can(Permission.CASE_SIGN_OFF) and u.id != user.id],
        case,
        "extension_requested",
    )
    return extension


def decide(extension: TimeExtension, user, approve: bool, note: str | None = None) -> None:
    """A supervisor's decision; the one who asked may not decide their own request."""
    case = extension.case
    if not user.can(Permission.CASE_SIGN_OFF):
        raise ExtensionError(_("Only a supervisor may decide on an extension."))
    if not extension.is_pending:
        raise ExtensionError(_("This extension has already been decided."))
    if extension.requested_by_id == user.id:
        raise ExtensionError(_("You asked for this extension; another supervisor decides it."))
    if approve and case.clock_phase is None:
        raise ExtensionError(_("No time limit is running on this case any more."))
    extension.decided_by_id, extension.decided_at = user.id, utcnow()
    extension.decision_note = (note or "").strip() or None
    if approve:
        extension.status = ExtensionStatus.APPROVED
        extension.due_before = case.due_date
        clock.extend(case, extension.days)
        extension.due_after = case.due_date
        case.updated_at = utcnow()  # a decision form opened before the extension is now stale
        record(
            "extension_approved",
            "case",
            case.id,
            actor=user,
            case_id=case.id,
            to_value=str(extension.days),
            note=extension.reason,
        )
        notifications.notify(notifications.firm_users(case), case, "extension_approved")
    else:
        extension.status = ExtensionStatus.REFUSED
        record("extension_refused", "case", case.id, actor=user, case_id=case.id, note=extension.decision_note)
    if extension.requested_by is not None:
        notifications.notify([extension.requested_by], case, "extension_decided")
    db.session.flush()
