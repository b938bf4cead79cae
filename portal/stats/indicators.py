"""The official 每万人口高价值发明专利拥有量, as staff enter it from its published source.

The sum of portal firms' self-reported profiles is a different figure (平台填报企业口径) and is never
shown as this indicator."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select

from portal.audit.labels import register
from portal.audit.services import record
from portal.core.errors import ServiceError
from portal.core.timeutil import today_local
from portal.extensions import db
from portal.i18n import lazy_gettext as _l
from portal.stats.models import HIGH_VALUE_PER_10K, OfficialIndicator

register(actions={"official_indicator": _l("Official indicator entered")})


class IndicatorError(ServiceError):
    """The figure cannot be recorded; the message says why."""


def record_official(value: Decimal, reference_date: date, source: str, actor) -> OfficialIndicator:
    """Add a figure (earlier ones stay in the history)."""
    source = (source or "").strip()
    if value is None or value < 0 or value >= 10_000:
        raise IndicatorError(str(_l("Enter the figure as published, between 0 and 9999.99.")))
    if reference_date is None or reference_date > today_local():
        raise IndicatorError(str(_l("The reference date cannot be in the future.")))
    if not source:
        raise IndicatorError(str(_l("Name the source: the bulletin or release and its date or number.")))
    row = OfficialIndicator(
        indicator=HIGH_VALUE_PER_10K,
        value=value,
        reference_date=reference_date,
        source=source[:300],
        entered_by_id=getattr(actor, "id", None),
    )
    db.session.add(row)
    db.session.flush()
    record("official_indicator", "official_indicator", row.id, actor=actor, to_value=f"{value} @ {reference_date}")
    return row


def history() -> list[OfficialIndicator]:
    """Every entry, the latest reference date (then the latest entry) first."""
    return list(
        db.session.scalars(
            select(OfficialIndicator)
            .where(OfficialIndicator.indicator == HIGH_VALUE_PER_10K)
            .order_by(
                OfficialIndicator.reference_date.desc(),
                OfficialIndicator.entered_at.desc(),
                OfficialIndicator.id.desc(),
            )
        )
    )


def latest() -> OfficialIndicator | None:
    rows = history()
    return rows[0] if rows else None
