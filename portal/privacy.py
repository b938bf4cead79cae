"""Personal data rights (PIPL): a firm downloads everything it gave us, or asks to be deleted.

Deletion removes personal and firm-identifying data and the uploaded files, and keeps what
statistics and the law need: anonymised case rows (type, status, dates, time limits) and the
append-only audit trail.
"""

from __future__ import annotations

import json
import secrets
import tempfile
import zipfile
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import BinaryIO

from sqlalchemy import and_, delete, or_, select

from portal.accounts.models import CodeClaim, DeletionRequest, User
from portal.audit.models import AuditEvent
from portal.audit.services import record, redact_texts
from portal.cases.models import Case, CaseMessage, Notification, Objection
from portal.cases.notifications import describe
from portal.cases.ratings import RatingFollowUp, rating_label
from portal.cases.services import transition
from portal.cases.status import OPEN_BEFORE_DECISION, CaseAction
from portal.cases.timeline import timeline
from portal.core import mail
from portal.core.db import delete_after_commit, utcnow
from portal.core.outbox import OutgoingMail
from portal.core.permissions import Role
from portal.core.storage import get_store
from portal.core.timeutil import SHANGHAI
from portal.extensions import db
from portal.firms.models import Firm, FirmIpProfile
from portal.firms.vocab import INDUSTRIES, QUALIFICATIONS, label_of
from portal.i18n import gettext as _

# Columns of the firm's rows that the export leaves out, and why (tests/web/test_privacy.py checks that
# every other column of every firm-owned table is in the export). Row ids and links between rows are
# internal keys and are left out everywhere.
NOT_EXPORTED = {
    "users": {"password_hash": "a one-way hash of the password, not the password", "session_token": "a sign-in secret"},
    "case_files": {"stored_name": "the random storage key; the file itself is in the archive"},
}


def _when(value):
    """Stored UTC times as Beijing time with the offset (2026-11-25T09:30:00+08:00); dates as they are."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC).astimezone(SHANGHAI).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _row(obj, **labels) -> dict:
    """Every column of the row except internal keys and NOT_EXPORTED, with ``<code>_label`` beside codes."""
    table = obj.__table__
    skip = NOT_EXPORTED.get(table.name, {})
    row = {
        c.key: _when(getattr(obj, c.key))
        for c in table.columns
        if not (c.primary_key or c.foreign_keys) and c.key not in skip
    }
    for name, label in labels.items():
        row[f"{name}_label"] = str(label) if label is not None else None
    return row


def _answers(case) -> list[dict]:
    """Each step's questions with the stored codes and their readable labels."""
    steps = []
    for step in case.case_kind.steps:
        stored = (case.data or {}).get(step.key) or {}
        steps.append(
            {
                "step": step.key,
                "step_label": str(step.title),
                "answers": [
                    {"field": field, "question": question, "value": stored.get(field, []), "value_label": shown}
                    for field, question, shown in _labelled(case, step)
                ],
            }
        )
    return steps


def _labelled(case, step):
    from portal.cases.presenters import answers
    from portal.cases.services import stored_step_form

    form = stored_step_form(case, step)
    names = [f.name for f in form if f.type not in ("CSRFTokenField", "HiddenField", "SubmitField")]
    by_label = dict(answers(case, step))
    return [(n, str(form[n].label.text), by_label.get(str(form[n].label.text))) for n in names]


def _case(case) -> dict:
    kind = case.case_kind
    events = timeline(case, firm_view=True)
    return {
        **_row(
            case,
            kind=kind.label,
            status=case.status_shown.label,
            outcome=case.action_label(case.outcome) if case.outcome else None,
            rating=rating_label(case.rating),
        ),
        "answers": _answers(case),
        "supplement_requests": [
            {"requested_at": _when(e.created_at), "text": e.note}
            for e in events
            if e.action == CaseAction.REQUEST_SUPPLEMENT
        ],
        "files": [
            _row(f, material=(kind.material(f.material).label if kind.material(f.material) else _("Attachment")))
            for f in case.files
        ],
        "messages": [
            {
                **_row(m),
                "author": m.author.name if m.author else None,
                "attachments": [f.original_name for f in m.attachments],
            }
            for m in case.firm_messages
        ],
    }


