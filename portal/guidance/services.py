"""Changing content: save, status moves, revisions and restore, attachments, search documents.

Every function flushes but never commits; the view (or CLI command) commits once.
"""

from __future__ import annotations

import re
from contextlib import suppress
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask_babel import force_locale
from sqlalchemy import func, select

from portal.core import uploads
from portal.core.db import delete_after_commit, utcnow
from portal.core.errors import ServiceError
from portal.extensions import db
from portal.guidance import guide, schedule
from portal.guidance.models import ContentAttachment, ContentItem, ContentRevision, ContentText, SearchDocument
from portal.guidance.rendering import plain_text
from portal.guidance.status import (
    LOCALES,
    SERVICE_FIELD_NAMES,
    TEXT_FIELDS,
    TRANSITIONS,
    ContentAction,
    ContentStatus,
    ContentType,
)
from portal.i18n import SHORT_CODES
from portal.i18n import lazy_gettext as _l

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ITEM_FIELDS = (
    "slug",
    "topic",
    "kind",
    "application_type",
    "outline_tasks",
    "issuer",
    "issuer_en",
    "published_on",
    "updated_on",
    "publish_at",
    "expire_at",
    "replaced_by",
    "editor_note",
)


class ContentError(ServiceError):
    """A change was refused; ``field`` names the form field to attach the message to."""

    def __init__(self, message, field: str | None = None):
        super().__init__(str(message))
        self.field = field


def today() -> date:
    return datetime.now(ZoneInfo("Asia/Shanghai")).date()


def slug_error(slug: str, content_type: str, item_id: int | None = None):
    """Why ``slug`` cannot be used for a ``content_type`` item, or None."""
    if not slug or len(slug) > 80 or not SLUG_PATTERN.match(slug):
        return _l(
            "Use lower-case letters a–z, digits and single hyphens, e.g. madrid-trademark (at most 80 characters)."
        )
    taken = db.session.scalar(
        select(ContentItem.id).where(
            ContentItem.content_type == content_type, ContentItem.slug == slug, ContentItem.id != (item_id or 0)
        )
    )
    if taken:
        return _l("The address %(slug)s is already used by another item; choose another.", slug=slug)
    return None


def snapshot(item: ContentItem) -> dict:
    """Every field of ``item`` as JSON-ready data (what a revision stores)."""
    data = {"content_type": item.content_type, "status": item.status}
    for name in ITEM_FIELDS:
        value = getattr(item, name)
        if isinstance(value, datetime):  # naive UTC in the database; say so, so a restore reads it right
            value = value.replace(tzinfo=UTC)
        data[name] = value.isoformat() if isinstance(value, date) else value
    data["outline_tasks"] = list(item.outline_tasks or [])
    data["texts"] = {loc: {f: getattr(text, f) or "" for f in TEXT_FIELDS} for loc, text in sorted(item.texts.items())}
    return data


def record_revision(item: ContentItem, action: ContentAction, actor=None, restored_from: int | None = None):
    db.session.flush()
    last = db.session.scalar(select(func.max(ContentRevision.number)).where(ContentRevision.item_id == item.id))
    revision = ContentRevision(
        item=item,
        number=(last or 0) + 1,
        action=action.value,
        author_id=getattr(actor, "id", None),
        restored_from=restored_from,
        snapshot=snapshot(item),
        created_at=utcnow(),
    )
    db.session.add(revision)
    db.session.flush()
    return revision


def _apply(item: ContentItem, data: dict) -> None:
    """Copy item fields and per-locale texts from ``data`` (the snapshot shape) onto ``item``."""
    for name in ITEM_FIELDS:
        if name not in data:
            continue
        value = data[name]
        if name in ("published_on", "updated_on") and isinstance(value, str):
            value = date.fromisoformat(value) if value else None
        if name == "outline_tasks":
            value = sorted({int(n) for n in value or []})
        if name in ("publish_at", "expire_at"):
            value = schedule.to_utc(value)
        if name in ("application_type", "issuer", "issuer_en", "replaced_by", "editor_note"):
            value = value or ""
        setattr(item, name, value)
    if item.content_type != ContentType.ARTICLE:
        item.topic = item.kind = None
        item.application_type, item.outline_tasks = "", []
    for loc in LOCALES:
        fields = (data.get("texts") or {}).get(loc) or {}
        text = item.texts.get(loc)
        if text is None:
            text = item.texts[loc] = ContentText(locale=loc)
        for field in TEXT_FIELDS:
            value = fields.get(field, "") or ""
            if field in SERVICE_FIELD_NAMES and not item.is_service:
                value = ""
            setattr(text, field, value.strip() if field == "title" else value)


