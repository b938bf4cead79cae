"""The content editor: articles, notices and policies with revisions, preview and attachments."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_login import current_user

from portal.core.db import commit
from portal.core.pagination import clamp_page
from portal.core.permissions import Permission, permission_required
from portal.extensions import db
from portal.guidance import queries, services
from portal.guidance.forms import AttachmentForm, ContentForm
from portal.guidance.models import ContentItem
from portal.guidance.rendering import render_markdown
from portal.guidance.status import ContentAction, ContentStatus, ContentType
from portal.i18n import gettext as _
from portal.i18n import short_code
from portal.web.outcome import attempt
from portal.web.staff import bp


def _content_type(value: str) -> ContentType:
    try:
        return ContentType(value)
    except ValueError:
        abort(404)


@bp.route("/content/")
@permission_required(Permission.CONTENT_EDIT)
def content_list():
    ctype = _content_type(request.args.get("type", ContentType.ARTICLE.value))
    status = request.args.get("status") or None
    page = db.paginate(
        queries.editor_list(ctype, status), page=clamp_page(request.args.get("page")), per_page=25, error_out=False
    )
    return render_template(
        "staff/content/list.html",
        ctype=ctype,
        status=status,
        page=page,
        counts=queries.status_counts(ctype),
        types=list(ContentType),
        statuses=list(ContentStatus),
        revision_counts=queries.revision_counts([item.id for item in page.items]),
    )


@bp.route("/content/new/<content_type>", methods=["GET", "POST"])
@permission_required(Permission.CONTENT_EDIT)
def new_content(content_type: str):
    ctype = _content_type(content_type)
    form = ContentForm(ctype)
    created = []
    if form.validate_on_submit() and attempt(
        lambda: created.append(services.create_item(ctype.value, form.to_data(), current_user)), form=form
    ):
        flash(_("Saved as a draft. Preview it, then publish it when it is ready."), "success")
        return redirect(url_for("staff.edit_content", item_id=created[0].id))
    return render_template("staff/content/edit.html", form=form, ctype=ctype, item=None)


@bp.route("/content/<int:item_id>/edit", methods=["GET", "POST"])
@permission_required(Permission.CONTENT_EDIT)
def edit_content(item_id: int):
    item = db.get_or_404(ContentItem, item_id)
    form = ContentForm(item.type_enum)
    saved: list = []
    if request.method == "GET":
        form.fill_from(item)
    elif form.validate_on_submit() and attempt(
        lambda: saved.append(services.update_item(item, form.to_data(), current_user)), form=form
    ):
        revision = saved[0]
        flash(
            _("Saved (revision %(n)s).", n=revision.number) if revision else _("No changes to save."),
            "success" if revision else "info",
        )
        return redirect(url_for("staff.edit_content", item_id=item.id))
    return render_template(
        "staff/content/edit.html", form=form, ctype=item.type_enum, item=item, attachment_form=AttachmentForm()
    )


@bp.route("/content/preview/<content_type>", methods=["POST"])
@permission_required(Permission.CONTENT_EDIT)
def preview_content(content_type: str):
    """Render the unsaved form as the public would see it; nothing is stored."""
    ctype = _content_type(content_type)
    form = ContentForm(ctype)
    form.validate()  # errors are shown above the preview; the preview itself still renders
    data = form.to_data()
    rendered = {
        loc: {name: render_markdown(value) for name, value in texts.items() if name != "title"}
        for loc, texts in data["texts"].items()
    }
    return render_template("staff/content/preview.html", ctype=ctype, data=data, rendered=rendered, form=form)


@bp.route("/content/<int:item_id>")
@permission_required(Permission.CONTENT_EDIT)
def view_content(item_id: int):
    """The saved item as the public page shows it, whatever its status."""
    item = db.get_or_404(ContentItem, item_id)
    lang = short_code(str(get_locale()))
    outline = queries.outline_item()
    return render_template(
        "staff/content/view.html",
        item=item,
        text=item.text(lang),
        lang=lang,
        outline=outline,
        task_titles=queries.outline_task_titles(outline, lang),
    )


def _transition(item_id: int, action: ContentAction, message: str):
    item = db.get_or_404(ContentItem, item_id)
    if attempt(lambda: services.transition(item, action, current_user)):
        flash(message, "success")
    return redirect(url_for("staff.edit_content", item_id=item_id))


@bp.route("/content/<int:item_id>/publish", methods=["POST"])
@permission_required(Permission.CONTENT_EDIT)
def publish_content(item_id: int):
    return _transition(item_id, ContentAction.PUBLISH, _("Published: the page is now public."))


@bp.route("/content/<int:item_id>/unpublish", methods=["POST"])
@permission_required(Permission.CONTENT_EDIT)
def unpublish_content(item_id: int):
    return _transition(item_id, ContentAction.UNPUBLISH, _("Withdrawn: the item is a draft and no longer public."))


@bp.route("/content/<int:item_id>/archive", methods=["POST"])
@permission_required(Permission.CONTENT_EDIT)
def archive_content(item_id: int):
    return _transition(item_id, ContentAction.ARCHIVE, _("Archived: the item is no longer public."))


@bp.route("/content/<int:item_id>/revisions")
@permission_required(Permission.CONTENT_EDIT)
def content_revisions(item_id: int):
    item = db.get_or_404(ContentItem, item_id)
    return render_template("staff/content/revisions.html", item=item, revisions=list(reversed(item.revisions)))


@bp.route("/content/<int:item_id>/revisions/<int:number>")
@permission_required(Permission.CONTENT_EDIT)
def content_revision(item_id: int, number: int):
    item = db.get_or_404(ContentItem, item_id)
    revision = db.first_or_404(queries.revision(item, number))
    return render_template(
        "staff/content/revision.html", item=item, revision=revision, texts=revision.snapshot.get("texts") or {}
    )


@bp.route("/content/<int:item_id>/revisions/<int:number>/restore", methods=["POST"])
@permission_required(Permission.CONTENT_EDIT)
def restore_content_revision(item_id: int, number: int):
    item = db.get_or_404(ContentItem, item_id)
    revision = db.first_or_404(queries.revision(item, number))
    restored: list = []
    if not attempt(lambda: restored.append(services.restore_revision(item, revision, current_user))):
        return redirect(url_for("staff.content_revision", item_id=item.id, number=number))
    flash(_("Revision %(old)s restored as revision %(new)s.", old=number, new=restored[0].number), "success")
    return redirect(url_for("staff.edit_content", item_id=item.id))


@bp.route("/content/<int:item_id>/attachments", methods=["POST"])
@permission_required(Permission.CONTENT_EDIT)
def upload_content_attachment(item_id: int):
    item = db.get_or_404(ContentItem, item_id)
    form = AttachmentForm()
    if not form.validate_on_submit():
        flash(" ".join(str(e) for e in form.file.errors) or _("Choose a file to upload."), "error")
        return redirect(url_for("staff.edit_content", item_id=item.id, _anchor="attachments"))
    upload = form.file.data
    added: list = []
    if attempt(lambda: added.append(services.add_attachment(item, upload.filename or "", upload.read(), current_user))):
        flash(_("%(name)s uploaded.", name=added[0].original_name), "success")
    return redirect(url_for("staff.edit_content", item_id=item.id, _anchor="attachments"))


@bp.route("/content/<int:item_id>/attachments/<int:attachment_id>/delete", methods=["POST"])
@permission_required(Permission.CONTENT_EDIT)
def delete_content_attachment(item_id: int, attachment_id: int):
    item = db.get_or_404(ContentItem, item_id)
    attachment = next((a for a in item.attachments if a.id == attachment_id), None)
    if attachment is None:
        abort(404)
    services.remove_attachment(attachment)
    commit()
    flash(_("%(name)s removed.", name=attachment.original_name), "success")
    return redirect(url_for("staff.edit_content", item_id=item.id, _anchor="attachments"))
