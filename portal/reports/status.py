"""A public report's small workflow: received → accepted / not accepted / transferred (转办) → closed.

Each row names the permission that fires it and what the staff form must ask for. ``services.act``
is the only code that applies rows; ``Report.actions_for`` answers "what may this user do now".
"""

from __future__ import annotations

from dataclasses import dataclass

from portal.core.enums import LabeledEnum
from portal.core.permissions import Permission
from portal.i18n import lazy_gettext as _l


class ReportStatus(LabeledEnum):
    RECEIVED = "received"
    ACCEPTED = "accepted"
    NOT_ACCEPTED = "not_accepted"
    TRANSFERRED = "transferred"
    CLOSED = "closed"

    __labels__ = {
        "received": _l("Awaiting acceptance"),
        "accepted": _l("Accepted"),
        "not_accepted": _l("Not accepted"),
        "transferred": _l("Transferred"),
        "closed": _l("Concluded"),
    }
    __badges__ = {
        "received": "info",
        "accepted": "primary",
        "not_accepted": "dark",
        "transferred": "warning",
        "closed": "secondary",
    }


class ReportAction(LabeledEnum):
    ACCEPT = "accept"
    REFUSE = "refuse"
    TRANSFER = "transfer"
    CLOSE = "close"

    __labels__ = {
        "accept": _l("Accept"),
        "refuse": _l("Do not accept"),
        "transfer": _l("Transfer to another body"),
        "close": _l("Conclude"),
    }
    __badges__ = {"refuse": "danger", "transfer": "warning", "close": "success"}


@dataclass(frozen=True)
class ReportTransition:
    action: ReportAction
    sources: frozenset[ReportStatus]
    target: ReportStatus
    permission: Permission = Permission.REPORT_HANDLE
    # the note is what the reporter is told; a refusal or a conclusion must say why or what came of it
    needs_note: bool = False
    needs_body: bool = False  # a transfer names the receiving body and the day it was sent
    stops_clock: bool = False


S, A = ReportStatus, ReportAction

TRANSITIONS: tuple[ReportTransition, ...] = (
    ReportTransition(A.ACCEPT, frozenset({S.RECEIVED}), S.ACCEPTED),
    ReportTransition(A.REFUSE, frozenset({S.RECEIVED}), S.NOT_ACCEPTED, needs_note=True, stops_clock=True),
    ReportTransition(A.TRANSFER, frozenset({S.RECEIVED, S.ACCEPTED}), S.TRANSFERRED, needs_body=True, stops_clock=True),
    ReportTransition(A.CLOSE, frozenset({S.ACCEPTED}), S.CLOSED, needs_note=True, stops_clock=True),
)

#: states in which staff still owe the reporter something (the queue's "open" view)
OPEN_STATES = frozenset({S.RECEIVED, S.ACCEPTED})
#: states the reporter sees as an outcome (受理/不予受理/已转办/已办结)
FINAL_STATES = frozenset({S.NOT_ACCEPTED, S.TRANSFERRED, S.CLOSED})


def find_transition(status: str, action: str) -> ReportTransition | None:
    for row in TRANSITIONS:
        if row.action == action and status in row.sources:
            return row
    return None


def rows_from(status: str) -> list[ReportTransition]:
    return [row for row in TRANSITIONS if status in row.sources]


def _register_audit_labels() -> None:
    from portal.audit.labels import register

    actions = {f"report_{k}": v for k, v in ReportAction.__labels__.items()}
    register(actions=actions | {"report_filed": _l("Report received")}, values=dict(ReportStatus.__labels__))


_register_audit_labels()


#: the staff queue's views and their names
FILTERS_LABELS = {"open": _l("Waiting for us"), **ReportStatus.__labels__}
