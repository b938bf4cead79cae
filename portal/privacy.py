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
from typing import BinaryIO

from sqlalchemy import and_, delete, or_, select

from portal.accounts.models import CodeClaim, DeletionRequest, User
from portal.audit.models import AuditEvent
from portal.audit.services import record, redact_texts
from portal.cases.models import Case, CaseMessage, Notification, Objection
from portal.cases.services import transition
from portal.cases.status import OPEN_BEFORE_DECISION, CaseAction
from portal.core import mail
from portal.core.db import delete_after_commit, utcnow
from portal.core.outbox import OutgoingMail
from portal.core.storage import get_store
from portal.extensions import db
from portal.firms.models import Firm, FirmIpProfile
from portal.i18n import gettext as _
from portal.market.forgetting import forget_firm


def _row(obj, *names):
    return {
        n: (
            v.isoformat()
            if hasattr(v, "isoformat")
            else (str(v) if v is not None and not isinstance(v, (int, float, str, bool, list, dict)) else v)
        )
        for n in names
        for v in [getattr(obj, n)]
    }


def export_firm_data(firm: Firm) -> BinaryIO:
    """A zip with data.json and every uploaded file, named by case reference.

    Written to a temporary file on disk, not memory (a firm may hold hundreds of megabytes of
    files); the caller streams it and closing it removes it.
    """
    cases = list(db.session.scalars(select(Case).where(Case.firm_id == firm.id).order_by(Case.id)))
    data = {
        "firm": _row(firm, "name", "credit_code", "contact_name", "contact_mobile", "industry", "created_at"),
        "accounts": [
            _row(u, "email", "name", "mobile", "role", "created_at", "last_login_at", "privacy_consent_at")
            for u in firm.users
        ],
        "qualifications": [_row(q, "kind", "certificate_no", "valid_until") for q in firm.qualifications],
        "ip_profiles": [
            _row(
                p,
                "year",
                "employees",
                "rd_spending",
                "invention_patents",
                "high_value_patents",
                "utility_models",
                "designs",
                "trademarks_domestic",
                "trademarks_abroad",
                "copyrights",
                "software_copyrights",
                "pct_applications",
                "madrid_registrations",
            )
            for p in db.session.scalars(select(FirmIpProfile).where(FirmIpProfile.firm_id == firm.id))
        ],
        "cases": [
            {
                **_row(
                    c,
                    "reference",
                    "kind",
                    "status",
                    "created_at",
                    "submitted_at",
                    "decided_at",
                    "decision_reason",
                    "certificate_no",
                    "rating",
                    "rating_comment",
                ),
                "answers": c.data,
                "files": [_row(f, "material", "original_name", "size", "sha256", "created_at") for f in c.files],
                "messages": [_row(m, "created_at", "from_staff", "body") for m in c.messages if not m.internal],
            }
            for c in cases
        ],
    }
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
        for message in db.session.scalars(select(CaseMessage).where(CaseMessage.case_id == case.id)):
            message.body = "—"
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
    forget_firm(firm.id)  # the IP market: messages, needs, financing requests, saved patents
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
