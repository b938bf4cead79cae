"""Content factories (imported by tests/guidance/conftest.py and the guidance view tests)."""

from __future__ import annotations

import itertools
from types import SimpleNamespace

import pytest

_seq = itertools.count(1)


def item_data(slug: str | None = None, **overrides) -> dict:
    """Form-shaped data for an article (override ``texts`` or any field)."""
    n = next(_seq)
    texts = {
        "zh": {"title": f"测试文章{n}", "summary": "摘要", "body": "## 正文\n\n测试内容。"},
        "en": {"title": f"Test article {n}", "summary": "Summary", "body": "## Body\n\nTest text."},
    }
    data = {
        "slug": slug or f"test-article-{n}",
        "topic": "trademark-brand",
        "kind": "article",
        "application_type": "",
        "outline_tasks": [7],
        "texts": texts,
    }
    data.update(overrides)
    return data


@pytest.fixture
def make_item(app):
    """make_item(content_type="article", status="published", **data) -> SimpleNamespace(id, slug)."""
    from portal.core.db import commit
    from portal.guidance import services

    def _make(content_type: str = "article", status: str = "published", **data):
        with app.app_context():
            fields = item_data(**data)
            if content_type != "article":
                for key in ("topic", "kind", "application_type", "outline_tasks"):
                    fields.pop(key)
            item = services.create_item(content_type, fields, None, status=status)
            commit()
            return SimpleNamespace(id=item.id, slug=item.slug, content_type=content_type)

    return _make


@pytest.fixture
def shipped_content(app):
    """All shipped files loaded (committed); returns the load report."""
    from portal.core.db import commit
    from portal.guidance.loader import load_content

    with app.app_context():
        report = load_content()
        commit()
    return report


@pytest.fixture
def editor(create_staff):
    return create_staff("editor")
