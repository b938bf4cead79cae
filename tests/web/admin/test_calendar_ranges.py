"""The holiday calendar: a whole holiday entered as one range moves open cases' due dates; the State
Council notice pasted as text is read, previewed and saved; the page warns about years with no schedule."""

from __future__ import annotations

from datetime import date

import chinese_calendar
import pytest

from portal.calendar.schedule import ScheduleError, days_of, parse
from portal.cases import clock
from portal.core.db import commit
from portal.core.working_days import add_working_days, is_working_day
from tests.fixtures.accounts import PASSWORD
from tests.fixtures.cases import get_case

# 国务院办公厅关于2026年部分节假日安排的通知 (国办发明电〔2025〕7号), the items as published
NOTICE_2026 = """国务院办公厅关于2026年部分节假日安排的通知
一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。
三、清明节：4月4日（周六）至6日（周一）放假，共3天。
四、劳动节：5月1日（周五）至5日（周二）放假调休，共5天。5月9日（周六）上班。
五、端午节：6月19日（周五）至21日（周日）放假，共3天。
六、中秋节：9月25日（周五）至27日（周日）放假，共3天。
七、国庆节：10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周日）、10月10日（周六）上班。
"""


def test_the_2026_notice_reads_as_the_published_calendar():
    entries = parse(NOTICE_2026)
    spring = [e for e in entries if e.name == "春节"]
    assert [(e.start, e.end, e.is_workday) for e in spring] == [
        (date(2026, 2, 15), date(2026, 2, 23), False),
        (date(2026, 2, 14), date(2026, 2, 14), True),
        (date(2026, 2, 28), date(2026, 2, 28), True),
    ]
    assert spring[0].days == 9
    days = days_of(entries)
    assert len([d for d, (work, _) in days.items() if not work]) == 33
    assert sorted(d for d, (work, _) in days.items() if work) == [
        date(2026, 1, 4),
        date(2026, 2, 14),
        date(2026, 2, 28),
        date(2026, 5, 9),
        date(2026, 9, 20),
        date(2026, 10, 10),
    ]
    # every day the notice sets agrees with the published calendar the library ships
    assert {d: work for d, (work, _) in days.items()} == {d: chinese_calendar.is_workday(d) for d in days}


def test_other_sentence_forms_of_the_notice():
    # a single day, a range into the next month, 元旦 starting in the December before, one line pasted
    entries = parse(
        "一、元旦：1月1日（周三）放假1天，不调休。二、国庆节、中秋节：10月1日（周三）至8日（周三）放假调休，共8天。9月28日（周日）、10月11日（周六）上班。",
        2025,
    )
    assert [(e.name, e.start, e.end, e.is_workday) for e in entries] == [
        ("元旦", date(2025, 1, 1), date(2025, 1, 1), False),
        ("国庆节、中秋节", date(2025, 10, 1), date(2025, 10, 8), False),
        ("国庆节、中秋节", date(2025, 9, 28), date(2025, 9, 28), True),
        ("国庆节、中秋节", date(2025, 10, 11), date(2025, 10, 11), True),
    ]
    early = parse("一、元旦：12月30日至1月1日放假调休，共3天。12月29日（星期日）上班。", 2024)
    assert (early[0].start, early[0].end, early[1].start) == (date(2023, 12, 30), date(2024, 1, 1), date(2023, 12, 29))
    across = parse("六、国庆节：9月29日至10月6日放假调休，共8天。", 2023)
    assert (across[0].start, across[0].end) == (date(2023, 9, 29), date(2023, 10, 6))
    with pytest.raises(ScheduleError):
        parse("一、元旦：放假。", 2027)
    with pytest.raises(ScheduleError):
        parse("一、元旦：1月1日放假。")  # no year anywhere


