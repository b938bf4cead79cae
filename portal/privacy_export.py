"""我的数据 (PIPL art. 45): everything stored about a firm, as one ZIP the firm downloads.

The plan below names, table by table, the columns the export shows and the reason for every column
it leaves out; tests/security/test_export_complete.py compares it with the database metadata.
"""

from __future__ import annotations

import json
import tempfile
import zipfile
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import BinaryIO

from sqlalchemy import select

from portal.accounts.models import CodeClaim, DeletionRequest, FirmInvitation, User
from portal.cases.models import Case, CaseFile, CaseMessage, Notification, Objection
from portal.cases.paperwork import CaseDocument, TimeExtension
from portal.core.storage import get_store
from portal.core.timeutil import SHANGHAI
from portal.extensions import db
from portal.firms.models import Firm, FirmIpProfile
from portal.firms.services import PROFILE_FIELDS

# What the export holds about the firm, table by table: the columns it shows, and for every other
# column of the table the reason it is left out. A firm-owned column in neither fails
# tests/security/test_export_complete.py, so a new column is never silently left out of 我的数据.
EXPORTED: dict[str, tuple[str, ...]] = {
    "firms": (
        "name",
        "credit_code",
        "contact_name",
        "contact_mobile",
        "industry",
        "created_at",
        "code_review",
        "code_reviewed_at",
    ),
    "users": (
        "email",
        "name",
        "mobile",
        "mobile_verified_at",
        "role",
        "locale",
        "active",
        "created_at",
        "last_login_at",
        "privacy_consent_at",
        "awaiting_confirmation",
    ),
    "firm_qualifications": ("kind", "certificate_no", "valid_until", "created_at"),
    "firm_ip_profiles": ("year", *PROFILE_FIELDS, "updated_at"),
    "overseas_subscriptions": ("region", "field", "created_at"),
    "firm_invitations": ("email", "role", "created_at", "expires_at", "accepted_at", "revoked_at"),
    "firm_corrections": (
        "old_name",
        "new_name",
        "licence_original_name",
        "status",
        "created_at",
        "decided_at",
        "decision_note",
    ),
    "code_claims": (
        "credit_code",
        "firm_name",
        "contact_name",
        "mobile",
        "email",
        "licence_original_name",
        "letter_original_name",
        "status",
        "created_at",
        "decided_at",
    ),
    "deletion_requests": ("requested_at", "reason", "completed_at"),
    "notification_preferences": ("kind", "in_app", "email", "sms"),
    "notifications": ("event", "to_status", "detail", "created_at", "read_at"),
    "cases": (
        "reference",
        "kind",
        "status",
        "title",
        "data",
        "created_at",
        "updated_at",
        "submitted_at",
        "submitted_on",
        "accepted_at",
        "decided_at",
        "decided_on",
        "closed_at",
        "outcome",
        "due_date",
        "paused_since",
        "paused_days",
        "reply_due",
        "reply_reminded_on",
        "supplement_count",
        "met_deadline",
        "working_days_taken",
        "decision_reason",
        "publicity_start",
        "publicity_end",
        "certificate_no",
        "recommended_on",
        "recognised_on",
        "recognised_by",
        "recognition_doc_no",
        "rating",
        "rating_comment",
        "rated_at",
        "receipt_code",
        "phase_extended_days",
    ),
    "case_files": ("material", "original_name", "content_type", "size", "sha256", "created_at"),
    "firm_overseas_markets": ("region", "country", "ip_type", "number", "created_at"),
    # the IP market: the firm's own listings, saved listings, interests (对接), needs, agency and financing
    "market_patent_listings": (
        "application_no",
        "title",
        "ipc",
        "field",
        "legal_status",
        "mode",
        "terms",
        "price",
        "open_licence_terms",
        "status",
        "created_at",
    ),
    "market_saved_listings": ("saved_at",),
    "market_matches": (
        "reference",
        "stage",
        "message",
        "contract_type",
        "amount",
        "signed_on",
        "filed_on",
        "public_consent",
        "created_at",
        "updated_at",
    ),
    "market_tech_needs": ("title", "field", "description", "budget", "status", "created_at"),
    "market_firm_agencies": ("chosen_at",),
    "market_financing_requests": (
        "reference",
        "kind",
        "need",
        "amount_sought",
        "ip_list",
        "status",
        "passed_to",
        "granted_amount",
        "decided_on",
        "outcome_note",
        "created_at",
        "updated_at",
    ),
    "case_documents": ("doc_type", "number", "issued_on", "action", "size", "created_at"),
    "case_extensions": ("days", "reason", "status", "requested_at", "decided_at", "due_before", "due_after"),
    "case_messages": ("created_at", "from_staff", "body"),
    "case_follow_ups": (
        "due_on",
        "outcome",
        "amount_recovered",
        "satisfaction",
        "recorded_by_firm",
        "recorded_at",
        "recorded_on",
    ),
    "objections": ("created_at", "status", "reason", "conclusion", "concluded_at"),
    "event_registrations": (
        "code",
        "status",
        "seats",
        "attendee_names",
        "name",
        "organisation",
        "mobile",
        "walk_in",
        "created_at",
        "promoted_at",
        "cancelled_at",
        "reminded_at",
        "checked_in_at",
        "certificate_code",
        "rating",
        "rating_comment",
        "rated_at",
    ),
}
_KEY = "the database's own row number"
_STAFF = "the staff member's internal id"
_OWNER = "the row belongs to the firm or case it is exported under"
_FILE = "the storage key of a file; the file itself is in the archive or was the firm's own upload"
WITHHELD: dict[str, dict[str, str]] = {
    "firms": {"id": _KEY, "code_reviewed_by_id": _STAFF},
    "users": {
        "id": _KEY,
        "firm_id": _OWNER,
        "password_hash": "a one-way hash of the password, not readable data",
        "session_token": "a random key that ends sessions, not data about the person",
    },
    "firm_qualifications": {"id": _KEY, "firm_id": _OWNER},
    "firm_ip_profiles": {"id": _KEY, "firm_id": _OWNER, "updated_by_id": "a user id; the accounts list the people"},
    "overseas_subscriptions": {"id": _KEY, "firm_id": _OWNER},
    "firm_invitations": {
        "id": _KEY,
        "firm_id": _OWNER,
        "token_hash": "a one-way hash of the link's secret",
        "invited_by_id": "a user id; the accounts list the people",
        "accepted_user_id": "a user id; the accounts list the people",
    },
    "firm_corrections": {
        "id": _KEY,
        "firm_id": _OWNER,
        "licence_stored_name": _FILE,
        "requested_by_id": "a user id; the accounts list the people",
        "decided_by_id": _STAFF,
    },
    "code_claims": {
        "id": _KEY,
        "new_firm_id": _OWNER,
        "licence_stored_name": _FILE,
        "letter_stored_name": _FILE,
        "holder_firm_id": "the other firm that held the code",
        "decided_by_id": _STAFF,
    },
    "deletion_requests": {
        "id": _KEY,
        "firm_id": _OWNER,
        "requested_by_id": "a user id; the accounts list the people",
        "completed_by_id": _STAFF,
    },
    "notification_preferences": {"id": _KEY, "user_id": _OWNER},
    "notifications": {"id": _KEY, "user_id": _OWNER, "case_id": _OWNER},
    "cases": {
        "id": _KEY,
        "firm_id": _OWNER,
        "created_by_id": "exported as the name of the person who filed it",
        "holder_id": _STAFF,
        "version": "a counter that detects stale forms",
        "clock_phase": "the clock's internal state; due_date and paused_since show it",
        "clock_started_on": "the clock's internal state; due_date and paused_since show it",
        "clock_days": "the clock's internal state; due_date and paused_since show it",
        "phase_paused_days": "the clock's internal state; due_date and paused_since show it",
        "call_id": "exported as the call's title",
        "proposed_by_id": _STAFF,
        "finished": "derived from the status, which is exported",
        "notice_end_notified_for": "staff's note that they were told the notice ended; publicity_end is exported",
        "accused_party": "derived from the answers (the accused party, without spaces), which are exported",
    },
    "firm_overseas_markets": {"id": _KEY, "firm_id": _OWNER},
    "market_patent_listings": {"id": _KEY, "firm_id": _OWNER, "institution_id": "set only on an institution's listing"},
    "market_saved_listings": {"id": _KEY, "firm_id": _OWNER, "listing_id": "exported as the listing's title"},
    "market_matches": {
        "id": _KEY,
        "firm_id": _OWNER,
        "listing_id": "exported as the listing's title",
        "note": "the staff's own note of the brokering",
        "version": "a counter that detects stale forms",
    },
    "market_tech_needs": {"id": _KEY, "firm_id": _OWNER},
    "market_firm_agencies": {"id": _KEY, "firm_id": _OWNER, "agency_id": "exported as the agency's name"},
    "market_financing_requests": {
        "id": _KEY,
        "firm_id": _OWNER,
        "product_id": "exported as the product's name",
        "version": "a counter that detects stale forms",
    },
    "case_documents": {"id": _KEY, "case_id": _OWNER, "created_by_id": _STAFF, "stored_name": _FILE},
    "case_extensions": {
        "id": _KEY,
        "case_id": _OWNER,
        "requested_by_id": _STAFF,
        "decided_by_id": _STAFF,
        "decision_note": "the supervisor's note to the reviewer; the firm sees approved extensions only",
    },
    "case_files": {
        "id": _KEY,
        "case_id": _OWNER,
        "stored_name": _FILE,
        "uploaded_by_id": "a user id; the accounts list the people",
        "message_id": "the message the file came with; the messages are exported",
    },
    "case_messages": {
        "id": _KEY,
        "case_id": _OWNER,
        "author_id": "exported as the author's name",
        "internal": "only messages the firm can see are exported; internal notes are the district's",
    },
    "case_follow_ups": {
        "id": _KEY,
        "case_id": _OWNER,
        "note": "the staff's own note of the follow-up call",
        "recorded_by_id": _STAFF,
    },
    "objections": {
        "id": _KEY,
        "case_id": _OWNER,
        "name": "the objector's identity, which the firm never sees",
        "contact": "the objector's identity, which the firm never sees",
        "ip": "the objector's identity, which the firm never sees",
        "evidence_stored_name": "the objector's evidence, which the firm never sees",
        "evidence_original_name": "the objector's evidence, which the firm never sees",
        "concluded_by_id": _STAFF,
    },
    "event_registrations": {
        "id": _KEY,
        "firm_id": _OWNER,
        "user_id": _OWNER,
        "event_id": "exported as the title",
        "checked_in_by_id": _STAFF,
    },
}
# tables linked to a firm, its cases or its users that hold no data of the firm
NOT_THE_FIRMS: dict[str, str] = {
    "audit_events": "the append-only audit trail; each case's timeline is exported with the case",
    "review_assignments": "the experts' confidential scores; the panel's opinion is on the case page",
    "expert_profiles": "review experts are not firm users",
    "email_codes": "one-way hashes of codes that expired within minutes",
    "rating_followups": "the office's own follow-up (整改) of a low rating; the rating itself is on the case",
    "saved_views": "staff members' saved queue views; firm users have none",
    "export_jobs": "files prepared for staff members' downloads; firm users have none",
    "market_institutions": "universities' and research institutes' own accounts, not a firm's",
}


