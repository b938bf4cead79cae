"""Anonymous views of public content pages are cached briefly and dropped when content changes."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from portal import create_app
from portal.core import page_cache
from portal.extensions import db
from tests.fixtures.accounts import PASSWORD


@pytest.fixture
def cached_app(test_config, app):
    page_cache.clear()
    yield create_app({**test_config, "PAGE_CACHE_SECONDS": 60})
    page_cache.clear()


def _statements(app, client, url):
    seen = []

    def count(*args):
        seen.append(1)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        response = client.get(url)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return response, len(seen)


def test_second_view_comes_from_the_cache_and_edits_show_at_once(cached_app, make_item):
    item = make_item("article")
    client = cached_app.test_client()
    first, first_count = _statements(cached_app, client, f"/guidance/{item.slug}")
    second, second_count = _statements(cached_app, client, f"/guidance/{item.slug}")
    assert first.status_code == second.status_code == 200 and first.data == second.data
    assert first_count > 0 and second_count == 0
    assert "Content-Security-Policy" in second.headers
    english = client.get(f"/guidance/{item.slug}?lang=en")
    assert english.data != first.data and "lang=" in english.headers.get("Set-Cookie", "")

    from portal.core.db import commit
    from portal.guidance.models import ContentItem

    with cached_app.app_context():
        db.session.get(ContentItem, item.id).status = "draft"
        commit()
    assert client.get(f"/guidance/{item.slug}").status_code == 404


def test_signed_in_visitors_and_forms_are_never_cached(cached_app, make_item, firm_user):
    item = make_item("article")
    client = cached_app.test_client()
    assert client.post("/auth/login", data={"email": firm_user.email, "password": PASSWORD}).status_code == 302
    assert client.get(f"/guidance/{item.slug}").status_code == 200
    assert page_cache._store == {}  # a signed-in page shows the user's name and inbox: never shared
    anonymous = cached_app.test_client()
    assert anonymous.get("/auth/login").status_code == 200  # a page with a form (CSRF token)
    assert page_cache._store == {}
