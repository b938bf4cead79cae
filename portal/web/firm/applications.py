"""Drafting an application: start, fill the steps in any order, upload material, check, submit."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from portal.cases import calls, prefill, services
from portal.cases.forms import ConfirmForm, UploadForm
from portal.cases.status import CaseStatus
from portal.core.db import commit
from portal.core.timeutil import today_local
from portal.core.uploads import read_upload
from portal.i18n import gettext as _
from portal.web.firm import bp
from portal.web.firm.loaders import load_case, load_kind
from portal.web.outcome import attempt


def _draft(key: str):
    case = load_case(key)
    if case.status != CaseStatus.DRAFT:
        return None, redirect(url_for("firm.case_detail", key=case.url_key))
    return case, None


@bp.route("/applications/new/<type>", methods=["GET", "POST"])
def new_application(type: str):
    kind = load_kind(type)
    today = today_local()
    call = calls.open_call(kind, today) if kind.needs_call else None
    form = ConfirmForm()
    drafts = []
    if form.validate_on_submit() and attempt(
        lambda: drafts.append(services.start_draft(kind, current_user.firm_id, current_user, today)), form=form
    ):
        return redirect(url_for("firm.case_detail", key=drafts[0].url_key))
    return render_template(
        "firm/applications/new.html",
        kind=kind,
        form=form,
        call=call,
        next_call=calls.next_call(kind, today) if kind.needs_call and call is None else None,
        last_call=calls.last_call(kind, today) if kind.needs_call and call is None else None,
    )


@bp.route("/applications/<key>/steps/<step_key>", methods=["GET", "POST"])
def edit_step(key: str, step_key: str):
    case, done = _draft(key)
    if done:
        return done
    step = case.case_kind.step(step_key) or abort(404)
    if request.method == "POST":
        form = services.step_form(case, step)
        valid = form.validate()
        # save what was typed even when it is not yet valid, so nothing is lost
        services.save_step(case, step.key, request.form)
        commit()
        if valid:
            flash(_("Saved: %(step)s.", step=step.title), "success")
            return redirect(_next_step_url(case, step.key))
    elif step.key in (case.data or {}):
        form = services.stored_step_form(case, step)
    else:
        names = {f.name for f in services.step_form(case, step, meta={"csrf": False})}
        known = prefill.known_answers(case, names)
        form = services.step_form(case, step, data=known.data)
        return render_template("firm/applications/step.html", case=case, step=step, form=form, prefilled=known)
    return render_template("firm/applications/step.html", case=case, step=step, form=form, prefilled=None)


def _next_step_url(case, current_key: str) -> str:
    keys = [s.key for s in case.case_kind.steps]
    after = keys[keys.index(current_key) + 1 :]
    if after:
        return url_for("firm.edit_step", key=case.url_key, step_key=after[0])
    return url_for("firm.materials", key=case.url_key)


@bp.route("/applications/<key>/materials", methods=["GET", "POST"])
def materials(key: str):
    case, done = _draft(key)
    if done:
        return done
    form = UploadForm(materials=case.case_kind.materials)
    if form.validate_on_submit():
        uploads = [u for u in (read_upload(f) for f in form.file.data or []) if u]
        added: list = []
        if attempt(
            lambda: added.extend(services.add_files(case, form.material.data, uploads, current_user)),
            form=form,
            field="file",
        ):
            names = "、".join(f"“{f.original_name}”" for f in added)
            flash(_("Uploaded %(names)s.", names=names), "success")
            return redirect(url_for("firm.materials", key=case.url_key))
    return render_template(
        "firm/applications/materials.html", case=case, form=form, missing=services.missing_materials(case)
    )


@bp.route("/applications/<key>/files/<int:file_id>/delete", methods=["POST"])
def delete_file(key: str, file_id: int):
    case, done = _draft(key)
    if done:
        return done
    file = next((f for f in case.files if f.id == file_id), None) or abort(404)
    services.remove_draft_file(case, file)
    commit()
    flash(_("Removed “%(name)s”.", name=file.original_name), "info")
    return redirect(url_for("firm.materials", key=case.url_key))


@bp.route("/applications/<key>/check")
def check_answers(key: str):
    case, done = _draft(key)
    if done:
        return done
    incomplete = [s for s in case.case_kind.steps if not services.step_complete(case, s.key)]
    return render_template(
        "firm/applications/check.html",
        case=case,
        incomplete=incomplete,
        missing=services.missing_materials(case),
        form=ConfirmForm(),
    )


@bp.route("/applications/<key>/submit", methods=["POST"])
def submit(key: str):
    case = load_case(key)
    if case.status != CaseStatus.DRAFT:  # a double click: the first submit already went through
        return redirect(url_for("firm.submitted", key=case.url_key))
    if not attempt(lambda: services.submit_case(case, current_user)):
        # a refusal (incomplete, no open call) or a parallel click that submitted it first
        return redirect(url_for("firm.check_answers", key=key))
    return redirect(url_for("firm.submitted", key=case.url_key))


@bp.route("/applications/<key>/delete", methods=["POST"])
def delete_draft(key: str):
    case, done = _draft(key)
    if done:
        return done
    services.delete_draft(case)
    commit()
    flash(_("The draft has been deleted."), "info")
    return redirect(url_for("firm.dashboard"))
