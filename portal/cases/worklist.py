"""Working through the queue: markers on its rows, saved views, the next and previous case of a
view, and bulk claim, assign and export (each case checked and audited as if done one by one)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlencode

from sqlalchemy import func, select

from portal.audit.services import record
from portal.cases import queue as case_queue
from portal.cases import services
from portal.cases.desk_models import SAVED_VIEWS_GENERATION, SavedView
from portal.cases.models import Case, Notification
from portal.core.errors import ServiceError
from portal.extensions import db
from portal.i18n import gettext as _

MAX_VIEWS = 30
REFERENCE = re.compile(r"[A-Z0-9-]{1,24}")  # what a case reference looks like (anything else is ignored)
NEIGHBOUR_WINDOW = 5000  # save-and-next walks at most this many cases of a view


# --- row markers ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowMarks:
    urgent: bool = False  # the firm asked for urgent handling (紧急程度)
    asks_urgency: bool = False  # the kind's form asks the firm how urgent it is
    objection: bool = False  # an objection is open
    unread: int = 0  # the reader's unread notifications about the case


def row_marks(cases: list[Case], user_id: int) -> dict[int, RowMarks]:
    """Markers for one page of the queue: portal.cases.queue.queue_page reads each row's urgency answer
    and open objection with it; the reader's unread notifications come in one query over the page."""
    if not cases:
        return {}
    case_ids = [c.id for c in cases]
    urgency = {c.id: c.urgency_answer for c in cases if c.kind == case_queue.ASKS_URGENCY}
    objections = {c.id for c in cases if c.objection_open}
    unread = dict(
        db.session.execute(
            select(Notification.case_id, func.count())
            .where(Notification.case_id.in_(case_ids), Notification.user_id == user_id, Notification.read_at.is_(None))
            .group_by(Notification.case_id)
        ).all()
    )
    return {
        i: RowMarks(
            urgent="urgent" in (urgency.get(i) or ()),
            asks_urgency=i in urgency,
            objection=i in objections,
            unread=unread.get(i, 0),
        )
        for i in case_ids
    }


# --- saved views ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SavedViewLink:
    id: int
    name: str
    query: str


def views_for(user_id: int) -> list[SavedViewLink]:
    """The person's saved views, shown above the queue on every visit: kept in the shared cache until a
    saved view is added, changed or deleted (by anyone; the list is small)."""

    from portal.core.shared_cache import remember

    return remember(
        f"saved-views:{user_id}",
        (SAVED_VIEWS_GENERATION,),
        lambda: [
            SavedViewLink(v.id, v.name, v.query)
            for v in db.session.scalars(select(SavedView).where(SavedView.user_id == user_id).order_by(SavedView.name))
        ],
    )


def save_view(user, name: str, args: dict[str, str]) -> SavedView:
    """Keep the queue's filters and sort under a name; the same name again replaces that view."""
    name = (name or "").strip()
    if not name:
        raise ServiceError(_("Give the view a name."))
    if len(name) > 60:
        raise ServiceError(_("Keep the name under 60 characters."))
    query = urlencode(sorted((k, v) for k, v in args.items() if k != "page" and v))
    if len(query) > 1000:
        raise ServiceError(_("These filters are too long to save."))
    row = db.session.scalar(select(SavedView).where(SavedView.user_id == user.id, SavedView.name == name))
    if row is None:
        count = db.session.scalar(select(func.count(SavedView.id)).where(SavedView.user_id == user.id))
        if (count or 0) >= MAX_VIEWS:
            raise ServiceError(_("You have %(n)s saved views; delete one first.", n=MAX_VIEWS))
        row = SavedView(user_id=user.id, name=name, query=query)
        db.session.add(row)
    else:
        row.query = query
    db.session.flush()
    return row


def delete_view(user, view_id: int) -> None:
    row = db.session.get(SavedView, view_id)
    if row is None or row.user_id != user.id:
        raise ServiceError(_("That saved view no longer exists."))
    db.session.delete(row)


# --- next and previous in a view --------------------------------------------------------------


@dataclass(frozen=True)
class Neighbours:
    previous: str | None
    next: str | None
    position: int | None  # 1-based, None when the case is not in the view
    total: int


def neighbours(filters: case_queue.QueueFilter, case_id: int) -> Neighbours:
    """The references before and after ``case_id`` in the view's order."""
    stmt = case_queue.queue_statement(filters)
    rows = db.session.execute(
        stmt.with_only_columns(Case.id, Case.reference, maintain_column_froms=True).limit(NEIGHBOUR_WINDOW)
    ).all()
    ids = [r[0] for r in rows]
    if case_id not in ids:
        return Neighbours(None, rows[0][1] if rows else None, None, len(rows))
    at = ids.index(case_id)
    return Neighbours(
        rows[at - 1][1] if at > 0 else None,
        rows[at + 1][1] if at + 1 < len(rows) else None,
        at + 1,
        len(rows),
    )


# --- bulk actions -----------------------------------------------------------------------------


@dataclass
class BulkResult:
    done: list[str]
    refused: list[tuple[str, str]]  # (reference, why)


def _one_by_one(cases: list[Case], action: str, actor, apply) -> BulkResult:
    """Run ``apply`` on each case in its own savepoint: a refusal undoes that case only, and is audited."""
    result = BulkResult([], [])
    for case in cases:
        savepoint = db.session.begin_nested()
        try:
            apply(case)
            savepoint.commit()
            result.done.append(case.reference or "")
        except ServiceError as err:
            savepoint.rollback()
            result.refused.append((case.reference or "", str(err)))
            record("bulk_refused", "case", case.id, actor=actor, case_id=case.id, to_value=action, note=str(err))
    return result


def bulk_claim(cases: list[Case], user) -> BulkResult:
    def apply(case: Case) -> None:
        refusal = case.claim_refusal(user)
        if refusal:
            raise services.WorkflowError(refusal)
        services.claim(case, user)

    return _one_by_one(cases, "claim", user, apply)


def bulk_assign(cases: list[Case], holder, actor) -> BulkResult:
    def apply(case: Case) -> None:
        refusal = case.assign_refusal(actor)
        if refusal:
            raise services.WorkflowError(refusal)
        if case.holder_id == holder.id:
            raise services.WorkflowError(_("%(name)s already holds this case.", name=holder.name))
        services.assign(case, holder, actor=actor)

    return _one_by_one(cases, "assign", actor, apply)


def record_export(cases: list[Case], actor) -> None:
    """An export of selected cases is audited on each case, as a download would be."""
    for case in cases:
        record("export", "case", case.id, actor=actor, case_id=case.id)


def selected_cases(references: list[str], limit: int = 200) -> list[Case]:
    """The submitted cases named in a bulk form, in the order given; unknown references are dropped."""
    wanted = list(dict.fromkeys(r.strip() for r in references if r and REFERENCE.fullmatch(r.strip())))[:limit]
    if not wanted:
        return []
    found = {
        c.reference: c
        for c in db.session.scalars(select(Case).where(Case.reference.in_(wanted), Case.status != "draft"))
    }
    return [found[r] for r in wanted if r in found]