# the section of data.json holding a table's rows (the table's name unless given here), and keys that
# differ from the column's name
SECTIONS = {
    "firms": "firm",
    "users": "accounts",
    "firm_qualifications": "qualifications",
    "firm_ip_profiles": "ip_profiles",
    "firm_overseas_markets": "overseas_markets",
}
# what a firm user told the district when filing an infringement report signed in and named (an anonymous
# report holds nothing of anyone); the report's handling stays with the authorities
REPORT_COLUMNS = (
    "reference",
    "kind",
    "status",
    "received_at",
    "what",
    "place",
    "url",
    "happened_on",
    "right_concerned",
    "registration_no",
    "reporter_name",
    "reporter_phone",
    "reporter_email",
    "notify_reporter",
    "notify_sms",
)
KEYS = {("cases", "data"): "answers"}


def _value(value):
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC).astimezone(SHANGHAI).isoformat()  # stored as UTC; shown in Beijing time
    if isinstance(value, (date, Decimal)):
        return value.isoformat() if isinstance(value, date) else str(value)
    return value


def _row(table: str, obj, **extra) -> dict:
    row = {KEYS.get((table, name), name): _value(getattr(obj, name)) for name in EXPORTED[table]}
    return row | {k: _value(v) for k, v in extra.items()}


