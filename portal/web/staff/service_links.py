"""Editors keep the 常用服务入口 page: add, edit, reorder and retire entries, each with a one-line purpose."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from portal.core.permissions import Permission, permission_required
from portal.extensions import db
from portal.i18n import gettext as _
from portal.reports import service_links
from portal.reports.forms import ConfirmDeleteForm, ServiceLinkForm
from portal.reports.models import ServiceLinkEntry
from portal.web.outcome import attempt
from portal.web.staff import bp


def _entry(entry_id: int) -> ServiceLinkEntry:
    entry = db.session.get(ServiceLinkEntry, entry_id)
    if entry is None:
        abort(404)
    return entry


@bp.route("/links/")
@permission_required(Permission.CONTENT_EDIT)
def service_links_list():
    return render_template(
        "staff/service_links/list.html",
        entries=service_links.current_entries(),
        retired=service_links.retired_entries(),
        button_form=ConfirmDeleteForm(),
        LinkGroup=service_links.LinkGroup,
    )


@bp.route("/links/new", methods=["GET", "POST"])
@permission_required(Permission.CONTENT_EDIT)
def new_service_link():
    form = ServiceLinkForm()
    if form.validate_on_submit() and attempt(lambda: service_links.add_entry(current_user, form.data_()), form=form):
        flash(_("Entry added to the service entry points page."), "success")
        return redirect(url_for("staff.service_links_list"))
    status = 400 if form.is_submitted() else 200
    return render_template("staff/service_links/edit.html", form=form, entry=None), status


@bp.route("/links/<int:entry_id>", methods=["GET", "POST"])
@permission_required(Permission.CONTENT_EDIT)
def edit_service_link(entry_id: int):
    entry = _entry(entry_id)
    form = ServiceLinkForm(obj=entry) if request.method == "GET" else ServiceLinkForm()
    if form.validate_on_submit() and attempt(
        lambda: service_links.edit_entry(current_user, entry, form.data_()), form=form
    ):
        flash(_("Entry saved."), "success")
        return redirect(url_for("staff.service_links_list"))
    status = 400 if form.is_submitted() else 200
    return render_template("staff/service_links/edit.html", form=form, entry=entry), status


@bp.route("/links/<int:entry_id>/move", methods=["POST"])
@permission_required(Permission.CONTENT_EDIT)
def move_service_link(entry_id: int):
    entry = _entry(entry_id)
    step = 1 if request.form.get("step") == "down" else -1
    if ConfirmDeleteForm().validate_on_submit():
        attempt(lambda: service_links.move_entry(current_user, entry, step))
    return redirect(url_for("staff.service_links_list", _anchor=f"link-{entry.id}"))


@bp.route("/links/<int:entry_id>/retire", methods=["POST"])
@permission_required(Permission.CONTENT_EDIT)
def retire_service_link(entry_id: int):
    entry = _entry(entry_id)
    if ConfirmDeleteForm().validate_on_submit() and attempt(lambda: service_links.retire_entry(current_user, entry)):
        flash(_("Entry retired: it no longer shows on the page."), "success")
    return redirect(url_for("staff.service_links_list"))


@bp.route("/links/<int:entry_id>/restore", methods=["POST"])
@permission_required(Permission.CONTENT_EDIT)
def restore_service_link(entry_id: int):
    entry = _entry(entry_id)
    if ConfirmDeleteForm().validate_on_submit() and attempt(lambda: service_links.restore_entry(current_user, entry)):
        flash(_("Entry restored at the end of the page."), "success")
    return redirect(url_for("staff.service_links_list"))
