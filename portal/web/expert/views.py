"""An expert's reviews: the list, one case with the declaration or the scoring form, and the posts."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from portal.cases.presenters import answers
from portal.i18n import gettext as _
from portal.review import reviews
from portal.review.forms import ConflictForm, DeclarationForm, score_form
from portal.web.expert import bp
from portal.web.outcome import attempt


def _own(assignment_id: int):
    """The expert's own assignment; any other case is a 404 (its existence is not confirmed)."""
    assignment = reviews.assignment_for(current_user, assignment_id)
    if assignment is None or assignment.is_conflict:
        abort(404)
    return assignment


@bp.route("/")
def home():
    return render_template("expert/home.html", assignments=reviews.assignments_for(current_user))


def _render(assignment, status: int = 200, **forms):
    rubric = reviews.rubric_of(assignment)
    case = assignment.case
    form = forms.get("score_form")
    if form is None and rubric is not None:
        stored = {f"c{key}": value for key, value in (assignment.scores or {}).items()}
        form = score_form(rubric, data={**stored, "opinion": assignment.opinion, "version": assignment.version})
    return render_template(
        "expert/review.html",
        assignment=assignment,
        case=case,
        rubric=rubric,
        # what the rubric needs: the programme answers, never the firm's contact data
        sections=[(step.title, answers(case, step)) for step in case.case_kind.steps],
        declaration_form=forms.get("declaration_form") or DeclarationForm(),
        conflict_form=forms.get("conflict_form") or ConflictForm(),
        score_form=form,
    ), status


@bp.route("/reviews/<int:assignment_id>")
def review(assignment_id: int):
    return _render(_own(assignment_id))


@bp.route("/reviews/<int:assignment_id>/declaration", methods=["POST"])
def declare(assignment_id: int):
    assignment = _own(assignment_id)
    form = DeclarationForm()
    if form.validate_on_submit() and attempt(
        lambda: reviews.declare(assignment, current_user, form.full_name.data, form.agree.data), form=form
    ):
        flash(_("Your declaration has been recorded. You can now score the case."), "success")
        return redirect(url_for("expert.review", assignment_id=assignment.id))
    return _render(assignment, 422, declaration_form=form)


@bp.route("/reviews/<int:assignment_id>/conflict", methods=["POST"])
def declare_conflict(assignment_id: int):
    assignment = _own(assignment_id)
    form = ConflictForm()
    if form.validate_on_submit() and attempt(
        lambda: reviews.declare_conflict(assignment, current_user, form.note.data), form=form
    ):
        flash(_("Your conflict has been recorded; the case goes back to the supervisor for another expert."), "success")
        return redirect(url_for("expert.home"))
    return _render(assignment, 422, conflict_form=form)


@bp.route("/reviews/<int:assignment_id>/scores", methods=["POST"])
def score(assignment_id: int):
    assignment = _own(assignment_id)
    rubric = reviews.rubric_of(assignment)
    if rubric is None:
        abort(404)
    form = score_form(rubric)
    submit = request.form.get("action") == "submit"
    if form.validate_on_submit():
        raw = {str(i): (str(f.data) if f.data is not None else "") for i, f in enumerate(form.criteria_fields)}
        if attempt(
            lambda: reviews.save_review(
                assignment, current_user, raw, form.opinion.data, submit=submit, seen_version=form.version.data
            ),
            form=form,
        ):
            if submit:
                flash(_("Your scores have been submitted. Total: %(total)s.", total=assignment.total), "success")
                return redirect(url_for("expert.home"))
            flash(_("Your draft has been kept."), "success")
            return redirect(url_for("expert.review", assignment_id=assignment.id))
    return _render(assignment, 422, score_form=form)
