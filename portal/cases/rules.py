"""What a user may do to a case now: the one place that reads the transition table for a case.

``Case`` inherits these answers; views, templates and services ask ``case.can(...)`` instead of
comparing statuses or roles.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from portal.cases.status import CaseAction, CaseStatus, Track, Transition, find_transition, rows_from
from portal.core.permissions import Permission
from portal.core.timeutil import today_local

DUE_SOON_WORKING_DAYS = 3  # "due soon" in the queue, the home tiles and the digest


def due_soon_days() -> int:
    from flask import current_app

    return current_app.config.get("DUE_SOON_WORKING_DAYS", DUE_SOON_WORKING_DAYS)


class CaseRules:
    if TYPE_CHECKING:  # provided by the Case model; declared here for the type checker only
        status: str
        kind: str
        firm_id: int
        proposed_by_id: int | None
        created_by_id: int | None
        holder_id: int | None
        holder: Any
        publicity_end: date | None
        reply_due: date | None

        @property
        def track(self) -> Track: ...
        @property
        def status_enum(self) -> CaseStatus: ...
        @property
        def days_left(self) -> int | None: ...
        @property
        def is_paused(self) -> bool: ...
        @property
        def has_open_objection(self) -> bool: ...
        @property
        def is_final(self) -> bool: ...

    @property
    def is_due_soon(self) -> bool:
        """Running, not late, and within the "due soon" working days: shown in amber."""
        left = self.days_left
        return left is not None and not self.is_paused and 0 <= left <= due_soon_days()

    def transition_for(self, action: CaseAction | str) -> Transition | None:
        try:
            return find_transition(self.status, CaseAction(action), self.track, self.kind)
        except ValueError:
            return None

    def refusal(self, action: CaseAction | str, user, today: date | None = None) -> str | None:
        """Why ``user`` may not fire ``action`` now, or None when they may."""
        from portal.i18n import gettext as _

        row = self.transition_for(action)
        if row is None:
            return _(
                "“%(action)s” is not possible while the case is “%(status)s”.",
                action=CaseAction(action).label if action in CaseAction._value2member_map_ else action,
                status=self.status_enum.label,
            )
        if user is None or not getattr(user, "is_authenticated", False) or not user.can(row.permission):
            return _("Your role may not “%(action)s”.", action=row.action.label)
        if row.permission == Permission.CASE_APPLY and user.firm_id != self.firm_id:
            return _("Only the applying firm may do this.")
        if (
            row.permission == Permission.CASE_APPLY
            and not user.can(Permission.FIRM_CASES_ALL)
            and user.id != self.created_by_id
        ):
            return _("Only the colleague who filed this case or the firm's administrator may do this.")
        if row.permission == Permission.CASE_TRIAGE and row.needs_holder and self.holder_id not in (None, user.id):
            return _("%(name)s holds this case. Ask a supervisor to reassign it.", name=self.holder.name)
        if row.not_by_proposer and self.proposed_by_id == user.id:
            return _("You proposed this decision; another supervisor confirms it.")
        if row.guard is not None and not row.guard(self, today or today_local()):
            return self._guard_message(row)
        return None

    def can(self, action: CaseAction | str, user, today: date | None = None) -> bool:
        return self.refusal(action, user, today) is None

    def _guard_message(self, row: Transition) -> str:
        from portal.i18n import gettext as _

        if self.has_open_objection and row.action != CaseAction.REFUSE and row.action != CaseAction.REJECT:
            return _("An objection is still being handled; conclude it first.")
        if self.status == CaseStatus.PUBLICITY:
            return _(
                "The public notice runs until %(date)s; confirm after it ends.",
                date=self.publicity_end.isoformat() if self.publicity_end else "",
            )
        return _("The firm may still answer until %(date)s.", date=self.reply_due.isoformat() if self.reply_due else "")

    def actions_for(self, user, today: date | None = None) -> list[Transition]:
        """The rows ``user`` may fire now, in table order (one per action)."""
        seen, rows = set(), []
        for row in rows_from(self.status, self.track, self.kind):
            if row.action not in seen and self.can(row.action, user, today):
                seen.add(row.action)
                rows.append(row)
        return rows

    # --- holding a case: not a transition of the table, asked the same way ------------------------

    def claim_refusal(self, user) -> str | None:
        """Why ``user`` may not take this case now (a claim, also one of many in a bulk claim), or None."""
        from portal.i18n import gettext as _

        if user is None or not getattr(user, "is_authenticated", False) or not user.can(Permission.CASE_TRIAGE):
            return _("Your role may not handle cases.")
        if self.is_final:
            return _("The case is finished (“%(status)s”); it cannot be claimed.", status=self.status_enum.label)
        if self.holder_id not in (None, user.id):
            return _("%(name)s holds this case. Ask a supervisor to reassign it.", name=self.holder.name)
        return None

    def assign_refusal(self, actor) -> str | None:
        """Why ``actor`` may not give this case to someone now, or None."""
        from portal.i18n import gettext as _

        if actor is None or not getattr(actor, "is_authenticated", False) or not actor.can(Permission.CASE_ASSIGN):
            return _("Your role may not assign cases.")
        if self.is_final:
            return _("The case is finished (“%(status)s”); it cannot be assigned.", status=self.status_enum.label)
        return None
