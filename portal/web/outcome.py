"""The one transaction boundary of a view: run one service call, commit, or turn the refusal into
a form error (or a flash message) with nothing written and no file left behind."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask, flash
from sqlalchemy.orm.exc import StaleDataError

from portal.core.db import commit, discard_uncommitted, rollback
from portal.core.errors import ServiceError
from portal.i18n import gettext as _


def stale_message() -> str:
    return _("This case changed since you opened it. Nothing was saved; review the latest state and try again.")


def attempt(call: Callable[[], object], *, form=None, field: str | None = None) -> bool:
    """True when ``call`` succeeded and was committed. A ServiceError (or a lost race on a versioned
    row) rolls back and lands on ``form`` (``field`` or the form itself), else in a flash message."""
    try:
        call()
        commit()
        return True
    except StaleDataError:
        rollback()
        message = stale_message()
    except ServiceError as err:
        rollback()
        message = str(err)
        field = field or getattr(err, "field", None)  # a service may name the field it refused
    if form is not None:
        form.add_error(field, message)
    else:
        flash(message, "error")
    return False


def register_transaction_boundary(app: Flask) -> None:
    """Whatever a request left uncommitted is rolled back, and the files it wrote are removed."""

    @app.teardown_request
    def _discard(exc):
        discard_uncommitted()
