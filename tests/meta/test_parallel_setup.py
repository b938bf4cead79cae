"""Under pytest-xdist every worker gets a PostgreSQL database of its own."""

from __future__ import annotations

from tests.conftest import worker_database_url


def test_each_worker_gets_its_own_database_name():
    base = "postgresql+psycopg://postgres:pw@127.0.0.1:5432/wt_config"
    assert worker_database_url(base, "gw0") == "postgresql+psycopg://postgres:pw@127.0.0.1:5432/wt_config_gw0"
    assert worker_database_url(base, "gw1").endswith("/wt_config_gw1")
