"""The staff content editor: permissions, create/edit/preview, status moves, revisions, files."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from portal.core.permissions import Permission
from tests.fixtures.accounts import PASSWORD
from tests.helpers import error_texts

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _form(slug="new-guide", **overrides) -> dict:
    data = {
        "slug": slug,
        "topic": "overseas-filing",
        "kind": "service",
        "application_type": "consultation",
        "outline_tasks": "6, 12",
        "title_zh": "新指南",
        "summary_zh": "摘要",
        "body_zh": "## 正文\n\n内容",
        "title_en": "New guide",
        "summary_en": "Summary",
        "body_en": "## Body\n\nText",
        "faq_zh": "### 多久答复？\n\n受理后五个工作日内。",
        "faq_en": "### When is the reply?\n\nWithin five working days of acceptance.",
    }
    data.update(overrides)
    return data


@pytest.fixture
def as_editor(client, editor):
    client.login(editor.email, PASSWORD)
    return client


def _item(app, slug):
    from portal.extensions import db
    from portal.guidance.models import ContentItem

    with app.app_context():
        item = db.session.scalar(select(ContentItem).where(ContentItem.slug == slug))
        return item and (item.id, item.status, [r.action for r in item.revisions], item.texts["zh"].body)


def test_every_content_view_requires_content_edit(app):
    endpoints = [e for e in app.view_functions if e.startswith("staff.") and "content" in e]
    assert len(endpoints) >= 12
    for endpoint in endpoints:
        assert app.view_functions[endpoint].required_permission == Permission.CONTENT_EDIT, endpoint


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("editor", 200),
        ("admin", 200),
        ("reviewer", 403),  # staff, but not an editor
        ("supervisor", 403),
    ],
)
def test_content_area_by_role(client, create_staff, role, status):
    client.login(create_staff(role).email, PASSWORD)
    assert client.get("/staff/content/").status_code == status
    assert client.get("/staff/content/new/article").status_code == status


def test_firm_user_is_refused(client, firm_user):
    client.login(firm_user.email, PASSWORD)
    assert client.get("/staff/content/").status_code == 403
    assert client.post("/staff/content/new/article", data=_form()).status_code == 403


@pytest.mark.parametrize("url", ["/staff/content/", "/staff/content/new/notice", "/staff/content/1/edit"])
def test_anonymous_is_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_editor_sees_the_content_link_and_list(as_editor, make_item):
    make_item(slug="listed-article", status="draft")
    page = as_editor.get_page("/staff/content/")
    assert page.find("a", href="/staff/content/")
    assert page.find("code", string="listed-article")
    assert page.select_one(".content-table .badge")
    assert as_editor.get_page("/staff/content/?type=notice").find("a", href="/staff/content/new/notice")
    as_editor.get_page("/staff/content/?type=bogus", status=404)


def test_create_edit_publish_unpublish_archive(as_editor, app):
    response = as_editor.post("/staff/content/new/article", data=_form())
    assert response.status_code == 302
    item_id, status, actions, _body = _item(app, "new-guide")
    assert status == "draft" and actions == ["create"]
    as_editor.get_page("/guidance/new-guide", status=404)

    page = as_editor.get_page(f"/staff/content/{item_id}/edit")
    assert page.find(attrs={"name": "title_zh"})["value"] == "新指南"
    assert page.find(attrs={"name": "outline_tasks"})["value"] == "6, 12"
    assert page.find("textarea", attrs={"name": "body_en"}).get_text().strip().startswith("## Body")

    as_editor.post(f"/staff/content/{item_id}/edit", data=_form(body_zh="## 正文\n\n改过的内容"))
    as_editor.post(f"/staff/content/{item_id}/publish")
    public = as_editor.get_page("/guidance/new-guide")
    assert "改过的内容" in public.select_one(".prose").get_text()
    assert public.select_one("#service-time_limit")
    as_editor.post(f"/staff/content/{item_id}/unpublish")
    as_editor.get_page("/guidance/new-guide", status=404)
    as_editor.post(f"/staff/content/{item_id}/archive")
    as_editor.get_page("/guidance/new-guide", status=404)
    _id, status, actions, _body = _item(app, "new-guide")
    assert status == "archived" and actions == ["create", "save", "publish", "unpublish", "archive"]


def test_a_move_from_the_wrong_state_is_refused_with_a_message(as_editor, make_item):
    item = make_item(status="published")
    response = as_editor.post(f"/staff/content/{item.id}/publish", follow_redirects=True)
    assert response.status_code == 200 and "alert-danger" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("slug", "message_part"),
    [
        ("Bad Slug", "a–z"),
        ("taken-slug", "taken-slug"),
    ],
)
def test_slug_errors_are_shown_on_the_field(as_editor, make_item, slug, message_part):
    make_item(slug="taken-slug")
    page = as_editor.post_page("/staff/content/new/article", data=_form(slug=slug))
    errors = error_texts(page)
    assert any(message_part in e for e in errors), errors
    assert page.select_one("#error-summary a[href='#slug']")


def test_required_chinese_title_and_bad_outline_tasks(as_editor):
    page = as_editor.post_page("/staff/content/new/article", data=_form(title_zh="", outline_tasks="6, 99"))
    assert {a["href"] for a in page.select("#error-summary a")} == {"#title_zh", "#outline_tasks"}


def test_preview_renders_the_unsaved_form_sanitized_without_saving(as_editor, app):
    hostile = "## 预览\n\n<script>alert(1)</script>[x](javascript:alert(2)) <img src=x onerror=alert(3)>"
    page = as_editor.post_page("/staff/content/preview/article", data=_form(slug="preview-only", body_zh=hostile))
    article = page.select("main article")[0]
    assert article.find("h2").get_text() == "预览"
    assert not page.select("main script") and not page.select("main img")
    assert not [a for a in page.select("main a") if a.get("href", "").lower().startswith("javascript")]
    assert not any(k.startswith("on") for tag in page.select("main *") for k in tag.attrs)
    assert _item(app, "preview-only") is None


def test_editor_markdown_is_sanitized_on_the_public_page(as_editor, make_item):
    item = make_item(
        slug="hostile",
        texts={
            "zh": {
                "title": "恶意内容",
                "summary": "",
                "body": "<script>alert(1)</script>\n\n[点我](javascript:alert(1))\n\n"
                '<a href="javascript:alert(2)">链接</a><img src=x onerror=alert(3)>',
            },
            "en": {"title": "Hostile", "summary": "", "body": "x"},
        },
    )
    page = as_editor.get_page(f"/guidance/{item.slug}")
    prose = page.select_one(".prose")
    assert not prose.find_all(["script", "img"])
    assert not [a for a in prose.find_all("a") if "javascript" in (a.get("href") or "").lower()]
    assert "onerror" not in str(prose)


def test_revision_view_and_restore(as_editor, app):
    as_editor.post(
        "/staff/content/new/notice",
        data={
            "slug": "restore-notice",
            "title_zh": "通知",
            "body_zh": "第一版",
            "title_en": "Notice",
            "body_en": "first",
        },
    )
    item_id = _item(app, "restore-notice")[0]
    as_editor.post(
        f"/staff/content/{item_id}/edit",
        data={
            "slug": "restore-notice",
            "title_zh": "通知",
            "body_zh": "第二版",
            "title_en": "Notice",
            "body_en": "second",
        },
    )
    listing = as_editor.get_page(f"/staff/content/{item_id}/revisions")
    assert len(listing.select(".revisions-table tbody tr")) == 2
    old = as_editor.get_page(f"/staff/content/{item_id}/revisions/1")
    assert "第一版" in old.get_text()
    response = as_editor.post(f"/staff/content/{item_id}/revisions/1/restore")
    assert response.status_code == 302
    _id, _status, actions, body = _item(app, "restore-notice")
    assert body == "第一版" and actions == ["create", "save", "restore"]
    as_editor.get_page(f"/staff/content/{item_id}/revisions/99", status=404)


def test_disguised_upload_is_refused(as_editor, make_item, app):
    item = make_item(status="published")
    response = as_editor.post(
        f"/staff/content/{item.id}/attachments",
        follow_redirects=True,
        data={"file": (io.BytesIO(b"<html><script>alert(1)</script></html>"), "申请表.pdf")},
        content_type="multipart/form-data",
    )
    assert "alert-danger" in response.get_data(as_text=True)
    from portal.extensions import db
    from portal.guidance.models import ContentAttachment

    with app.app_context():
        assert db.session.scalar(select(ContentAttachment)) is None


def test_attachment_downloads_only_while_published(as_editor, make_item, app):
    item = make_item(status="draft")
    as_editor.post(
        f"/staff/content/{item.id}/attachments",
        data={"file": (io.BytesIO(PDF), "申请表 2026.pdf")},
        content_type="multipart/form-data",
    )
    from portal.extensions import db
    from portal.guidance.models import ContentAttachment

    with app.app_context():
        attachment_id = db.session.scalar(select(ContentAttachment.id))
    url = f"/downloads/{attachment_id}"
    assert as_editor.get(url).status_code == 404  # draft
    as_editor.post(f"/staff/content/{item.id}/publish")
    response = as_editor.get(url)
    assert response.status_code == 200 and response.data == PDF
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=UTF-8''%E7%94%B3%E8%AF%B7%E8%A1%A8%202026.pdf" in disposition
    assert response.headers["X-Content-Type-Options"] == "nosniff" and response.mimetype == "application/pdf"
    assert as_editor.get_page(f"/guidance/{item.slug}").find("a", href=url)
    as_editor.post(f"/staff/content/{item.id}/archive")
    assert as_editor.get(url).status_code == 404
    as_editor.post(f"/staff/content/{item.id}/attachments/{attachment_id}/delete")
    with app.app_context():
        assert db.session.scalar(select(ContentAttachment.id)) is None


def test_editor_can_switch_the_saved_view_to_english(as_editor, make_item):
    item = make_item(status="draft")
    page = as_editor.get_page(f"/staff/content/{item.id}?lang=en")
    assert page.find("h1").get_text(strip=True).startswith("Test article")


def test_removing_an_attachment_deletes_its_stored_file(as_editor, make_item, app):
    from pathlib import Path

    from portal.extensions import db
    from portal.guidance.models import ContentAttachment

    item = make_item(status="draft")
    as_editor.post(
        f"/staff/content/{item.id}/attachments",
        data={"file": (io.BytesIO(PDF), "申请表.pdf")},
        content_type="multipart/form-data",
        expect=302,
    )
    with app.app_context():
        attachment = db.session.scalar(select(ContentAttachment))
        stored = Path(app.config["UPLOAD_FOLDER"]) / attachment.stored_name
    assert stored.is_file()
    as_editor.post(f"/staff/content/{item.id}/attachments/{attachment.id}/delete", expect=302)
    with app.app_context():
        assert db.session.scalar(select(ContentAttachment)) is None
    assert not stored.exists()
