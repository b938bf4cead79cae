"""The ranking of a call with every expert's scores, as a workbook for supervisors (Chinese headers)."""

from __future__ import annotations

from flask import Response
from flask_babel import force_locale

from portal.cases.models import Call
from portal.core.spreadsheets import xlsx_response
from portal.core.timeutil import local_date, today_local
from portal.i18n import gettext as _
from portal.review.models import ReviewStatus
from portal.review.panel import ranking
from portal.review.reviews import rubric_of


def ranking_sheets(call: Call) -> list[tuple[str, list[str], list[list]]]:
    ranked = ranking(call, decided_too=True)
    with force_locale("zh_Hans_CN"):
        summary_headers = [
            _("Rank"),
            _("Reference"),
            _("Firm"),
            _("Summary"),
            _("Status"),
            _("Mean"),
            _("Spread"),
            _("Highest and lowest left out"),
            _("Large disagreement: discuss at the panel"),
            _("Scores"),
        ]
        summary = [
            [
                row.position,
                row.case.reference,
                row.case.firm.name,
                row.case.title,
                row.case.status_enum.label,
                row.score.mean if row.score.mean is not None else "",
                row.score.spread if row.score.spread is not None else "",
                _("Yes") if row.score.trimmed else _("No"),
                _("Yes") if row.score.disputed else _("No"),
                len(row.score.totals),
            ]
            for row in ranked
        ]
        score_headers = [
            _("Reference"),
            _("Expert"),
            _("Rubric"),
            _("Scores"),
            _("Weighted total"),
            _("Overall opinion"),
            _("Signed the declaration"),
            _("Submitted"),
        ]
        scores = []
        for row in ranked:
            for a in row.assignments:
                if a.status == ReviewStatus.CONFLICT:
                    continue
                rubric = rubric_of(a)
                criteria = rubric.criteria if rubric else []
                detail = "；".join(f"{c['label']} {a.scores.get(str(i), '—')}" for i, c in enumerate(criteria))
                scores.append(
                    [
                        row.case.reference,
                        a.expert.name,
                        rubric.version if rubric else "",
                        detail,
                        a.total if a.is_submitted and a.total is not None else "",
                        a.opinion or "" if a.is_submitted else "",
                        # dates, not text: the workbook makes them date cells
                        local_date(a.declared_at) if a.declared_at else "",
                        local_date(a.submitted_at) if a.submitted_at else "",
                    ]
                )
        return [(_("Ranking"), summary_headers, summary), (_("Scores"), score_headers, scores)]


def ranking_export(call: Call) -> Response:
    return xlsx_response(f"评审排名-{call.year}-{call.id}-{today_local().isoformat()}.xlsx", ranking_sheets(call))
