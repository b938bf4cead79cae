"""Redis down: the site keeps serving with the cache bypassed; rate-limited forms let requests through,
except sign-in, which refuses with a clear Chinese message (uncounted password guesses are what the
limit exists to stop). The limiter and the cache point at a closed port. A request that finds the cache
unreachable asks it once, not at every cached value."""

from __future__ import annotations

import time

import pytest
from bs4 import BeautifulSoup

from portal import create_app
from tests.fixtures.accounts import PASSWORD
from tests.web.auth.test_auth import REGISTRATION

CLOSED = "redis://127.0.0.1:1/0"  # nothing listens on port 1


@pytest.fixture
def redis_down(test_config, app):
    down = create_app(
        {**test_config, "RATELIMIT_STORAGE_URI": CLOSED, "CACHE_REDIS_URL": CLOSED, "PAGE_CACHE_SECONDS": 60}
    )
    yield down
    create_app(test_config)  # the shared limiter gets the suite's storage back


def test_pages_keep_serving_and_sign_in_fails_closed(redis_down, firm_user, make_item):
    client = redis_down.test_client()
    item = make_item("article")
    for url in ("/", "/guidance/", f"/guidance/{item.slug}", "/report/", "/auth/login"):
        assert client.get(url).status_code == 200, url

    started = time.monotonic()
    response = client.post("/auth/login", data={"email": firm_user.email, "password": PASSWORD})
    assert time.monotonic() - started < 3  # a closed port answers at once; a dead host within the socket timeout
    assert response.status_code == 503
    page = BeautifulSoup(response.data, "html.parser")
    assert "安全服务暂时无法响应，登录暂停几分钟。您填写的内容没有丢失，请稍后再试。" in page.get_text()
    assert page.select_one("#email")["value"] == firm_user.email  # nothing typed is lost
    assert client.get("/firm/").status_code == 302  # not signed in

    # the one-time sign-in link is a way to sign in too: refused the same way
    link = client.post("/auth/sign-in-link", data={"email": firm_user.email})
    assert link.status_code == 503 and "登录暂停几分钟" in link.get_data(as_text=True)

    # other limited forms let requests through: registering still works
    registered = client.post("/auth/register", data=dict(REGISTRATION, email="down@example.cn"))
    assert registered.status_code == 200 and "down@example.cn" in registered.get_data(as_text=True)


def test_with_redis_back_sign_in_works(test_config, app, firm_user):
    client = create_app(test_config).test_client()
    response = client.post("/auth/login", data={"email": firm_user.email, "password": PASSWORD})
    assert response.status_code == 302


@pytest.fixture
def cache_calls(monkeypatch):
    """Every command the cache's Redis client is asked to run (each one waits out the connection)."""
    import redis

    calls: list[str] = []
    run = redis.Redis.execute_command

    def counted(self, *args, **options):
        calls.append(str(args[0]))
        return run(self, *args, **options)

    monkeypatch.setattr(redis.Redis, "execute_command", counted)
    return calls


@pytest.fixture
def cache_down(test_config, app):
    """Only the cache is down (the limiter keeps its storage, so staff can sign in), with a short timeout;
    pages and counts would be kept in it."""
    down = create_app(
        {
            **test_config,
            "CACHE_REDIS_URL": CLOSED,
            "HEALTHZ_SERVICE_TIMEOUT_MS": 200,
            "PAGE_CACHE_SECONDS": 60,
            "COUNT_CACHE_SECONDS": 600,
        }
    )
    yield down
    create_app(test_config)


def test_a_request_asks_an_unreachable_cache_once_and_answers_from_the_database(cache_down, cache_calls, make_item):
    client = cache_down.test_client()
    texts = {
        "zh": {"title": "缓存停用时的文章", "summary": "摘要", "body": "正文"},
        "en": {"title": "An article with the cache down", "summary": "Summary", "body": "Body"},
    }
    item = make_item("article", texts=texts)
    cache_calls.clear()
    page = client.get(f"/guidance/{item.slug}")
    assert page.status_code == 200 and "缓存停用时的文章" in page.get_data(as_text=True)
    # the calendar's generation, the page cache's (before and after), and what the page remembers
    # would each have waited out the connection; the first failure stops the rest
    assert len(cache_calls) == 1, cache_calls
    assert client.get("/").status_code == 200
    assert len(cache_calls) == 2, cache_calls  # the next request asks again: the cache may be back


def test_staff_counts_come_from_the_database_with_one_attempt(
    cache_down, cache_calls, supervisor, firm_user, make_case
):
    reference = make_case(firm_user)
    client = cache_down.test_client()
    assert client.post("/auth/login", data={"email": supervisor.email, "password": PASSWORD}).status_code == 302
    cache_calls.clear()
    page = client.get("/staff/queue")
    assert page.status_code == 200 and reference in page.get_data(as_text=True)
    assert len(cache_calls) == 1, cache_calls
