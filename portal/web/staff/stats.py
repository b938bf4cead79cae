"""District figures for supervisors and admins."""

from __future__ import annotations

from flask import current_app, render_template

from portal.cases.kinds import KINDS
from portal.core.permissions import Permission, permission_required
from portal.core.spreadsheets import xlsx_response
from portal.core.timeutil import today_local
from portal.i18n import gettext as _
from portal.market import financing as market_financing
from portal.market import queries as market_queries
from portal.stats import report, service
from portal.web.exports import stream_or_prepare
from portal.web.staff import bp
from portal.web.stats_views import chart_data, filter_from_args


@bp.route("/stats")
@permission_required(Permission.STATS_VIEW)
def stats():
    f = filter_from_args()
    tables = report.service_tables(f) + report.indicator_tables() + report.event_tables() + report.follow_up_tables()
    return render_template(
        "staff/stats.html",
        tables=tables,
        charts=chart_data(tables),
        f=f,
        kinds=KINDS.values(),
        poor=service.poor_ratings(f),
        overdue=service.overdue_cases(),
        target=current_app.config["HIGH_VALUE_PATENT_TARGET"],
        market=market_queries.summary(),
        pledges=market_financing.pledge_by_year(),
    )


@bp.route("/stats/export.xlsx")
@permission_required(Permission.STATS_VIEW)
def export_stats():
    f = filter_from_args()

    def stream():
        tables = (
            report.service_tables(f) + report.indicator_tables() + report.event_tables() + report.follow_up_tables()
        )
        return xlsx_response(f"统计-{today_local().isoformat()}.xlsx", [(t.title, t.headers, t.rows) for t in tables])

    # the work grows with the cases the tables are computed from
    return stream_or_prepare("stats", _("Statistics export"), service.cases_counted(f), stream)
