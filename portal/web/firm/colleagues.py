"""The firm's administrator: colleagues, invitations, roles, deactivation."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from portal.accounts import colleagues as team
from portal.accounts.firm_forms import ActiveForm, ColleagueRoleForm, InvitationForm
from portal.cases.forms import ConfirmForm
from portal.core.permissions import Permission, permission_required
from portal.i18n import gettext as _
from portal.web.firm import bp
from portal.web.outcome import attempt


def _me():
    return current_user._get_current_object()


def _page(form: InvitationForm, status: int = 200):
    firm_id = current_user.firm_id
    return render_template(
        "firm/colleagues.html",
        users=team.colleagues(firm_id),
        invitations=team.open_invitations(firm_id),
        form=form,
        role_form=ColleagueRoleForm(),
    ), status


@bp.route("/colleagues")
@permission_required(Permission.FIRM_MANAGE)
def colleagues():
    return _page(InvitationForm())


@bp.route("/colleagues/invite", methods=["POST"])
@permission_required(Permission.FIRM_MANAGE)
def invite_colleague():
    form = InvitationForm()
    if form.validate_on_submit() and attempt(lambda: team.invite(_me(), form.email.data, form.role.data), form=form):
        flash(_("Invitation sent to %(email)s. The link works once, for 3 days.", email=form.email.data), "success")
        return redirect(url_for("firm.colleagues"))
    return _page(form, 400)


@bp.route("/colleagues/invitations/<int:invitation_id>/revoke", methods=["POST"])
@permission_required(Permission.FIRM_MANAGE)
def revoke_invitation(invitation_id: int):
    if ConfirmForm().validate_on_submit() and attempt(lambda: team.revoke(_me(), invitation_id)):
        flash(_("Invitation withdrawn: its link no longer works."), "info")
    return redirect(url_for("firm.colleagues"))


@bp.route("/colleagues/<int:user_id>/role", methods=["POST"])
@permission_required(Permission.FIRM_MANAGE)
def set_colleague_role(user_id: int):
    form = ColleagueRoleForm()
    if not form.validate_on_submit():
        flash(_("Choose administrator or applicant."), "error")
    elif attempt(lambda: team.set_role(_me(), user_id, form.role.data)):
        flash(_("Role changed."), "success")
    return redirect(url_for("firm.colleagues"))


@bp.route("/colleagues/<int:user_id>/active", methods=["POST"])
@permission_required(Permission.FIRM_MANAGE)
def set_colleague_active(user_id: int):
    form = ActiveForm()
    activate = form.active.data == "1"
    if form.validate_on_submit() and attempt(lambda: team.set_active(_me(), user_id, activate)):
        flash(
            _("Colleague reactivated.") if activate else _("Colleague deactivated: they can no longer sign in."), "info"
        )
    return redirect(url_for("firm.colleagues"))
