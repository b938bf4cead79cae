"""App, database and client wiring. TEST_DATABASE_URL selects PostgreSQL; SQLite otherwise.

Under pytest-xdist each worker has its own database: a fresh SQLite file, or on PostgreSQL a
database named after TEST_DATABASE_URL's plus the worker id (``test_gw0``), created here.
The schema is built once per run (per worker) through the Alembic migrations (so they are exercised on
both engines); every test then starts from empty tables, with real commits, so concurrency
and browser tests see the same data the code under test wrote.
"""

from __future__ import annotations

import atexit
import functools
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, text

from portal import create_app
from portal.audit import guard as audit_guard
from portal.extensions import db, limiter

pytest_plugins = [
    "tests.fixtures.accounts",
    "tests.fixtures.cases",
    "tests.fixtures.events",
    "tests.fixtures.reports",
    "tests.fixtures.market",
    "tests.guidance.fixtures",
]


def _database_url(tmp_path_factory) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if url and worker:
        return _create_worker_database(url, worker)
    if url:
        return url
    return f"sqlite:///{_scratch_dir(tmp_path_factory) / 'test.sqlite3'}"


def _scratch_dir(tmp_path_factory) -> Path:
    """Where the SQLite test database lives: memory-backed /dev/shm when there is one, so that the
    suite's many commits do not wait for the disk; pytest's temporary folder otherwise."""
    shm = Path("/dev/shm")  # noqa: S108 a private folder made by mkdtemp below
    if shm.is_dir() and os.access(shm, os.W_OK):
        folder = Path(tempfile.mkdtemp(prefix="portal-test-", dir=shm))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        return folder
    return tmp_path_factory.mktemp("db")


def worker_database_url(url: str, worker: str) -> str:
    """TEST_DATABASE_URL for one xdist worker: the same server, database ``<name>_<worker>``."""
    parsed = make_url(url)
    return parsed.set(database=f"{parsed.database}_{worker}").render_as_string(hide_password=False)


def _create_worker_database(url: str, worker: str) -> str:
    worker_url = worker_database_url(url, worker)
    name = make_url(worker_url).database
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            if conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}) is None:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
            # a throw-away database: commits need not wait for the disk (most of the suite's time
            # on PostgreSQL was spent waiting for fsync)
            conn.execute(text(f'ALTER DATABASE "{name}" SET synchronous_commit = off'))
    finally:
        engine.dispose()
    return worker_url


def _reset_schema(app) -> None:
    from flask_migrate import upgrade

    with app.app_context():
        engine = db.engine
        with engine.begin() as conn:
            if engine.dialect.name == "postgresql":
                conn.execute(text("DROP SCHEMA public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))
            else:
                db.metadata.drop_all(conn)
                conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
        upgrade(revision="heads")


@pytest.fixture(scope="session")
def test_config(tmp_path_factory) -> dict:
    return {
        "ENV_NAME": "testing",
        "SQLALCHEMY_DATABASE_URI": _database_url(tmp_path_factory),
        # not the checkout's instance/: a developer's instance/config.py must not change the suite
        "INSTANCE_PATH": str(tmp_path_factory.mktemp("instance")),
        "SECRET_KEY": "test-secret-key-" + "x" * 32,
        "UPLOAD_FOLDER": str(tmp_path_factory.mktemp("uploads")),
        "SERVER_NAME": None,
        # kept between runs and shared by every app and worker of the suite: templates compile once
        "JINJA_BYTECODE_CACHE_DIR": str(Path(__file__).resolve().parents[1] / ".pytest_cache" / "jinja-bytecode"),
    }


@pytest.fixture(scope="session")
def app(test_config):
    application = create_app(test_config)
    _reset_schema(application)
    return application


@functools.cache
def _tables_children_first() -> tuple[str, ...]:
    """Every table of the models (all imported once the app exists), children before parents."""
    return tuple(t.name for t in reversed(db.metadata.sorted_tables))


@functools.cache
def _filled_tables_sql() -> str:
    """A query for the names of the tables that hold at least one row (a test fills a few of many)."""
    return " UNION ALL ".join(
        f"SELECT '{name}' WHERE EXISTS (SELECT 1 FROM \"{name}\")" for name in _tables_children_first()
    )


@pytest.fixture(autouse=True)
def _clean_state(request):
    """Empty every table and the rate-limit counters after each test that used the app."""
    yield
    if "app" not in request.fixturenames:
        return
    application = request.getfixturevalue("app")
    with application.app_context():
        db.session.remove()
        # as the tables' owner, through the one purge path: the append-only triggers stay on
        with db.engine.begin() as conn, audit_guard.purge(conn):
            # DELETE, children first, on both engines: on PostgreSQL a TRUNCATE of every table after
            # every test costs new files and an fsync per table, DELETE of a few rows costs nothing.
            # Only the tables that have rows: one query finds them, instead of a DELETE per table
            filled = set(conn.scalars(text(_filled_tables_sql())))
            for table in _tables_children_first():
                if table in filled:
                    conn.execute(text(f'DELETE FROM "{table}"'))
        limiter.reset()
        application.extensions["mail_outbox"] = []
        application.extensions["sms_outbox"] = []
        from portal.calendar.services import forget

        forget()


@pytest.fixture
def app_ctx(app):
    with app.test_request_context():
        yield app
        db.session.remove()


@pytest.fixture
def outbox(app):
    app.extensions["mail_outbox"] = []
    return app.extensions["mail_outbox"]


@pytest.fixture
def client(app):
    from tests.helpers import PageClient

    return PageClient(app)


def pytest_collection_modifyitems(config, items):
    """Tests marked ``postgres`` check PostgreSQL itself (roles, timeouts): they belong to the PostgreSQL
    run of .ci/run and are left out of the SQLite run, not skipped. (Running the slow tests first was
    tried: two browser journeys at once on two cores made the suite slower, 226 s against 201 s.)"""
    if (os.environ.get("TEST_DATABASE_URL") or "").startswith("postgresql"):
        return
    kept = [item for item in items if item.get_closest_marker("postgres") is None]
    if len(kept) != len(items):
        config.hook.pytest_deselected(items=[item for item in items if item not in kept])
        items[:] = kept
