"""One search over published guidance, notices and policies, identical on SQLite and PostgreSQL.

Design: each item keeps one ``search_documents`` row per locale (title + plain text), rewritten
on every save. A query is segmented with jieba in search mode — so 商标注册 yields 商标 and 注册,
and two-character words such as 维权 or 质押 are terms of their own — then every term must occur
(AND) in the title or the text, matched with case-insensitive LIKE (``ilike``: ILIKE on
PostgreSQL, lower() LIKE lower() on SQLite) with % and _ escaped. Rank is a CASE score computed
in SQL: a title hit is worth far more than a text hit, and the whole phrase earns a bonus.

Why not the engines' own full-text search: SQLite FTS5 and PostgreSQL tsvector tokenise Chinese
differently (neither segments words), so results would differ per engine. The corpus is a few
hundred documents, so a scan costs well under a millisecond. If it ever grows, a pg_trgm GIN index
on title/body speeds up the same ILIKE queries on PostgreSQL without changing this code.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

import jieba
from flask import current_app
from markupsafe import Markup, escape
from sqlalchemy import Integer, and_, case, literal, or_, select
from sqlalchemy.orm import lazyload, selectinload

from portal.core.pagination import Page, paginate
from portal.core.shared_cache import GENERATION_KEY, remember
from portal.extensions import db
from portal.guidance.models import ContentItem, SearchDocument, live_clause

jieba.setLogLevel(logging.WARNING)

MAX_QUERY = 100
MAX_TERMS = 8
TITLE_HIT, BODY_HIT, PHRASE_TITLE, PHRASE_BODY = 100, 1, 200, 5
SUGGESTIONS = ("商标", "马德里", "维权", "质押", "PCT", "专利")


def normalise_query(raw: str | None) -> str:
    return re.sub(r"\s+", " ", (raw or "")).strip()[:MAX_QUERY]


def query_terms(query: str) -> list[str]:
    """The words every result must contain, at most MAX_TERMS, punctuation and spaces dropped.

    jieba's accurate mode splits the query into words; a compound that search mode can cover
    exactly with smaller dictionary words is replaced by them (商标注册 → 商标 + 注册, so a text
    saying 注册商标 still matches), while a word without such a cover stays whole (马德里, not 德里).
    """
    terms: list[str] = []
    for word in jieba.cut(query):
        word = word.strip().lower()
        if not word or not any(ch.isalnum() for ch in word):
            continue
        for term in _cover(word):
            if term not in terms:
                terms.append(term)
    return terms[:MAX_TERMS]


def _cover(word: str) -> list[str]:
    subs = sorted(
        {s.lower() for s in jieba.cut_for_search(word) if len(s) >= 2 and s.lower() != word}, key=len, reverse=True
    )
    parts, pos = [], 0
    while pos < len(word):
        part = next((s for s in subs if word.startswith(s, pos)), None)
        if part is None:
            return [word]
        parts.append(part)
        pos += len(part)
    return parts or [word]


def _like(term: str) -> str:
    return "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _hit_shows():
    """A hit shows its item's address (type and slug) and its type's label: the item's row without its
    texts (whole rows: a column list cost the ORM more than the columns)."""
    return (lazyload(ContentItem.texts),)


@dataclass
class Hit:
    item: ContentItem
    locale: str
    title: Markup
    snippet: Markup
    score: int


def search(query: str, locale: str, page: int = 1, per_page: int = 10) -> Page:
    """Published items whose ``locale`` document contains every term, best first; items are Hits.

    The page of hits (ids, highlighted title and snippet, score) is kept in the shared cache under the
    content generation, as long as the page cache keeps pages (``PAGE_CACHE_SECONDS``): any saved
    content searches afresh at once; the items themselves are always read now, in one query."""
    query = normalise_query(query)
    seconds = current_app.config.get("PAGE_CACHE_SECONDS", 0)
    if not seconds:
        return _search(query, locale, page, per_page)

    def found() -> tuple[int, int, list[tuple[int, Markup, Markup, int]]]:
        result = _search(query, locale, page, per_page)
        return (
            result.page,
            result.total,
            [(h.item.id, h.title, h.snippet, h.score) for h in result.items],
        )  # Markup stays Markup

    shown_page, total, hits = remember(f"search:{locale}:{page}:{per_page}:{query}", (GENERATION_KEY,), found, seconds)
    items = (
        {
            i.id: i
            for i in db.session.scalars(
                select(ContentItem)
                .where(ContentItem.id.in_([h[0] for h in hits]))
                .options(*_hit_shows())  # one statement: the texts are already in the kept hits
            )
        }
        if hits
        else {}
    )
    return Page(
        items=[
            Hit(item=items[item_id], locale=locale, title=title, snippet=text, score=score)
            for item_id, title, text, score in hits
            if item_id in items
        ],
        page=shown_page,
        per_page=per_page,
        total=total,
    )


def _search(query: str, locale: str, page: int, per_page: int) -> Page:
    terms = query_terms(query)
    if not terms:
        return Page(items=[], page=1, per_page=per_page, total=0)
    doc = SearchDocument
    score = literal(0, Integer)
    conditions = []
    for term in terms:
        pattern = _like(term)
        in_title, in_body = doc.title.ilike(pattern, escape="\\"), doc.body.ilike(pattern, escape="\\")
        conditions.append(or_(in_title, in_body))
        score = score + case((in_title, TITLE_HIT), else_=0) + case((in_body, BODY_HIT), else_=0)
    phrase = query.lower()
    if len(terms) > 1 and phrase:
        score = (
            score
            + case((doc.title.ilike(_like(phrase), escape="\\"), PHRASE_TITLE), else_=0)
            + case((doc.body.ilike(_like(phrase), escape="\\"), PHRASE_BODY), else_=0)
        )
    stmt = (
        select(doc, score.label("score"))
        .join(ContentItem, ContentItem.id == doc.item_id)
        .where(doc.locale == locale, live_clause(), and_(*conditions))
        .order_by(score.desc(), ContentItem.updated_on.desc().nulls_last(), doc.id)
        .options(selectinload(doc.item))
    )  # one query for the page's items, not one per hit
    result = paginate(stmt, page, per_page)
    marks = [*terms, phrase] if len(terms) > 1 else terms
    result.items = [
        Hit(
            item=row[0].item,
            locale=locale,
            title=highlight(row[0].title, marks),
            snippet=snippet(row[0].body, marks),
            score=row[1],
        )
        for row in result.items
    ]
    return result


def _pattern(terms: list[str]) -> re.Pattern:
    ordered = sorted(terms, key=len, reverse=True)
    return re.compile("|".join(re.escape(t) for t in ordered), re.IGNORECASE)


def highlight(text: str, terms: list[str]) -> Markup:
    """``text`` with each term wrapped in <mark>; every piece is escaped before it is wrapped."""
    if not terms:
        return escape(text)
    out, pos = [], 0
    for match in _pattern(terms).finditer(text):
        out.append(escape(text[pos : match.start()]))
        out.append(Markup("<mark>%s</mark>") % text[match.start() : match.end()])
        pos = match.end()
    out.append(escape(text[pos:]))
    return Markup("").join(out)


def snippet(body: str, terms: list[str], width: int = 140) -> Markup:
    """About ``width`` characters of ``body`` around the first hit, highlighted."""
    text = body.replace("\n", " ")
    match = _pattern(terms).search(text) if terms else None
    start = max(0, match.start() - width // 3) if match else 0
    end = min(len(text), start + width)
    piece = text[start:end]
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    return escape(prefix) + highlight(piece, terms) + escape(suffix)
