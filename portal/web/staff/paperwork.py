"""The paperwork of one case in the back office: inserting a template without JavaScript, the documents
issued on it, extensions of its time limit and the printable case sheet (办件单)."""

from __future__ import annotations

from urllib.parse import quote

from flask import abort, flash, make_response, redirect, render_template, url_for
from flask_login import current_user

from portal.audit.services import record
from portal.cases import phrases, sheet, time_extensions
from portal.cases.forms import DecisionForm, ExtensionDecisionForm, ExtensionRequestForm
from portal.cases.status import CaseAction
from portal.cases.timeline import timeline
from portal.core.db import commit
from portal.core.permissions import Permission, permission_required
from portal.i18n import gettext as _
from portal.web.downloads import send_stored
from portal.web.outcome import attempt
from portal.web.staff import bp
from portal.web.staff.cases import _render, load_case


@bp.route("/cases/<reference>/actions/<action>/template", methods=["POST"])
@permission_required(Permission.CASE_TRIAGE)
def insert_phrase(reference: str, action: str):
    """Without JavaScript: the chosen template is added to what was typed, and the page comes back
    with the action's form filled in, to be edited and sent."""
    case = load_case(reference)
    if action not in CaseAction._value2member_map_:
        abort(404)
    form = DecisionForm()
    if form.validate_on_submit():
        attempt(lambda: _append(form, phrases.text_for(case, action, form.phrase.data)), form=form, field="phrase")
    form.version.data = case.version  # nothing was decided: the form stays current
    return _render(case, 200 if not form.errors else 400, decision_form=form, failed_action=action)


def _append(form: DecisionForm, text: str) -> None:
    typed = (form.reason.data or "").rstrip()
    form.reason.data = f"{typed}\n{text}" if typed else text


@bp.route("/cases/<reference>/documents/<int:document_id>")
@permission_required(Permission.CASE_VIEW)
def download_document(reference: str, document_id: int):
    case = load_case(reference)
    document = next((d for d in case.documents if d.id == document_id), None) or abort(404)
    response = send_stored(document.stored_name, "application/pdf", document.filename)
    record("download", "case_document", document.id, case_id=case.id, note=document.number)
    commit()
    return response


@bp.route("/cases/<reference>/extensions", methods=["POST"])
@permission_required(Permission.CASE_TRIAGE)
def request_extension(reference: str):
    case = load_case(reference)
    form = ExtensionRequestForm(prefix="ext")
    if form.validate_on_submit() and attempt(
        lambda: time_extensions.request_extension(case, current_user, form.days.data, form.reason.data),
        form=form,
        field="days",
    ):
        flash(_("The extension has been sent to a supervisor."), "success")
        return redirect(url_for("staff.case_detail", reference=reference, _anchor="extensions"))
    return _render(case, 400, extension_form=form)


@bp.route("/cases/<reference>/extensions/<int:extension_id>", methods=["POST"])
@permission_required(Permission.CASE_SIGN_OFF)
def decide_extension(reference: str, extension_id: int):
    case = load_case(reference)
    extension = next((e for e in case.extensions if e.id == extension_id), None) or abort(404)
    form = ExtensionDecisionForm(prefix="extd")
    if form.validate_on_submit() and attempt(
        lambda: time_extensions.decide(extension, current_user, form.decision.data == "approve", form.note.data),
        form=form,
        field="decision",
    ):
        flash(_("The extension has been decided."), "success")
        return redirect(url_for("staff.case_detail", reference=reference, _anchor="extensions"))
    return _render(case, 400, extension_decision_form=form)


@bp.route("/cases/<reference>/sheet")
@permission_required(Permission.CASE_VIEW)
def case_sheet(reference: str):
    case = load_case(reference)
    return render_template("staff/cases/sheet.html", case=case, timeline=timeline(case, firm_view=False))


@bp.route("/cases/<reference>/sheet.pdf")
@permission_required(Permission.CASE_VIEW)
def case_sheet_pdf(reference: str):
    case = load_case(reference)
    data = sheet.sheet_pdf(case, timeline(case, firm_view=False))
    response = make_response(data)
    response.mimetype = "application/pdf"
    response.headers["Content-Disposition"] = f"inline; filename*=UTF-8''{quote(case.reference + '.pdf')}"
    return response
