"""Expert review in the back office: the expert pool, a call's rubric, assignments, the ranking and
the panel's collective decision."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from portal.accounts.models import User
from portal.cases.kinds import KINDS
from portal.cases.models import Call
from portal.core.permissions import Permission, permission_required
from portal.extensions import db
from portal.i18n import gettext as _
from portal.review import exports, panel, pool, reviews, rubrics
from portal.review.forms import AssignForm, ExpertForm, PanelForm, ReopenForm, RubricForm
from portal.review.models import Assignment
from portal.web.outcome import attempt
from portal.web.staff import bp
from portal.web.staff.cases import load_case


def _call(call_id: int) -> Call:
    call = db.session.get(Call, call_id)
    if call is None or not call.case_kind.needs_call:
        abort(404)
    return call


@bp.route("/review")
@permission_required(Permission.REVIEW_MANAGE)
def review_index():
    calls = db.session.scalars(select(Call).order_by(Call.opens_on.desc(), Call.id.desc())).all()
    return render_template("staff/review/index.html", calls=calls)


@bp.route("/review/experts", methods=["GET", "POST"])
@permission_required(Permission.REVIEW_MANAGE)
def review_experts():
    form = ExpertForm()
    if form.validate_on_submit() and attempt(lambda: pool.add_expert(form.data, current_user), form=form):
        flash(_("%(name)s has joined the expert pool.", name=form.name.data), "success")
        return redirect(url_for("staff.review_experts"))
    return render_template("staff/review/experts.html", figures=pool.expert_figures(), form=form, kinds=KINDS)


def _render_call(call: Call, status: int = 200, panel_form=None):
    ranked = panel.ranking(call)
    candidates = [p for p in pool.experts() if p.user.active]
    forms = {}
    for row in ranked:
        form = AssignForm(prefix=f"a{row.case.id}")
        taken = {a.expert_id for a in row.assignments}
        form.expert.choices = [
            (p.user_id, p.user.name)
            for p in candidates
            if p.user_id not in taken and not pool.has_conflict(p, row.case)
        ]
        forms[row.case.id] = form
    return render_template(
        "staff/review/call.html",
        call=call,
        rubric=rubrics.current_rubric(call),
        ranked=ranked,
        assign_forms=forms,
        reopen_form=ReopenForm(),
        panel_form=panel_form or PanelForm(),
        decision=panel.decision_of(call),
        threshold=panel.threshold(),
        needed={row.case.id: pool.experts_needed(row.case) for row in ranked},
    ), status


@bp.route("/review/calls/<int:call_id>")
@permission_required(Permission.REVIEW_MANAGE)
def review_call(call_id: int):
    return _render_call(_call(call_id))


@bp.route("/review/calls/<int:call_id>/ranking.xlsx")
@permission_required(Permission.REVIEW_MANAGE)
def export_ranking(call_id: int):
    return exports.ranking_export(_call(call_id))


@bp.route("/review/calls/<int:call_id>/rubric", methods=["GET", "POST"])
@permission_required(Permission.REVIEW_MANAGE)
def edit_rubric(call_id: int):
    call = _call(call_id)
    current = rubrics.current_rubric(call)
    prefill = current is not None and request.method == "GET"  # a post is read from what was typed alone
    form = RubricForm(data=RubricForm.data_from(current) if prefill else None)
    if form.validate_on_submit() and attempt(
        lambda: rubrics.save_rubric(call, form.rows(), form.deadline.data, form.experts_per_case.data, current_user),
        form=form,
    ):
        flash(_("The rubric has been saved."), "success")
        return redirect(url_for("staff.review_call", call_id=call.id))
    return render_template(
        "staff/review/rubric.html",
        call=call,
        form=form,
        rubric=current,
        locked=current is not None and rubrics.in_use(current),
    )


@bp.route("/review/cases/<reference>/experts", methods=["POST"])
@permission_required(Permission.REVIEW_MANAGE)
def assign_experts(reference: str):
    case = load_case(reference)
    if case.call is None:
        abort(404)
    if request.form.get("auto"):
        if attempt(lambda: pool.auto_assign(case, current_user)):
            flash(_("Experts have been assigned to %(ref)s.", ref=case.reference), "success")
        return redirect(url_for("staff.review_call", call_id=case.call_id))
    form = AssignForm(prefix=f"a{case.id}")
    form.expert.choices = [(p.user_id, p.user.name) for p in pool.experts()]
    if not form.validate_on_submit():
        flash(_("Choose an expert."), "error")
    else:
        expert = db.session.get(User, form.expert.data)
        if expert is not None and attempt(lambda: pool.assign_expert(case, expert, current_user)):
            flash(_("%(name)s has been assigned to %(ref)s.", name=expert.name, ref=case.reference), "success")
    return redirect(url_for("staff.review_call", call_id=case.call_id))


@bp.route("/review/assignments/<int:assignment_id>/reopen", methods=["POST"])
@permission_required(Permission.REVIEW_MANAGE)
def reopen_review(assignment_id: int):
    assignment = db.session.get(Assignment, assignment_id) or abort(404)
    form = ReopenForm()
    if not form.validate_on_submit():
        flash(_("Give the reason for reopening the scores."), "error")
    elif attempt(lambda: reviews.reopen(assignment, current_user, form.reason.data)):
        flash(_("The scores have been reopened for the expert."), "success")
    return redirect(url_for("staff.review_call", call_id=assignment.case.call_id))


@bp.route("/review/calls/<int:call_id>/decision", methods=["POST"])
@permission_required(Permission.REVIEW_MANAGE)
def decide_call(call_id: int):
    call = _call(call_id)
    form = PanelForm()
    if form.validate_on_submit() and attempt(
        lambda: panel.decide(
            call,
            current_user,
            attendees=form.attendees.data,
            minutes=form.minutes.data,
            opinion=form.opinion.data,
            rest=form.rest.data,
            rest_reason=form.rest_reason.data,
        ),
        form=form,
    ):
        flash(
            _("The panel's decision has been recorded and the cases within the quota are in public notice."), "success"
        )
        return redirect(url_for("staff.review_call", call_id=call.id))
    return _render_call(call, 422, panel_form=form)
