"""One case in the back office: everything the firm sent, and the actions its state allows."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from markupsafe import Markup

from portal.accounts.models import USERS_GENERATION, User
from portal.audit.services import record
from portal.cases import duplicates, messaging, objections, phrases, queries, services, time_extensions, worklist
from portal.cases import queue as case_queue
from portal.cases.forms import (
    AssignForm,
    ConfirmForm,
    DecisionForm,
    ExtensionDecisionForm,
    ExtensionRequestForm,
    MessageForm,
    NoteForm,
    ObjectionConclusionForm,
)
from portal.cases.models import Objection
from portal.cases.status import CaseAction
from portal.cases.timeline import timeline
from portal.core.db import commit
from portal.core.permissions import Permission, permission_required
from portal.core.shared_cache import CASE_GENERATION, CASE_PAGE_GENERATION
from portal.core.timeutil import today_local
from portal.core.uploads import read_upload
from portal.extensions import db
from portal.i18n import gettext as _
from portal.i18n import in_brackets
from portal.reports import overseas
from portal.templating import kept_shared
from portal.web.downloads import send_stored
from portal.web.outcome import attempt
from portal.web.staff import bp


def load_case(reference: str):
    case = queries.staff_case(reference)
    if case is None:
        abort(404)
    return case


def _view() -> str | None:
    """The queue view the case was opened from (``?view=``), cleaned to known filter names."""
    from urllib.parse import urlencode

    from portal.web.staff.queue import view_args

    raw = request.args.get("view")
    if not raw:
        return None
    return urlencode(sorted(view_args(raw).items())) or f"stage={case_queue.DEFAULT_QUEUE}"


def _nav(case, view: str | None):
    if not view:
        return None
    from portal.web.staff.queue import view_filter

    return worklist.neighbours(view_filter(view), case.id)


def _after_action(case, view: str | None, nav):
    """Save and next: from a queue view, on to the next case of that view (or back to the view)."""
    if not view:
        return redirect(url_for("staff.case_detail", reference=case.reference))
    if nav is not None and nav.next:
        return redirect(url_for("staff.case_detail", reference=nav.next, view=view))
    flash(_("That was the last case of this view."), "info")
    return redirect(url_for("staff.queue") + "?" + view)


def _render(case, status=200, **forms):
    """The page again after a refused action: the forms as they were sent, never kept."""
    body = Markup(render_template("staff/cases/_detail.html", **_body_context(case, forms)))  # noqa: S704 rendered by Jinja
    return render_template("staff/cases/detail.html", reference=case.reference, body=body), status


def _body_context(case, forms: dict) -> dict:
    assign_form = forms.get("assign_form") or AssignForm(version=case.version, holder_id=case.holder_id)
    assign_form.holder_id.choices = [
        (u.id, f"{u.name}{in_brackets(u.role_enum.label)}") for u in queries.staff_members()
    ]
    return dict(
        case=case,
        actions=case.actions_for(current_user),
        timeline=timeline(case, firm_view=False),
        decision_form=forms.get("decision_form") or DecisionForm(version=case.version),
        confirm_form=ConfirmForm(version=case.version),
        assign_form=assign_form,
        note_form=forms.get("note_form") or NoteForm(),
        message_form=forms.get("message_form") or MessageForm(),
        objection_forms={o.id: ObjectionConclusionForm(prefix=f"o{o.id}") for o in case.objections if o.is_open}
        | forms.get("objection_forms", {}),
        failed_action=forms.get("failed_action"),
        overseas=overseas.guidance_for(case),
        phrases=phrases.for_case(case),
        extension_form=forms.get("extension_form") or ExtensionRequestForm(prefix="ext"),
        extension_refusal=time_extensions.request_refusal(case, current_user),
        extension_decision_form=forms.get("extension_decision_form") or ExtensionDecisionForm(prefix="extd"),
        CaseAction=CaseAction,
        view=_view(),
        nav=_nav(case, _view()),
        duplicates=[] if case.is_final else duplicates.possible_duplicates(case),
    )


# Everything the case page shows changes one of these: the case, its objections, firm and calendar
# (CASE_GENERATION); its files, messages, documents, extensions, call, phrases, audit trail, the
# overseas warnings and the financing its answers name (CASE_PAGE_GENERATION); the people named and
# their permissions (USERS_GENERATION). The neighbours of a queue view and the possible duplicates
# are other cases.
CASE_PAGE_GENERATIONS = (CASE_GENERATION, CASE_PAGE_GENERATION, USERS_GENERATION)


@bp.route("/cases/<reference>")
@permission_required(Permission.CASE_VIEW)
def case_detail(reference: str):
    return render_template("staff/cases/detail.html", reference=reference, body=kept_case_body(reference))


def kept_case_body(reference: str) -> Markup:
    """The case page's body, kept per person (what they may do), case, queue view and day (time limits
    count down); a miss loads the case, and an unknown reference is a 404 that is never kept. Opened from
    a one-off view of the queue (a typed search), it is rendered, not kept."""
    from portal.web.staff.queue import keepable, view_args

    view = _view()

    def render_body() -> str:
        return render_template("staff/cases/_detail.html", **_body_context(load_case(reference), {}))

    if view and not keepable(view_args(view)):
        return Markup(render_body())  # noqa: S704 rendered by Jinja with autoescape
    name = f"staff-case:{current_user.id}:{today_local().isoformat()}:{reference}:{view or ''}"
    return kept_shared(name, CASE_PAGE_GENERATIONS, render_body, forms=True)


@bp.route("/cases/<reference>/actions/<action>", methods=["POST"])
@permission_required(Permission.CASE_TRIAGE)
def act_on_case(reference: str, action: str):
    case = load_case(reference)
    if action not in CaseAction._value2member_map_:
        abort(404)
    action = CaseAction(action)
    form = DecisionForm()
    view = _view()
    nav = _nav(case, view)  # the next case is the one after this in the view as it was opened
    done = form.validate_on_submit() and attempt(
        lambda: services.transition(
            case,
            action,
            current_user,
            reason=form.reason.data,
            certificate_no=form.certificate_no.data,
            outcome=form.outcome(),
            materials=form.materials.data,
            seen_version=form.version.data,
        ),
        form=form,
    )
    if not done:
        # the page again with everything typed: a long reason is not lost to a colleague's click
        db.session.refresh(case)
        stale = str(form.version.data or "") != str(case.version)
        return _render(case, 409 if stale else 400, decision_form=form, failed_action=action.value)
    flash(_("Done: %(action)s.", action=action.label), "success")
    return _after_action(case, view, nav)


@bp.route("/cases/<reference>/claim", methods=["POST"])
@permission_required(Permission.CASE_TRIAGE)
def claim_case(reference: str):
    case = load_case(reference)
    form = ConfirmForm()
    if form.validate_on_submit() and attempt(
        lambda: services.claim(case, current_user, seen_version=form.version.data)
    ):
        flash(_("You now hold this case."), "success")
    return redirect(url_for("staff.case_detail", reference=reference, view=_view()))


@bp.route("/cases/<reference>/assign", methods=["POST"])
@permission_required(Permission.CASE_ASSIGN)
def assign_case(reference: str):
    case = load_case(reference)
    form = AssignForm()
    form.holder_id.choices = [(u.id, u.name) for u in queries.staff_members()]
    if not form.validate_on_submit():
        flash(_("Choose a staff member."), "error")
        return redirect(url_for("staff.case_detail", reference=reference))
    holder = db.get_or_404(User, form.holder_id.data)
    view = _view()
    nav = _nav(case, view)
    if attempt(lambda: services.assign(case, holder, actor=current_user, seen_version=form.version.data)):
        flash(_("Assigned to %(name)s.", name=holder.name), "success")
        return _after_action(case, view, nav)
    return redirect(url_for("staff.case_detail", reference=reference, view=view))


def _load_objection(case, objection_id: int) -> Objection:
    return next((o for o in case.objections if o.id == objection_id), None) or abort(404)


@bp.route("/cases/<reference>/objections/<int:objection_id>/verify", methods=["POST"])
@permission_required(Permission.OBJECTION_HANDLE)
def verify_objection(reference: str, objection_id: int):
    case = load_case(reference)
    objection = _load_objection(case, objection_id)
    if ConfirmForm().validate_on_submit() and attempt(lambda: objections.start_verification(objection, current_user)):
        flash(_("The objection is being verified."), "success")
    return redirect(url_for("staff.case_detail", reference=reference, _anchor=f"objection-{objection_id}"))


@bp.route("/cases/<reference>/objections/<int:objection_id>/conclude", methods=["POST"])
@permission_required(Permission.OBJECTION_HANDLE)
def conclude_objection(reference: str, objection_id: int):
    case = load_case(reference)
    objection = _load_objection(case, objection_id)
    form = ObjectionConclusionForm(prefix=f"o{objection.id}")
    done = form.validate_on_submit() and attempt(
        lambda: objections.conclude(
            objection,
            current_user,
            upheld=form.finding.data == "upheld",
            conclusion=form.conclusion.data,
            outcome=form.outcome.data,
        ),
        form=form,
    )
    if not done:
        db.session.refresh(case)
        return _render(case, 400, objection_forms={objection.id: form})
    flash(_("The objection has been concluded."), "success")
    return redirect(url_for("staff.case_detail", reference=reference))


@bp.route("/cases/<reference>/notes", methods=["POST"])
@permission_required(Permission.CASE_TRIAGE)
def add_note(reference: str):
    case = load_case(reference)
    form = NoteForm()
    if form.validate_on_submit() and attempt(lambda: messaging.add_note(case, current_user, form.body.data), form=form):
        flash(_("Note saved."), "success")
        return redirect(url_for("staff.case_detail", reference=reference, _anchor="notes"))
    return _render(case, 400, note_form=form)


@bp.route("/cases/<reference>/messages", methods=["POST"])
@permission_required(Permission.CASE_TRIAGE)
def post_message(reference: str):
    case = load_case(reference)
    form = MessageForm()
    if form.validate_on_submit() and attempt(
        lambda: messaging.post_message(
            case, current_user, form.body.data, [u for u in map(read_upload, form.attachments.data or []) if u]
        ),
        form=form,
        field="body",
    ):
        flash(_("Message sent to the firm."), "success")
        return redirect(url_for("staff.case_detail", reference=reference, _anchor="messages"))
    return _render(case, 400, message_form=form)


@bp.route("/cases/<reference>/files/<int:file_id>")
@permission_required(Permission.CASE_VIEW)
def download_file(reference: str, file_id: int):
    case = load_case(reference)
    file = next((f for f in case.files if f.id == file_id), None) or abort(404)
    response = send_stored(file.stored_name, file.content_type, file.original_name)
    record("download", "case_file", file.id, case_id=case.id, note=file.original_name)
    commit()
    return response


@bp.route("/cases/<reference>/objections/<int:objection_id>/evidence")
@permission_required(Permission.CASE_VIEW)
def objection_evidence(reference: str, objection_id: int):
    case = load_case(reference)
    objection = next((o for o in case.objections if o.id == objection_id), None)
    if objection is None or not objection.evidence_stored_name:
        abort(404)
    response = send_stored(objection.evidence_stored_name, None, objection.evidence_original_name or "evidence")
    record("download", "objection", objection.id, case_id=case.id, note=objection.evidence_original_name)
    commit()
    return response
