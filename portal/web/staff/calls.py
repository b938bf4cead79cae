"""Calls for applications (申报批次): supervisors open, schedule and close programme calls."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from portal.cases import calls
from portal.cases.forms import CallForm
from portal.cases.kinds import KINDS
from portal.cases.models import Call
from portal.core.permissions import Permission, permission_required
from portal.extensions import db
from portal.i18n import gettext as _
from portal.web.outcome import attempt
from portal.web.staff import bp


def _form(call: Call | None = None) -> CallForm:
    form = CallForm(obj=call)
    form.kind.choices = [(k.value, k.label) for k in KINDS.values() if k.needs_call]
    return form


@bp.route("/calls")
@permission_required(Permission.CALLS_MANAGE)
def calls_index():
    return render_template("staff/calls/index.html", rows=calls.all_calls())


@bp.route("/calls/new", methods=["GET", "POST"])
@bp.route("/calls/<int:call_id>", methods=["GET", "POST"])
@permission_required(Permission.CALLS_MANAGE)
def edit_call(call_id: int | None = None):
    call = (db.get_or_404(Call, call_id)) if call_id is not None else None
    form = _form(call)
    if form.validate_on_submit() and attempt(lambda: calls.save_call(call, form.values(), current_user), form=form):
        flash(_("The call has been saved."), "success")
        return redirect(url_for("staff.calls_index"))
    return render_template("staff/calls/form.html", form=form, call=call)
