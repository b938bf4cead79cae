"""The promised time limit (承诺时限) of a case, counted in Chinese working days.

A running phase stores its inputs (start day, limit, working days paused) besides the due date
it implies, so every stored date can be recomputed when the holiday calendar changes.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from portal.calendar import services as calendar
from portal.cases.models import Case
from portal.cases.rules import DUE_SOON_WORKING_DAYS, due_soon_days  # noqa: F401  (re-exported)
from portal.cases.status import CaseStatus, Clock
from portal.core.timeutil import local_date
from portal.core.working_days import add_working_days, working_days_between
from portal.extensions import db


def notice_window(day: date, days: int) -> tuple[date, date]:
    """A public notice of ``days`` working days counted from its first day, which is a working day."""
    start = add_working_days(day, 0)
    return start, add_working_days(start, days - 1)


def move(case: Case, clock: Clock, today: date) -> None:
    """Apply one transition's clock effect."""
    calendar.refresh_if_stale()  # days entered by staff count in the CLI and the digest too
    accept_days, decide_days = case.case_kind.time_limits()
    if clock == Clock.START_ACCEPTANCE:
        case.paused_days = 0
        _start_phase(case, "accept", accept_days, today)
    elif clock == Clock.START_DECISION:
        _finish_phase(case, today)
        _start_phase(case, "decide", decide_days, today)
    elif clock == Clock.PAUSE and case.paused_since is None:
        case.paused_since = today
        case.reply_due = add_working_days(today, case.case_kind.reply_limit())
        case.reply_reminded_on = None
    elif clock == Clock.RESUME:
        _end_pause(case, today)
    elif clock == Clock.STOP:
        _end_pause(case, today)  # stopped while waiting for the firm: the wait does not count
        _finish_phase(case, today)
        case.clock_phase = None


def _start_phase(case: Case, phase: str, days: int, today: date) -> None:
    case.clock_phase, case.clock_started_on, case.clock_days = phase, today, days
    case.phase_paused_days = case.phase_extended_days = 0
    case.paused_since = case.reply_due = None
    recompute(case)


def _end_pause(case: Case, today: date) -> None:
    if case.paused_since is None:
        return
    paused = working_days_between(case.paused_since, today)
    case.paused_days = (case.paused_days or 0) + paused
    case.phase_paused_days = (case.phase_paused_days or 0) + paused
    case.paused_since = case.reply_due = None
    recompute(case)


def _finish_phase(case: Case, today: date) -> None:
    if case.due_date is not None:
        case.met_deadline = today <= case.due_date
    if case.submitted_at is not None:
        start = case.submitted_on or local_date(case.submitted_at)
        case.working_days_taken = max(working_days_between(start, today) - (case.paused_days or 0), 0)


def recompute(case: Case) -> bool:
    """Derive the stored dates from the phase inputs and the current calendar; True when one moved."""
    before = (case.due_date, case.publicity_end, case.reply_due)
    if case.clock_phase is not None and case.clock_started_on is not None and case.clock_days is not None:
        extra = (case.phase_paused_days or 0) + (case.phase_extended_days or 0)
        case.due_date = add_working_days(case.clock_started_on, case.clock_days + extra)
    if case.status == CaseStatus.PUBLICITY and case.publicity_start is not None:
        case.publicity_start, case.publicity_end = notice_window(case.publicity_start, case.case_kind.notice_days())
    if case.paused_since is not None:
        case.reply_due = add_working_days(case.paused_since, case.case_kind.reply_limit())
    case.__dict__.pop("_days_left", None)
    return before != (case.due_date, case.publicity_end, case.reply_due)


def extend(case: Case, days: int) -> None:
    """An approved extension (延期): the running phase gets ``days`` more working days, and the due date
    follows from the same recomputation as a calendar change."""
    case.phase_extended_days = (case.phase_extended_days or 0) + days
    recompute(case)


def recompute_open_cases() -> int:
    """After a calendar change: move every stored date of every open case; returns how many moved."""
    calendar.load_overrides()
    stmt = select(Case).where(
        (Case.clock_phase.is_not(None)) | (Case.status == CaseStatus.PUBLICITY) | (Case.paused_since.is_not(None))
    )
    moved = 0
    for case in db.session.scalars(stmt.execution_options(yield_per=500)):
        if recompute(case):
            moved += 1
    db.session.flush()
    return moved


def set_calendar_day(day: date, is_workday: bool, note: str, actor) -> int:
    """Enter a holiday or make-up working day and move every date that depends on it; returns how many
    open cases moved."""
    calendar.set_day(day, is_workday, note, actor)
    return recompute_open_cases()


def remove_calendar_day(row, actor) -> int:
    calendar.remove_day(row, actor)
    return recompute_open_cases()


def set_calendar_range(start: date, end: date, is_workday: bool, note: str, actor) -> int:
    """Enter consecutive days (a whole holiday) and move every date that depends on them."""
    calendar.set_range(start, end, is_workday, note, actor)
    return recompute_open_cases()


def import_schedule(entries, source: str, actor) -> int:
    """Store a parsed State Council notice (holidays and make-up working days), then move the dates."""
    for entry in entries:
        calendar.set_range(entry.start, entry.end, entry.is_workday, f"{source} {entry.name}".strip()[:200], actor)
    return recompute_open_cases()


def remove_calendar_range(row, actor) -> int:
    calendar.remove_range(row, actor)
    return recompute_open_cases()


def unscheduled_years(today: date | None = None) -> dict[int, int]:
    """Years without a holiday schedule (neither built in nor entered) that an open case's time limit,
    reply deadline or public notice runs into: year → number of such cases."""
    from sqlalchemy import or_

    from portal.core.timeutil import today_local
    from portal.core.working_days import library_covers

    today = today or today_local()
    entered = calendar.entered_years()
    first = next(y for y in range(today.year, today.year + 50) if not library_covers(y) and y not in entered)
    since = date(first, 1, 1)
    rows = db.session.execute(
        select(Case.id, Case.due_date, Case.publicity_end, Case.reply_due).where(
            or_(Case.clock_phase.is_not(None), Case.status == CaseStatus.PUBLICITY, Case.paused_since.is_not(None)),
            or_(Case.due_date >= since, Case.publicity_end >= since, Case.reply_due >= since),
        )
    ).all()
    years: dict[int, int] = {}
    for _id, *dates in rows:
        for year in sorted({d.year for d in dates if d is not None and d >= since}):
            if not library_covers(year) and year not in entered:
                years[year] = years.get(year, 0) + 1
    return dict(sorted(years.items()))
