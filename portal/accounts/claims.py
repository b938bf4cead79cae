"""Credit-code claims: the real firm gets its unified social credit code back from a squatter.

Anyone can register any checksum-valid code, so a code being taken proves nothing. The real
firm files a claim with its business licence and a letter under seal; staff compare them with
the national enterprise credit register. On confirmation the code moves to a new account for
the claimant, whose address gets a link to set a password, and every account of the firm
that held the code is suspended. Both steps are audited.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from flask import current_app, render_template
from flask_babel import force_locale
from sqlalchemy import select

from portal.accounts.models import CodeClaim, User
from portal.accounts.services import AccountError, end_sessions, find_user_by_email, make_reset_token
from portal.audit.services import record
from portal.core import mail
from portal.core.db import utcnow
from portal.core.permissions import Role
from portal.core.uploads import store_upload
from portal.core.urls import external_url
from portal.extensions import db
from portal.firms.models import Firm
from portal.i18n import gettext as _


class ClaimError(AccountError):
    """The claim cannot be filed or decided; the message says why."""


@dataclass
class ClaimRequest:
    firm_name: str
    credit_code: str
    contact_name: str
    mobile: str
    email: str
    licence: tuple[str, bytes]
    letter: tuple[str, bytes]


def file_claim(data: ClaimRequest) -> CodeClaim:
    holder = db.session.scalar(select(Firm).where(Firm.credit_code == data.credit_code))
    if holder is None:
        raise ClaimError(_("No firm has registered this code yet: register your firm instead."), "credit_code")
    if find_user_by_email(data.email):
        raise ClaimError(
            _("This email address already has an account. Use an address of your firm that is not registered."),
            "email",
        )
    licence = store_upload(*data.licence)
    letter = store_upload(*data.letter)
    claim = CodeClaim(
        credit_code=data.credit_code,
        firm_name=data.firm_name.strip(),
        contact_name=data.contact_name.strip(),
        mobile=data.mobile,
        email=data.email.strip().lower(),
        licence_stored_name=licence.stored_name,
        licence_original_name=licence.original_name,
        letter_stored_name=letter.stored_name,
        letter_original_name=letter.original_name,
        holder_firm_id=holder.id,
    )
    db.session.add(claim)
    db.session.flush()
    record("code_claim_filed", "code_claim", claim.id, to_value=str(holder.id))
    return claim


def pending_claims() -> list[CodeClaim]:
    return list(
        db.session.scalars(select(CodeClaim).where(CodeClaim.status == "pending").order_by(CodeClaim.created_at))
    )


def _require_pending(claim: CodeClaim) -> None:
    if claim.status != "pending":
        raise ClaimError(_("This claim has already been decided."))


def refuse_claim(claim: CodeClaim, staff: User, reason: str) -> None:
    _require_pending(claim)
    claim.status, claim.decided_at, claim.decided_by_id = "refused", utcnow(), staff.id
    record("code_claim_refused", "code_claim", claim.id, actor=staff, note=reason or None)


def confirm_claim(claim: CodeClaim, staff: User, reason: str) -> User:
    """Move the code to a new firm account for the claimant; suspend the holder's accounts."""
    _require_pending(claim)
    holder = db.session.scalar(select(Firm).where(Firm.id == claim.holder_firm_id).with_for_update())
    if holder is None or holder.credit_code != claim.credit_code:
        raise ClaimError(_("The code is no longer held by the firm named in this claim."))
    if find_user_by_email(claim.email):
        raise ClaimError(_("The claimant's email address has been registered meanwhile; ask for another address."))
    holder.credit_code = f"CLM{holder.id:015d}"  # frees the code; the squatting firm keeps its rows
    db.session.flush()
    for user in holder.users:
        if user.active:
            user.active = False
            end_sessions(user)
            record("account_suspended", "user", user.id, actor=staff, to_value="code_claim")
    firm = Firm(
        name=claim.firm_name,
        credit_code=claim.credit_code,
        contact_name=claim.contact_name,
        contact_mobile=claim.mobile,
    )
    owner = User(email=claim.email, name=claim.contact_name, mobile=claim.mobile, role=Role.FIRM, firm=firm)
    owner.set_password(secrets.token_urlsafe(32))  # nobody knows it: the owner sets one through the mailed link
    db.session.add_all([firm, owner])
    db.session.flush()
    claim.status, claim.decided_at, claim.decided_by_id, claim.new_firm_id = "confirmed", utcnow(), staff.id, firm.id
    record(
        "code_claim_confirmed",
        "code_claim",
        claim.id,
        actor=staff,
        from_value=str(holder.id),
        to_value=str(firm.id),
        note=reason or None,
    )
    _mail_claimant(owner)
    return owner


def recover_with_claim(claim: CodeClaim, staff: User, reason: str) -> User:
    """The holder is the claimant's own firm, whose administrator left: the claimant becomes an
    administrator of the existing account, which keeps its cases and colleagues (the new
    administrator deactivates whoever left, ``portal.accounts.colleagues``)."""
    _require_pending(claim)
    holder = db.session.scalar(select(Firm).where(Firm.id == claim.holder_firm_id).with_for_update())
    if holder is None or holder.credit_code != claim.credit_code:
        raise ClaimError(_("The code is no longer held by the firm named in this claim."))
    if find_user_by_email(claim.email):
        raise ClaimError(_("The claimant's email address has been registered meanwhile; ask for another address."))
    owner = User(email=claim.email, name=claim.contact_name, mobile=claim.mobile, role=Role.FIRM, firm=holder)
    owner.set_password(secrets.token_urlsafe(32))  # set through the mailed link
    db.session.add(owner)
    db.session.flush()
    claim.status, claim.decided_at, claim.decided_by_id, claim.new_firm_id = "confirmed", utcnow(), staff.id, holder.id
    record(
        "code_claim_recovered",
        "code_claim",
        claim.id,
        actor=staff,
        to_value=str(holder.id),
        note=reason or None,
        detail={"user": owner.id},
    )
    _mail_claimant(owner)
    return owner


def _mail_claimant(owner: User) -> None:
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        mail.queue_mail(
            owner.email,
            _("Your credit code claim has been confirmed"),
            render_template(
                "emails/code_claim_confirmed.txt",
                user=owner,
                link=external_url("auth.reset_password", token=make_reset_token(owner)),
            ),
        )
