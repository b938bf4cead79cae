"""A firm corrects its name: the new name comes with the new business licence, and takes effect only
when staff have compared the two (the name appears on receipts, certificates and public notices)."""

from __future__ import annotations

from sqlalchemy import select

from portal.audit.labels import register
from portal.audit.services import record
from portal.core.db import utcnow
from portal.core.errors import ServiceError
from portal.core.uploads import store_upload
from portal.extensions import db
from portal.firms.models import Firm, FirmCorrection
from portal.i18n import gettext as _
from portal.i18n import lazy_gettext as _l

register(
    actions={
        "name_correction_requested": _l("Name correction requested"),
        "name_correction_confirmed": _l("Name correction confirmed"),
        "name_correction_refused": _l("Name correction refused"),
    }
)


class CorrectionError(ServiceError):
    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def pending_for(firm_id: int) -> FirmCorrection | None:
    return db.session.scalar(
        select(FirmCorrection).where(FirmCorrection.firm_id == firm_id, FirmCorrection.status == "pending")
    )


def pending() -> list[FirmCorrection]:
    return list(
        db.session.scalars(
            select(FirmCorrection).where(FirmCorrection.status == "pending").order_by(FirmCorrection.created_at)
        )
    )


def request_name_change(firm: Firm, new_name: str, licence: tuple[str, bytes], actor) -> FirmCorrection:
    new_name = (new_name or "").strip()
    if new_name == firm.name:
        raise CorrectionError(_("This is the firm's name already."), "new_name")
    if pending_for(firm.id) is not None:
        raise CorrectionError(_("A name correction is already waiting for staff. You will be told of the result."))
    stored = store_upload(*licence)
    correction = FirmCorrection(
        firm_id=firm.id,
        old_name=firm.name,
        new_name=new_name,
        licence_stored_name=stored.stored_name,
        licence_original_name=stored.original_name,
        requested_by_id=actor.id,
    )
    db.session.add(correction)
    db.session.flush()
    record("name_correction_requested", "firm", firm.id, actor=actor, detail={"correction": correction.id})
    return correction


def decide(correction: FirmCorrection, staff, confirm: bool, note: str | None) -> None:
    if correction.status != "pending":
        raise CorrectionError(_("This correction has already been decided."))
    correction.status = "confirmed" if confirm else "refused"
    correction.decided_at, correction.decided_by_id = utcnow(), staff.id
    correction.decision_note = (note or "").strip()[:500] or None
    if confirm:
        correction.firm.name = correction.new_name
    record(
        "name_correction_confirmed" if confirm else "name_correction_refused",
        "firm",
        correction.firm_id,
        actor=staff,
        note=correction.decision_note,
        detail={"correction": correction.id},
    )
