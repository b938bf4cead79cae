"""Overseas dispute early warning (海外纠纷预警): firms subscribe by country or region and IP field;
staff publish notices tagged the same way; subscribers see them in the portal and by email.
Overseas disputes themselves go to the Tianjin sub-centre of the national guidance centre (domain.md §3.5)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import or_, select

from portal.accounts.models import User
from portal.audit.services import record
from portal.core import mail
from portal.core.enums import LabeledEnum
from portal.core.errors import ServiceError
from portal.core.permissions import Permission
from portal.extensions import db
from portal.i18n import gettext as _
from portal.i18n import lazy_gettext as _l
from portal.reports.models import OverseasMarket, OverseasSubscription, WarningNotice

#: where overseas disputes are guided (domain.md §3.5): CNIPA and CCPIT's centre, Tianjin sub-centre
GUIDANCE_CENTRE = _l(
    "National Overseas IP Dispute Response Guidance Centre, Tianjin sub-centre (Tianjin IP Protection Centre)"
)


class Region(LabeledEnum):
    US = "us"
    EU = "eu"
    UK = "uk"
    JP = "jp"
    KR = "kr"
    ASEAN = "asean"
    OTHER = "other"

    __labels__ = {
        "us": _l("United States"),
        "eu": _l("European Union"),
        "uk": _l("United Kingdom"),
        "jp": _l("Japan"),
        "kr": _l("South Korea"),
        "asean": _l("ASEAN countries"),
        "other": _l("Other countries and regions"),
    }


class Field(LabeledEnum):
    ANY = ""
    PATENT = "patent"
    TRADEMARK = "trademark"
    COPYRIGHT = "copyright"
    TRADE_SECRET = "trade_secret"  # noqa: S105 (an IP field, not a password)

    __labels__ = {
        "": _l("All IP fields"),
        "patent": _l("Patent rights"),
        "trademark": _l("Trademark"),
        "copyright": _l("Copyright"),
        "trade_secret": _l("Trade secret"),
    }


class Category(LabeledEnum):
    SUIT = "suit"
    CUSTOMS = "customs"
    TRADE_INVESTIGATION = "trade_investigation"
    LAW_CHANGE = "law_change"

    __labels__ = {
        "suit": _l("Lawsuit abroad"),
        "customs": _l("Customs seizure"),
        "trade_investigation": _l("Trade investigation"),
        "law_change": _l("Change in a country's law"),
    }


class WarningError(ServiceError):
    pass


def subscriptions(firm_id: int) -> list[OverseasSubscription]:
    return list(
        db.session.scalars(
            select(OverseasSubscription)
            .where(OverseasSubscription.firm_id == firm_id)
            .order_by(OverseasSubscription.id)
        )
    )


def subscribe(firm_id: int, region: str, field: str) -> OverseasSubscription:
    if region not in Region._value2member_map_ or field not in Field._value2member_map_:
        raise WarningError(_("Choose a country or region and a field from the lists."))
    exists = db.session.scalar(
        select(OverseasSubscription.id).where(
            OverseasSubscription.firm_id == firm_id,
            OverseasSubscription.region == region,
            OverseasSubscription.field == field,
        )
    )
    if exists is not None:
        raise WarningError(_("You already follow this country or region and field."))
    sub = OverseasSubscription(firm_id=firm_id, region=region, field=field)
    db.session.add(sub)
    db.session.flush()
    return sub


def unsubscribe(firm_id: int, subscription_id: int) -> None:
    sub = db.session.get(OverseasSubscription, subscription_id)
    if sub is None or sub.firm_id != firm_id:
        raise WarningError(_("This subscription no longer exists."))
    db.session.delete(sub)


def markets(firm_id: int) -> list[OverseasMarket]:
    """The firm's overseas markets and filings (part of its IP profile)."""
    return list(
        db.session.scalars(
            select(OverseasMarket)
            .where(OverseasMarket.firm_id == firm_id)
            .order_by(OverseasMarket.region, OverseasMarket.id)
        )
    )


def add_market(firm_id: int, actor, region: str, country: str, ip_type: str, number: str) -> OverseasMarket:
    if region not in Region._value2member_map_ or ip_type not in Field._value2member_map_:
        raise WarningError(_("Choose a country or region and a field from the lists."))
    number = (number or "").strip()
    if number and not ip_type:
        err = WarningError(_("Choose the IP type the number belongs to."))
        err.field = "ip_type"  # type: ignore[attr-defined]
        raise err
    market = OverseasMarket(
        firm_id=firm_id, region=region, country=(country or "").strip()[:60], ip_type=ip_type, number=number[:60]
    )
    db.session.add(market)
    db.session.flush()
    record("profile_update", "firm", firm_id, actor=actor, to_value=f"overseas:{region}")
    return market