def export_data(firm: Firm) -> dict:
    """Everything stored about the firm, readable: codes with labels, times in Beijing time."""
    cases = list(db.session.scalars(select(Case).where(Case.firm_id == firm.id).order_by(Case.id)))
    users = list(firm.users)
    return {
        "exported_at": _when(utcnow()),
        "firm": _row(firm, industry=label_of(INDUSTRIES, firm.industry) if firm.industry else None),
        "accounts": [_row(u, role=Role(u.role).label) for u in users],
        "qualifications": [_row(q, kind=label_of(QUALIFICATIONS, q.kind)) for q in firm.qualifications],
        "ip_profiles": [
            _row(p) for p in db.session.scalars(select(FirmIpProfile).where(FirmIpProfile.firm_id == firm.id))
        ],
        "cases": [_case(c) for c in cases],
        "notifications": [
            {**_row(n), "text": describe(n.event, n.to_status, n.case), "case": n.case.reference if n.case else None}
            for n in db.session.scalars(
                select(Notification).where(Notification.user_id.in_([u.id for u in users])).order_by(Notification.id)
            )
        ],
        "deletion_requests": [
            _row(r) for r in db.session.scalars(select(DeletionRequest).where(DeletionRequest.firm_id == firm.id))
        ],
    }


def export_firm_data(firm: Firm) -> BinaryIO:
    """A zip with data.json and every uploaded file, named by case reference.

    Written to a temporary file on disk, not memory (a firm may hold hundreds of megabytes of
    files); the caller streams it and closing it removes it.
    """
    cases = list(db.session.scalars(select(Case).where(Case.firm_id == firm.id).order_by(Case.id)))
    data = export_data(firm)
    store = get_store()
    spool = tempfile.TemporaryFile()
    with zipfile.ZipFile(spool, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(data, ensure_ascii=False, indent=2))
        for case in cases:
            for f in case.files:
                if store.exists(f.stored_name):
                    # one file at a time; PDFs, images and Office files are compressed already
                    archive.writestr(
                        f"files/{case.url_key}/{f.id}-{f.original_name}",
                        store.read(f.stored_name),
                        compress_type=zipfile.ZIP_STORED,
                    )
            for d in case.documents:  # the documents the office issued on the case
                if store.exists(d.stored_name):
                    archive.writestr(
                        f"documents/{case.url_key}/{d.id}-{d.filename}",
                        store.read(d.stored_name),
                        compress_type=zipfile.ZIP_STORED,
                    )
    spool.seek(0)
    return spool


def request_deletion(user: User, reason: str | None) -> DeletionRequest:
    open_request = db.session.scalar(
        select(DeletionRequest).where(DeletionRequest.firm_id == user.firm_id, DeletionRequest.completed_at.is_(None))
    )
    if open_request:
        return open_request
    deletion = DeletionRequest(
        firm_id=user.firm_id, requested_by_id=user.id, reason=(reason or "").strip()[:500] or None
    )
    db.session.add(deletion)
    db.session.flush()
    record("deletion_requested", "firm", user.firm_id, actor=user)
    return deletion


def pending_requests() -> list[DeletionRequest]:
    return list(
        db.session.scalars(
            select(DeletionRequest).where(DeletionRequest.completed_at.is_(None)).order_by(DeletionRequest.requested_at)
        )
    )


