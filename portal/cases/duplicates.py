"""Possible duplicates of a case: the same firm with another open case of the same kind, or the same
rights-protection dispute (the same accused party) in another open case. Flagged, never refused."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from portal.cases.models import Case
from portal.cases.status import FINAL_STATES, CaseStatus
from portal.extensions import db
from portal.i18n import lazy_gettext as _l

RIGHTS_PROTECTION = "rights-protection"


@dataclass(frozen=True)
class Duplicate:
    case: Case
    reason: object  # why it may be the same matter


def accused_party(case: Case) -> str:
    """The accused party as the firm typed it, compared without spaces or case."""
    values = ((case.data or {}).get("infringement") or {}).get("infringer") or []
    text = values[0] if values else ""
    return "".join(str(text).split()).casefold()


def _open() -> list[str]:
    return [CaseStatus.DRAFT.value, *(s.value for s in FINAL_STATES)]


def possible_duplicates(case: Case, limit: int = 20) -> list[Duplicate]:
    found: dict[int, Duplicate] = {}
    same_firm = db.session.scalars(
        select(Case)
        .where(Case.firm_id == case.firm_id, Case.kind == case.kind, Case.id != case.id, Case.status.not_in(_open()))
        .order_by(Case.submitted_at)
        .limit(limit)
    )
    for other in same_firm:
        found[other.id] = Duplicate(other, _l("The same firm has another open application of this type."))
    party = accused_party(case) if case.kind == RIGHTS_PROTECTION else ""
    if party:
        candidates = db.session.scalars(
            select(Case).where(Case.kind == RIGHTS_PROTECTION, Case.id != case.id, Case.status.not_in(_open()))
        )
        for other in candidates:
            if other.id not in found and accused_party(other) == party:
                found[other.id] = Duplicate(
                    other, _l("Another open rights-protection case names the same accused party.")
                )
                if len(found) >= limit:
                    break
    return list(found.values())
