"""The statistics dashboard and the public data page with demo data, as people see them."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from portal.cases.kinds import KINDS

pytestmark = pytest.mark.browser


@pytest.fixture
def demo_data(app):
    from portal.accounts.demo import ensure_demo_accounts
    from portal.cases.demo import ensure_demo_cases
    from portal.core import mail
    from portal.core.db import commit

    with app.test_request_context():
        users = ensure_demo_accounts()
        assert ensure_demo_cases(users) > 10
        mail.discard_queue()
        commit()


def test_supervisor_dashboard_and_public_data(page, shot, demo_data):
    page.goto("/auth/login")
    page.fill("#email", "supervisor@example.cn")
    page.fill("#password", "Demo-Staff-2026")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/staff/")
    shot(page, "staff-home-demo")
    page.goto("/staff/queue?stage=all")  # every case, not only the ones this supervisor can act on
    assert page.locator("tbody tr").count() >= 10
    shot(page, "staff-queue-demo")
    page.goto("/staff/stats")
    assert page.locator("svg.chart-svg").count() >= 3
    expect(page.locator("#table-performance tbody tr")).to_have_count(len(KINDS))  # one row per case kind
    shot(page, "staff-stats-demo")
    page.goto("/data/?lang=en")
    assert page.locator("h1").inner_text() == "Open data"
    shot(page, "open-data-en")
