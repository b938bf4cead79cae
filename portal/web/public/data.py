"""数据公开: the district's aggregated indicators and service figures (no firm-level data)."""

from __future__ import annotations

from flask import current_app, render_template

from portal.core.spreadsheets import xlsx_response
from portal.core.timeutil import today_local
from portal.i18n import gettext as _
from portal.identity import settings as identity_settings
from portal.market import financing as market_financing
from portal.market import queries as market_queries
from portal.market.vocab import MatchStage
from portal.reports import figures as report_figures
from portal.stats import indicators, report, service
from portal.web.public import bp
from portal.web.stats_views import chart_data

MIN_FIRMS = 3  # a year's totals from fewer firms would disclose those firms' own holdings


def _public_tables():
    # only aggregates: per-type service figures and district totals; no firm names anywhere
    everything = service.StatsFilter()
    tables = (
        [t for t in report.service_tables(everything) if t.key in ("received_by_month", "performance")]
        + report.indicator_tables()
        + report.event_tables()
    )
    states, rows = report_figures.quarterly_rows()
    tables.append(
        report.Table(
            "reports_by_quarter",
            _("Infringement and counterfeiting reports per quarter"),
            [_("Quarter"), _("Kind of inspection"), *states, _("Total")],
            rows,
        )
    )
    tables.extend(_market_tables())
    for table in tables:
        if table.key == "indicators":
            table.rows = [
                row if row[1] >= MIN_FIRMS else [row[0], row[1], *["—"] * (len(row) - 2)] for row in table.rows
            ]
    return tables


def _market_tables() -> list:
    """Patent transfer and licensing: listings and matches by stage, deals per year (no parties named)."""
    figures = market_queries.figures()
    stages = [[MatchStage(stage).label, count] for stage, count in figures.matches_by_stage.items()]
    return [
        report.Table(
            "market_matches",
            _("Patent transfer and licensing: patents on offer and matches by stage"),
            [_("Item"), _("How many")],
            [[_("Patents available"), figures.listings_available], *stages],
        ),
        report.Table(
            "market_deals",
            _("Patent transfer and licensing deals per year"),
            [_("Year"), _("Deals signed"), _("Disclosed amounts (10,000 yuan)")],
            [[year, count, amount] for year, count, amount in figures.deals_by_year],
        ),
        report.Table(
            "pledge_financing",
            _("IP pledge financing granted through the portal per year"),
            [_("Year"), _("Loans granted"), _("Amount (10,000 yuan)")],
            [[year, count, amount] for year, count, amount in market_financing.pledge_by_year()],
        ),
    ]


@bp.route("/data/")
def open_data():
    tables = _public_tables()
    return render_template(
        "public/data.html",
        tables=tables,
        charts=chart_data(tables),
        totals=service.service_totals(service.StatsFilter()),
        target=current_app.config["HIGH_VALUE_PATENT_TARGET"],
        population=identity_settings.population(),
        population_note=identity_settings.current(),
        official=indicators.latest(),
        official_history=indicators.history(),
        target_year=current_app.config["HIGH_VALUE_PATENT_TARGET_YEAR"],
    )


@bp.route("/data/export.xlsx")
def export_open_data():
    tables = _public_tables()
    return xlsx_response(
        f"红桥区知识产权数据-{today_local().isoformat()}.xlsx", [(t.title, t.headers, t.rows) for t in tables]
    )
