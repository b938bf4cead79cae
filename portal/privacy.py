"""Personal data rights (PIPL): a firm downloads everything it gave us, or asks to be deleted.

Deletion removes personal and firm-identifying data and the uploaded files, and keeps what
statistics and the law need: anonymised case rows (type, status, dates, time limits) and the
append-only audit trail.
"""

from __future__ import annotations

import secrets

from sqlalchemy import and_, delete, or_, select

from portal.accounts.models import CodeClaim, DeletionRequest, User
from portal.audit.models import AuditEvent
from portal.audit.services import record, redact_texts
from portal.cases.models import Case, CaseMessage, Notification, Objection
from portal.cases.ratings import RatingFollowUp
from portal.cases.services import transition
from portal.cases.status import OPEN_BEFORE_DECISION, CaseAction
from portal.core import mail
from portal.core.db import delete_after_commit, utcnow
from portal.core.outbox import OutgoingMail
from portal.core.sms import SmsCode
from portal.extensions import db
from portal.firms.models import Firm
from portal.i18n import gettext as _
from portal.market.forgetting import forget_firm
from portal.privacy_export import export_firm_data  # noqa: F401 the export lives in its own module
from portal.reports.models import OverseasMarket, Report


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
    from portal.accounts.models import EmailCode, FirmInvitation

    addresses = (
        {u.email for u in firm.users}
        | set(db.session.scalars(select(CodeClaim.email).where(CodeClaim.new_firm_id == firm.id)))
        | set(db.session.scalars(select(FirmInvitation.email).where(FirmInvitation.firm_id == firm.id)))
        | set(db.session.scalars(select(EmailCode.email).join(User).where(User.firm_id == firm.id)))
    )
    reports = _firm_reports(firm)
    addresses |= {r.reporter_email for r in reports if r.reporter_email}
    db.session.execute(delete(OutgoingMail).where(OutgoingMail.recipient.in_(addresses)))
    # verification codes texted to the firm's numbers (registration, sign-in, changes) name the number
    mobiles = {u.mobile for u in firm.users if u.mobile} | ({firm.contact_mobile} if firm.contact_mobile else set())
    db.session.execute(delete(SmsCode).where(SmsCode.mobile.in_(mobiles)))
    for report in reports:
        # the report itself (what, where) stays with the authorities; who sent it does not
        report.reporter_name = report.reporter_phone = report.reporter_email = report.ip = None
        report.notify_reporter, report.notify_sms, report.reporter_user_id = False, False, None
    db.session.execute(delete(OverseasMarket).where(OverseasMarket.firm_id == firm.id))
    firm.name = _("Deleted firm #%(id)s", id=firm.id)
    firm.credit_code = f"DEL{firm.id:015d}"
    firm.contact_name = firm.contact_mobile = ""
    for user in firm.users:
        user.email = f"deleted-{user.id}@invalid.example"
        user.name = _("Deleted user")
        user.mobile = user.mobile_verified_at = None
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
    _forget_accounts_extras(firm)
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


def _forget_accounts_extras(firm: Firm) -> None:
    """Invitations, name corrections with their licences, mailed codes and notification choices."""
    from portal.accounts.models import EmailCode, FirmInvitation
    from portal.cases.preferences import NotificationPreference
    from portal.firms.models import FirmCorrection

    users = select(User.id).where(User.firm_id == firm.id)
    db.session.execute(delete(EmailCode).where(EmailCode.user_id.in_(users)))
    db.session.execute(delete(NotificationPreference).where(NotificationPreference.user_id.in_(users)))
    for invitation in db.session.scalars(select(FirmInvitation).where(FirmInvitation.firm_id == firm.id)):
        invitation.email = f"deleted-invitation-{invitation.id}@invalid.example"
        invitation.revoked_at = invitation.revoked_at or utcnow()
    for correction in db.session.scalars(select(FirmCorrection).where(FirmCorrection.firm_id == firm.id)):
        delete_after_commit(correction.licence_stored_name)
        correction.old_name = correction.new_name = firm.name
        correction.licence_original_name, correction.decision_note = "—", None


def _firm_reports(firm: Firm) -> list[Report]:
    users = select(User.id).where(User.firm_id == firm.id)
    return list(db.session.scalars(select(Report).where(Report.reporter_user_id.in_(users)).order_by(Report.id)))


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
