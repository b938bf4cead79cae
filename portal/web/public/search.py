"""Site search over guidance, notices and policies, and the sitemap."""

from __future__ import annotations

from flask import make_response, render_template, request
from flask_babel import get_locale

from portal.core.pagination import clamp_page
from portal.guidance import queries
from portal.guidance import search as searching
from portal.i18n import short_code
from portal.web.public import bp


@bp.route("/search")
def search():
    query = searching.normalise_query(request.args.get("q"))
    lang = short_code(str(get_locale()))
    results, fallback_lang = None, None
    if query:
        results = searching.search(query, lang, clamp_page(request.args.get("page")))
        if not results.total:
            # nothing in the visitor's language: the other language's texts may still match (Madrid, PCT …)
            other = "en" if lang == "zh" else "zh"
            alternative = searching.search(query, other, clamp_page(request.args.get("page")))
            if alternative.total:
                results, fallback_lang = alternative, other
    return render_template(
        "public/guidance/search.html",
        query=query,
        results=results,
        lang=lang,
        fallback_lang=fallback_lang,
        suggestions=searching.SUGGESTIONS,
    )


@bp.route("/sitemap.xml")
def sitemap():
    items = queries.sitemap_items()
    newest = max((i.updated_on for i in items if i.updated_on), default=None)
    response = make_response(render_template("public/guidance/sitemap.xml", items=items, newest=newest))
    response.mimetype = "application/xml"
    return response
