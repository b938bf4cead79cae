"""Staff enter a year's holiday schedule before the library has it; deadlines follow at once."""

from __future__ import annotations

from datetime import date

from portal.core.working_days import add_working_days, is_working_day
from tests.fixtures.accounts import PASSWORD


def test_admin_enters_days_and_deadlines_follow(client, app, create_staff):
    client.login(create_staff("admin").email, PASSWORD)
    assert is_working_day(date(2027, 1, 1))  # a Friday: without data the fallback counts it
    page = client.post_page("/admin/calendar", {"day": "", "is_workday": "", "note": ""})
    assert len(page.select(".invalid-feedback")) == 3
    client.post("/admin/calendar", data={"day": "2027-01-01", "is_workday": "0", "note": "2027年元旦"}, expect=302)
    client.post("/admin/calendar", data={"day": "2027-01-02", "is_workday": "1", "note": "2027年调休上班"}, expect=302)
    assert not is_working_day(date(2027, 1, 1)) and is_working_day(date(2027, 1, 2))
    assert add_working_days(date(2026, 12, 31), 2) == date(2027, 1, 4)  # Jan 2 (make-up Saturday), then Mon 4
    page = client.get_page("/admin/calendar")
    assert "2027年元旦" in page.get_text()
    form = page.select("form[action*='/calendar/']")[0]
    client.post(form["action"], expect=302)
    assert is_working_day(date(2027, 1, 1))


def test_reviewers_cannot_change_the_calendar(client, create_staff):
    client.login(create_staff("supervisor").email, PASSWORD)
    assert client.get("/admin/calendar").status_code == 403
    assert client.post("/admin/calendar", data={"day": "2027-01-01", "is_workday": "0", "note": "x"}).status_code == 403