def _label(enum, value) -> str | None:
    try:
        return enum(value).label if value is not None else None
    except ValueError:
        return value


def _firm_data(firm: Firm) -> dict:
    from portal.cases.kinds import CaseType
    from portal.cases.notifications import describe
    from portal.cases.preferences import EventKind, NotificationPreference
    from portal.cases.status import CaseStatus
    from portal.cases.timeline import timeline
    from portal.core.permissions import Role
    from portal.events.models import Registration
    from portal.firms.models import FirmCorrection, FirmQualification
    from portal.market.finance_models import FinancingRequest
    from portal.market.models import FirmAgency, Match, PatentListing, SavedListing, TechNeed
    from portal.reports.models import CaseFollowUp, OverseasMarket, OverseasSubscription, Report

    def rows(model, *where):
        return list(db.session.scalars(select(model).where(*where).order_by(model.id)))

    users = rows(User, User.firm_id == firm.id)
    user_ids = [u.id for u in users]
    names = {u.id: u.name for u in users}
    cases = rows(Case, Case.firm_id == firm.id)
    case_ids = [c.id for c in cases]
    ref = {c.id: c.reference or c.url_key for c in cases}
    return {
        "firm": _row("firms", firm),
        "accounts": [_row("users", u, role_label=_label(Role, u.role)) for u in users],
        "qualifications": [
            _row("firm_qualifications", q) for q in rows(FirmQualification, FirmQualification.firm_id == firm.id)
        ],
        "ip_profiles": [_row("firm_ip_profiles", p) for p in rows(FirmIpProfile, FirmIpProfile.firm_id == firm.id)],
        "overseas_subscriptions": [
            _row("overseas_subscriptions", o)
            for o in rows(OverseasSubscription, OverseasSubscription.firm_id == firm.id)
        ],
        "firm_invitations": [
            _row("firm_invitations", i) for i in rows(FirmInvitation, FirmInvitation.firm_id == firm.id)
        ],
        "firm_corrections": [
            _row("firm_corrections", c) for c in rows(FirmCorrection, FirmCorrection.firm_id == firm.id)
        ],
        "code_claims": [_row("code_claims", c) for c in rows(CodeClaim, CodeClaim.new_firm_id == firm.id)],
        "deletion_requests": [
            _row("deletion_requests", d) for d in rows(DeletionRequest, DeletionRequest.firm_id == firm.id)
        ],
        "notification_preferences": [
            _row("notification_preferences", p, user=names.get(p.user_id), kind_label=_label(EventKind, p.kind))
            for p in rows(NotificationPreference, NotificationPreference.user_id.in_(user_ids))
        ],
        "notifications": [
            _row(
                "notifications",
                n,
                user=names.get(n.user_id),
                case=ref.get(n.case_id),
                text=describe(n.event, n.to_status),
            )
            for n in rows(Notification, Notification.user_id.in_(user_ids))
        ],
        "cases": [
            _row(
                "cases",
                c,
                kind_label=_label(CaseType, c.kind),
                status_label=_label(CaseStatus, c.status),
                filed_by=names.get(c.created_by_id),
                call=c.call.title if c.call else None,
                timeline=[
                    {"at": _value(e.created_at), "action": e.action, "action_label": e.action_label, "note": e.note}
                    for e in timeline(c, firm_view=True)
                ],
            )
            for c in cases
        ],
        "case_files": [
            _row("case_files", f, case=ref[f.case_id]) for f in rows(CaseFile, CaseFile.case_id.in_(case_ids))
        ],
        "overseas_markets": [
            _row("firm_overseas_markets", m) for m in rows(OverseasMarket, OverseasMarket.firm_id == firm.id)
        ],
        "market_patent_listings": [
            _row("market_patent_listings", x) for x in rows(PatentListing, PatentListing.firm_id == firm.id)
        ],
        "market_saved_listings": [
            _row("market_saved_listings", x, listing=x.listing.title if x.listing else None)
            for x in rows(SavedListing, SavedListing.firm_id == firm.id)
        ],
        "market_matches": [
            _row("market_matches", x, listing=x.listing.title if x.listing else None)
            for x in rows(Match, Match.firm_id == firm.id)
        ],
        "market_tech_needs": [_row("market_tech_needs", x) for x in rows(TechNeed, TechNeed.firm_id == firm.id)],
        "market_firm_agencies": [
            _row("market_firm_agencies", x, agency=x.agency.name if x.agency else None)
            for x in rows(FirmAgency, FirmAgency.firm_id == firm.id)
        ],
        "market_financing_requests": [
            _row("market_financing_requests", x, product=x.product.name if x.product else None)
            for x in rows(FinancingRequest, FinancingRequest.firm_id == firm.id)
        ],
        "reports": [
            {name: _value(getattr(r, name)) for name in REPORT_COLUMNS}
            for r in rows(Report, Report.reporter_user_id.in_(user_ids))
        ],
        "case_documents": [
            _row("case_documents", d, case=ref[d.case_id], doc_type_label=d.type_enum.label)
            for d in rows(CaseDocument, CaseDocument.case_id.in_(case_ids))
        ],
        "case_extensions": [
            _row("case_extensions", e, case=ref[e.case_id])
            for e in rows(TimeExtension, TimeExtension.case_id.in_(case_ids), TimeExtension.status == "approved")
        ],
        "case_messages": [
            _row("case_messages", m, case=ref[m.case_id], author=m.author.name if m.author else None)
            for m in rows(CaseMessage, CaseMessage.case_id.in_(case_ids), CaseMessage.internal.is_(False))
        ],
        "case_follow_ups": [
            _row("case_follow_ups", f, case=ref[f.case_id])
            for f in rows(CaseFollowUp, CaseFollowUp.case_id.in_(case_ids))
        ],
        "objections": [
            _row("objections", o, case=ref[o.case_id])
            for o in rows(Objection, Objection.case_id.in_(case_ids))
            if not o.is_open  # the firm sees an objection once it is concluded
        ],
        "event_registrations": [
            _row("event_registrations", r, event=r.event.title if r.event else None)
            for r in rows(Registration, Registration.firm_id == firm.id)
        ],
    }


