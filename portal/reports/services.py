"""Filing a public report, following it by tracking code, and the staff actions on it.

Every rule that refuses raises ``ReportError`` (a ServiceError) with a message for the person;
the web layer commits or rolls back (``portal.web.outcome.attempt``).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy import func, select

from portal.audit.services import client_ip, record
from portal.cases.numbering import next_reference
from portal.core import mail, sms
from portal.core.db import utcnow
from portal.core.errors import ServiceError
from portal.core.permissions import Permission
from portal.core.timeutil import today_local
from portal.core.uploads import store_upload
from portal.core.working_days import add_working_days
from portal.extensions import db
from portal.i18n import gettext as _
from portal.reports.models import Report, ReportFile
from portal.reports.routing import DISTRICT_LINE, route_for
from portal.reports.status import ReportAction, ReportStatus, find_transition

# no 0/O, 1/I/L: the code is read off a screen and typed back by hand
_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
_NOT_CODE = re.compile(r"[^0-9A-Z]")


class ReportError(ServiceError):
    """A report could not be filed or changed; the message says why."""


@dataclass(frozen=True)
class Filing:
    kind: str
    what: str
    place: str = ""
    url: str = ""
    happened_on: date | None = None
    right_concerned: str = ""
    registration_no: str = ""
    suspected_crime: bool = False
    reporter_name: str = ""
    reporter_phone: str = ""
    reporter_email: str = ""
    notify_reporter: bool = False
    notify_sms: bool = False
    evidence: tuple[tuple[str, bytes], ...] = ()


def new_tracking_code() -> str:
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def _hash_code(code: str) -> str:
    return hashlib.sha256(_NOT_CODE.sub("", (code or "").upper()).encode()).hexdigest()


def target_key(place: str, url: str) -> str | None:
    """One spelling per target: the URL without scheme, ``www.`` or trailing slash, else the place
    without spaces or punctuation, so two reports about the same shop find each other."""
    if url:
        parts = urlsplit(url.strip() if "://" in url else f"http://{url.strip()}")
        host = (parts.hostname or "").lower().removeprefix("www.")
        key = host + parts.path.rstrip("/") + (f"?{parts.query}" if parts.query else "")
        return key[:300] or None
    key = re.sub(r"[\W_]+", "", (place or "").lower())
    return key[:300] or None


def _check_evidence_limit(evidence) -> None:
    """The same file sent with many reports in a day is a campaign or a bot, not more evidence."""
    limit = current_app.config["REPORT_SAME_EVIDENCE_PER_DAY"]
    since = utcnow() - timedelta(days=1)
    for filename, data in evidence:
        digest = hashlib.sha256(data).hexdigest()
        used = db.session.scalar(
            select(func.count(ReportFile.id)).where(ReportFile.sha256 == digest, ReportFile.created_at >= since)
        )
        if used >= limit:
            raise ReportError(
                _(
                    "The file %(name)s has already been sent with %(n)s reports today. "
                    "If this is a different matter, attach other evidence or call us.",
                    name=filename,
                    n=used,
                )
            )


def file_report(filing: Filing, user_id: int | None = None) -> tuple[Report, str]:
    """Store the report with its evidence; return it and the tracking code (shown once, stored hashed).

    A named reporter who is signed in (``user_id``) finds the report's contact data in their PIPL
    export and deletion. An anonymous report keeps nothing personal: no account, no address, and its
    audit entry names no one."""
    named = bool(filing.reporter_name.strip() or filing.reporter_phone.strip() or filing.reporter_email.strip())
    evidence = tuple(e for e in filing.evidence if e)
    _check_evidence_limit(evidence)
    today = today_local()
    code = new_tracking_code()
    key = target_key(filing.place, filing.url)
    earlier = None
    if key:
        earlier = db.session.scalar(
            select(Report.id)
            .where(Report.target_key == key, Report.duplicate_of_id.is_(None))
            .order_by(Report.id)
            .limit(1)
        )
    report = Report(
        reference=next_reference("JB", today.year),
        tracking_hash=_hash_code(code),
        kind=filing.kind,
        status=ReportStatus.RECEIVED,
        suspected_crime=filing.suspected_crime,
        line=route_for(filing.kind, filing.suspected_crime),
        what=filing.what.strip(),
        place=filing.place.strip() or None,
        url=filing.url.strip() or None,
        happened_on=filing.happened_on,
        right_concerned=filing.right_concerned.strip() or None,
        registration_no=filing.registration_no.strip() or None,
        target_key=key,
        duplicate_of_id=earlier,
        reporter_name=filing.reporter_name.strip() or None,
        reporter_phone=filing.reporter_phone.strip() or None,
        reporter_email=filing.reporter_email.strip().lower() or None,
        notify_reporter=bool(filing.notify_reporter and filing.reporter_email),
        # only a named reporter: a number alone is not a name, and anonymous reports stay anonymous
        notify_sms=bool(filing.notify_sms and filing.reporter_phone and filing.reporter_name.strip()),
        reporter_user_id=user_id if named else None,
        ip=client_ip() if named else None,
        received_on=today,
        due_date=add_working_days(today, current_app.config["REPORT_TRIAGE_WORKING_DAYS"]),
    )
    used = 0
    for filename, data in evidence:
        stored = store_upload(filename, data, already_used=used)
        used += stored.size
        report.files.append(
            ReportFile(
                stored_name=stored.stored_name,
                original_name=stored.original_name,
                content_type=stored.content_type,
                size=stored.size,
                sha256=stored.sha256,
            )
        )
    db.session.add(report)
    db.session.flush()
    record("report_filed", "report", report.id, anonymous=not named)
    return report, code


def find_by_code(reference: str, code: str) -> Report | None:
    """The report only when both the number and its tracking code match. A wrong code and an
    unknown number give the same None, and both compare a hash, so neither is told apart by time."""
    reference = (reference or "").strip().upper()
    report = db.session.scalar(select(Report).where(Report.reference == reference)) if reference else None
    expected = report.tracking_hash if report is not None else "0" * 64
    matches = hmac.compare_digest(expected, _hash_code(code))
    return report if report is not None and matches else None


def act(
    report: Report,
    action: str,
    actor,
    *,
    note: str = "",
    body: str = "",
    on: date | None = None,
    seen_version: int | str | None = None,
) -> Report:
    """Apply one row of the report workflow; the reporter hears of it if they asked to."""
    if not actor.can(Permission.REPORT_HANDLE):
        raise ReportError(_("You may not handle reports."))
    if seen_version not in (None, "") and str(seen_version) != str(report.version):
        raise ReportError(_("This report changed since you opened it. Nothing was saved; review it and try again."))
    row = find_transition(report.status, action)
    if row is None:
        raise ReportError(_("This action is not possible in the report's current state."))
    note, body = (note or "").strip(), (body or "").strip()
    today = today_local()
    if row.needs_note and not note:
        raise ReportError(_("Write what the reporter is told."))
    if row.needs_body:
        if not body:
            raise ReportError(_("Name the body the report is transferred to."))
        on = on or today
        if on > today or on < report.received_on:
            raise ReportError(_("The transfer date must lie between the day the report came in and today."))
        report.transferred_to, report.transferred_on, report.handling_unit = body, on, body
    if row.action == ReportAction.ACCEPT:
        report.handling_unit = str(DISTRICT_LINE.label)
        report.due_date = add_working_days(today, current_app.config["REPORT_HANDLING_WORKING_DAYS"])
    if note:
        report.outcome_note = note
    before = report.status
    report.status = row.target
    if row.stops_clock:
        report.decided_on = today
    db.session.flush()
    record(
        f"report_{row.action.value}",
        "report",
        report.id,
        actor=actor,
        from_value=before,
        to_value=row.target.value,
        note=body or note or None,
    )
    _tell_reporter(report)
    return report


def _tell_reporter(report: Report) -> None:
    if report.notify_sms and report.reporter_phone:
        sms.queue_sms(report.reporter_phone, _sms_text(report))
    if not (report.notify_reporter and report.reporter_email):
        return
    mail.queue_mail(
        report.reporter_email,
        _("Report %(reference)s: %(status)s", reference=report.reference, status=report.status_enum.label),
        _(
            "Your report %(reference)s is now: %(status)s. Follow it with your tracking code on the "
            "report tracking page.",
            reference=report.reference,
            status=report.status_enum.label,
        ),
    )


def _sms_text(report: Report) -> str:
    """The outcome in one SMS: the number, the new state, who handles it; never what was reported."""
    if report.handling_unit:
        return _(
            "Report %(reference)s: %(status)s (handled by %(unit)s). Track it with your tracking code.",
            reference=report.reference,
            status=report.status_enum.label,
            unit=report.handling_unit,
        )
    return _(
        "Report %(reference)s: %(status)s. Track it with your tracking code.",
        reference=report.reference,
        status=report.status_enum.label,
    )