def remove_market(firm_id: int, actor, market_id: int) -> None:
    market = db.session.get(OverseasMarket, market_id)
    if market is None or market.firm_id != firm_id:
        raise WarningError(_("This entry no longer exists."))
    db.session.delete(market)
    record("profile_update", "firm", firm_id, actor=actor, from_value=f"overseas:{market.region}")


@dataclass(frozen=True)
class Suggestion:
    region: str
    field: str

    @property
    def label(self) -> str:
        return f"{Region(self.region).label} · {Field(self.field).label}"


def suggestions(firm_id: int) -> list[Suggestion]:
    """Subscriptions the firm's overseas markets and filings call for and it does not have yet:
    one per region and IP type (a market without a filing: every field of that region)."""
    subs = subscriptions(firm_id)
    found: list[Suggestion] = []
    for market in markets(firm_id):
        wanted = Suggestion(market.region, market.ip_type)
        covered = any(s.region == wanted.region and s.field in ("", wanted.field) for s in subs)
        if not covered and wanted not in found:
            found.append(wanted)
    # every field of a region covers that region's single fields
    return [s for s in found if s.field == "" or Suggestion(s.region, "") not in found]


def _matches(region_col, field_col, region: str, field: str):
    """A notice matches a subscription on the same region when either side covers every field."""
    return (region_col == region) & or_(field_col == "", field == "", field_col == field)


def notices_for(firm_id: int, limit: int = 50) -> list[WarningNotice]:
    subs = subscriptions(firm_id)
    if not subs:
        return []
    conditions = [_matches(WarningNotice.region, WarningNotice.field, s.region, s.field) for s in subs]
    return list(
        db.session.scalars(select(WarningNotice).where(or_(*conditions)).order_by(WarningNotice.id.desc()).limit(limit))
    )


def recent_notices(limit: int = 50) -> list[WarningNotice]:
    return list(db.session.scalars(select(WarningNotice).order_by(WarningNotice.id.desc()).limit(limit)))


def publish(actor, title: str, body: str, category: str, region: str, field: str) -> WarningNotice:
    if not actor.can(Permission.WARNING_PUBLISH):
        raise WarningError(_("You may not publish early warnings."))
    if (
        category not in Category._value2member_map_
        or region not in Region._value2member_map_
        or field not in Field._value2member_map_
    ):
        raise WarningError(_("Choose a country or region and a field from the lists."))
    notice = WarningNotice(
        title=title.strip(), body=body.strip(), category=category, region=region, field=field, published_by_id=actor.id
    )
    db.session.add(notice)
    db.session.flush()
    record("warning_published", "warning_notice", notice.id, actor=actor)
    firm_ids = select(OverseasSubscription.firm_id).where(
        _matches(OverseasSubscription.region, OverseasSubscription.field, region, field)
    )
    for user in db.session.scalars(select(User).where(User.firm_id.in_(firm_ids), User.active.is_(True))):
        mail.queue_mail(
            user.email,
            _("Overseas early warning: %(title)s", title=notice.title),
            _(
                "%(category)s · %(region)s\n\n%(body)s\n\nAll early warnings for your firm are under Early warnings on the portal.",
                category=Category(category).label,
                region=Region(region).label,
                body=notice.body,
            ),
        )
    return notice


# how firms write the countries of the regions above in a free-text answer
_REGION_WORDS = {
    Region.US: ("美国", "united states", "usa", "u.s."),
    Region.EU: ("欧盟", "德国", "法国", "意大利", "西班牙", "荷兰", "european union", "germany", "france", "italy"),
    Region.UK: ("英国", "united kingdom", "britain"),
    Region.JP: ("日本", "japan"),
    Region.KR: ("韩国", "korea"),
    Region.ASEAN: (
        "东盟",
        "越南",
        "泰国",
        "马来西亚",
        "新加坡",
        "印度尼西亚",
        "菲律宾",
        "vietnam",
        "thailand",
        "malaysia",
        "singapore",
        "indonesia",
    ),
}


@dataclass(frozen=True)
class OverseasGuidance:
    country: str
    centre: object
    notices: list


def guidance_for(case) -> OverseasGuidance | None:
    """For a rights-protection case marked overseas: the guidance centre and the notices about its country."""
    if case.kind != "rights-protection":
        return None
    answers = (case.data or {}).get("infringement") or {}
    if "overseas" not in (answers.get("scope") or []):
        return None
    country = "、".join(answers.get("country") or [])
    text = country.lower()
    regions = [r.value for r, words in _REGION_WORDS.items() if any(w in text for w in words)]
    notices = []
    if regions:
        notices = list(
            db.session.scalars(
                select(WarningNotice)
                .where(WarningNotice.region.in_(regions))
                .order_by(WarningNotice.id.desc())
                .limit(10)
            )
        )
    return OverseasGuidance(country, GUIDANCE_CENTRE, notices)
