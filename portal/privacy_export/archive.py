"""我的数据, the archive: the rows of the plan (``plan.EXPORTED``) read for one firm, with readable labels,
and its files, as one ZIP."""

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
from portal.privacy_export.plan import EXPORTED, KEYS, REPORT_COLUMNS


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
