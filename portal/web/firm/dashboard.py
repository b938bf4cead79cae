from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select, update
from sqlalchemy.orm import selectinload

from portal.cases import queries
from portal.cases.kinds import KINDS
from portal.cases.models import Notification
from portal.core.db import commit, utcnow
from portal.core.pagination import clamp_page
from portal.extensions import db
from portal.web.firm import bp


@bp.route("/")
def dashboard():
    page = db.paginate(
        queries.firm_cases(current_user.firm_id),
        page=clamp_page(request.args.get("page")),
        per_page=20,
        error_out=False,
    )
    return render_template("firm/dashboard.html", firm=current_user.firm, page=page, kinds=KINDS.values())


@bp.route("/inbox")
def inbox():
    rows = list(
        db.session.scalars(
            select(Notification)
            .options(selectinload(Notification.case))
            .where(Notification.user_id == current_user.id)
            .order_by(Notification.id.desc())
            .limit(100)
        )
    )
    return render_template("firm/inbox.html", notifications=rows)


@bp.route("/inbox/read", methods=["POST"])
def mark_read():
    db.session.execute(
        update(Notification)
        .where(Notification.user_id == current_user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
    commit()
    return redirect(url_for("firm.inbox"))
