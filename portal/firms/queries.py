"""Registered firms for the back office."""

from __future__ import annotations

from sqlalchemy import Select, func, or_, select

from portal.cases.models import Case
from portal.cases.status import CaseStatus
from portal.firms.models import Firm


def firms_statement(q: str | None = None, industry: str | None = None) -> Select:
    """Firms with their number of submitted cases, in one query."""
    cases = (
        select(Case.firm_id, func.count(Case.id).label("n"))
        .where(Case.status != CaseStatus.DRAFT)
        .group_by(Case.firm_id)
        .subquery()
    )
    stmt = select(Firm, func.coalesce(cases.c.n, 0)).outerjoin(cases, cases.c.firm_id == Firm.id)
    if q:
        term = f"%{q.strip()}%"
        stmt = stmt.where(or_(Firm.name.ilike(term), Firm.credit_code.ilike(term)))
    if industry:
        stmt = stmt.where(Firm.industry == industry)
    return stmt.order_by(Firm.name)
