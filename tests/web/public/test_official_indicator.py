"""The official 每万人口高价值发明专利拥有量 is entered by staff with its source and reference date
(history kept) and shown against the outline's target; the portal firms' own sum is shown apart."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from portal.core.timeutil import today_local
from portal.extensions import db
from portal.stats.models import OfficialIndicator
from tests.fixtures.accounts import PASSWORD


def _enter(client, value, day, source):
    return client.post("/staff/indicators", data={"value": value, "reference_date": day, "source": source})


def test_before_any_entry_open_data_says_so_and_never_calls_the_portal_sum_official(client):
    page = client.get_page("/data/")
    official = page.select_one(".official-indicator").get_text(" ", strip=True)
    assert "官方数据尚未在本平台发布" in official and "到2025年达到16件" in official
    headings = [h.get_text(strip=True) for h in page.select("h2")]
    assert "平台填报企业口径：每万人口高价值发明专利拥有量" in headings
    assert "每万人口高价值发明专利拥有量" not in headings  # the bare name is kept for the official figure


def test_staff_enter_figures_with_source_and_date_and_the_history_is_kept(client, app, supervisor):
    client.login(supervisor.email, PASSWORD)
    assert _enter(client, "10.50", "2024-12-31", "天津市知识产权局2024年统计公报").status_code == 302
    assert _enter(client, "12.30", "2025-12-31", "天津市知识产权局2025年统计公报").status_code == 302
    staff_page = client.get_page("/staff/indicators")
    assert len(staff_page.select(".official-history tbody tr")) == 2
    client.logout()
    page = client.get_page("/data/").select_one(".official-indicator")
    assert page.select_one(".official-value").get_text(strip=True) == "12.30"
    source = page.select_one(".official-source").get_text(" ", strip=True)
    assert "2025年12月31日" in source and "天津市知识产权局2025年统计公报" in source
    assert "10.50" in page.get_text()  # the earlier figure stays visible in the history
    with app.app_context():
        assert db.session.scalar(select(func.count(OfficialIndicator.id))) == 2


def test_a_figure_without_source_or_with_a_future_date_is_refused(client, app, supervisor):
    client.login(supervisor.email, PASSWORD)
    no_source = _enter(client, "12", "2025-12-31", "")
    assert no_source.status_code == 200 and "请填写数据来源" in no_source.get_data(as_text=True)
    future = _enter(client, "12", (today_local() + timedelta(days=3)).isoformat(), "某公报")
    assert future.status_code == 200 and "不能晚于今天" in future.get_data(as_text=True)
    negative = _enter(client, "-1", "2025-12-31", "某公报")
    assert negative.status_code == 200 and "0至9999.99" in negative.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(OfficialIndicator.id))) == 0


def test_firms_and_reviewers_cannot_enter_figures(client, firm_user, reviewer):
    for user in (firm_user, reviewer):
        client.login(user.email, PASSWORD)
        assert _enter(client, "12", "2025-12-31", "某公报").status_code == 403
        client.logout()
