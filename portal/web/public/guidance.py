"""Guidance library, notices, policy documents and their downloadable files (published items only)."""

from __future__ import annotations

from io import BytesIO

from flask import abort, redirect, render_template, request, send_file, url_for
from flask_babel import get_locale

from portal.cases.kinds import get_kind
from portal.core.pagination import clamp_page
from portal.core.timeutil import today_local
from portal.events import queries as event_queries
from portal.extensions import db
from portal.guidance import blank_forms, faq, guide, queries
from portal.guidance.models import ContentAttachment
from portal.guidance.rendering import render_markdown
from portal.guidance.status import SERVICE_FIELDS, ContentType
from portal.i18n import short_code
from portal.identity import settings as identity_settings
from portal.web.downloads import send_stored
from portal.web.public import bp


@bp.app_template_filter("markdown")
def _markdown(text: str | None):
    return render_markdown(text)


@bp.app_context_processor
def _content_globals():
    return {
        "service_fields": SERVICE_FIELDS,
        "service_guide_for": _service_guide_for,
        "faq_questions": faq.parse,
        "service_guide_preview": _service_guide_preview,
        "site_identity": identity_settings.current,
    }


def _service_guide_for(item, text):
    """The 办事指南 of a service guide that starts an application, built from its case kind."""
    return guide.for_item(item, text, today_local())


def _service_guide_preview(application_type: str | None, text: dict):
    """The 办事指南 the editor's unsaved texts would give, for the preview."""
    kind = get_kind(application_type or "")
    return guide.build(kind, text, today_local()) if kind else None


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
    item = db.first_or_404(queries.published_item(ContentType.ARTICLE, slug))
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
    page = db.paginate(
        queries.published(content_type), page=clamp_page(request.args.get("page")), per_page=10, error_out=False
    )
    return render_template(template, page=page, lang=_lang(), last_updated=queries.last_updated(content_type))


def _single(content_type: ContentType, slug: str):
    if moved := _replaced(content_type, slug):
        return moved
    item = db.first_or_404(queries.published_item(content_type, slug))
    # a notice announcing an event links to its sign-up
    event = event_queries.event_for_notice(slug) if content_type == ContentType.NOTICE else None
    return render_template("public/guidance/item.html", item=item, text=item.text(_lang()), lang=_lang(), event=event)


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


@bp.route("/guidance/forms/<kind>/<name>.docx")
def blank_form(kind: str, name: str):
    """A material's template (申报表, 信用承诺书), generated from the application type's definition."""
    case_kind = get_kind(kind)
    if case_kind is None or name not in blank_forms.available(case_kind):
        abort(404)
    response = send_file(
        BytesIO(blank_forms.document(case_kind, name)),
        mimetype=blank_forms.DOCX_MIME,
        as_attachment=True,
        download_name=blank_forms.filename(case_kind, name),
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.route("/downloads/<int:attachment_id>")
def download_attachment(attachment_id: int):
    """A file offered with a published item; 404 while the item is a draft or archived."""
    attachment = db.get_or_404(ContentAttachment, attachment_id)
    if not attachment.item.is_public:
        abort(404)
    # send_file (local store) writes the RFC 6266 header: an ASCII fallback plus filename*= with the UTF-8 original
    response = send_stored(attachment.stored_name, attachment.mime_type, attachment.original_name, max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "no-store"
    return response
