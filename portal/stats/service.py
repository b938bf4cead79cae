"""District statistics. Every figure is aggregated in SQL; Python only shapes small result sets
(one row per type, month or distinct value), never loops over all cases."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import extract, func, select

from portal.cases.kinds import KINDS
from portal.cases.models import Case
from portal.cases.queries import overdue_condition
from portal.cases.status import FINAL_STATES, CaseStatus
from portal.core.timeutil import today_local
from portal.extensions import db
from portal.firms.models import Firm, FirmIpProfile, FirmQualification


@dataclass
class StatsFilter:
    date_from: date | None = None
    date_to: date | None = None
    kind: str | None = None

    def conditions(self) -> list:
        conds = [Case.status != CaseStatus.DRAFT, Case.submitted_on.is_not(None)]
        if self.date_from:
            conds.append(Case.submitted_on >= self.date_from)
        if self.date_to:
            conds.append(Case.submitted_on <= self.date_to)
        if self.kind:
            conds.append(Case.kind == self.kind)
        return conds


def cases_counted(f: StatsFilter) -> int:
    """How many cases the figures for ``f`` are computed from."""
    return db.session.scalar(select(func.count(Case.id)).where(*f.conditions())) or 0


def percentile(histogram: list[tuple[int, int]], share: float) -> float | None:
    """Nearest-rank-with-interpolation percentile of a (value, count) histogram sorted by value."""
    total = sum(n for _v, n in histogram)
    if not total:
        return None
    position = share * (total - 1)  # zero-based rank, as numpy's linear method
    low, high = int(position), min(int(position) + 1, total - 1)

    def value_at(rank: int) -> int:
        seen = 0
        for value, n in histogram:
            seen += n
            if rank < seen:
                return value
        return histogram[-1][0]

    fraction = position - low
    return value_at(low) + (value_at(high) - value_at(low)) * fraction


def received_by_month(f: StatsFilter) -> list[tuple[int, int, str, int]]:
    """(year, month, kind, count) for every month that received cases."""
    year, month = extract("year", Case.submitted_on), extract("month", Case.submitted_on)
    rows = db.session.execute(
        select(year, month, Case.kind, func.count(Case.id))
        .where(*f.conditions())
        .group_by(year, month, Case.kind)
        .order_by(year, month)
    ).all()
    return [(int(y), int(m), k, n) for y, m, k, n in rows]


def backlog_by_status(f: StatsFilter) -> list[tuple[str, int]]:
    rows = db.session.execute(
        select(Case.status, func.count(Case.id))
        .where(*f.conditions(), Case.status.not_in([s.value for s in FINAL_STATES]))
        .group_by(Case.status)
    ).all()
    order = [s.value for s in CaseStatus]
    return sorted(((s, n) for s, n in rows), key=lambda r: order.index(r[0]))


@dataclass
class TypeFigures:
    kind: str
    received: int = 0
    decided: int = 0
    approved: int = 0
    with_supplement: int = 0
    timed: int = 0
    on_time: int = 0
    rated: int = 0
    satisfied: int = 0
    poor: int = 0
    median_days: float | None = None
    p90_days: float | None = None

    @staticmethod
    def rate(part: int, whole: int) -> float | None:
        return round(part / whole, 4) if whole else None

    @property
    def on_time_rate(self):
        return self.rate(self.on_time, self.timed)

    @property
    def supplement_rate(self):
        return self.rate(self.with_supplement, self.decided)

    @property
    def approval_rate(self):
        return self.rate(self.approved, self.decided)

    @property
    def satisfaction_rate(self):
        return self.rate(self.satisfied, self.rated)


def figures_by_type(f: StatsFilter) -> dict[str, TypeFigures]:
    decided = Case.decided_on.is_not(None)
    rows = db.session.execute(
        select(
            Case.kind,
            func.count(Case.id),
            func.count(Case.id).filter(decided),
            func.count(Case.id).filter(decided, Case.outcome == "approve"),
            func.count(Case.id).filter(decided, Case.supplement_count > 0),
            func.count(Case.id).filter(decided, Case.met_deadline.is_not(None)),
            func.count(Case.id).filter(decided, Case.met_deadline.is_(True)),
            func.count(Case.rating),
            func.count(Case.id).filter(Case.rating >= 4),
            func.count(Case.id).filter(Case.rating <= 2),
        )
        .where(*f.conditions())
        .group_by(Case.kind)
    ).all()
    result = {k: TypeFigures(k) for k in KINDS if not f.kind or k == f.kind}
    for kind, *numbers in rows:
        figures = result.setdefault(kind, TypeFigures(kind))
        (
            figures.received,
            figures.decided,
            figures.approved,
            figures.with_supplement,
            figures.timed,
            figures.on_time,
            figures.rated,
            figures.satisfied,
            figures.poor,
        ) = numbers
    histogram: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for kind, days, n in db.session.execute(
        select(Case.kind, Case.working_days_taken, func.count(Case.id))
        .where(*f.conditions(), Case.decided_on.is_not(None), Case.working_days_taken.is_not(None))
        .group_by(Case.kind, Case.working_days_taken)
        .order_by(Case.kind, Case.working_days_taken)
    ):
        histogram[kind].append((days, n))
    for kind, figures in result.items():
        figures.median_days = percentile(histogram.get(kind, []), 0.5)
        figures.p90_days = percentile(histogram.get(kind, []), 0.9)
    return result


def poor_ratings(f: StatsFilter, limit: int = 50) -> list[Case]:
    return list(
        db.session.scalars(
            select(Case).where(*f.conditions(), Case.rating <= 2).order_by(Case.rated_at.desc()).limit(limit)
        )
    )


def overdue_cases(limit: int = 50) -> list[Case]:
    return list(
        db.session.scalars(select(Case).where(overdue_condition(today_local())).order_by(Case.due_date).limit(limit))
    )


# --- district indicators from the firms' yearly IP profiles ------------------------------------


@dataclass
class YearIndicators:
    year: int
    firms_reporting: int
    invention_patents: int
    high_value_patents: int
    trademarks: int
    trademarks_abroad: int
    copyrights: int
    pct_applications: int
    madrid_registrations: int
    population: int
    target: float
    high_value_per_10k: float = field(init=False)

    def __post_init__(self):
        self.high_value_per_10k = round(self.high_value_patents * 10_000 / self.population, 2) if self.population else 0


def indicators_by_year(population: int, target: float) -> list[YearIndicators]:
    p = FirmIpProfile
    rows = db.session.execute(
        select(
            p.year,
            func.count(p.id),
            func.sum(p.invention_patents),
            func.sum(p.high_value_patents),
            func.sum(p.trademarks_domestic + p.trademarks_abroad),
            func.sum(p.trademarks_abroad),
            func.sum(p.copyrights),
            func.sum(p.pct_applications),
            func.sum(p.madrid_registrations),
        )
        .group_by(p.year)
        .order_by(p.year)
    ).all()
    return [
        YearIndicators(int(y), n, *(int(v or 0) for v in sums), population=population, target=target)
        for y, n, *sums in rows
    ]


def firms_by_qualification() -> list[tuple[str, int]]:
    return [
        (k, n)
        for k, n in db.session.execute(
            select(FirmQualification.kind, func.count(func.distinct(FirmQualification.firm_id)))
            .group_by(FirmQualification.kind)
            .order_by(func.count(func.distinct(FirmQualification.firm_id)).desc())
        )
    ]


def firms_by_industry() -> list[tuple[str | None, int]]:
    return [
        (k, n)
        for k, n in db.session.execute(
            select(Firm.industry, func.count(Firm.id)).group_by(Firm.industry).order_by(func.count(Firm.id).desc())
        )
    ]


def service_totals(f: StatsFilter) -> dict[str, int | float | None]:
    """Headline service figures for the public page."""
    figures = figures_by_type(f).values()
    totals = TypeFigures("all")
    for fig in figures:
        for name in (
            "received",
            "decided",
            "approved",
            "with_supplement",
            "timed",
            "on_time",
            "rated",
            "satisfied",
            "poor",
        ):
            setattr(totals, name, getattr(totals, name) + getattr(fig, name))
    return {
        "received": totals.received,
        "decided": totals.decided,
        "on_time_rate": totals.on_time_rate,
        "approval_rate": totals.approval_rate,
        "satisfaction_rate": totals.satisfaction_rate,
    }
