"""What the portal already knows about the firm, offered as first answers of a new step: the right
holder is the firm itself, the IP figures are those of its latest 知识产权概况. The firm checks and
changes them; nothing else is filled in, so nothing looks answered before the firm answers."""

from __future__ import annotations

from dataclasses import dataclass, field

from portal.cases.models import Case
from portal.firms.services import profile_history

# application field -> how to read it from the latest yearly profile
PROFILE_FIGURES = {
    "invention_patents": lambda p: p.invention_patents,
    "pct_filings": lambda p: p.pct_applications,
    "madrid_filings": lambda p: p.madrid_registrations,
    "registered_marks": lambda p: p.trademarks_domestic + p.trademarks_abroad,
    "registered_copyrights": lambda p: p.copyrights,
    "software_copyrights": lambda p: p.software_copyrights,
}
FIRM_FIELDS = {"right_holder": lambda firm: firm.name}


@dataclass
class Prefill:
    data: dict = field(default_factory=dict)
    profile_year: int | None = None  # the profile the figures came from
    from_firm: bool = False


def known_answers(case: Case, field_names: set[str]) -> Prefill:
    """Values for the fields of one step that the firm's details and latest profile answer."""
    found = Prefill()
    for name, read in FIRM_FIELDS.items():
        if name in field_names:
            found.data[name] = read(case.firm)
            found.from_firm = True
    if field_names & PROFILE_FIGURES.keys():
        history = profile_history(case.firm_id)
        if history:
            latest = max(history, key=lambda p: p.year)
            for name in field_names & PROFILE_FIGURES.keys():
                found.data[name] = PROFILE_FIGURES[name](latest)
            found.profile_year = latest.year
    return found
