"""Reading content: what the public sees (published only), what editors list, the outline's tasks."""

from __future__ import annotations

import re

from sqlalchemy import Select, func, select

from portal.extensions import db
from portal.guidance.models import ContentItem, ContentRevision, live_clause
from portal.guidance.status import OUTLINE_SLUG, ContentStatus, ContentType, Topic


def published(content_type: ContentType) -> Select:
    """Published items of one type in effect now, newest first (notices by publish date)."""
    return (
        select(ContentItem)
        .where(ContentItem.content_type == content_type.value, live_clause())
        .order_by(ContentItem.published_on.desc().nulls_last(), ContentItem.id.desc())
    )


def published_item(content_type: ContentType, slug: str) -> Select:
    """The item at ``slug`` if the public may see it: not a draft, not archived, in effect today."""
    return select(ContentItem).where(
        ContentItem.content_type == content_type.value, ContentItem.slug == slug, live_clause()
    )


def replacement(content_type: ContentType, slug: str) -> ContentItem | None:
    """The item in effect now that replaced the expired published item at ``slug`` (followed through
    a chain of replacements), or None."""
    seen: set[str] = set()
    while slug and slug not in seen:
        seen.add(slug)
        old = db.session.scalar(
            select(ContentItem).where(ContentItem.content_type == content_type.value, ContentItem.slug == slug)
        )
        if old is None or old.status != ContentStatus.PUBLISHED or not old.has_expired or not old.replaced_by:
            return None
        new = db.session.scalar(
            select(ContentItem).where(
                ContentItem.content_type == content_type.value, ContentItem.slug == old.replaced_by, live_clause()
            )
        )
        if new is not None:
            return new
        slug = old.replaced_by
    return None


def articles_by_topic() -> list[tuple[Topic, list[ContentItem]]]:
    """Every topic in the outline's order with its published articles (service guides first)."""
    items = db.session.scalars(published(ContentType.ARTICLE)).all()
    grouped: dict[str, list[ContentItem]] = {t.value: [] for t in Topic}
    for item in items:
        grouped.setdefault(item.topic or "", []).append(item)
    for group in grouped.values():
        group.sort(key=lambda i: (i.kind != "service", i.id))
    return [(topic, grouped[topic.value]) for topic in Topic]


def topic_outline_tasks(topic: Topic, articles: list[ContentItem]) -> list[int]:
    tasks = set(topic.outline_tasks)
    for item in articles:
        tasks.update(item.outline_tasks or [])
    return sorted(tasks)


def outline_item() -> ContentItem | None:
    return db.session.scalar(
        select(ContentItem).where(
            ContentItem.content_type == ContentType.POLICY.value,
            ContentItem.slug == OUTLINE_SLUG,
            live_clause(),
        )
    )


_ZH_TASK = re.compile(r"\*\*(\d{1,2})[.．、]\s*([^*]+?)\*\*")
_EN_TASK = re.compile(r"^\s*(\d{1,2})\.\s+\*\*([^*]+?)\.?\*\*", re.M)


def outline_task_titles(outline: ContentItem | None, lang: str) -> dict[int, str]:
    """Task number → short title, read from the published outline's text (empty when not loaded)."""
    if outline is None:
        return {}
    body = outline.text(lang).body or ""
    pattern = _EN_TASK if lang == "en" and outline.texts.get("en") is not None else _ZH_TASK
    return {int(n): title.strip().rstrip("。.") for n, title in pattern.findall(body)}


def last_updated(content_type: ContentType):
    """The newest "last updated" date among published items of one type (for list pages)."""
    return db.session.scalar(
        select(func.max(ContentItem.updated_on)).where(ContentItem.content_type == content_type.value, live_clause())
    )


def revision_counts(item_ids: list[int]) -> dict[int, int]:
    if not item_ids:
        return {}
    rows = db.session.execute(
        select(ContentRevision.item_id, func.count())
        .where(ContentRevision.item_id.in_(item_ids))
        .group_by(ContentRevision.item_id)
    )
    return {item_id: count for item_id, count in rows}


def editor_list(content_type: ContentType, status: str | None = None) -> Select:
    stmt = select(ContentItem).where(ContentItem.content_type == content_type.value)
    if status in {s.value for s in ContentStatus}:
        stmt = stmt.where(ContentItem.status == status)
    return stmt.order_by(ContentItem.updated_at.desc(), ContentItem.id.desc())


def status_counts(content_type: ContentType) -> dict[str, int]:
    rows = db.session.execute(
        select(ContentItem.status, func.count())
        .where(ContentItem.content_type == content_type.value)
        .group_by(ContentItem.status)
    )
    return {status: count for status, count in rows}


def revision(item: ContentItem, number: int) -> Select:
    return select(ContentRevision).where(ContentRevision.item_id == item.id, ContentRevision.number == number)


def sitemap_items() -> list[ContentItem]:
    return list(
        db.session.scalars(
            select(ContentItem).where(live_clause()).order_by(ContentItem.content_type, ContentItem.slug)
        )
    )
