"""Working-day arithmetic around the 2025/2026 State Council holiday schedules (domain.md §8)."""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta

import chinese_calendar
import pytest

from portal.core import working_days as wd
from portal.core.working_days import (
    add_working_days,
    clear_overrides,
    is_working_day,
    set_overrides,
    working_days_between,
    working_days_left,
)

LOGGER = "portal.core.working_days"


@pytest.fixture(autouse=True)
def _fresh_calendar_state():
    clear_overrides()
    wd._warned_years.clear()
    yield
    clear_overrides()
    wd._warned_years.clear()


# --- is_working_day against the published schedules -------------------------------------------


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        # 2026 春节: Feb 15–23 off, Sat Feb 14 and Sat Feb 28 worked
        (date(2026, 2, 13), True),
        (date(2026, 2, 14), True),
        (date(2026, 2, 15), False),
        (date(2026, 2, 23), False),
        (date(2026, 2, 24), True),
        (date(2026, 2, 28), True),
        (date(2026, 3, 1), False),
        # 2026 国庆: Oct 1–7 off, Sun Sep 20 and Sat Oct 10 worked
        (date(2026, 9, 20), True),
        (date(2026, 9, 30), True),
        (date(2026, 10, 1), False),
        (date(2026, 10, 7), False),
        (date(2026, 10, 8), True),
        (date(2026, 10, 10), True),
        (date(2026, 10, 11), False),
        # 2025 春节: Jan 28–Feb 4 off, Sun Jan 26 and Sat Feb 8 worked
        (date(2025, 1, 26), True),
        (date(2025, 1, 28), False),
        (date(2025, 2, 4), False),
        (date(2025, 2, 5), True),
        (date(2025, 2, 8), True),
        # 2025 国庆 + 中秋: Oct 1–8 off, Sun Sep 28 and Sat Oct 11 worked
        (date(2025, 9, 28), True),
        (date(2025, 10, 6), False),
        (date(2025, 10, 8), False),
        (date(2025, 10, 9), True),
        (date(2025, 10, 11), True),
    ],
)
def test_is_working_day_follows_official_schedule(d, expected):
    assert is_working_day(d) is expected
    assert chinese_calendar.is_workday(d) is expected


def test_datetime_is_treated_as_its_date():
    assert is_working_day(datetime(2026, 2, 14, 23, 59)) is True
    assert add_working_days(datetime(2026, 2, 13, 9, 0), 1) == date(2026, 2, 14)


# --- add_working_days -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        # 2026 春节
        (date(2026, 2, 13), 1, date(2026, 2, 14)),  # Saturday make-up day
        (date(2026, 2, 14), 1, date(2026, 2, 24)),
        (date(2026, 2, 16), 1, date(2026, 2, 24)),  # received during the holiday
        (date(2026, 2, 27), 1, date(2026, 2, 28)),  # second make-up Saturday
        (date(2026, 2, 28), 1, date(2026, 3, 2)),
        # 2026 国庆
        (date(2026, 9, 30), 1, date(2026, 10, 8)),
        (date(2026, 10, 3), 2, date(2026, 10, 9)),  # find_workday would say Oct 10 (domain.md §8.2)
        (date(2026, 10, 9), 1, date(2026, 10, 10)),
        (date(2026, 9, 19), 1, date(2026, 9, 20)),  # Sunday make-up day
        # 2025 春节 and 国庆
        (date(2025, 1, 25), 1, date(2025, 1, 26)),
        (date(2025, 1, 27), 1, date(2025, 2, 5)),
        (date(2025, 2, 7), 1, date(2025, 2, 8)),
        (date(2025, 9, 30), 1, date(2025, 10, 9)),
        (date(2025, 10, 10), 1, date(2025, 10, 11)),
    ],
)
def test_add_working_days_across_holidays(start, n, expected):
    assert add_working_days(start, n) == expected


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (date(2026, 10, 3), date(2026, 10, 8)),  # holiday -> next working day
        (date(2026, 10, 8), date(2026, 10, 8)),  # working day -> itself
        (date(2026, 2, 14), date(2026, 2, 14)),  # make-up Saturday is a working day
        (date(2026, 3, 1), date(2026, 3, 2)),  # ordinary Sunday
    ],
)
def test_add_zero_working_days(start, expected):
    assert add_working_days(start, 0) == expected


def test_add_negative_working_days_is_rejected():
    with pytest.raises(ValueError):
        add_working_days(date(2026, 1, 5), -1)


def _reference_workdays_after(start: date) -> list[date]:
    """The safe formulation from domain.md §8.2: the n-th is get_workdays(start + 1, horizon)[n - 1]."""
    return chinese_calendar.get_workdays(start + timedelta(days=1), start + timedelta(days=40))


def test_add_working_days_matches_chinese_calendar_for_2025_and_2026():
    start = date(2025, 1, 1)
    while start <= date(2026, 11, 15):
        workdays = _reference_workdays_after(start)  # once per start: the library call is the slow part
        for n in (1, 2, 5, 10):
            assert add_working_days(start, n) == workdays[n - 1], (start, n)
        start += timedelta(days=1)


# --- working_days_between ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        # (Feb 13, Feb 27]: Feb 14, then 24, 25, 26, 27
        (date(2026, 2, 13), date(2026, 2, 27), 5),
        # ... plus Sat Feb 28
        (date(2026, 2, 13), date(2026, 2, 28), 6),
        # (Sep 30, Oct 10]: Oct 8, 9, 10
        (date(2026, 9, 30), date(2026, 10, 10), 3),
        # (Jan 24, Feb 8] 2025: Jan 26, 27, Feb 5, 6, 7, 8
        (date(2025, 1, 24), date(2025, 2, 8), 6),
        # (Sep 26, Oct 12] 2025: Sep 28, 29, 30, Oct 9, 10, 11
        (date(2025, 9, 26), date(2025, 10, 12), 6),
        (date(2026, 2, 27), date(2026, 2, 27), 0),
        (date(2026, 2, 27), date(2026, 2, 13), 0),
    ],
)
def test_working_days_between(start, end, expected):
    assert working_days_between(start, end) == expected


