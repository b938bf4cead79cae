"""The staff desk around the queue: saved views, bulk actions on selected cases, the supervisors'
workload view with assignment rules, and each person's email preferences."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms import HiddenField, StringField

from portal.accounts.models import User
from portal.cases import exports, worklist, workload
from portal.cases.kinds import KINDS
from portal.core.forms import BaseForm
from portal.core.permissions import Permission, permission_required
from portal.extensions import db
from portal.i18n import gettext as _
from portal.i18n import lazy_gettext as _l
from portal.web.outcome import attempt
from portal.web.staff import bp
from portal.web.staff.queue import view_args


class SaveViewForm(BaseForm):
    name = StringField(_l("Name of the view"))
    query = HiddenField()


class BulkForm(BaseForm):
    view = HiddenField()


def _queue_url(view: str | None) -> str:
    from urllib.parse import urlencode

    args = view_args(view)
    return url_for("staff.queue") + ("?" + urlencode(sorted(args.items())) if args else "")


@bp.route("/queue/views", methods=["POST"])
@permission_required(Permission.CASE_VIEW)
def save_view():
    form = SaveViewForm()
    args = view_args(form.query.data)
    if form.validate_on_submit() and attempt(lambda: worklist.save_view(current_user, form.name.data, args)):
        flash(_("View “%(name)s” saved.", name=(form.name.data or "").strip()), "success")
    return redirect(_queue_url(form.query.data))


@bp.route("/queue/views/<int:view_id>/delete", methods=["POST"])
@permission_required(Permission.CASE_VIEW)
def delete_saved_view(view_id: int):
    if BulkForm().validate_on_submit() and attempt(lambda: worklist.delete_view(current_user, view_id)):
        flash(_("The saved view was deleted."), "info")
    return redirect(url_for("staff.queue"))


@bp.route("/queue/bulk", methods=["POST"])
@permission_required(Permission.CASE_VIEW)
def bulk_action():
    form = BulkForm()
    back = _queue_url(form.view.data)
    if not form.validate_on_submit():
        flash(_("This page is out of date. Reload the queue and try again."), "error")
        return redirect(back)
    cases = worklist.selected_cases(request.form.getlist("reference"))
    if not cases:
        flash(_("Select at least one case first."), "error")
        return redirect(back)
    what = request.form.get("bulk")
    if what == "export":
        references = [c.reference for c in cases]
        if not attempt(lambda: worklist.record_export(cases, current_user)):
            return redirect(back)
        return exports.queue_export(exports.selected_statement(references), "xlsx")
    if what == "assign":
        holder_id = request.form.get("holder_id", "")
        holder = db.session.get(User, int(holder_id)) if holder_id.isdigit() and len(holder_id) < 10 else None
        if holder is None or not holder.is_staff:
            flash(_("Choose a staff member."), "error")
            return redirect(back)
        results = []
        attempt(lambda: results.append(worklist.bulk_assign(cases, holder, current_user)))
    elif what == "claim":
        results = []
        attempt(lambda: results.append(worklist.bulk_claim(cases, current_user)))
    else:
        flash(_("Choose what to do with the selected cases."), "error")
        return redirect(back)
    if not results:
        return redirect(back)
    return render_template(
        "staff/bulk_result.html",
        result=results[0],
        action=_("Assign to %(name)s", name=holder.name) if what == "assign" else _("Claim"),
        back=back,
    )


# --- workload and assignment rules ------------------------------------------------------------


@bp.route("/workload", methods=["GET", "POST"])
@permission_required(Permission.CASE_ASSIGN)
def workload_view():
    if request.method == "POST":
        form = BulkForm()
        kind = request.form.get("kind", "")
        mode = request.form.get("mode") or None
        if form.validate_on_submit() and attempt(lambda: workload.set_rule(kind, mode, current_user)):
            flash(_("Assignment rule saved."), "success")
        return redirect(url_for("staff.workload_view"))
    return render_template(
        "staff/workload.html",
        loads=workload.workload(),
        rules=workload.rules(),
        kinds=KINDS.values(),
        modes=workload.AssignMode,
    )