def complete_deletion(request: DeletionRequest, staff: User) -> None:
    """Anonymise the firm and its users, delete files and free text; keep statistics and audit rows."""
    if request.completed_at is not None:
        return
    firm = db.session.get(Firm, request.firm_id)
    # open cases end as withdrawn, so no clock keeps running on a firm that no longer exists
    applicant = next((u for u in firm.users if u.active), None) or db.session.get(User, request.requested_by_id)
    for case in db.session.scalars(
        select(Case).where(Case.firm_id == firm.id, Case.status.in_([s.value for s in OPEN_BEFORE_DECISION]))
    ):
        transition(case, CaseAction.WITHDRAW, applicant, reason="account deletion")
    # mail to the firm's addresses, sent or waiting, holds their address and often their name
    addresses = {u.email for u in firm.users} | set(
        db.session.scalars(select(CodeClaim.email).where(CodeClaim.new_firm_id == firm.id))
    )
    db.session.execute(delete(OutgoingMail).where(OutgoingMail.recipient.in_(addresses)))
    firm.name = _("Deleted firm #%(id)s", id=firm.id)
    firm.credit_code = f"DEL{firm.id:015d}"
    firm.contact_name = firm.contact_mobile = ""
    for user in firm.users:
        user.email = f"deleted-{user.id}@invalid.example"
        user.name = _("Deleted user")
        user.mobile = None
        user.active = False
        user.set_password(secrets.token_urlsafe(32))
    for qualification in firm.qualifications:
        qualification.certificate_no = None
    for case in db.session.scalars(select(Case).where(Case.firm_id == firm.id)):
        case.data, case.title, case.rating_comment, case.decision_reason = {}, "", None, None
        case.certificate_no = None  # the honour list must not pair a deleted firm with its certificate
        for f in list(case.files):
            delete_after_commit(f.stored_name)  # only once the anonymisation has committed
            db.session.delete(f)
        for document in list(case.documents):  # issued PDFs name the firm
            delete_after_commit(document.stored_name)
            db.session.delete(document)
        for extension in case.extensions:
            extension.reason = "—"
            extension.decision_note = "—" if extension.decision_note else None
        for message in db.session.scalars(select(CaseMessage).where(CaseMessage.case_id == case.id)):
            message.body = "—"
    for task in db.session.scalars(select(RatingFollowUp).join(Case).where(Case.firm_id == firm.id)):
        task.outcome = "—" if task.outcome else None  # the follow-up may name the firm's people
    for notification in db.session.scalars(select(Notification).join(User).where(User.firm_id == firm.id)):
        db.session.delete(notification)
    for objection in db.session.scalars(select(Objection).join(Case).where(Case.firm_id == firm.id)):
        # an objection's reasons and evidence are about the firm; the objector's own details go too
        objection.name = objection.contact = objection.reason = "—"
        objection.conclusion = "—" if objection.conclusion else None
        if objection.evidence_stored_name:
            delete_after_commit(objection.evidence_stored_name)
        objection.evidence_stored_name = objection.evidence_original_name = None
    for claim in db.session.scalars(select(CodeClaim).where(CodeClaim.new_firm_id == firm.id)):
        # a credit-code claim the firm filed holds the same name, contact and evidence
        claim.firm_name, claim.contact_name, claim.mobile = firm.name, "—", ""
        claim.email = f"deleted-claim-{claim.id}@invalid.example"
        for stored in (claim.licence_stored_name, claim.letter_stored_name):
            delete_after_commit(stored)
        claim.licence_original_name = claim.letter_original_name = "—"
    request.reason = None
    mail.drop_queued_to(addresses)  # the withdrawals above queued notices to the addresses just erased
    redact_texts(_firm_events(firm), actor=staff, firm_id=firm.id)
    request.completed_at, request.completed_by_id = utcnow(), staff.id
    record("deletion_completed", "firm", firm.id, actor=staff)


def _firm_events(firm: Firm):
    """Ids of the audit events about the firm, its cases and its users, or done by its users."""
    users = select(User.id).where(User.firm_id == firm.id)
    cases = select(Case.id).where(Case.firm_id == firm.id)
    return select(AuditEvent.id).where(
        or_(
            AuditEvent.case_id.in_(cases),
            AuditEvent.actor_id.in_(users),
            and_(AuditEvent.object_type == "firm", AuditEvent.object_id == firm.id),
            and_(AuditEvent.object_type == "user", AuditEvent.object_id.in_(users)),
        )
    )
