"""Staff accounts and roles; the audit log."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_login import current_user
from sqlalchemy import func, select
from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, Length

from portal.accounts import admin as account_admin
from portal.accounts import services
from portal.accounts.models import User
from portal.audit.labels import known_actions
from portal.audit.models import AuditEvent
from portal.core.db import commit
from portal.core.forms import BaseForm
from portal.core.pagination import clamp_page, parse_day
from portal.core.permissions import STAFF_ROLES, Permission, Role, permission_required
from portal.core.spreadsheets import xlsx_response
from portal.core.timeutil import today_local
from portal.core.validators import StrongPassword
from portal.extensions import db
from portal.i18n import gettext as _
from portal.i18n import lazy_gettext as _l
from portal.web.admin import bp
from portal.web.exports import stream_or_prepare
from portal.web.outcome import attempt

STAFF_CHOICES = [(r.value, r.__labels__[r.value]) for r in Role if r in STAFF_ROLES]


class NewStaffForm(BaseForm):
    name = StringField(_l("Name"), validators=[DataRequired(_l("Enter the name.")), Length(max=100)])
    email = EmailField(
        _l("Email"),
        validators=[
            DataRequired(_l("Enter an email address.")),
            Email(_l("Enter an email address in the form name@example.cn."), check_deliverability=False),
            Length(max=254),
        ],
    )
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


def _audit_statement():
    """The audit log filtered as the query string asks (action, actor's email, Shanghai dates)."""
    stmt = select(AuditEvent).order_by(AuditEvent.id.desc())
    action = request.args.get("action") or ""
    if action:
        stmt = stmt.where(AuditEvent.action == action)
    actor = (request.args.get("actor") or "").strip()
    if actor:
        stmt = stmt.join(User, User.id == AuditEvent.actor_id).where(User.email.ilike(f"%{actor}%"))
    for arg, op in (("from", "ge"), ("to", "lt")):
        day = parse_day(request.args.get(arg))
        if day is None:
            continue
        # naive UTC storage; a Shanghai calendar day starts at 16:00 UTC the day before
        moment = datetime.combine(day + timedelta(days=1 if op == "lt" else 0), time()) - timedelta(hours=8)
        stmt = stmt.where(AuditEvent.created_at >= moment if op == "ge" else AuditEvent.created_at < moment)
    return stmt


@bp.route("/audit")
@permission_required(Permission.AUDIT_VIEW)
def audit_log():
    stmt = _audit_statement()
    page = db.paginate(stmt, page=clamp_page(request.args.get("page")), per_page=50, error_out=False)
    actions = known_actions()
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template("admin/audit.html", page=page, actions=actions, args=args)


@bp.route("/audit/export.xlsx")
@permission_required(Permission.AUDIT_VIEW)
def export_audit():
    stmt = _audit_statement()
    rows = db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0

    def stream():
        with force_locale("zh_Hans_CN"):
            headers = [
                _("When"),
                _("Who"),
                _("Role"),
                _("Action"),
                _("Object"),
                _("Case"),
                _("Value before"),
                _("Value after"),
                "IP",
            ]
            body = [
                [
                    f"{e.created_at + timedelta(hours=8):%Y-%m-%d %H:%M:%S}",  # Beijing time
                    e.actor.email if e.actor else "",
                    e.actor_role or "",
                    e.action_label,
                    f"{e.object_type} {e.object_id or ''}".strip(),
                    e.case_id or "",
                    e.from_value or "",
                    e.to_value or "",
                    e.ip or "",
                ]
                for e in db.session.scalars(stmt).unique()
            ]
            return xlsx_response(f"审计日志-{today_local().isoformat()}.xlsx", [(_("Audit log"), headers, body)])

    return stream_or_prepare("audit", _("Audit log export"), rows, stream)
