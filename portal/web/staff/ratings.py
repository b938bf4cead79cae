"""好差评 in the back office: every rating with its comment, and the supervisors' follow-up (整改) of
ratings below 基本满意, each closed by recording what was done."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from portal.cases import ratings
from portal.cases.models import Case
from portal.core.forms import BaseForm
from portal.core.pagination import clamp_page
from portal.core.permissions import Permission, permission_required
from portal.extensions import db
from portal.i18n import gettext as _
from portal.i18n import lazy_gettext as _l
from portal.web.outcome import attempt
from portal.web.staff import bp


class FollowUpOutcomeForm(BaseForm):
    outcome = TextAreaField(
        _l("What was done (rectification)"),
        validators=[DataRequired(_l("Describe what was done about the rating.")), Length(max=3000)],
        render_kw={"rows": 3},
        description=_l(
            "For example: called the firm, explained the decision, changed how requests for more material are worded."
        ),
    )


def _page(form=None, status=200, failed_task=None):
    page = db.paginate(
        select(Case).where(Case.rating.is_not(None)).order_by(Case.rated_at.desc()),
        page=clamp_page(request.args.get("page")),
        per_page=30,
        error_out=False,
    )
    tasks = {t.case_id: t for t in db.session.scalars(select(ratings.RatingFollowUp))}
    return render_template(
        "staff/ratings.html",
        page=page,
        open_tasks=ratings.open_follow_ups(),
        tasks=tasks,
        form=form or FollowUpOutcomeForm(),
        failed_task=failed_task if failed_task is not None and failed_task.is_open else None,
        Rating=ratings.Rating,
    ), status


@bp.route("/ratings")
@permission_required(Permission.CASE_VIEW)
def ratings_list():
    return _page()


@bp.route("/ratings/<int:task_id>/outcome", methods=["POST"])
@permission_required(Permission.CASE_ASSIGN)
def rating_outcome(task_id: int):
    task = db.session.get(ratings.RatingFollowUp, task_id) or abort(404)
    form = FollowUpOutcomeForm()
    if form.validate_on_submit() and attempt(
        lambda: ratings.record_outcome(task, current_user, form.outcome.data), form=form, field="outcome"
    ):
        flash(_("Follow-up of %(reference)s recorded.", reference=task.case.reference), "success")
        return redirect(url_for("staff.ratings_list"))
    return _page(form, 400, task)