def export_firm_data(firm: Firm) -> BinaryIO:
    """A zip with data.json (one section per table, times in Beijing time with the offset, readable
    labels beside codes) and every uploaded file, named by case reference.

    Written to a temporary file on disk, not memory (a firm may hold hundreds of megabytes of
    files); the caller streams it and closing it removes it.
    """
    data = _firm_data(firm)
    cases = list(db.session.scalars(select(Case).where(Case.firm_id == firm.id).order_by(Case.id)))
    store = get_store()
    spool = tempfile.TemporaryFile()
    with zipfile.ZipFile(spool, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(data, ensure_ascii=False, indent=2, default=str))
        for case in cases:
            for f in case.files:
                if store.exists(f.stored_name):
                    # one file at a time; PDFs, images and Office files are compressed already
                    archive.writestr(
                        f"files/{case.url_key}/{f.id}-{f.original_name}",
                        store.read(f.stored_name),
                        compress_type=zipfile.ZIP_STORED,
                    )
            for d in case.documents:
                if store.exists(d.stored_name):
                    archive.writestr(
                        f"documents/{case.url_key}/{d.number}-{d.type_enum.label}-{case.url_key}.pdf",
                        store.read(d.stored_name),
                        compress_type=zipfile.ZIP_STORED,
                    )
    spool.seek(0)
    return spool
