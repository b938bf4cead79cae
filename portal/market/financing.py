"""Financing and insurance: staff enter district banks and insurers and their products; firms request
financing with their IP list; staff pass requests on and record the outcome. Granted pledge loans
feed the firm's profile and the district's pledge financing figures."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import extract, func, select

from portal.audit import labels
from portal.audit.services import record
from portal.core.errors import ServiceError
from portal.core.timeutil import today_local
from portal.extensions import db
from portal.firms.services import profile_history
from portal.i18n import gettext as _
from portal.i18n import lazy_gettext as _l
from portal.market.finance_models import FinanceProduct, FinanceProvider, FinancingRequest
from portal.market.vocab import OPEN_REQUESTS, ProductKind, RequestStatus

labels.register(
    actions={
        "finance_provider_added": _l("Bank or insurer added"),
        "finance_product_published": _l("Financing product published"),
        "financing_requested": _l("Financing requested"),
        "financing_passed_on": _l("Financing request passed on"),
        "financing_outcome": _l("Financing outcome recorded"),
    },
    values={s.value: s.__labels__[s.value] for s in RequestStatus},
)


class FinanceError(ServiceError):
    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def add_provider(name: str, kind: str, contact: str, actor) -> FinanceProvider:
    if db.session.scalar(select(FinanceProvider.id).where(FinanceProvider.name == name.strip())):
        raise FinanceError(_("This institution is already listed."), "name")
    provider = FinanceProvider(name=name.strip(), kind=kind, contact=contact.strip())
    db.session.add(provider)
    db.session.flush()
    record("finance_provider_added", "finance_provider", provider.id, actor=actor, to_value=provider.name)
    return provider


@dataclass(frozen=True)
class ProductData:
    provider_id: int
    kind: str
    name: str
    valid_from: date
    valid_until: date
    rate_min: Decimal | None = None
    rate_max: Decimal | None = None
    term_months: int | None = None
    max_amount: Decimal | None = None
    eligibility: str = ""
    insurance_types: str = ""
    premium_subsidy: str = ""


def publish_product(data: ProductData, actor) -> FinanceProduct:
    if db.session.get(FinanceProvider, data.provider_id) is None:
        raise FinanceError(_("Choose the bank or insurer."), "provider_id")
    if data.valid_until < data.valid_from:
        raise FinanceError(_("The product cannot end before it starts."), "valid_until")
    if data.kind == ProductKind.PLEDGE_LOAN:
        if data.rate_min is None or data.rate_max is None or data.rate_min > data.rate_max:
            raise FinanceError(_("Give the interest rate range, lowest first."), "rate_min")
        if not data.term_months or data.max_amount is None or not data.eligibility.strip():
            raise FinanceError(
                _("A pledge loan needs its longest term, maximum amount and eligibility."), "term_months"
            )
    elif not data.insurance_types.strip():
        raise FinanceError(_("Name the types of IP insurance the product covers."), "insurance_types")
    product = FinanceProduct(
        provider_id=data.provider_id,
        kind=data.kind,
        name=data.name.strip(),
        rate_min=data.rate_min,
        rate_max=data.rate_max,
        term_months=data.term_months,
        max_amount=data.max_amount,
        eligibility=data.eligibility.strip() or None,
        insurance_types=data.insurance_types.strip() or None,
        premium_subsidy=data.premium_subsidy.strip() or None,
        valid_from=data.valid_from,
        valid_until=data.valid_until,
    )
    db.session.add(product)
    db.session.flush()
    record("finance_product_published", "finance_product", product.id, actor=actor, to_value=product.name)
    return product


def current_products(kind: str = "") -> list[FinanceProduct]:
    today = today_local()
    stmt = select(FinanceProduct).where(FinanceProduct.valid_from <= today, FinanceProduct.valid_until >= today)
    if kind in {k.value for k in ProductKind}:
        stmt = stmt.where(FinanceProduct.kind == kind)
    return list(db.session.scalars(stmt.order_by(FinanceProduct.kind, FinanceProduct.name)))


def all_products() -> list[FinanceProduct]:
    return list(db.session.scalars(select(FinanceProduct).order_by(FinanceProduct.valid_until.desc())))


def providers() -> list[FinanceProvider]:
    return list(db.session.scalars(select(FinanceProvider).order_by(FinanceProvider.name)))


def ip_list(firm_id: int) -> str:
    """The firm's holdings from its latest yearly profile, in words, as the request carries them."""
    history = profile_history(firm_id)
    if not history:
        return _("No IP profile kept on the portal yet.")
    p = history[0]
    return _(
        "%(year)s: %(inv)d invention patents (%(hv)d high-value), %(um)d utility models, %(des)d designs, "
        "%(tm)d trademarks registered in China, %(cr)d copyrights.",
        year=p.year,
        inv=p.invention_patents,
        hv=p.high_value_patents,
        um=p.utility_models,
        des=p.designs,
        tm=p.trademarks_domestic,
        cr=p.copyrights,
    )


