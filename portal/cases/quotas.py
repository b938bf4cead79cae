"""Per-firm limits: open drafts and stored bytes, so one account cannot fill the disk.

Both checks lock the firm's row first (a no-op UPDATE: PostgreSQL's row lock, SQLite's write lock), so two
uploads or two "start application" clicks at once cannot both squeeze under the limit.
"""

from __future__ import annotations

from flask import current_app
from sqlalchemy import func, select, update

from portal.cases.models import Case, CaseFile
from portal.cases.status import CaseStatus
from portal.core.errors import ServiceError
from portal.core.uploads import UploadError
from portal.extensions import db
from portal.firms.models import Firm
from portal.i18n import lazy_gettext as _l

MB = 1024 * 1024


class TooManyDrafts(ServiceError):
    """The firm has as many unfinished applications as it may."""


def _lock_firm(firm_id: int) -> None:
    # a no-op write: a row lock on PostgreSQL, SQLite's write lock (waited for) on SQLite
    db.session.execute(
        update(Firm).where(Firm.id == firm_id).values(id=Firm.id).execution_options(synchronize_session=False)
    )


def open_drafts(firm_id: int) -> int:
    return (
        db.session.scalar(select(func.count(Case.id)).where(Case.firm_id == firm_id, Case.status == CaseStatus.DRAFT))
        or 0
    )


def storage_used(firm_id: int) -> int:
    return (
        db.session.scalar(select(func.coalesce(func.sum(CaseFile.size), 0)).join(Case).where(Case.firm_id == firm_id))
        or 0
    )


def require_draft_room(firm_id: int) -> None:
    _lock_firm(firm_id)
    limit = current_app.config["FIRM_OPEN_DRAFTS_MAX"]
    if open_drafts(firm_id) >= limit:
        raise TooManyDrafts(
            str(
                _l(
                    "Your firm already has %(n)s unfinished applications, the most it may have at once. "
                    "Submit or delete one of them under My cases before starting another.",
                    n=limit,
                )
            )
        )


def require_storage_room(firm_id: int, size: int) -> None:
    _lock_firm(firm_id)
    quota = current_app.config["FIRM_STORAGE_QUOTA_BYTES"]
    used = storage_used(firm_id)
    if used + size > quota:
        raise UploadError(
            str(
                _l(
                    "Your firm's files together may not exceed %(quota)s MB (%(used)s MB are in use). "
                    "Delete files or drafts you no longer need.",
                    quota=quota // MB,
                    used=round(used / MB, 1),
                )
            )
        )
