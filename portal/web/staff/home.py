from __future__ import annotations

from flask import render_template
from flask_login import current_user

from portal.cases import queue as case_queue
from portal.core.permissions import Permission, permission_required
from portal.core.timeutil import today_local
from portal.extensions import db
from portal.web.staff import bp


@bp.route("/")
@permission_required(Permission.STAFF_AREA)
def home():
    if not current_user.can(Permission.CASE_VIEW):
        return render_template("staff/home.html", counts=None, mine=[], urgent=[])
    counts = case_queue.home_counts(current_user.id)
    mine = list(
        db.session.scalars(
            case_queue.queue_statement(case_queue.QueueFilter(stage="mine", user_id=current_user.id)).limit(10)
        ).unique()
    )
    urgent = list(
        db.session.scalars(case_queue.queue_statement(case_queue.QueueFilter(stage="overdue")).limit(10)).unique()
    )
    return render_template(
        "staff/home.html",
        counts=counts,
        tiles=[case_queue.QUEUES[key] for key in case_queue.HOME_TILES],
        mine=mine,
        urgent=urgent,
        today=today_local(),
    )