def request_financing(
    firm_id: int, product: FinanceProduct | None, kind: str, need: str, amount: Decimal | None, actor
) -> FinancingRequest:
    if product is not None:
        today = today_local()
        if not product.valid_from <= today <= product.valid_until:
            raise FinanceError(_("This product is no longer offered."), "product")
        kind = product.kind
    if kind not in {k.value for k in ProductKind}:
        raise FinanceError(_("Choose what you need."), "kind")
    if not need.strip():
        raise FinanceError(_("Say briefly what the financing is for."), "need")
    request = FinancingRequest(
        reference=f"tmp-{secrets.token_hex(8)}",
        firm_id=firm_id,
        product_id=product.id if product else None,
        kind=kind,
        need=need.strip(),
        amount_sought=amount,
        ip_list=ip_list(firm_id),
    )
    db.session.add(request)
    db.session.flush()
    request.reference = f"RZ{today_local().year}{request.id:06d}"
    record("financing_requested", "financing_request", request.id, actor=actor, to_value=RequestStatus.SUBMITTED)
    return request


def pass_on(request: FinancingRequest, to: str, actor) -> None:
    if request.status not in OPEN_REQUESTS:
        raise FinanceError(_("This request is already concluded."))
    if not to.strip():
        raise FinanceError(_("Name the institutions the request goes to."), "passed_to")
    before = request.status
    request.passed_to = to.strip()
    request.status = RequestStatus.PASSED_ON
    record(
        "financing_passed_on", "financing_request", request.id, actor=actor, from_value=before, to_value=request.status
    )


def record_outcome(
    request: FinancingRequest, status: str, amount: Decimal | None, decided_on: date | None, note: str, actor
) -> None:
    if request.status not in OPEN_REQUESTS:
        raise FinanceError(_("This request is already concluded."))
    if status not in (RequestStatus.GRANTED, RequestStatus.DECLINED, RequestStatus.WITHDRAWN):
        raise FinanceError(_("Choose the outcome."), "outcome")
    if status == RequestStatus.GRANTED and (amount is None or amount <= 0):
        raise FinanceError(_("Enter the amount granted."), "amount")
    before = request.status
    request.status = status
    request.granted_amount = amount if status == RequestStatus.GRANTED else None
    request.decided_on = decided_on or today_local()
    request.outcome_note = note.strip() or None
    record(
        "financing_outcome",
        "financing_request",
        request.id,
        actor=actor,
        from_value=before,
        to_value=status,
        detail={"amount": str(amount) if request.granted_amount is not None else None},
    )


def withdraw(request: FinancingRequest, actor) -> None:
    record_outcome(request, RequestStatus.WITHDRAWN, None, None, "", actor)


def firm_requests(firm_id: int) -> list[FinancingRequest]:
    stmt = select(FinancingRequest).where(FinancingRequest.firm_id == firm_id).order_by(FinancingRequest.id.desc())
    return list(db.session.scalars(stmt))


def requests(status: str = ""):
    stmt = select(FinancingRequest)
    if status in {s.value for s in RequestStatus}:
        stmt = stmt.where(FinancingRequest.status == status)
    return stmt.order_by(FinancingRequest.id.desc())


def pledge_by_year(firm_id: int | None = None) -> list[tuple[int, int, Decimal]]:
    """Granted pledge loans per year of decision: (year, loans, amount in 万元)."""
    year = extract("year", FinancingRequest.decided_on)
    stmt = select(year, func.count(), func.coalesce(func.sum(FinancingRequest.granted_amount), 0)).where(
        FinancingRequest.status == RequestStatus.GRANTED, FinancingRequest.kind == ProductKind.PLEDGE_LOAN
    )
    if firm_id is not None:
        stmt = stmt.where(FinancingRequest.firm_id == firm_id)
    rows = db.session.execute(stmt.group_by(year).order_by(year)).all()
    return [(int(y), int(c), Decimal(a)) for y, c, a in rows]


def granted_pledge_loans(firm_id: int) -> list[dict]:
    """The firm's pledge loans granted through its financing requests (choices of the interest subsidy)."""
    return _granted(firm_id, ProductKind.PLEDGE_LOAN)


def granted_insurance(firm_id: int) -> list[dict]:
    """The firm's IP insurance granted through its financing requests (choices of the premium subsidy)."""
    return _granted(firm_id, ProductKind.INSURANCE)


def _granted(firm_id: int, kind: str) -> list[dict]:
    """{"ref": reference, "label": reference, provider, amount and decision date} of granted requests."""
    stmt = (
        select(FinancingRequest)
        .where(
            FinancingRequest.firm_id == firm_id,
            FinancingRequest.status == RequestStatus.GRANTED,
            FinancingRequest.kind == kind,
        )
        .order_by(FinancingRequest.decided_on.desc(), FinancingRequest.id.desc())
    )
    granted = []
    for request in db.session.scalars(stmt):
        lender = request.product.provider.name if request.product is not None else (request.passed_to or "")
        label = _(
            "%(ref)s %(lender)s, %(amount)s (10,000 yuan), granted on %(date)s",
            ref=request.reference,
            lender=lender,
            amount=request.granted_amount,
            date=request.decided_on.isoformat() if request.decided_on else "",
        )
        granted.append({"ref": request.reference, "label": label})
    return granted
