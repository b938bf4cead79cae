"""Read the State Council's yearly holiday notice (国务院办公厅关于 YYYY 年部分节假日安排的通知) as
pasted text. Each item has the standard sentence form, e.g.

    一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
    二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。
    三、清明节：4月4日（周六）至6日（周一）放假，共3天。

A range may run into the next month ("9月29日至10月6日"), a single day reads "1月1日（周三）放假1天", and
元旦 may start in the December before the notice's year ("12月30日至1月1日"). The result is a preview:
nothing is stored until the administrator saves it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

ITEM_START = re.compile(r"(?:^|[\n\s。])[一二三四五六七八九十]+、")
TITLE_YEAR = re.compile(r"(20\d\d)\s*年(?:部分)?节假日")
ANNOT = r"(?:[（(][^）)]*[）)])?"
DAY = r"(?:(\d{1,2})\s*月)?\s*(\d{1,2})\s*日" + ANNOT
HOLIDAY = re.compile(DAY + r"(?:\s*[至到-]\s*" + DAY + r")?\s*放假")
WORKDAY_SENTENCE = re.compile(r"[^。；;]*上班")
ONE_DAY = re.compile(r"(\d{1,2})\s*月\s*(\d{1,2})\s*日")
HALF_WIDTH = str.maketrans("０１２３４５６７８９：（）", "0123456789:()")


@dataclass(frozen=True)
class Entry:
    name: str  # the holiday (春节) this entry belongs to
    start: date
    end: date
    is_workday: bool  # False: days off; True: a make-up working day (调休上班)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


class ScheduleError(ValueError):
    """The text does not read as a holiday notice; the message says where."""


def notice_year(text: str) -> int | None:
    match = TITLE_YEAR.search(text.translate(HALF_WIDTH))
    return int(match.group(1)) if match else None


def _items(text: str) -> list[str]:
    starts = [m.end() for m in ITEM_START.finditer(text)]
    if not starts:
        return [line for line in text.splitlines() if line.strip()]
    ends = [m.start() for m in ITEM_START.finditer(text)][1:] + [len(text)]
    return [text[s:e] for s, e in zip(starts, ends, strict=True)]


def _year_for(month: int, year: int, name: str) -> int:
    # only 元旦 reaches back into the December before the notice's year
    return year - 1 if month == 12 and "元旦" in name else year


def parse(text: str, year: int | None = None) -> list[Entry]:
    """The holidays and make-up working days of a pasted notice; ``year`` when the title is missing."""
    text = (text or "").replace("\u3000", " ").translate(HALF_WIDTH)
    year = notice_year(text) or year
    if year is None:
        raise ScheduleError("year")
    entries: list[Entry] = []
    for item in _items(text):
        if "：" not in item and ":" not in item:
            continue
        name, _, rest = item.replace(":", "：").partition("：")
        name = name.strip()
        holiday = HOLIDAY.search(rest)
        if holiday is None:
            continue
        m1, d1, m2, d2 = holiday.groups()
        if m1 is None:
            raise ScheduleError(name)
        start_month = int(m1)
        start = date(_year_for(start_month, year, name), start_month, int(d1))
        if d2 is None:
            end = start
            count = re.search(r"放假\s*(\d+)\s*天", rest[holiday.start() :])
            if count and int(count.group(1)) > 1:
                end = start + timedelta(days=int(count.group(1)) - 1)
        else:
            end_month = int(m2) if m2 else start_month
            end_year = start.year + 1 if end_month < start_month else start.year
            end = date(end_year, end_month, int(d2))
        if end < start or (end - start).days > 31:
            raise ScheduleError(name)
        entries.append(Entry(name, start, end, False))
        for sentence in WORKDAY_SENTENCE.findall(rest[holiday.end() :]):
            for month, day in ONE_DAY.findall(sentence):
                when = date(_year_for(int(month), year, name), int(month), int(day))
                entries.append(Entry(name, when, when, True))
    if not entries:
        raise ScheduleError("empty")
    return entries


def days_of(entries: list[Entry]) -> dict[date, tuple[bool, str]]:
    """Every day the entries set: date → (is working day, holiday name)."""
    result: dict[date, tuple[bool, str]] = {}
    for entry in entries:
        day = entry.start
        while day <= entry.end:
            result[day] = (entry.is_workday, entry.name)
            day += timedelta(days=1)
    return result
