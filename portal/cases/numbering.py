"""Numbers the office issues: case references (HQ-<TYPE>-<YYYY>-<NNNNNN>) and certificate or
recommendation-letter numbers per programme and year (津红知认〔2026〕1号), unique under concurrency."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from portal.cases.models import Case, ReferenceCounter
from portal.core.errors import ServiceError
from portal.extensions import db
from portal.i18n import gettext as _


def _next_number(code: str, year: int) -> int:
    """Issue the next number for (code, year).

    The increment is one UPDATE … RETURNING: PostgreSQL takes a row lock, so parallel
    submitters queue on the counter row and each reads its own value; SQLite serialises
    writers anyway. The counter row is created on first use inside a savepoint, so two
    first-of-the-year submits cannot both insert it.
    """
    exists = db.session.scalar(
        select(ReferenceCounter.id).where(ReferenceCounter.code == code, ReferenceCounter.year == year)
    )
    if exists is None:
        try:
            with db.session.begin_nested():
                db.session.add(ReferenceCounter(code=code, year=year, last_number=0))
        except IntegrityError:
            pass  # another submitter created it first; the UPDATE below serialises us
    number = db.session.execute(
        update(ReferenceCounter)
        .where(ReferenceCounter.code == code, ReferenceCounter.year == year)
        .values(last_number=ReferenceCounter.last_number + 1)
        .returning(ReferenceCounter.last_number)
    ).scalar_one()
    return number


def next_reference(code: str, year: int) -> str:
    return f"HQ-{code}-{year}-{_next_number(code, year):06d}"


def issue_certificate_number(case: Case, typed: str | None, today) -> str:
    """The number typed by staff, or the programme's next one; a number already issued is refused
    (the unique constraint on (kind, certificate_no) backs this under concurrency)."""
    typed = (typed or "").strip()
    if typed:
        if _taken(case, typed):
            raise ServiceError(_("Number %(number)s has already been issued in this programme.", number=typed))
        return typed
    pattern = case.case_kind.certificate_format() or "{year}-{n}"
    while True:  # skip numbers staff typed by hand earlier
        number = pattern.format(year=today.year, n=_next_number(f"C-{case.case_kind.code}", today.year))
        if not _taken(case, number):
            return number


def _taken(case: Case, number: str) -> bool:
    return (
        db.session.scalar(
            select(Case.id).where(Case.kind == case.kind, Case.certificate_no == number, Case.id != case.id)
        )
        is not None
    )


def issue_document_number(doc_type: str, today) -> str:
    """The next number of a document type this year (津红知补〔2026〕3号); the pattern is per type in
    DOCUMENT_NUMBER_FORMATS ("{code}", "{year}", "{n}")."""
    from flask import current_app

    from portal.cases.doctypes import COUNTER_CODES, DEFAULT_NUMBER_FORMAT, NUMBER_CODES

    pattern = (current_app.config.get("DOCUMENT_NUMBER_FORMATS") or {}).get(doc_type) or DEFAULT_NUMBER_FORMAT
    n = _next_number(COUNTER_CODES[doc_type], today.year)
    return pattern.format(code=NUMBER_CODES[doc_type], year=today.year, n=n)
