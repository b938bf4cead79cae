"""Guidance library, notices, policy documents and their downloadable files (published items only)."""

from __future__ import annotations

from urllib.parse import quote

from flask import abort, redirect, render_template, request, send_file, url_for
from flask_babel import get_locale

from portal.core.pagination import clamp_page, paginate
from portal.core.timeutil import today_local
from portal.core.uploads import stored_path
from portal.guidance import guide, queries
from portal.guidance.rendering import render_markdown
from portal.guidance.status import SERVICE_FIELDS, ContentType
from portal.i18n import short_code
from portal.identity import settings as identity_settings
from portal.web.public import bp


@bp.app_template_filter("markdown")
def _markdown(text: str | None):
    return render_markdown(text)


@bp.app_context_processor
def _content_globals():
    return {
        "service_fields": SERVICE_FIELDS,
        "service_guide_for": _service_guide_for,
        "site_identity": identity_settings.current,
    }


def _service_guide_for(item, text):
    """The 办事指南 of a service guide that starts an application, built from its case kind."""
    return guide.for_item(item, text, today_local())


def _lang() -> str:
    return short_code(str(get_locale()))


@bp.route("/guidance/")
def guidance_index():
    lang = _lang()
    outline = queries.outline_item()
    topics = [(topic, items, queries.topic_outline_tasks(topic, items)) for topic, items in queries.articles_by_topic()]
    return render_template(
        "public/guidance/index.html",
        topics=topics,
        lang=lang,
        outline=outline,
        task_titles=queries.outline_task_titles(outline, lang),
        last_updated=queries.last_updated(ContentType.ARTICLE),
    )


def _replaced(content_type: ContentType, slug: str):
    """A redirect to the item that took over an expired address, or None."""
    new = queries.replacement(content_type, slug)
    return redirect(url_for(new.endpoint, slug=new.slug)) if new is not None else None


@bp.route("/guidance/<slug>")
def guidance_article(slug: str):
    if moved := _replaced(ContentType.ARTICLE, slug):
        return moved
    item = queries.published_item_or_404(ContentType.ARTICLE, slug)
    lang = _lang()
    outline = queries.outline_item()
    return render_template(
        "public/guidance/article.html",
        item=item,
        text=item.text(lang),
        lang=lang,
        outline=outline,
        task_titles=queries.outline_task_titles(outline, lang),
    )


def _listing(content_type: ContentType, template: str):
    page = paginate(queries.published(content_type), clamp_page(request.args.get("page")), 10)
    return render_template(template, page=page, lang=_lang(), last_updated=queries.last_updated(content_type))


def _single(content_type: ContentType, slug: str):
    if moved := _replaced(content_type, slug):
        return moved
    item = queries.published_item_or_404(content_type, slug)
    return render_template("public/guidance/item.html", item=item, text=item.text(_lang()), lang=_lang())


@bp.route("/notices/")
def notices():
    return _listing(ContentType.NOTICE, "public/guidance/notices.html")


@bp.route("/notices/<slug>")
def notice(slug: str):
    return _single(ContentType.NOTICE, slug)


@bp.route("/policies/")
def policies():
    return _listing(ContentType.POLICY, "public/guidance/policies.html")


@bp.route("/policies/<slug>")
def policy(slug: str):
    return _single(ContentType.POLICY, slug)


@bp.route("/downloads/<int:attachment_id>")
def download_attachment(attachment_id: int):
    """A file offered with a published item; 404 while the item is a draft or archived."""
    attachment = queries.public_attachment_or_404(attachment_id)
    try:
        path = stored_path(attachment.stored_name)
    except FileNotFoundError:
        abort(404)
    if not path.is_file():
        abort(404)
    response = send_file(
        path, mimetype=attachment.mime_type, as_attachment=True, download_name=attachment.original_name, max_age=0
    )
    # RFC 6266/5987: an ASCII fallback plus the UTF-8 original (Chinese file names survive)
    fallback = attachment.original_name.encode("ascii", "ignore").decode().replace('"', "").replace("\\", "")
    if not fallback.rpartition(".")[0].strip():
        fallback = "download" + (fallback if fallback.startswith(".") else "")
    response.headers["Content-Disposition"] = (
        f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(attachment.original_name, safe='')}"
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "no-store"
    return response
