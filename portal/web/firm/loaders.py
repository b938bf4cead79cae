"""Object loaders for the firm area: another firm's case is simply not found."""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from portal.cases import queries
from portal.cases.kinds import get_kind
from portal.cases.models import Case


def load_case(key: str) -> Case:
    case = queries.firm_case(current_user, key)
    if case is None:
        abort(404)
    return case


def load_kind(type_: str):
    kind = get_kind(type_)
    if kind is None:
        abort(404)
    return kind
