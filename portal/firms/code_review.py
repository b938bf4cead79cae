"""Real credit codes that fail their check digit (early pilot codes): registered on the applicant's
statement, checked by staff against the business licence before the firm can submit."""

from __future__ import annotations

from sqlalchemy import select

from portal.audit.labels import register
from portal.audit.services import record
from portal.core.db import utcnow
from portal.core.errors import ServiceError
from portal.extensions import db
from portal.firms.models import Firm
from portal.i18n import lazy_gettext as _l

PENDING, CONFIRMED, REFUSED = "pending", "confirmed", "refused"
register(
    actions={"code_confirmed": _l("Credit code confirmed by staff"), "code_refused": _l("Credit code refused by staff")}
)


class CodeReviewError(ServiceError):
    """The review cannot be recorded; the message says why."""


def pending() -> list[Firm]:
    return list(db.session.scalars(select(Firm).where(Firm.code_review == PENDING).order_by(Firm.created_at)))


def decide(firm: Firm, confirm: bool, actor) -> None:
    if firm.code_review != PENDING:
        raise CodeReviewError(str(_l("This code is not waiting for a check.")))
    firm.code_review = CONFIRMED if confirm else REFUSED
    firm.code_reviewed_at, firm.code_reviewed_by_id = utcnow(), getattr(actor, "id", None)
    record("code_confirmed" if confirm else "code_refused", "firm", firm.id, actor=actor, to_value=firm.credit_code)