def refresh_search(item: ContentItem) -> None:
    """Rewrite the item's search documents from its current texts (one per locale with a title)."""
    existing = {doc.locale: doc for doc in item.search_documents}
    for loc in LOCALES:
        text = item.texts.get(loc)
        if text is None or not text.title:
            if loc in existing:
                item.search_documents.remove(existing[loc])
            continue
        body = "\n".join(plain_text(p) for p in (text.summary, text.body, _guide_text(item, text, loc)) if p)
        doc = existing.get(loc) or SearchDocument(locale=loc)
        doc.title, doc.body = text.title, body
        if loc not in existing:
            item.search_documents.append(doc)


def _guide_text(item: ContentItem, text: ContentText, loc: str) -> str:
    """What the public reads in the 办事指南 of a service item, in ``loc``: the guide built from the
    application's definitions, or the sections an editor wrote when the item starts no application."""
    if not item.is_service:
        return ""
    with force_locale(SHORT_CODES[loc]):
        built = guide.for_item(item, text, today())
        if built is not None:
            return guide.plain_text(built)
    return "\n".join(getattr(text, f) or "" for f in SERVICE_FIELD_NAMES)


def create_item(
    content_type: str, data: dict, actor=None, *, status: str = ContentStatus.DRAFT, source_key: str | None = None
) -> ContentItem:
    """A new item from form or file data; staff-created items start as drafts."""
    problem = slug_error(data.get("slug", ""), content_type)
    if problem:
        raise ContentError(problem, "slug")
    item = ContentItem(
        content_type=ContentType(content_type).value,
        slug=data["slug"],
        status=status,
        source_key=source_key,
        edited_by_staff=actor is not None,
        texts={},
    )
    item.outline_tasks, item.application_type, item.issuer, item.issuer_en = [], "", "", ""
    item.replaced_by, item.editor_note = "", ""
    _apply(item, {"updated_on": today(), **data})
    if status == ContentStatus.PUBLISHED:
        item.published_at = item.publish_at or utcnow()
        item.published_on = item.published_on or today()
    db.session.add(item)
    refresh_search(item)
    record_revision(item, ContentAction.LOAD if actor is None else ContentAction.CREATE, actor)
    return item


def update_item(
    item: ContentItem,
    data: dict,
    actor=None,
    *,
    action: ContentAction = ContentAction.SAVE,
    restored_from: int | None = None,
) -> ContentRevision | None:
    """Save new field values; returns the revision, or None when nothing changed."""
    slug = data.get("slug", item.slug)
    if slug != item.slug:
        problem = slug_error(slug, item.content_type, item.id)
        if problem:
            raise ContentError(problem, "slug")
    before = snapshot(item)
    _apply(item, {**data, "updated_on": data.get("updated_on") or item.updated_on})
    if snapshot(item) == before and action in (ContentAction.SAVE, ContentAction.LOAD):
        return None
    if actor is not None:
        item.edited_by_staff = True
        item.updated_on = today()
    item.updated_at = utcnow()
    refresh_search(item)
    return record_revision(item, action, actor, restored_from)


def transition(item: ContentItem, action: ContentAction, actor) -> ContentRevision:
    """Publish, withdraw to draft or archive; raises ContentError when the move is not allowed now."""
    sources, target = TRANSITIONS[action]
    if item.status_enum not in sources:
        raise ContentError(_l("This item is %(status)s; it cannot be changed that way.", status=item.status_enum.label))
    item.status = target.value
    if target == ContentStatus.PUBLISHED:
        item.published_at = utcnow()
        item.published_on = item.published_on or today()
    item.updated_at = utcnow()
    return record_revision(item, action, actor)


def restore_revision(item: ContentItem, revision: ContentRevision, actor) -> ContentRevision:
    """Put the content of an earlier revision back (not its status) as a new revision."""
    data = {k: v for k, v in revision.snapshot.items() if k not in ("content_type", "status", "updated_on")}
    return update_item(item, data, actor, action=ContentAction.RESTORE, restored_from=revision.number)


def add_attachment(item: ContentItem, filename: str, data: bytes, actor) -> ContentAttachment:
    """Store a downloadable file for ``item``; raises uploads.UploadError for refused files."""
    stored = uploads.store_upload(filename, data)
    attachment = ContentAttachment(
        item=item,
        stored_name=stored.stored_name,
        original_name=stored.original_name,
        mime_type=stored.content_type,
        size=stored.size,
        sha256=stored.sha256,
        uploaded_by_id=getattr(actor, "id", None),
    )
    db.session.add(attachment)
    db.session.flush()
    return attachment


def remove_attachment(attachment: ContentAttachment) -> None:
    """Remove the attachment; its stored file goes once that has committed (a rollback keeps both)."""
    with suppress(FileNotFoundError):  # a stored name that was never ours has no file to remove
        delete_after_commit(attachment.stored_name)
    db.session.delete(attachment)
    db.session.flush()
