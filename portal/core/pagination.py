"""Page numbers from query arguments, and ``Page`` for the lists Flask-SQLAlchemy's ``db.paginate``
cannot serve. Lists of one entity use ``db.paginate``; ``Page``/``paginate`` remain for:

- statements selecting rows, not one entity (search hits with their score, firms with their case
  count): ``db.paginate`` keeps only the first column of each row;
- the staff queue (``portal.cases.queue.queue_page``): the benchmark of the queue (README,
  "Benchmark") showed counting the joined statement as a subquery, as ``db.paginate`` does, cost
  most of its 93 ms; ``count_rows`` counts the plain statement in place.

``Page`` has the attributes of Flask-SQLAlchemy's ``Pagination`` that the pagination macro uses.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from math import ceil

from sqlalchemy import Select, func, select

from portal.extensions import db


@dataclass
class Page:
    items: list
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, ceil(self.total / self.per_page)) if self.per_page else 1

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int | None:
        return self.page - 1 if self.has_prev else None

    @property
    def next_num(self) -> int | None:
        return self.page + 1 if self.has_next else None

    def iter_pages(self, edge: int = 2, around: int = 2) -> Iterator[int | None]:
        """Page numbers to link, with ``None`` where a run of numbers is left out (rendered as …)."""
        pages = self.pages
        wanted = sorted(
            {
                n
                for n in (
                    *range(1, edge + 1),
                    *range(pages - edge + 1, pages + 1),
                    *range(self.page - around, self.page + around + 1),
                )
                if 1 <= n <= pages
            }
        )
        last = 0
        for n in wanted:
            if last and n - last > 1:
                yield None
            yield n
            last = n

    def __iter__(self):
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


def clamp_page(raw) -> int:
    """A page number from a query argument: anything unusable becomes 1."""
    number = parse_int(raw) if not isinstance(raw, int) else raw
    return max(1, min(number or 1, 10_000))


def parse_int(raw) -> int | None:
    """An ASCII whole number from a query argument, or None ("²" and "١" are digits to Python, not to us)."""
    return int(raw) if isinstance(raw, str) and raw.isascii() and raw.isdigit() and len(raw) < 10 else None


def parse_day(raw) -> date | None:
    """A yyyy-mm-dd date between 1900 and 2100 from a query argument, or None."""
    try:
        day = date.fromisoformat(raw) if raw else None
    except (TypeError, ValueError):
        return None
    return day if day and date(1900, 1, 1) <= day <= date(2100, 12, 31) else None


def count_rows(stmt: Select) -> int:
    """COUNT(*) of a statement's rows. A plain statement is counted in place (the database can answer
    from an index); one with GROUP BY or DISTINCT is counted as a subquery."""
    if stmt._group_by_clauses or stmt._distinct:
        return db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0
    return db.session.scalar(stmt.with_only_columns(func.count(), maintain_column_froms=True).order_by(None)) or 0


def paginate(stmt: Select, page: int, per_page: int = 20) -> Page:
    """Run ``stmt`` for one page. A statement selecting one entity yields objects, otherwise rows."""
    page = clamp_page(page)
    total = count_rows(stmt)
    pages = max(1, ceil(total / per_page))
    page = min(page, pages)
    limited = stmt.limit(per_page).offset((page - 1) * per_page)
    if len(stmt.column_descriptions) == 1:
        items = list(db.session.scalars(limited))
    else:
        items = list(db.session.execute(limited).all())
    return Page(items=items, page=page, per_page=per_page, total=total)
