"""The audit log as a record people read: case references instead of ids, people by name, labels
instead of codes, and a sentence for who did what to whom ("已分派给 李审查"). Filters, and an XLSX
export with real date cells."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from flask_babel import force_locale
from sqlalchemy import Select, func, or_, select

from portal.accounts.models import User
from portal.audit.labels import action_label, known_actions, register, value_label
from portal.audit.models import AuditEvent
from portal.cases.models import Case
from portal.core.timeutil import SHANGHAI
from portal.extensions import db
from portal.i18n import gettext as _
from portal.i18n import lazy_gettext as _l

register(
    actions={
        "auto_assign": _l("Assigned by rule"),
        "bulk_refused": _l("Refused in a bulk action"),
        "export": _l("Exported"),
        "assignment_rule": _l("Assignment rule changed"),
    }
)
PERSON_ACTIONS = ("assign", "claim", "auto_assign")
MAX_EXPORT = 50_000


@dataclass
class RecordFilter:
    reference: str | None = None
    person: str | None = None  # who acted, or to whom a case was given (name or email)
    actor: str | None = None  # who acted only (name or email)
    action: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    cases_only: bool = False  # the staff records page: events about cases only


@dataclass(frozen=True)
class Entry:
    when: datetime  # Beijing time, naive (an XLSX date cell)
    who: str
    account: str  # the actor's sign-in email (the administrator's audit log shows it)
    action: str
    reference: str | None
    sentence: str
    note: str | None
    ip: str | None


def _start(day: date) -> datetime:
    return datetime.combine(day, time()) - timedelta(hours=8)  # naive UTC of a Shanghai midnight


def statement(f: RecordFilter) -> Select:
    stmt = select(AuditEvent).order_by(AuditEvent.id.desc())
    if f.cases_only:
        stmt = stmt.where(AuditEvent.case_id.is_not(None))
    if f.action:
        stmt = stmt.where(AuditEvent.action == f.action)
    if f.reference:
        ids = select(Case.id).where(Case.reference.ilike(f"{_escape(f.reference.strip().upper())}%", escape="\\"))
        stmt = stmt.where(AuditEvent.case_id.in_(ids))
    if f.person:
        term = f"%{_escape(f.person.strip())}%"
        people = select(User.id).where(or_(User.name.ilike(term, escape="\\"), User.email.ilike(term, escape="\\")))
        # who acted, or to whom a case was given
        stmt = stmt.where(
            or_(
                AuditEvent.actor_id.in_(people),
                AuditEvent.action.in_(PERSON_ACTIONS) & AuditEvent.to_value.in_(_as_text(people)),
            )
        )
    if f.actor:
        term = f"%{_escape(f.actor.strip())}%"
        actors = select(User.id).where(or_(User.name.ilike(term, escape="\\"), User.email.ilike(term, escape="\\")))
        stmt = stmt.where(AuditEvent.actor_id.in_(actors))
    if f.date_from:
        stmt = stmt.where(AuditEvent.created_at >= _start(f.date_from))
    if f.date_to:
        stmt = stmt.where(AuditEvent.created_at < _start(f.date_to + timedelta(days=1)))
    return stmt


def _as_text(people: Select) -> list[str]:
    return [str(i) for i in db.session.scalars(people.limit(500))]


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def entries(events: list[AuditEvent]) -> list[Entry]:
    """Readable entries for ``events``: two queries for every reference and name they mention."""
    case_ids = {e.case_id for e in events if e.case_id}
    references = (
        dict(db.session.execute(select(Case.id, Case.reference).where(Case.id.in_(case_ids))).all()) if case_ids else {}
    )
    person_ids = {
        int(value)
        for e in events
        if e.action in PERSON_ACTIONS
        for value in (e.to_value or "", e.from_value or "")
        if value.isdigit()
    }
    names = (
        dict(db.session.execute(select(User.id, User.name).where(User.id.in_(person_ids))).all()) if person_ids else {}
    )
    return [
        Entry(
            when=e.created_at.replace(tzinfo=UTC).astimezone(SHANGHAI).replace(tzinfo=None),
            who=e.actor.name if e.actor else (_("System") if e.actor_role == "system" else "—"),
            account=e.actor.email if e.actor else "—",
            action=e.action_label,
            reference=references.get(e.case_id) if e.case_id else None,
            sentence=sentence(e, names),
            note=e.note,
            ip=e.ip,
        )
        for e in events
    ]


def _value(value: str | None) -> str:
    """A stored value as people read it: its label, a date, or nothing for a bare id."""
    if not value:
        return ""
    label = value_label(value)
    if label:
        return label
    return "" if value.isdigit() else value


def sentence(e: AuditEvent, names: dict[int, str]) -> str:
    def name(value: str | None) -> str:
        return names.get(int(value), "—") if value and value.isdigit() else "—"

    if e.action == "assign":
        if e.from_value:
            return _("Reassigned from %(old)s to %(new)s", old=name(e.from_value), new=name(e.to_value))
        return _("Assigned to %(name)s", name=name(e.to_value))
    if e.action == "claim":
        return _("Took the case (%(name)s)", name=name(e.to_value))
    if e.action == "auto_assign":
        return _("Assigned to %(name)s by the assignment rule", name=name(e.to_value))
    if e.action == "bulk_refused":
        return _("Refused in a bulk action: %(action)s", action=action_label(e.to_value or ""))
    if e.action == "calendar_day" and e.to_value and "=" in e.to_value:
        day, kind = e.to_value.split("=", 1)
        return f"{day} {_('Working day') if kind == 'work' else _('Holiday')}"
    if e.action == "calendar_range" and e.to_value and "=" in e.to_value:
        last, kind = e.to_value.split("=", 1)
        return f"{e.from_value} – {last} {_('Working day') if kind == 'work' else _('Holiday')}"
    if e.action == "calendar_range_removed":
        return f"{e.from_value} – {e.to_value}"
    before, after = _value(e.from_value), _value(e.to_value)
    if before and after:
        return f"{before} → {after}"
    return after or before


def action_choices() -> list[tuple[str, str]]:
    return sorted(known_actions(), key=lambda pair: pair[1])


def count(f: RecordFilter) -> int:
    """How many entries the export of ``f`` holds (at most MAX_EXPORT)."""
    stmt = statement(f).order_by(None).limit(MAX_EXPORT).subquery()
    return db.session.scalar(select(func.count()).select_from(stmt)) or 0


def export_rows(f: RecordFilter) -> tuple[list[str], list[list]]:
    """The filtered log for a spreadsheet: dates as date cells, headers in Chinese."""
    events = list(db.session.scalars(statement(f).limit(MAX_EXPORT)).unique())
    with force_locale("zh_Hans_CN"):
        headers = [_("Time"), _("Who"), _("Action"), _("Reference"), _("What happened"), _("Note"), "IP"]
        rows = [
            [x.when, x.who, x.action, x.reference or "", x.sentence, x.note or "", x.ip or ""] for x in entries(events)
        ]
    return headers, rows
