"""The district's report queue: accept, refuse, transfer (转办) to another body, conclude."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from portal.audit.services import record
from portal.core.db import commit
from portal.core.pagination import clamp_page
from portal.core.permissions import Permission, permission_required
from portal.i18n import gettext as _
from portal.reports import queries, services
from portal.reports.forms import ReportActionForm
from portal.reports.routing import Line
from portal.reports.status import FILTERS_LABELS, ReportAction
from portal.web.downloads import send_stored
from portal.web.outcome import attempt
from portal.web.staff import bp


def load_report(reference: str):
    return queries.staff_report(reference) or abort(404)


@bp.route("/reports")
@permission_required(Permission.REPORT_HANDLE)
def reports_queue():
    view = request.args.get("view", "open")
    if view not in queries.FILTERS:
        view = "open"
    page = queries.report_queue(view, clamp_page(request.args.get("page")))
    return render_template("staff/reports/queue.html", page=page, view=view, filters=FILTERS_LABELS)


def _render(report, form=None, failed=None, status=200):
    return render_template(
        "staff/reports/detail.html",
        report=report,
        actions=report.actions_for(current_user),
        form=form or ReportActionForm(version=report.version),
        failed=failed,
        linked=queries.linked_reports(report),
        lines=[line for line in Line if line != report.line_enum],
        ReportAction=ReportAction,
    ), status


@bp.route("/reports/<reference>")
@permission_required(Permission.REPORT_HANDLE)
def report_detail(reference: str):
    return _render(load_report(reference))


@bp.route("/reports/<reference>/actions/<action>", methods=["POST"])
@permission_required(Permission.REPORT_HANDLE)
def act_on_report(reference: str, action: str):
    report = load_report(reference)
    if action not in ReportAction._value2member_map_:
        abort(404)
    form = ReportActionForm()
    if form.validate_on_submit() and attempt(
        lambda: services.act(
            report,
            action,
            current_user,
            note=form.note.data,
            body=form.body.data,
            on=form.on.data,
            seen_version=form.version.data,
        ),
        form=form,
    ):
        flash(
            _("Report %(reference)s: %(status)s.", reference=report.reference, status=report.status_enum.label),
            "success",
        )
        return redirect(url_for("staff.report_detail", reference=report.reference))
    return _render(load_report(reference), form=form, failed=action, status=400)


@bp.route("/reports/<reference>/files/<int:file_id>")
@permission_required(Permission.REPORT_HANDLE)
def report_file(reference: str, file_id: int):
    report = load_report(reference)
    file = next((f for f in report.files if f.id == file_id), None) or abort(404)
    response = send_stored(file.stored_name, file.content_type, file.original_name)
    record("download", "report_file", file.id, note=file.original_name)
    commit()
    return response
