"""Possible duplicates of a case: the same firm with another open case of the same kind, or the same
rights-protection dispute (the same accused party) in another open case. Flagged, never refused."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import defer, lazyload

from portal.cases.models import Case
from portal.cases.parties import accused_party
from portal.cases.queries import open_states_condition
from portal.extensions import db
from portal.i18n import lazy_gettext as _l

RIGHTS_PROTECTION = "rights-protection"


@dataclass(frozen=True)
class Duplicate:
    case: Case
    reason: object  # why it may be the same matter


def _shown():
    """Another case as the flag shows it: without its answers or its firm (whole rows otherwise: a column
    list cost the ORM more than the columns)."""
    return defer(Case.data), lazyload(Case.firm)


def possible_duplicates(case: Case, limit: int = 20) -> list[Duplicate]:
    found: dict[int, Duplicate] = {}
    same_firm = db.session.scalars(
        select(Case)
        .options(*_shown())
        .where(Case.firm_id == case.firm_id, Case.kind == case.kind, Case.id != case.id, open_states_condition())
        .order_by(Case.submitted_at)
        .limit(limit)
    )
    for other in same_firm:
        found[other.id] = Duplicate(other, _l("The same firm has another open application of this type."))
    party = accused_party(case.data) if case.kind == RIGHTS_PROTECTION else None
    if party and len(found) < limit:
        candidates = db.session.scalars(
            select(Case)
            .options(*_shown())
            .where(
                Case.accused_party == party,
                Case.kind == RIGHTS_PROTECTION,
                Case.id.not_in(list(found) + [case.id]),
                open_states_condition(),  # as ix_cases_open_accused_party is declared
            )
            .order_by(Case.submitted_at)
            .limit(limit - len(found))
        )
        for other in candidates:
            found[other.id] = Duplicate(other, _l("Another open rights-protection case names the same accused party."))
    return list(found.values())
