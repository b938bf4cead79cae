"""回访 in the back office: closed rights-protection cases due a follow-up, and how disputes ended."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for

from portal.cases import queries as case_queries
from portal.core.permissions import Permission, permission_required
from portal.i18n import gettext as _
from portal.reports import followups
from portal.reports.forms import FollowUpForm
from portal.web.follow_up import record_from
from portal.web.staff import bp


@bp.route("/follow-ups")
@permission_required(Permission.CASE_VIEW)
def follow_ups():
    figures, total, resolved_share = followups.outcome_figures()
    return render_template(
        "staff/followups/index.html",
        tasks=followups.open_tasks(),
        figures=figures,
        total=total,
        resolved_share=resolved_share,
    )


@bp.route("/follow-ups/<reference>", methods=["GET", "POST"])
@permission_required(Permission.CASE_TRIAGE)
def record_follow_up(reference: str):
    case = case_queries.staff_case(reference)
    if case is None or not followups.can_follow_up(case):
        abort(404)
    existing = followups.follow_up_for(case)
    form = FollowUpForm()
    if record_from(form, case, existing):
        flash(_("Follow-up recorded for %(reference)s.", reference=case.reference), "success")
        return redirect(url_for("staff.follow_ups"))
    return render_template(
        "staff/followups/record.html", case=case, form=form, existing=existing, due_on=followups.due_on(case)
    )
