"""Possible duplicates of a case: the same firm with another open case of the same kind, or the same
rights-protection dispute (the same accused party) in another open case. Flagged, never refused."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from portal.cases.kinds import KINDS, rights_protection
from portal.cases.models import Case
from portal.cases.parties import accused_party
from portal.cases.queries import open_states_condition
from portal.cases.status import CaseStatus
from portal.extensions import db
from portal.i18n import lazy_gettext as _l

RIGHTS_PROTECTION = rights_protection.KIND.value


@dataclass(frozen=True)
class Duplicate:
    """Another case as the flag shows it: its reference and status, and why it may be the same matter."""

    reference: str | None  # open cases are submitted, so always set
    kind: str
    status: str
    reason: object

    @property
    def status_label(self) -> object:
        return KINDS[self.kind].label_for(CaseStatus(self.status))


# what the flag shows, read as plain rows: the flag lists up to ``limit`` cases
_SHOWN = (Case.id, Case.reference, Case.kind, Case.status)


def possible_duplicates(case: Case, limit: int = 20) -> list[Duplicate]:
    found: dict[int, Duplicate] = {}
    same_firm = db.session.execute(
        select(*_SHOWN)
        .where(Case.firm_id == case.firm_id, Case.kind == case.kind, Case.id != case.id, open_states_condition())
        .order_by(Case.submitted_at)
        .limit(limit)
    )
    for id_, reference, kind, status in same_firm:
        found[id_] = Duplicate(reference, kind, status, _l("The same firm has another open application of this type."))
    party = accused_party(case.data) if case.kind == RIGHTS_PROTECTION else None
    if party and len(found) < limit:
        candidates = db.session.execute(
            select(*_SHOWN)
            .where(
                Case.accused_party == party,
                Case.kind == RIGHTS_PROTECTION,
                Case.id.not_in(list(found) + [case.id]),
                open_states_condition(),  # as ix_cases_open_accused_party is declared
            )
            .order_by(Case.submitted_at)
            .limit(limit - len(found))
        )
        for id_, reference, kind, status in candidates:
            found[id_] = Duplicate(
                reference, kind, status, _l("Another open rights-protection case names the same accused party.")
            )
    return list(found.values())
