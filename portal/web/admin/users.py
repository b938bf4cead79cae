from __future__ import annotations

from flask import render_template
from sqlalchemy import select

from portal.accounts.models import User
from portal.core.permissions import STAFF_ROLES, Permission, permission_required
from portal.extensions import db
from portal.web.admin import bp


@bp.route("/users")
@permission_required(Permission.USERS_MANAGE)
def users():
    staff = db.session.scalars(select(User).where(User.role.in_([r.value for r in STAFF_ROLES])).order_by(User.email))
    return render_template("admin/users.html", users=list(staff))
