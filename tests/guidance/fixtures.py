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
    """All shipped files loaded (committed); returns the load report.

    The first use in a worker loads the files through the loader into empty tables and keeps the rows it
    wrote; later uses insert those rows again (a third of a second less each). The loader's own tests call
    ``load_content`` themselves."""
    from portal.core.db import commit
    from portal.guidance.loader import load_content

    with app.app_context():
        if _shipped.rows is not None and _replay(_shipped.rows):
            return _shipped.report
        before = _row_counts()
        report = load_content()
        commit()
        _shipped.remember(before, _row_counts(), report)
    return report


class _ShippedRows:
    """The rows the loader wrote into empty tables, per table, in insertion order."""

    rows: dict[str, list[dict]] | None = None
    report = None

    def remember(self, before: dict[str, int], after: dict[str, int], report) -> None:
        from portal.extensions import db

        changed = [name for name in after if after[name] != before[name]]
        if self.rows is not None or any(before[name] for name in changed):
            return  # the tables held other rows: nothing clean to keep
        with db.engine.connect() as conn:
            self.rows = {
                table.name: [dict(row._mapping) for row in conn.execute(table.select())]
                for table in db.metadata.sorted_tables
                if table.name in changed
            }
        self.report = report


_shipped = _ShippedRows()


def _row_counts() -> dict[str, int]:
    from sqlalchemy import func, select

    from portal.extensions import db

    with db.engine.connect() as conn:
        return {t.name: conn.scalar(select(func.count()).select_from(t)) for t in db.metadata.sorted_tables}


def _replay(rows: dict[str, list[dict]]) -> bool:
    """Insert the kept rows if their tables are empty; False (load for real) otherwise."""
    from sqlalchemy import func, select, text

    from portal.extensions import db

    tables = [t for t in db.metadata.sorted_tables if t.name in rows]
    with db.engine.begin() as conn:
        if any(conn.scalar(select(func.count()).select_from(t)) for t in tables):
            return False
        for table in tables:
            conn.execute(table.insert(), rows[table.name])
            if conn.dialect.name == "postgresql" and "id" in table.c:
                # rows came with their ids: move the sequence past them, as the loader's inserts would
                conn.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), (SELECT max(id) FROM \"{table.name}\"))"
                    )
                )
    return True


@pytest.fixture
def editor(create_staff):
    return create_staff("editor")
