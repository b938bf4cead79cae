"""Shipped content: validated, loaded once, safe to run again, and editors' changes survive."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.guidance import loader, services
from portal.guidance.models import ContentItem, ContentRevision, ContentText, SearchDocument


def _counts():
    return {
        ctype: db.session.scalar(select(func.count()).where(ContentItem.content_type == ctype))
        for ctype in ("article", "notice", "policy")
    } | {
        "revisions": db.session.scalar(select(func.count(ContentRevision.id))),
        "documents": db.session.scalar(select(func.count(SearchDocument.id))),
    }


def test_every_shipped_file_is_valid():
    for ctype, path in loader.shipped_files():
        data = loader.parse_file(path, ctype)
        assert data["texts"]["zh"]["title"] and data["texts"]["en"]["title"], path


def test_load_content_is_idempotent_and_complete(app_ctx):
    first = loader.load_content()
    db.session.commit()
    after_first = _counts()
    second = loader.load_content()
    db.session.commit()
    assert _counts() == after_first
    assert second.created == 0 and second.updated == 0 and second.unchanged == first.created
    assert after_first["article"] >= 14 and after_first["notice"] >= 5 and after_first["policy"] >= 1
    items = db.session.scalars(select(ContentItem)).all()
    # everything ships published except the drafts editors must complete (the 2027 holiday notice)
    assert {i.slug for i in items if i.status != "published"} == {"holiday-arrangements-2027"}
    for item in items:
        assert item.texts["zh"].title and item.texts["en"].title and item.texts["en"].body, item.slug
    services_guides = [i for i in items if i.is_service]
    # a guide's own texts are what no definition holds; conditions, materials and time limits are built
    assert services_guides and all(i.texts["zh"].faq and i.texts["en"].faq for i in services_guides)
    assert not any(hasattr(ContentText, name) for name in ("conditions", "materials", "process", "time_limit"))
    madrid = db.session.scalar(select(ContentItem).where(ContentItem.slug == "madrid-trademark"))
    assert madrid.topic == "overseas-filing"


def test_an_item_an_editor_changed_is_not_overwritten(app_ctx, create_staff):
    from portal.accounts.models import User

    editor_id = create_staff("editor").id
    loader.load_content()
    editor = db.session.get(User, editor_id)
    item = db.session.scalar(select(ContentItem).where(ContentItem.slug == "madrid-trademark"))
    data = services.snapshot(item)
    data["texts"]["zh"]["title"] = "编辑改过的标题"
    data["slug"] = "madrid"
    services.update_item(item, data, editor)
    db.session.commit()
    report = loader.load_content()
    db.session.commit()
    assert report.kept == 1 and report.created == 0
    assert item.texts["zh"].title == "编辑改过的标题" and item.slug == "madrid"
    assert db.session.scalar(select(func.count()).where(ContentItem.slug.like("madrid%"))) == 1


def test_a_changed_file_updates_an_untouched_item(app_ctx, tmp_path):
    root = tmp_path / "content"
    for folder in ("articles", "notices", "policies"):
        (root / folder).mkdir(parents=True)
    source = next(p for c, p in loader.shipped_files() if p.stem == "madrid-trademark")
    target = root / "articles" / "madrid-trademark.toml"
    target.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    loader.load_content(root)
    target.write_text(source.read_text(encoding="utf-8").replace("马德里", "马德里(Madrid)", 1), encoding="utf-8")
    report = loader.load_content(root)
    assert report.updated == 1
    item = db.session.scalar(select(ContentItem).where(ContentItem.slug == "madrid-trademark"))
    assert [r.action for r in item.revisions] == ["load", "load"]


def test_a_malformed_file_is_named_in_the_error(app_ctx, tmp_path):
    root = tmp_path / "content"
    for folder in ("articles", "notices", "policies"):
        (root / folder).mkdir(parents=True)
    (root / "notices" / "broken.toml").write_text(
        'slug = "broken"\npublished = "soon"\n[zh]\ntitle = "x"\n', encoding="utf-8"
    )
    (root / "articles" / "bad-syntax.toml").write_text("slug = \n", encoding="utf-8")
    with pytest.raises(loader.ContentFileError) as err:
        loader.load_content(root)
    message = str(err.value)
    assert "broken.toml" in message and "published" in message and "[en]" in message
    assert "bad-syntax.toml" in message and "TOML" in message
    assert db.session.scalar(select(func.count(ContentItem.id))) == 0  # nothing written


def test_cli_load_content_reports_counts(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["load-content"])
    second = runner.invoke(args=["load-content"])
    assert first.exit_code == 0 and "0 updated" in first.output
    assert second.exit_code == 0 and "0 created" in second.output
