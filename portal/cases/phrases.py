"""Reason and opinion templates (常用语): per case type (or every type) and action, kept by supervisors,
offered in the text box of the action so staff insert one and edit it before sending."""

from __future__ import annotations

from sqlalchemy import or_, select

from portal.audit.labels import register
from portal.audit.services import record
from portal.cases.kinds import KINDS
from portal.cases.models import Case
from portal.cases.paperwork import Phrase
from portal.cases.status import TRANSITIONS, CaseAction
from portal.core.errors import ServiceError
from portal.core.permissions import Permission
from portal.extensions import db
from portal.i18n import lazy_gettext as _l

register(
    actions={
        "phrase_saved": _l("Template saved"),
        "phrase_retired": _l("Template retired"),
        "phrase_restored": _l("Template put back in use"),
    }
)


class PhraseError(ServiceError):
    """A template that cannot be saved as entered; the message says why (and ``field`` where)."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def phrase_actions() -> list[CaseAction]:
    """Actions whose form has a reason or opinion box, in table order."""
    seen: dict[CaseAction, None] = {}
    for row in TRANSITIONS:
        if (row.needs_reason or "opinion" in row.inputs) and row.permission != Permission.CASE_APPLY:
            seen.setdefault(row.action, None)
    return list(seen)


def for_case(case: Case) -> dict[str, list[Phrase]]:
    """Templates in use for this case's type (and for every type), grouped by action value."""
    rows = db.session.scalars(
        select(Phrase)
        .where(Phrase.active.is_(True), or_(Phrase.kind == case.kind, Phrase.kind.is_(None)))
        .order_by(Phrase.kind.is_(None), Phrase.title, Phrase.id)
    )
    grouped: dict[str, list[Phrase]] = {}
    for phrase in rows:
        grouped.setdefault(phrase.action, []).append(phrase)
    return grouped


def text_for(case: Case, action: str, phrase_id) -> str:
    """The text of a template offered for ``action`` on this case, or PhraseError."""
    try:
        wanted = int(phrase_id)
    except (TypeError, ValueError):
        raise PhraseError(str(_l("Choose a template first."))) from None
    phrase = next((p for p in for_case(case).get(action, []) if p.id == wanted), None)
    if phrase is None:
        raise PhraseError(str(_l("This template is not offered for this action.")))
    return phrase.text


def listing(include_retired: bool = True) -> list[Phrase]:
    stmt = select(Phrase).order_by(Phrase.active.desc(), Phrase.action, Phrase.kind, Phrase.title)
    if not include_retired:
        stmt = stmt.where(Phrase.active.is_(True))
    return list(db.session.scalars(stmt))


def save(phrase: Phrase | None, values: dict, actor) -> Phrase:
    """Create (``phrase`` None) or change a template."""
    kind = values.get("kind") or None
    action = values.get("action") or ""
    if kind is not None and kind not in KINDS:
        raise PhraseError(str(_l("Choose a case type from the list.")), field="kind")
    if action not in {a.value for a in phrase_actions()}:
        raise PhraseError(str(_l("Choose an action from the list.")), field="action")
    if phrase is None:
        phrase = Phrase(created_by_id=actor.id, active=True)
        db.session.add(phrase)
    phrase.kind, phrase.action = kind, action
    phrase.title, phrase.text = values["title"].strip(), values["text"].strip()
    db.session.flush()
    record("phrase_saved", "phrase", phrase.id, actor=actor, to_value=action)
    return phrase


def set_active(phrase: Phrase, active: bool, actor) -> None:
    phrase.active = active
    record("phrase_restored" if active else "phrase_retired", "phrase", phrase.id, actor=actor)
