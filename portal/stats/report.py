"""The statistics shown on screen and exported: a list of named tables built from the service."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from flask_babel import format_percent, pgettext

from portal.cases.kinds import KINDS, CaseType
from portal.cases.status import CaseStatus
from portal.core.timeutil import today_local
from portal.events.queries import quarterly
from portal.firms.vocab import INDUSTRIES, QUALIFICATIONS, label_of
from portal.i18n import gettext as _
from portal.identity import settings as identity_settings
from portal.reports import followups
from portal.stats import service


@dataclass
class Table:
    key: str
    title: str
    headers: list[str]
    rows: list[list]


def pct(value) -> str:
    return format_percent(value, "#,##0.0%") if value is not None else "—"


def days(value) -> str:
    return f"{value:.1f}" if value is not None else "—"


def service_tables(f: service.StatsFilter) -> list[Table]:
    months = service.received_by_month(f)
    month_totals: dict[str, int] = {}
    for y, m, _k, n in months:
        month_totals[f"{y}-{m:02d}"] = month_totals.get(f"{y}-{m:02d}", 0) + n
    by_month = Table(
        "received_by_month",
        _("Cases received per month and type"),
        [_("Month"), *[str(KINDS[k].label) for k in KINDS], _("Total")],
        [],
    )
    for month in month_totals:
        counts = {k: n for y, m, k, n in months if f"{y}-{m:02d}" == month}
        by_month.rows.append([month, *[counts.get(k, 0) for k in KINDS], month_totals[month]])
    backlog = Table(
        "backlog",
        _("Current backlog by status"),
        [_("Status"), _("Cases")],
        [[CaseStatus(s).label, n] for s, n in service.backlog_by_status(f)],
    )
    figures = service.figures_by_type(f)
    performance = Table(
        "performance",
        _("Processing by type"),
        [
            _("Type"),
            # count columns: one English word, a different Chinese word than the "received at" time
            pgettext("count", "Received"),
            pgettext("count", "Decided"),
            _("Median working days"),
            _("90th percentile working days"),
            _("On time"),
            _("Supplement rate"),
            _("Approval rate"),
            _("Satisfied or very satisfied"),
            _("Poor ratings"),
        ],
        [],
    )
    for kind, fig in figures.items():
        performance.rows.append(
            [
                CaseType(kind).label,
                fig.received,
                fig.decided,
                days(fig.median_days),
                days(fig.p90_days),
                pct(fig.on_time_rate),
                pct(fig.supplement_rate),
                pct(fig.approval_rate),
                pct(fig.satisfaction_rate),
                fig.poor,
            ]
        )
    return [by_month, backlog, performance]


def indicator_tables() -> list[Table]:
    population = identity_settings.population()
    target = current_app.config["HIGH_VALUE_PATENT_TARGET"]
    years = service.indicators_by_year(population, target)
    indicators = Table(
        "indicators",
        _("District IP indicators by year"),
        [
            _("Year"),
            _("Firms reporting"),
            _("Invention patents"),
            _("High-value invention patents"),
            _("High-value invention patents per 10,000 residents"),
            _("Target"),
            _("Trademarks"),
            _("of which abroad"),
            _("Copyrights"),
            _("PCT applications"),
            _("Madrid registrations"),
        ],
        [
            [
                y.year,
                y.firms_reporting,
                y.invention_patents,
                y.high_value_patents,
                y.high_value_per_10k,
                y.target,
                y.trademarks,
                y.trademarks_abroad,
                y.copyrights,
                y.pct_applications,
                y.madrid_registrations,
            ]
            for y in years
        ],
    )
    qualifications = Table(
        "qualifications",
        _("Firms by qualification"),
        [_("Qualification"), pgettext("count", "Firms")],
        [[label_of(QUALIFICATIONS, k), n] for k, n in service.firms_by_qualification()],
    )
    industries = Table(
        "industries",
        _("Firms by industry"),
        [_("Industry"), pgettext("count", "Firms")],
        [[label_of(INDUSTRIES, k) if k else _("Not given"), n] for k, n in service.firms_by_industry()],
    )
    return [indicators, qualifications, industries]


def event_tables(year: int | None = None) -> list[Table]:
    """Events held, people who attended and their average rating (1–5) per quarter of the year."""
    year = year or today_local().year
    rows = [
        [
            _("Q%(q)s %(year)s", q=row["quarter"], year=year),
            row["events"],
            row["attendees"],
            row["rated"],
            f"{row['satisfaction']:.2f}" if row["satisfaction"] is not None else "—",
        ]
        for row in quarterly(year)
    ]
    headers = [_("Quarter"), _("Events held"), _("Attendees"), _("Ratings"), _("Average rating (of 5)")]
    return [Table("events_by_quarter", _("Events and training per quarter"), headers, rows)]


def follow_up_tables() -> list[Table]:
    """回访 outcomes of closed rights-protection cases: how each dispute ended, the share resolved and
    the amount recovered."""
    figures, total, resolved = followups.outcome_figures()
    rows: list[list] = [[str(r.outcome.label), r.count, pct(r.share), f"{r.amount:.2f}"] for r in figures if r.count]
    if total:
        rows.append([_("Resolved (all but dropped)"), sum(r.count for r in figures if r.outcome in followups.RESOLVED),
                     pct(resolved), ""])  # fmt: skip
    headers = [_("Outcome"), _("Cases"), _("Share"), _("Amount recovered (yuan)")]
    return [Table("follow_up_outcomes", _("Rights-protection follow-ups (回访): how disputes ended"), headers, rows)]
