"""One case in the back office: everything the firm sent, and the actions its state allows."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, send_file, url_for
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError

from portal.accounts.models import User
from portal.audit.queries import case_timeline
from portal.audit.services import record
from portal.cases import messaging, queries, services
from portal.cases.forms import AssignForm, ConfirmForm, DecisionForm, MessageForm, NoteForm
from portal.cases.status import CaseAction, available_actions
from portal.core.db import commit, rollback
from portal.core.permissions import Permission, permission_required
from portal.core.uploads import stored_path
from portal.extensions import db
from portal.i18n import gettext as _
from portal.web.staff import bp


def load_case(reference: str):
    case = queries.staff_case(reference)
    if case is None:
        abort(404)
    return case


def _render(case, status=200, **forms):
    actions = available_actions(case.status, current_user.role, case.case_kind.demonstration)
    assign_form = forms.get("assign_form") or AssignForm(version=case.version)
    assign_form.holder_id.choices = [(u.id, f"{u.name} ({u.role_enum.label})") for u in queries.staff_members()]
    return render_template(
        "staff/cases/detail.html",
        case=case,
        actions=actions,
        timeline=case_timeline(case.id, firm_view=False),
        decision_form=forms.get("decision_form") or DecisionForm(version=case.version),
        confirm_form=ConfirmForm(version=case.version),
        assign_form=assign_form,
        note_form=forms.get("note_form") or NoteForm(),
        message_form=forms.get("message_form") or MessageForm(),
        messages=[m for m in case.messages if not m.internal],
        notes=[m for m in case.messages if m.internal],
        CaseAction=CaseAction,
        failed_action=forms.get("failed_action"),
    ), status


@bp.route("/cases/<reference>")
@permission_required(Permission.CASE_VIEW)
def case_detail(reference: str):
    return _render(load_case(reference))


def _commit_or_stale(case) -> bool:
    """Commit; when another user changed the case meanwhile, say so and keep nothing."""
    try:
        commit()
    except StaleDataError:
        flash(
            _("This case changed since you opened it. Nothing was saved; review the latest state and try again."),
            "error",
        )
        return False
    return True


@bp.route("/cases/<reference>/actions/<action>", methods=["POST"])
@permission_required(Permission.CASE_TRIAGE)
def act_on_case(reference: str, action: str):
    case = load_case(reference)
    try:
        action = CaseAction(action)
    except ValueError:
        abort(404)
    form = DecisionForm()
    if not form.validate_on_submit():
        return _render(case, 400, decision_form=form)
    try:
        services.transition(
            case,
            action,
            current_user,
            reason=form.reason.data,
            certificate_no=form.certificate_no.data,
            seen_version=form.version.data,
        )
        commit()
    except (services.WorkflowError, StaleDataError) as err:
        rollback()
        # show the page again with what was typed: a long reason is not lost to a colleague's click
        form.add_error(
            None,
            str(err)
            if isinstance(err, services.WorkflowError)
            else _("This case changed since you opened it. Nothing was saved; review the latest state and try again."),
        )
        return _render(
            case,
            409 if isinstance(err, (services.StaleCaseError, StaleDataError)) else 400,
            decision_form=form,
            failed_action=action.value,
        )
    flash(_("Done: %(action)s.", action=action.label), "success")
    return redirect(url_for("staff.case_detail", reference=reference))


@bp.route("/cases/<reference>/claim", methods=["POST"])
@permission_required(Permission.CASE_TRIAGE)
def claim_case(reference: str):
    case = load_case(reference)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            services.claim(case, current_user, seen_version=form.version.data)
        except services.WorkflowError as err:
            rollback()
            flash(str(err), "error")
        else:
            if _commit_or_stale(case):
                flash(_("You now hold this case."), "success")
    return redirect(url_for("staff.case_detail", reference=reference))


@bp.route("/cases/<reference>/assign", methods=["POST"])
@permission_required(Permission.CASE_ASSIGN)
def assign_case(reference: str):
    case = load_case(reference)
    form = AssignForm()
    form.holder_id.choices = [(u.id, u.name) for u in queries.staff_members()]
    if form.validate_on_submit():
        holder = db.session.get(User, form.holder_id.data) or abort(404)
        try:
            services.assign(case, holder, actor=current_user, seen_version=form.version.data)
        except services.WorkflowError as err:
            rollback()
            flash(str(err), "error")
        else:
            if _commit_or_stale(case):
                flash(_("Assigned to %(name)s.", name=holder.name), "success")
    else:
        flash(_("Choose a staff member."), "error")
    return redirect(url_for("staff.case_detail", reference=reference))


@bp.route("/cases/<reference>/notes", methods=["POST"])
@permission_required(Permission.CASE_TRIAGE)
def add_note(reference: str):
    case = load_case(reference)
    form = NoteForm()
    if form.validate_on_submit():
        messaging.add_note(case, current_user, form.body.data)
        commit()
        flash(_("Note saved."), "success")
        return redirect(url_for("staff.case_detail", reference=reference, _anchor="notes"))
    return _render(case, 400, note_form=form)


@bp.route("/cases/<reference>/messages", methods=["POST"])
@permission_required(Permission.CASE_TRIAGE)
def post_message(reference: str):
    case = load_case(reference)
    form = MessageForm()
    if form.validate_on_submit():
        messaging.post_message(case, current_user, form.body.data)
        commit()
        flash(_("Message sent to the firm."), "success")
        return redirect(url_for("staff.case_detail", reference=reference, _anchor="messages"))
    return _render(case, 400, message_form=form)


@bp.route("/cases/<reference>/files/<int:file_id>")
@permission_required(Permission.CASE_VIEW)
def download_file(reference: str, file_id: int):
    case = load_case(reference)
    file = next((f for f in case.files if f.id == file_id), None) or abort(404)
    path = stored_path(file.stored_name)
    if not path.exists():
        abort(404)
    record("download", "case_file", file.id, case_id=case.id, note=file.original_name)
    commit()
    return send_file(path, mimetype=file.content_type, as_attachment=True, download_name=file.original_name)


@bp.route("/cases/<reference>/objections/<int:objection_id>/evidence")
@permission_required(Permission.CASE_VIEW)
def objection_evidence(reference: str, objection_id: int):
    case = load_case(reference)
    objection = next((o for o in case.objections if o.id == objection_id), None)
    if objection is None or not objection.evidence_stored_name:
        abort(404)
    path = stored_path(objection.evidence_stored_name)
    if not path.exists():
        abort(404)
    record("download", "objection", objection.id, case_id=case.id, note=objection.evidence_original_name)
    commit()
    return send_file(path, as_attachment=True, download_name=objection.evidence_original_name or "evidence")
