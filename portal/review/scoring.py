"""The arithmetic of the review, kept pure so it is tested alone: a weighted total per expert, the
mean per case (trimmed when five or more experts scored), the spread, the disagreement flag and
the ranking. Totals are on a 100-point scale."""

from __future__ import annotations

from dataclasses import dataclass

#: with this many scores or more, the highest and the lowest are dropped before the mean
TRIM_FROM = 5


def weighted_total(criteria: list[dict], scores: dict) -> float:
    """Σ weight × (score − low) / (high − low), divided by Σ weight and scaled to 100.

    ``scores`` maps the criterion's index (as a string) to a number already checked against its range.
    """
    weights = sum(float(c["weight"]) for c in criteria)
    if not weights:
        return 0.0
    earned = 0.0
    for index, criterion in enumerate(criteria):
        low, high = float(criterion["low"]), float(criterion["high"])
        value = float(scores[str(index)])
        earned += float(criterion["weight"]) * ((value - low) / (high - low) if high > low else 1.0)
    return round(earned / weights * 100, 2)


@dataclass(frozen=True)
class CaseScore:
    case_id: int
    totals: tuple[float, ...]
    mean: float | None
    spread: float | None
    trimmed: bool
    disputed: bool


def summarise(case_id: int, totals: list[float], threshold: float, trim: bool = True) -> CaseScore:
    """The mean (trimmed when asked and five or more scored), the spread of all totals and whether
    the spread is above the disagreement threshold."""
    ordered = tuple(sorted(totals))
    if not ordered:
        return CaseScore(case_id, (), None, None, False, False)
    trimmed = trim and len(ordered) >= TRIM_FROM
    counted = ordered[1:-1] if trimmed else ordered
    mean = round(sum(counted) / len(counted), 2)
    spread = round(ordered[-1] - ordered[0], 2)
    return CaseScore(case_id, ordered, mean, spread, trimmed, spread > threshold)


def rank(scores: list[CaseScore], tie_key=lambda s: s.case_id) -> list[CaseScore]:
    """Highest mean first; cases nobody has scored yet last; ties in ``tie_key`` order."""
    return sorted(scores, key=lambda s: (s.mean is None, -(s.mean or 0.0), tie_key(s)))
