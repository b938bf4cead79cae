"""Staff accounts and roles; the audit log."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from wtforms import PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Length

from portal.accounts import admin as account_admin
from portal.accounts import services
from portal.accounts.models import User
from portal.core.db import commit
from portal.core.forms import BaseForm, email_field
from portal.core.permissions import STAFF_ROLES, Permission, Role, permission_required
from portal.core.validators import StrongPassword
from portal.extensions import db
from portal.i18n import gettext as _
from portal.i18n import lazy_gettext as _l
from portal.web.admin import bp
from portal.web.outcome import attempt

STAFF_CHOICES = [(r.value, r.__labels__[r.value]) for r in Role if r in STAFF_ROLES]


class NewStaffForm(BaseForm):
    name = StringField(_l("Name"), validators=[DataRequired(_l("Enter the name.")), Length(max=100)])
    email = email_field()
    role = SelectField(_l("Role"), choices=STAFF_CHOICES)
    password = PasswordField(
        _l("Initial password"), validators=[DataRequired(_l("Choose a password.")), StrongPassword()]
    )


@bp.route("/users", methods=["GET", "POST"])
@permission_required(Permission.USERS_MANAGE)
def users():
    form = NewStaffForm()
    if form.validate_on_submit() and attempt(
        lambda: services.create_user(form.email.data, form.password.data, form.role.data, name=form.name.data),
        form=form,
    ):
        flash(_("Staff account created."), "success")
        return redirect(url_for("admin.users"))
    staff = db.session.scalars(select(User).where(User.role.in_([r.value for r in STAFF_ROLES])).order_by(User.email))
    return render_template("admin/users.html", users=list(staff), form=form, roles=STAFF_CHOICES)


@bp.route("/users/<int:user_id>", methods=["POST"])
@permission_required(Permission.USERS_MANAGE)
def update_user(user_id: int):
    user = db.session.get(User, user_id)
    if user is None or not user.is_staff:
        abort(404)
    try:
        if request.form.get("role"):
            account_admin.change_role(user, request.form["role"], current_user)
        if request.form.get("active") in ("0", "1"):
            account_admin.set_active(user, request.form["active"] == "1", current_user)
    except (services.AccountError, ValueError) as err:
        flash(str(err), "error")
    else:
        commit()
        flash(_("Account updated."), "success")
    return redirect(url_for("admin.users"))


@bp.route("/audit")
@permission_required(Permission.AUDIT_VIEW)
def audit_log():
    from portal.web.staff.records import render_records

    return render_records("admin.audit_log", "admin.export_audit_log", False, _("Audit log"))


@bp.route("/audit/export.xlsx")
@permission_required(Permission.AUDIT_VIEW)
def export_audit_log():
    from portal.web.staff.records import export_records

    return export_records(False)