def test_working_days_between_matches_chinese_calendar():
    start = date(2025, 1, 1)
    while start <= date(2026, 11, 15):
        end = start + timedelta(days=45)
        expected = len(chinese_calendar.get_workdays(start + timedelta(days=1), end))
        assert working_days_between(start, end) == expected, start
        start += timedelta(days=7)


def test_between_is_inverse_of_add():
    for n in range(1, 25):
        assert working_days_between(date(2026, 2, 10), add_working_days(date(2026, 2, 10), n)) == n


# --- deadlines and pauses ---------------------------------------------------------------------


def test_ten_working_day_limit_across_2026_spring_festival():
    # Received Thu Feb 12: 13, 14(Sat), 24, 25, 26, 27, 28(Sat), Mar 2, 3, 4
    assert add_working_days(date(2026, 2, 12), 10) == date(2026, 3, 4)


def test_pause_extends_due_date_by_working_days_paused():
    received = date(2026, 2, 12)
    paused = working_days_between(date(2026, 2, 13), date(2026, 2, 24))  # Feb 14 and Feb 24
    assert paused == 2
    assert add_working_days(received, 10 + paused) == date(2026, 3, 6)


@pytest.mark.parametrize("n", range(0, 8))
def test_pause_of_n_moves_due_by_exactly_n_working_days(n):
    received = date(2026, 9, 18)
    base = add_working_days(received, 10)
    shifted = add_working_days(received, 10 + n)
    assert working_days_between(base, shifted) == n
    assert working_days_left(base, shifted) == n


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 2, 13), 9),  # Feb 14, 24, 25, 26, 27, 28, Mar 2, 3, 4
        (date(2026, 2, 18), 8),  # mid-holiday
        (date(2026, 3, 3), 1),
        (date(2026, 3, 4), 0),
        (date(2026, 3, 6), -2),  # Mar 5, 6
        (date(2026, 3, 8), -2),  # the weekend adds nothing
        (date(2026, 3, 9), -3),
    ],
)
def test_working_days_left(today, expected):
    assert working_days_left(today, date(2026, 3, 4)) == expected


# --- fallback for uncovered years -------------------------------------------------------------


def _warnings(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == LOGGER and r.levelno == logging.WARNING]


def test_uncovered_year_falls_back_to_weekdays_and_warns_once(caplog):
    caplog.set_level(logging.WARNING, logger=LOGGER)
    with pytest.raises(NotImplementedError):
        chinese_calendar.is_workday(date(2030, 1, 7))

    assert is_working_day(date(2030, 1, 4)) is True  # Friday
    assert is_working_day(date(2030, 1, 5)) is False  # Saturday
    assert is_working_day(date(2030, 1, 7)) is True  # Monday
    assert add_working_days(date(2030, 1, 4), 1) == date(2030, 1, 7)
    assert working_days_between(date(2030, 1, 1), date(2030, 12, 31)) == 260
    clear_overrides()  # clears the lru_cache: the warning must still not repeat
    for _ in range(50):
        is_working_day(date(2030, 6, 3))

    records = _warnings(caplog)
    assert len(records) == 1
    assert "2030" in records[0].getMessage()


def test_each_uncovered_year_warns_once(caplog):
    caplog.set_level(logging.WARNING, logger=LOGGER)
    for _ in range(3):
        is_working_day(date(2003, 12, 31))
        is_working_day(date(2031, 1, 6))
    assert sorted(r.args[0] for r in _warnings(caplog)) == [2003, 2031]


def test_covered_year_does_not_warn(caplog):
    caplog.set_level(logging.WARNING, logger=LOGGER)
    add_working_days(date(2026, 2, 13), 20)
    assert _warnings(caplog) == []


# --- staff overrides --------------------------------------------------------------------------


def test_overrides_take_precedence_and_clear_restores_library():
    assert is_working_day(date(2026, 10, 8)) is True  # cached before the override
    set_overrides({date(2026, 10, 8): False, date(2026, 10, 11): True})
    assert is_working_day(date(2026, 10, 8)) is False
    assert is_working_day(date(2026, 10, 11)) is True
    assert add_working_days(date(2026, 9, 30), 1) == date(2026, 10, 9)
    assert working_days_between(date(2026, 9, 30), date(2026, 10, 11)) == 3  # Oct 9, 10, 11

    clear_overrides()
    assert is_working_day(date(2026, 10, 8)) is True
    assert is_working_day(date(2026, 10, 11)) is False
    assert add_working_days(date(2026, 9, 30), 1) == date(2026, 10, 8)


def test_set_overrides_replaces_previous_mapping():
    set_overrides({date(2026, 10, 8): False})
    set_overrides({date(2026, 10, 9): False})
    assert is_working_day(date(2026, 10, 8)) is True
    assert is_working_day(date(2026, 10, 9)) is False


def test_overrides_cover_uncovered_years_without_warning(caplog):
    caplog.set_level(logging.WARNING, logger=LOGGER)
    set_overrides({date(2030, 1, 1): False})  # 元旦 2030, a Tuesday
    assert is_working_day(date(2030, 1, 1)) is False
    assert _warnings(caplog) == []
    assert is_working_day(date(2030, 1, 2)) is True  # not overridden: weekday fallback
    assert len(_warnings(caplog)) == 1
