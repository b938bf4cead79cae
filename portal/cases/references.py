"""Case reference numbers: HQ-<TYPE>-<YYYY>-<NNNNNN>, unique under concurrent submits."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from portal.cases.models import ReferenceCounter
from portal.extensions import db


def next_reference(code: str, year: int) -> str:
    """Issue the next number for (code, year).

    The increment is one UPDATE … RETURNING: PostgreSQL takes a row lock, so parallel
    submitters queue on the counter row and each reads its own value; SQLite serialises
    writers anyway. The counter row is created on first use inside a savepoint, so two
    first-of-the-year submits cannot both insert it.
    """
    exists = db.session.scalar(
        select(ReferenceCounter.id).where(ReferenceCounter.code == code, ReferenceCounter.year == year)
    )
    if exists is None:
        try:
            with db.session.begin_nested():
                db.session.add(ReferenceCounter(code=code, year=year, last_number=0))
        except IntegrityError:
            pass  # another submitter created it first; the UPDATE below serialises us
    number = db.session.execute(
        update(ReferenceCounter)
        .where(ReferenceCounter.code == code, ReferenceCounter.year == year)
        .values(last_number=ReferenceCounter.last_number + 1)
        .returning(ReferenceCounter.last_number)
    ).scalar_one()
    return f"HQ-{code}-{year}-{number:06d}"
