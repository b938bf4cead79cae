"""An agency's own account: it keeps its contact details and services current itself; changes to the
regulated fields (name, filing or licence number, address) wait for staff to confirm them."""

from __future__ import annotations

import secrets

from sqlalchemy import select

from portal.accounts.services import create_user, find_user_by_email
from portal.accounts.sign_in_links import send_sign_in_link
from portal.audit import labels
from portal.audit.services import record
from portal.core.db import utcnow
from portal.core.permissions import Role
from portal.extensions import db
from portal.i18n import gettext as _
from portal.i18n import lazy_gettext as _l
from portal.market.agencies import AgencyError, entry_errors
from portal.market.models import Agency, AgencyChange

REGULATED = ("name", "licence_no", "address")
SELF_SERVICE = ("contact", "services")

labels.register(
    actions={
        "agency_account_created": _l("Agency account created"),
        "agency_self_update": _l("Agency updated its contact details"),
        "agency_change_proposed": _l("Agency proposed a change"),
        "agency_change_decided": _l("Agency change decided"),
    }
)


def agency_of(user) -> Agency | None:
    return db.session.scalar(select(Agency).where(Agency.account_user_id == user.id))


def create_account(agency: Agency, email: str, actor) -> None:
    if agency.account_user_id is not None:
        raise AgencyError(_("This agency already has an account."), "email")
    email = email.strip().lower()
    if find_user_by_email(email) is not None:
        raise AgencyError(_("An account with this email address already exists."), "email")
    user = create_user(email, secrets.token_urlsafe(24), Role.AGENCY, name=agency.name[:100])
    agency.account_user_id = user.id
    db.session.flush()
    record("agency_account_created", "agency", agency.id, actor=actor)
    send_sign_in_link(email)


def pending_change(agency: Agency) -> AgencyChange | None:
    return db.session.scalar(
        select(AgencyChange).where(AgencyChange.agency_id == agency.id, AgencyChange.status == "pending")
    )


def pending_changes() -> list[AgencyChange]:
    stmt = select(AgencyChange).where(AgencyChange.status == "pending").order_by(AgencyChange.id)
    return list(db.session.scalars(stmt))


def update_own(agency: Agency, values: dict, actor) -> bool:
    """Apply contact and services now; store the regulated fields that differ for staff. True when
    something waits for confirmation."""
    merged = {name: getattr(agency, name) or "" for name in ("name", "credit_code", "kind", *REGULATED[1:])}
    merged |= {name: (values.get(name) or "").strip() for name in (*REGULATED, *SELF_SERVICE)}
    errors = entry_errors(merged)
    if errors:
        field, message = next(iter(errors.items()))
        raise AgencyError(message, field)
    changed = [n for n in SELF_SERVICE if (getattr(agency, n) or "") != merged[n]]
    for name in changed:
        setattr(agency, name, merged[name] or None)
    if changed:
        record("agency_self_update", "agency", agency.id, actor=actor, detail={"fields": changed})
    proposed = {n: merged[n] for n in REGULATED if (getattr(agency, n) or "") != merged[n]}
    if not proposed:
        return False
    change = pending_change(agency)
    if change is None:
        change = AgencyChange(agency_id=agency.id, proposed=proposed, status="pending")
        db.session.add(change)
    else:
        change.proposed = proposed
    db.session.flush()
    record("agency_change_proposed", "agency", agency.id, actor=actor, detail={"fields": sorted(proposed)})
    return True


def decide_change(change: AgencyChange, confirm: bool, actor) -> None:
    if change.status != "pending":
        raise AgencyError(_("This change has already been decided."))
    if confirm:
        for name, value in change.proposed.items():
            if name in REGULATED:
                setattr(change.agency, name, value or None)
    change.status = "confirmed" if confirm else "refused"
    change.decided_by_id, change.decided_at = getattr(actor, "id", None), utcnow()
    record("agency_change_decided", "agency", change.agency_id, actor=actor, to_value=change.status)
