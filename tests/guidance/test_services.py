"""Saving, status moves, revisions and restore, without HTTP."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.guidance import services
from portal.guidance.models import ContentItem, ContentRevision, SearchDocument
from portal.guidance.status import ContentAction, ContentStatus
from tests.guidance.fixtures import item_data


@pytest.fixture
def staff_user(app_ctx, create_staff):
    from portal.accounts.models import User

    return db.session.get(User, create_staff("editor").id)


def test_create_keeps_a_revision_and_search_documents(app_ctx, staff_user):
    item = services.create_item("article", item_data("madrid-basics"), staff_user)
    db.session.commit()
    assert item.status == ContentStatus.DRAFT and item.edited_by_staff
    assert [(r.number, r.action, r.author_id) for r in item.revisions] == [(1, "create", staff_user.id)]
    assert item.revisions[0].snapshot["texts"]["zh"]["body"].startswith("## 正文")
    docs = {d.locale: d for d in item.search_documents}
    assert set(docs) == {"zh", "en"} and "测试内容" in docs["zh"].body and "##" not in docs["zh"].body


def test_every_save_records_who_when_and_what(app_ctx, staff_user):
    item = services.create_item("article", item_data(), staff_user)
    data = item_data(item.slug)
    data["texts"]["zh"]["body"] = "新的正文"
    revision = services.update_item(item, data, staff_user)
    assert revision.number == 2 and revision.action == ContentAction.SAVE and revision.author_id == staff_user.id
    assert revision.snapshot["texts"]["zh"]["body"] == "新的正文"
    assert services.update_item(item, data, staff_user) is None  # nothing changed, no empty revision


@pytest.mark.parametrize(
    ("action", "start", "end"),
    [
        (ContentAction.PUBLISH, "draft", "published"),
        (ContentAction.UNPUBLISH, "published", "draft"),
        (ContentAction.UNPUBLISH, "archived", "draft"),  # bringing an archived item back
        (ContentAction.ARCHIVE, "draft", "archived"),
        (ContentAction.ARCHIVE, "published", "archived"),
    ],
)
def test_status_moves(app_ctx, staff_user, action, start, end):
    item = services.create_item("notice", {"slug": "n1", "texts": item_data()["texts"]}, staff_user, status=start)
    services.transition(item, action, staff_user)
    assert item.status == end
    assert item.revisions[-1].action == action.value
    if end == "published":
        assert item.published_at is not None and item.published_on is not None


@pytest.mark.parametrize(
    ("action", "start"),
    [
        (ContentAction.PUBLISH, "published"),
        (ContentAction.ARCHIVE, "archived"),
        (ContentAction.UNPUBLISH, "draft"),
    ],
)
def test_status_moves_refused_from_the_wrong_state(app_ctx, staff_user, action, start):
    item = services.create_item("notice", {"slug": "n2", "texts": item_data()["texts"]}, staff_user, status=start)
    with pytest.raises(services.ContentError):
        services.transition(item, action, staff_user)
    assert item.status == start


def test_restore_brings_back_old_content_as_a_new_revision(app_ctx, staff_user):
    item = services.create_item("article", item_data("restore-me"), staff_user)
    original = item.texts["zh"].body
    services.transition(item, ContentAction.PUBLISH, staff_user)
    changed = item_data("restore-me-2")
    changed["texts"]["zh"]["body"] = "改坏了的正文"
    services.update_item(item, changed, staff_user)
    first = item.revisions[0]
    new = services.restore_revision(item, first, staff_user)
    assert new.action == "restore" and new.restored_from == 1 and new.number == 4
    assert item.texts["zh"].body == original and item.slug == "restore-me"
    assert item.status == "published"  # restoring content does not change whether it is public
    assert "改坏了" not in next(d for d in item.search_documents if d.locale == "zh").body


@pytest.mark.parametrize("slug", ["Madrid", "madrid_trademark", "马德里", "-madrid", "madrid--x", "a" * 81, ""])
def test_slug_must_be_ascii_kebab_case(app_ctx, slug):
    assert services.slug_error(slug, "article") is not None


def test_slug_must_be_unique_per_type(app_ctx, staff_user):
    services.create_item("article", item_data("same-slug"), staff_user)
    with pytest.raises(services.ContentError) as err:
        services.create_item("article", item_data("same-slug"), staff_user)
    assert err.value.field == "slug" and "same-slug" in str(err.value)
    # a notice lives under another address, so it may reuse the slug
    services.create_item("notice", {"slug": "same-slug", "texts": item_data()["texts"]}, staff_user)
    other = services.create_item("article", item_data("other-slug"), staff_user)
    with pytest.raises(services.ContentError):
        services.update_item(other, item_data("same-slug"), staff_user)


def test_notices_carry_no_article_fields_or_service_sections(app_ctx, staff_user):
    data = item_data("a-notice")
    data["texts"]["zh"]["fees"] = "免费"
    item = services.create_item("notice", data, staff_user)
    assert item.topic is None and item.kind is None and item.outline_tasks == []
    assert item.texts["zh"].fees == ""


def test_search_documents_follow_every_save(app_ctx, staff_user):
    item = services.create_item("article", item_data(), staff_user)
    data = item_data(item.slug)
    data["texts"]["en"]["title"] = ""
    services.update_item(item, data, staff_user)
    db.session.commit()
    locales = db.session.scalars(select(SearchDocument.locale).where(SearchDocument.item_id == item.id)).all()
    assert locales == ["zh"]  # no English version, no English document
    assert db.session.scalar(select(func.count(ContentRevision.id))) == 2
    assert db.session.get(ContentItem, item.id).text("en").title == item.texts["zh"].title  # falls back to Chinese
