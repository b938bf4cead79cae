"""Patent transfer and licensing (专利转移转化对接): institutions' accounts, listings, firms' interest,
the progress of each match, and firms' technology needs. Services flush; views commit."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from portal.accounts.services import create_user, find_user_by_email
from portal.accounts.sign_in_links import send_sign_in_link
from portal.audit import labels
from portal.audit.services import record
from portal.core.errors import ServiceError
from portal.core.permissions import Role
from portal.core.timeutil import today_local
from portal.core.validators import normalise_uscc, uscc_error
from portal.extensions import db
from portal.i18n import gettext as _
from portal.i18n import lazy_gettext as _l
from portal.market import patent_numbers
from portal.market.models import Institution, Match, NeedAnswer, PatentListing, SavedListing, TechNeed
from portal.market.vocab import (
    INSTITUTION_ENTITY_TYPES,
    NEXT_STAGES,
    LegalStatus,
    ListingStatus,
    MatchStage,
    NeedStatus,
    OfferMode,
)

labels.register(
    actions={
        "institution_registered": _l("Institution registered"),
        "listing_created": _l("Patent listed"),
        "listing_withdrawn": _l("Patent listing withdrawn"),
        "interest_expressed": _l("Interest in a patent expressed"),
        "match_stage": _l("Match progress recorded"),
        "need_posted": _l("Technology need posted"),
        "need_answered": _l("Technology need answered"),
    },
    values={m.value: m.__labels__[m.value] for m in MatchStage if m != MatchStage.CLOSED},
)


class MarketError(ServiceError):
    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def register_institution(values: dict, actor) -> Institution:
    """A university or research institute and its account (the contact sets a password through a
    sign-in link or a reset). Only the entity types of GB 32100 that such a body carries are accepted."""
    code = normalise_uscc(values["credit_code"])
    message = uscc_error(code)
    if message:
        raise MarketError(str(message), "credit_code")
    if code[:2] not in INSTITUTION_ENTITY_TYPES:
        raise MarketError(
            _(
                "A university or research institute has a code starting 12 (public institution), "
                "52 (private non-enterprise unit) or 91 (enterprise)."
            ),
            "credit_code",
        )
    if db.session.scalar(select(Institution.id).where(Institution.credit_code == code)):
        raise MarketError(_("An institution with this credit code is already registered."), "credit_code")
    email = values["email"].strip().lower()
    if find_user_by_email(email) is not None:
        raise MarketError(_("An account with this email address already exists."), "email")
    user = create_user(email, secrets.token_urlsafe(24), Role.INSTITUTION, name=values["contact_name"].strip())
    institution = Institution(
        name=values["name"].strip(),
        credit_code=code,
        kind=values["kind"],
        contact_name=values["contact_name"].strip(),
        contact_phone=values["contact_phone"].strip(),
        user_id=user.id,
    )
    db.session.add(institution)
    db.session.flush()
    record("institution_registered", "institution", institution.id, actor=actor, to_value=institution.name)
    send_sign_in_link(email)  # the contact chooses a password after signing in
    return institution


def institution_of(user) -> Institution | None:
    return db.session.scalar(select(Institution).where(Institution.user_id == user.id))


@dataclass(frozen=True)
class ListingData:
    application_no: str
    title: str
    ipc: str
    legal_status: str
    field: str
    mode: str
    terms: str
    price: Decimal | None
    open_licence_terms: str = ""


def create_listing(data: ListingData, actor, *, institution: Institution | None = None, firm_id: int | None = None):
    message = patent_numbers.application_number_error(data.application_no)
    if message:
        raise MarketError(str(message), "application_no")
    if data.mode not in {m.value for m in OfferMode} or data.legal_status not in {s.value for s in LegalStatus}:
        raise MarketError(_("Choose how the patent is offered."), "mode")
    if data.mode == OfferMode.OPEN_LICENCE and not data.open_licence_terms.strip():
        raise MarketError(_("State the open licence terms as declared to CNIPA."), "open_licence_terms")
    number = patent_numbers.canonical(data.application_no)
    owner = PatentListing.institution_id == institution.id if institution else PatentListing.firm_id == firm_id
    duplicate = select(PatentListing.id).where(
        owner, PatentListing.application_no == number, PatentListing.status == ListingStatus.AVAILABLE
    )
    if db.session.scalar(duplicate):
        raise MarketError(_("You already list this patent."), "application_no")
    listing = PatentListing(
        institution_id=institution.id if institution else None,
        firm_id=None if institution else firm_id,
        application_no=number,
        title=data.title.strip(),
        ipc=data.ipc.strip().upper(),
        legal_status=data.legal_status,
        field=data.field.strip(),
        mode=data.mode,
        terms=data.terms.strip(),
        price=data.price,
        open_licence_terms=data.open_licence_terms.strip() or None,
        status=ListingStatus.AVAILABLE,
    )
    db.session.add(listing)
    db.session.flush()
    record("listing_created", "patent_listing", listing.id, actor=actor, to_value=number)
    return listing


def withdraw_listing(listing: PatentListing, actor) -> None:
    if listing.status != ListingStatus.AVAILABLE:
        raise MarketError(_("This listing is already withdrawn."))
    listing.status = ListingStatus.WITHDRAWN
    record("listing_withdrawn", "patent_listing", listing.id, actor=actor)


def toggle_saved(firm_id: int, listing: PatentListing) -> bool:
    """Save the listing for the firm, or forget it when saved; True when it is now saved."""
    row = db.session.scalar(
        select(SavedListing).where(SavedListing.firm_id == firm_id, SavedListing.listing_id == listing.id)
    )
    if row is not None:
        db.session.delete(row)
        return False
    db.session.add(SavedListing(firm_id=firm_id, listing_id=listing.id))
    db.session.flush()
    return True


def express_interest(firm_id: int, listing: PatentListing, message: str, actor) -> Match:
    if listing.status != ListingStatus.AVAILABLE:
        raise MarketError(_("This patent is no longer offered."))
    if listing.firm_id == firm_id:
        raise MarketError(_("This is your own listing."))
    if not message.strip():
        raise MarketError(_("Tell the owner briefly what you would use the patent for."), "message")
    if db.session.scalar(select(Match.id).where(Match.listing_id == listing.id, Match.firm_id == firm_id)):
        raise MarketError(_("You have already expressed interest in this patent."), "message")
    match = Match(reference=f"tmp-{secrets.token_hex(8)}", listing_id=listing.id, firm_id=firm_id, message=message)
    db.session.add(match)
    db.session.flush()
    match.reference = f"ZH{today_local().year}{match.id:06d}"
    record("interest_expressed", "match", match.id, actor=actor, to_value=MatchStage.INTENT)
    return match


@dataclass(frozen=True)
class StageUpdate:
    stage: str
    contract_type: str = ""
    amount: Decimal | None = None
    signed_on: date | None = None
    filed_on: date | None = None
    public_consent: bool = False
    note: str = ""


def advance(match: Match, update: StageUpdate, actor) -> None:
    """Move a match to its next stage; signing needs the contract type, 备案 its date."""
    current = MatchStage(match.stage)
    try:
        target = MatchStage(update.stage)
    except ValueError:
        raise MarketError(_("Choose the next stage."), "stage") from None
    if target not in NEXT_STAGES[current]:
        raise MarketError(
            _("A match at “%(now)s” cannot move to “%(next)s”.", now=current.label, next=target.label), "stage"
        )
    if target == MatchStage.SIGNED:
        if update.contract_type not in {m.value for m in OfferMode}:
            raise MarketError(_("Choose the type of contract signed."), "contract_type")
        match.contract_type = update.contract_type
        match.amount = update.amount
        match.signed_on = update.signed_on or today_local()
        match.public_consent = update.public_consent
    if target == MatchStage.FILED:
        if update.filed_on is None:
            raise MarketError(_("Enter the date the contract was recorded (备案)."), "filed_on")
        if match.signed_on and update.filed_on < match.signed_on:
            raise MarketError(_("The contract cannot be recorded before it was signed."), "filed_on")
        match.filed_on = update.filed_on
        match.public_consent = update.public_consent or match.public_consent
    if update.note.strip():
        match.note = update.note.strip()
    match.stage = target
    record("match_stage", "match", match.id, actor=actor, from_value=current, to_value=target, note=update.note or None)


def post_need(firm_id: int, values: dict, actor) -> TechNeed:
    need = TechNeed(
        firm_id=firm_id,
        title=values["title"].strip(),
        field=values["field"].strip(),
        description=values["description"].strip(),
        budget=(values.get("budget") or "").strip() or None,
        status=NeedStatus.OPEN,
    )
    db.session.add(need)
    db.session.flush()
    record("need_posted", "tech_need", need.id, actor=actor)
    return need


def close_need(need: TechNeed, actor) -> None:
    need.status = NeedStatus.CLOSED
    record("need_closed", "tech_need", need.id, actor=actor)


def answer_need(need: TechNeed, institution: Institution, message: str, actor) -> NeedAnswer:
    if need.status != NeedStatus.OPEN:
        raise MarketError(_("This need is closed."))
    if not message.strip():
        raise MarketError(_("Write your answer."), "message")
    answer = NeedAnswer(need_id=need.id, institution_id=institution.id, message=message.strip())
    db.session.add(answer)
    db.session.flush()
    db.session.expire(need, ["answers"])
    record("need_answered", "tech_need", need.id, actor=actor, detail={"institution": institution.id})
    return answer
