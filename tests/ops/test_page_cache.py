"""Anonymous views of public content pages are cached in the shared cache (Flask-Caching) and dropped
on every server when content changes (a generation key, not a wait for expiry)."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import event

from portal import create_app
from portal.core.db import commit
from portal.extensions import cache, db
from portal.guidance import services as guidance_services
from portal.guidance.models import ContentItem
from tests.fixtures.accounts import PASSWORD
from tests.guidance.fixtures import item_data
from tests.helpers import ops_redis_url

REDIS = ops_redis_url()


@pytest.fixture
def cached_app(test_config, app):
    yield create_app({**test_config, "PAGE_CACHE_SECONDS": 60})


def _cached_pages(app) -> list[str]:
    with app.app_context():
        return [k for k in cache.cache._cache if k.startswith("portal:page:")]  # SimpleCache's own dict


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

    with cached_app.app_context():
        db.session.get(ContentItem, item.id).status = "draft"
        commit()
    assert client.get(f"/guidance/{item.slug}").status_code == 404


def test_a_repeated_search_comes_from_the_cache_and_new_content_is_found_at_once(cached_app, make_item):
    make_item("article")
    client = cached_app.test_client()
    url = "/search?q=" + "测试"  # every made item's title and body say 测试
    first, first_count = _statements(cached_app, client, url)
    second, second_count = _statements(cached_app, client, url)
    assert first.status_code == second.status_code == 200 and first.data == second.data
    assert first_count > 0 and second_count == 0
    assert first.get_data(as_text=True).count('<li class="mb-3">') == 1
    with cached_app.app_context():  # content published through this server: found at once
        guidance_services.create_item("article", item_data(), None, status="published")
        commit()
    assert client.get(url).get_data(as_text=True).count('<li class="mb-3">') == 2


def test_signed_in_visitors_and_forms_are_never_cached(cached_app, make_item, firm_user):
    item = make_item("article")
    client = cached_app.test_client()
    assert client.post("/auth/login", data={"email": firm_user.email, "password": PASSWORD}).status_code == 302
    assert client.get(f"/guidance/{item.slug}").status_code == 200
    assert _cached_pages(cached_app) == []  # a signed-in page shows the user's name and inbox: never shared
    anonymous = cached_app.test_client()
    assert anonymous.get("/auth/login").status_code == 200  # a page with a form (CSRF token)
    assert _cached_pages(cached_app) == []


@pytest.fixture
def two_servers(test_config, app):
    """Two apps (two servers' workers) sharing one Redis cache under a prefix of their own."""
    prefix = f"portal-test-{uuid.uuid4().hex[:8]}:"
    settings = {**test_config, "PAGE_CACHE_SECONDS": 600, "CACHE_REDIS_URL": REDIS, "CACHE_KEY_PREFIX": prefix}
    servers = create_app(settings), create_app(settings)
    yield servers
    with servers[0].app_context():
        cache.clear()  # only this prefix's keys


def test_an_edit_through_one_server_is_served_fresh_by_the_other_at_once(two_servers, make_item):
    a, b = two_servers
    item = make_item("article")
    url = f"/guidance/{item.slug}"
    assert a.test_client().get(url).status_code == 200
    page_b, statements = _statements(b, b.test_client(), url)
    assert page_b.status_code == 200 and statements == 0  # B serves A's rendering from the shared cache
    with a.app_context():
        db.session.get(ContentItem, item.id).status = "draft"
        commit()
    assert b.test_client().get(url).status_code == 404  # not a minute later: the next request


def test_redis_down_pages_are_rendered_uncached(test_config, app, make_item):
    down = create_app({**test_config, "PAGE_CACHE_SECONDS": 60, "CACHE_REDIS_URL": "redis://127.0.0.1:1/0"})
    item = make_item("article")
    client = down.test_client()
    assert client.get(f"/guidance/{item.slug}").status_code == 200
    assert client.get(f"/guidance/{item.slug}").status_code == 200
    with down.app_context():
        db.session.get(ContentItem, item.id).title = "changed"
        commit()  # the edit is saved although the generation could not be bumped
