"""Content items (articles, notices, policies), their per-locale texts, revisions, attachments
and the search documents refreshed on every save.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    and_,
    or_,
)
from sqlalchemy.orm import Mapped, attribute_keyed_dict, mapped_column, relationship

from portal.core.db import utcnow
from portal.extensions import db
from portal.guidance.status import (
    TRANSITIONS,
    ApplicationType,
    ArticleKind,
    ContentAction,
    ContentStatus,
    ContentType,
    Topic,
)

PUBLIC_ENDPOINTS = {"article": "public.guidance_article", "notice": "public.notice", "policy": "public.policy"}


class ContentItem(db.Model):
    __busts_page_cache__ = True
    __tablename__ = "content_items"
    __table_args__ = (
        UniqueConstraint("content_type", "slug", name="uq_content_items_type_slug"),
        CheckConstraint("content_type IN ('article','notice','policy')", name="content_type"),
        CheckConstraint("status IN ('draft','published','archived')", name="status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    content_type: Mapped[str] = mapped_column(String(20))
    slug: Mapped[str] = mapped_column(String(80))
    status: Mapped[str] = mapped_column(String(20), default=ContentStatus.DRAFT, index=True)
    topic: Mapped[str | None] = mapped_column(String(40))
    kind: Mapped[str | None] = mapped_column(String(20))
    application_type: Mapped[str] = mapped_column(String(40), default="")
    outline_tasks: Mapped[list] = mapped_column(JSON, default=list)
    issuer: Mapped[str] = mapped_column(String(200), default="")
    issuer_en: Mapped[str] = mapped_column(String(200), default="")
    # the date shown as "published" (notices, policies) and "last updated" (all)
    published_on: Mapped[date | None] = mapped_column(Date)
    updated_on: Mapped[date | None] = mapped_column(Date)
    # "<type>:<slug>" of the shipped file this item came from; survives an editor renaming the slug
    source_key: Mapped[str | None] = mapped_column(String(120), unique=True)
    # once an editor saves, re-running load-content leaves the item alone
    edited_by_staff: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Date-effective content (naive UTC, see schedule.py): a published item is public only from
    # publish_at and until expire_at; after that its address leads to the item slugged replaced_by.
    publish_at: Mapped[datetime | None] = mapped_column(DateTime)
    expire_at: Mapped[datetime | None] = mapped_column(DateTime)
    replaced_by: Mapped[str] = mapped_column(String(80), default="")
    # a reminder for editors (e.g. "publish once the State Council's schedule is out"); never public
    editor_note: Mapped[str] = mapped_column(Text, default="")

    texts: Mapped[dict[str, ContentText]] = relationship(
        collection_class=attribute_keyed_dict("locale"),
        cascade="all, delete-orphan",
        back_populates="item",
        lazy="selectin",
    )
    revisions: Mapped[list[ContentRevision]] = relationship(
        cascade="all, delete-orphan", back_populates="item", order_by="ContentRevision.number"
    )
    attachments: Mapped[list[ContentAttachment]] = relationship(
        cascade="all, delete-orphan", back_populates="item", order_by="ContentAttachment.id"
    )
    search_documents: Mapped[list[SearchDocument]] = relationship(cascade="all, delete-orphan", back_populates="item")

    @property
    def type_enum(self) -> ContentType:
        return ContentType(self.content_type)

    @property
    def status_enum(self) -> ContentStatus:
        return ContentStatus(self.status)

    @property
    def topic_enum(self) -> Topic | None:
        return Topic(self.topic) if self.topic else None

    @property
    def kind_enum(self) -> ArticleKind | None:
        return ArticleKind(self.kind) if self.kind else None

    @property
    def application_enum(self) -> ApplicationType | None:
        return ApplicationType(self.application_type) if self.application_type else None

    def can(self, action: str) -> bool:
        """May an editor make this status move now (the table in status.py decides)?"""
        sources, _target = TRANSITIONS[ContentAction(action)]
        return self.status in sources

    @property
    def is_service(self) -> bool:
        return self.kind == ArticleKind.SERVICE

    @property
    def is_public(self) -> bool:
        return self.status == ContentStatus.PUBLISHED and self.in_effect()

    def in_effect(self, now: datetime | None = None) -> bool:
        """Inside its publish_at / expire_at window now (whatever its status)."""
        now = now or utcnow()
        return (self.publish_at is None or self.publish_at <= now) and (self.expire_at is None or now < self.expire_at)

    @property
    def is_scheduled(self) -> bool:
        """Published but waiting for its publish_at."""
        return self.status == ContentStatus.PUBLISHED and self.publish_at is not None and utcnow() < self.publish_at

    @property
    def has_expired(self) -> bool:
        return self.expire_at is not None and self.expire_at <= utcnow()

    @property
    def endpoint(self) -> str:
        return PUBLIC_ENDPOINTS[self.content_type]

    def text(self, lang: str) -> ContentText:
        """The texts in ``lang``; Chinese when there is no English version yet."""
        chosen = self.texts.get(lang)
        if chosen is None or not chosen.title:
            chosen = self.texts.get("zh") or chosen
        return chosen if chosen is not None else ContentText(locale=lang, title=self.slug)

    def issuer_in(self, lang: str) -> str:
        return (self.issuer_en if lang == "en" and self.issuer_en else self.issuer) or ""


def live_clause(now: datetime | None = None):
    """SQL condition: published and inside its publish_at / expire_at window now."""
    now = now or utcnow()
    return and_(
        ContentItem.status == ContentStatus.PUBLISHED,
        or_(ContentItem.publish_at.is_(None), ContentItem.publish_at <= now),
        or_(ContentItem.expire_at.is_(None), ContentItem.expire_at > now),
    )


class ContentText(db.Model):
    __busts_page_cache__ = True
    __tablename__ = "content_texts"
    __table_args__ = (UniqueConstraint("item_id", "locale", name="uq_content_texts_item_locale"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("content_items.id", ondelete="CASCADE"))
    locale: Mapped[str] = mapped_column(String(8))
    title: Mapped[str] = mapped_column(String(300), default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text, default="")
    # the 办事指南 sections of a service guide that no definition holds (Markdown); empty for other
    # items. Conditions, materials, procedure, time limits and contacts are built (guidance/guide.py).
    description: Mapped[str] = mapped_column(Text, default="")
    basis: Mapped[str] = mapped_column(Text, default="")
    fees: Mapped[str] = mapped_column(Text, default="")
    # 常见问题: "### question" lines, each followed by its answer (guidance/faq.py reads them)
    faq: Mapped[str] = mapped_column(Text, default="")

    item: Mapped[ContentItem] = relationship(back_populates="texts")


class ContentRevision(db.Model):
    __busts_page_cache__ = True
    """An immutable snapshot of every field after a save, a status change, a restore or a load."""

    __tablename__ = "content_revisions"
    __table_args__ = (UniqueConstraint("item_id", "number", name="uq_content_revisions_item_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("content_items.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(20))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    restored_from: Mapped[int | None] = mapped_column(Integer)
    snapshot: Mapped[dict] = mapped_column(JSON)

    item: Mapped[ContentItem] = relationship(back_populates="revisions")
    author = relationship("User")

    @property
    def action_enum(self) -> ContentAction:
        return ContentAction(self.action)


class ContentAttachment(db.Model):
    __busts_page_cache__ = True
    """A downloadable file (usually a form template) offered with a published item."""

    __tablename__ = "content_attachments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("content_items.id", ondelete="CASCADE"), index=True)
    stored_name: Mapped[str] = mapped_column(String(64))
    original_name: Mapped[str] = mapped_column(String(200))
    mime_type: Mapped[str] = mapped_column(String(120))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    item: Mapped[ContentItem] = relationship(back_populates="attachments")


class SearchDocument(db.Model):
    __busts_page_cache__ = True
    """One row per item and locale: the title and the plain text that search scans (see search.py)."""

    __tablename__ = "search_documents"
    __table_args__ = (UniqueConstraint("item_id", "locale", name="uq_search_documents_item_locale"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("content_items.id", ondelete="CASCADE"))
    locale: Mapped[str] = mapped_column(String(8), index=True)
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)

    item: Mapped[ContentItem] = relationship(back_populates="search_documents")