def test_a_range_entry_moves_open_due_dates_through_the_recomputation(client, app, create_staff, firm_user, make_case):
    ref = make_case(firm_user, kind="consultation")
    start = date(2027, 2, 1)  # a Monday; 2027 is not in the built-in calendar
    with app.app_context():
        case = get_case(ref)
        case.clock_started_on, case.clock_days = start, 10
        clock.recompute(case)
        commit()
        assert case.due_date == date(2027, 2, 15)  # Monday to Friday only
    client.login(create_staff("admin").email, PASSWORD)
    page = client.post_page(
        "/admin/calendar", {"day": "2027-02-10", "end": "2027-02-05", "is_workday": "0", "note": "春节"}
    )
    assert "结束日期不能早于起始日期" in page.get_text()
    response = client.post(
        "/admin/calendar", data={"day": "2027-02-06", "end": "2027-02-12", "is_workday": "0", "note": "2027年春节"}
    )
    assert response.status_code == 302
    page = client.get_page("/admin/calendar")
    assert "计为节假日；1 件在办案件的日期已更新" in page.get_text()
    rows = page.select("table.calendar-entries tbody tr")
    assert len(rows) == 1 and "共 7 天" in rows[0].get_text() and "2027年春节" in rows[0].get_text()
    with app.app_context():
        assert not is_working_day(date(2027, 2, 8))
        moved = get_case(ref).due_date
        assert moved == add_working_days(start, 10) == date(2027, 2, 22)
    # removing the entry removes the whole range and moves the date back
    client.post(rows[0].select_one("form")["action"], expect=302)
    with app.app_context():
        assert get_case(ref).due_date == date(2027, 2, 15) and is_working_day(date(2027, 2, 8))


def test_the_notice_is_previewed_before_it_is_saved(client, app, create_staff):
    client.login(create_staff("admin").email, PASSWORD)
    text = NOTICE_2026.replace("2026", "2027")
    page = client.post_page("/admin/calendar/import", {"s-text": text, "s-source": "国办发明电〔2026〕7号"})
    preview = page.select("table.schedule-preview tbody tr")
    assert len(preview) == 13 and "春节" in preview[2].get_text() and "共 9 天" in preview[2].get_text()
    assert is_working_day(date(2027, 2, 16))  # nothing stored yet
    form = page.select_one("form[action$='/calendar/import']")
    data = {i["name"]: i["value"] for i in form.select("input[type=hidden]") if i.get("name") != "csrf_token"}
    client.post("/admin/calendar/import", data=data, expect=302)
    assert not is_working_day(date(2027, 2, 16)) and is_working_day(date(2027, 2, 14))
    page = client.get_page("/admin/calendar")
    notes = [r.select("td")[2].get_text() for r in page.select("table.calendar-entries tbody tr")]
    assert "国办发明电〔2026〕7号 春节" in notes
    bad = client.post_page("/admin/calendar/import", {"s-text": "随便写点什么", "s-source": "x"})
    assert "请填写年份" in bad.get_text()
    bad = client.post_page("/admin/calendar/import", {"s-text": "随便写点什么", "s-year": "2027", "s-source": "x"})
    assert "未识别出节假日" in bad.get_text() and "随便写点什么" in bad.get_text()


def test_the_page_warns_while_an_open_case_runs_into_a_year_without_schedule(
    client, app, create_staff, firm_user, make_case
):
    ref = make_case(firm_user, kind="consultation")
    client.login(create_staff("admin").email, PASSWORD)
    assert client.get_page("/admin/calendar").select_one(".unscheduled-warning") is None
    with app.app_context():
        case = get_case(ref)
        case.clock_started_on, case.clock_days = date(2026, 12, 20), 20
        clock.recompute(case)
        commit()
        assert case.due_date.year == 2027
    warning = client.get_page("/admin/calendar").select_one(".unscheduled-warning")
    assert "1 件在办案件" in warning.get_text() and "2027" in warning.get_text()
    client.post("/admin/calendar", data={"day": "2027-01-01", "is_workday": "0", "note": "2027年元旦"}, expect=302)
    assert client.get_page("/admin/calendar").select_one(".unscheduled-warning") is None
