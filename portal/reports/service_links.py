"""常用服务入口: the official systems firms need, each with a one-line purpose, and a checker that
reports dead links (``flask check-links``). Editors keep the entries (``service_links`` table: add,
edit, reorder, retire); the list below is what a new installation starts with (``load-content``)."""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

from flask_babel import force_locale, get_locale
from sqlalchemy import func, select

from portal.audit.services import record
from portal.core.db import utcnow
from portal.core.enums import LabeledEnum
from portal.core.errors import ServiceError
from portal.core.permissions import Permission
from portal.extensions import db
from portal.i18n import gettext as _
from portal.i18n import lazy_gettext as _l
from portal.reports.models import ServiceLinkEntry


@dataclass(frozen=True)
class ServiceLink:
    name: object
    url: str
    purpose: object
    group: LinkGroup


class LinkGroup(LabeledEnum):
    CNIPA = "cnipa"
    COPYRIGHT = "copyright"
    WIPO = "wipo"
    TIANJIN = "tianjin"
    OTHER = "other"

    __labels__ = {
        "cnipa": _l("China National Intellectual Property Administration (CNIPA)"),
        "copyright": _l("Copyright"),
        "wipo": _l("WIPO international filings"),
        "tianjin": _l("Tianjin"),
        "other": _l("Other services"),
    }


CNIPA = LinkGroup.CNIPA
COPYRIGHT = LinkGroup.COPYRIGHT
WIPO = LinkGroup.WIPO
TIANJIN = LinkGroup.TIANJIN

SERVICE_LINKS: tuple[ServiceLink, ...] = (
    ServiceLink(
        _l("Trademark online service system"),
        "https://wssq.sbj.cnipa.gov.cn/",
        _l("File trademark applications, renewals and changes online."),
        CNIPA,
    ),
    ServiceLink(
        _l("China Trademark Office website and trademark search"),
        "https://sbj.cnipa.gov.cn/",
        _l("Search earlier marks free of charge before you file."),
        CNIPA,
    ),
    ServiceLink(
        _l("Patent business system"),
        "https://cponline.cnipa.gov.cn/",
        _l("File patent applications, pay fees and follow examination online."),
        CNIPA,
    ),
    ServiceLink(
        _l("Patent search and analysis system"),
        "https://pss-system.cponline.cnipa.gov.cn/",
        _l("Search Chinese and foreign patent documents."),
        CNIPA,
    ),
    ServiceLink(
        _l("Copyright Protection Center of China (CPCC) registration"),
        "https://register.ccopyright.com.cn/",
        _l("Register works and software copyright."),
        COPYRIGHT,
    ),
    ServiceLink(
        _l("WIPO ePCT"),
        "https://pct.wipo.int/ePCT/",
        _l("File and manage international patent applications (PCT)."),
        WIPO,
    ),
    ServiceLink(
        _l("WIPO Madrid System"),
        "https://www.wipo.int/madrid/en/",
        _l("Protect a trademark in many countries through one international application."),
        WIPO,
    ),
    ServiceLink(
        _l("WIPO Hague System"),
        "https://www.wipo.int/hague/en/",
        _l("Protect an industrial design in many countries through one international application."),
        WIPO,
    ),
    ServiceLink(
        _l("Tianjin Municipal Administration for Market Regulation (IP)"),
        "https://scjg.tj.gov.cn/",
        _l("Tianjin's IP policies, notices and services."),
        TIANJIN,
    ),
)


class LinkError(ServiceError):
    pass


def install_defaults() -> int:
    """Store the shipped entries when there are none at all (a new installation); how many were added."""
    if db.session.scalar(select(func.count(ServiceLinkEntry.id))):
        return 0
    for position, link in enumerate(SERVICE_LINKS, start=1):
        with force_locale("zh_Hans_CN"):
            name, purpose = str(link.name), str(link.purpose)
        with force_locale("en"):
            name_en, purpose_en = str(link.name), str(link.purpose)
        db.session.add(
            ServiceLinkEntry(
                group=link.group.value,
                name=name,
                name_en=name_en,
                url=link.url,
                purpose=purpose,
                purpose_en=purpose_en,
                position=position,
            )
        )
    db.session.flush()
    return len(SERVICE_LINKS)


def current_entries() -> list[ServiceLinkEntry]:
    """The entries on the page, in the editors' order."""
    return list(
        db.session.scalars(
            select(ServiceLinkEntry)
            .where(ServiceLinkEntry.retired_at.is_(None))
            .order_by(ServiceLinkEntry.position, ServiceLinkEntry.id)
        )
    )


def retired_entries() -> list[ServiceLinkEntry]:
    return list(
        db.session.scalars(
            select(ServiceLinkEntry)
            .where(ServiceLinkEntry.retired_at.is_not(None))
            .order_by(ServiceLinkEntry.retired_at.desc())
        )
    )


def shown(entry: ServiceLinkEntry) -> tuple[str, str]:
    """(name, purpose) in the reader's language; English falls back to the Chinese text."""
    if str(get_locale()).startswith("en"):
        return entry.name_en or entry.name, entry.purpose_en or entry.purpose
    return entry.name, entry.purpose


def grouped() -> dict[str, list[ServiceLinkEntry]]:
    groups: dict[str, list[ServiceLinkEntry]] = {}
    for entry in current_entries():
        label = str(LinkGroup(entry.group).label) if entry.group in LinkGroup._value2member_map_ else entry.group
        groups.setdefault(label, []).append(entry)
    return groups


@dataclass(frozen=True)
class EntryData:
    group: str
    name: str
    url: str
    purpose: str
    name_en: str = ""
    purpose_en: str = ""


def _check(actor, data: EntryData) -> None:
    if not actor.can(Permission.CONTENT_EDIT):
        raise LinkError(_("You may not edit the service entry points."))
    if data.group not in LinkGroup._value2member_map_:
        raise LinkError(_("Choose a group from the list."))
    parts = urlsplit(data.url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise LinkError(
            _("Enter the full address, starting with https://."),
        )


def add_entry(actor, data: EntryData) -> ServiceLinkEntry:
    _check(actor, data)
    last = db.session.scalar(select(func.max(ServiceLinkEntry.position))) or 0
    entry = ServiceLinkEntry(position=last + 1, updated_by_id=actor.id)
    _fill(entry, data)
    db.session.add(entry)
    db.session.flush()
    record("service_link_added", "service_link", entry.id, actor=actor, to_value=entry.url)
    return entry


def edit_entry(actor, entry: ServiceLinkEntry, data: EntryData) -> ServiceLinkEntry:
    _check(actor, data)
    before = entry.url
    _fill(entry, data)
    entry.updated_by_id, entry.updated_at = actor.id, utcnow()
    db.session.flush()
    record("service_link_edited", "service_link", entry.id, actor=actor, from_value=before, to_value=entry.url)
    return entry


def _fill(entry: ServiceLinkEntry, data: EntryData) -> None:
    entry.group = data.group
    entry.name, entry.name_en = data.name.strip(), data.name_en.strip()
    entry.url = data.url.strip()
    entry.purpose, entry.purpose_en = data.purpose.strip(), data.purpose_en.strip()


def move_entry(actor, entry: ServiceLinkEntry, step: int) -> None:
    """One place up (step -1) or down (+1) among the entries on the page."""
    if not actor.can(Permission.CONTENT_EDIT):
        raise LinkError(_("You may not edit the service entry points."))
    entries = current_entries()
    if entry not in entries:
        raise LinkError(_("This entry is no longer on the page."))
    index = entries.index(entry)
    other = index + (1 if step > 0 else -1)
    if 0 <= other < len(entries):
        entries[index], entries[other] = entries[other], entries[index]
    for position, item in enumerate(entries, start=1):
        item.position = position
    db.session.flush()


def retire_entry(actor, entry: ServiceLinkEntry) -> None:
    if not actor.can(Permission.CONTENT_EDIT):
        raise LinkError(_("You may not edit the service entry points."))
    if entry.retired_at is None:
        entry.retired_at, entry.updated_by_id = utcnow(), actor.id
        db.session.flush()
        record("service_link_retired", "service_link", entry.id, actor=actor, from_value=entry.url)


def restore_entry(actor, entry: ServiceLinkEntry) -> None:
    if not actor.can(Permission.CONTENT_EDIT):
        raise LinkError(_("You may not edit the service entry points."))
    if entry.retired_at is not None:
        last = db.session.scalar(select(func.max(ServiceLinkEntry.position))) or 0
        entry.retired_at, entry.position, entry.updated_by_id = None, last + 1, actor.id
        db.session.flush()
        record("service_link_restored", "service_link", entry.id, actor=actor, to_value=entry.url)


@dataclass(frozen=True)
class LinkResult:
    url: str
    ok: bool
    detail: str


def check_link(url: str, timeout: float = 10.0) -> LinkResult:
    """HEAD first (cheap), GET when the server refuses HEAD; any 2xx or 3xx is alive."""
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(  # noqa: S310 (http(s) addresses from our own list)
            url, method=method, headers={"User-Agent": "hongqiao-ip-portal link check"}
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (our own https list)
                return LinkResult(url, True, str(response.status))
        except urllib.error.HTTPError as err:
            if method == "HEAD" and err.code in (403, 405, 501):
                continue
            return LinkResult(url, False, f"HTTP {err.code}")
        except (urllib.error.URLError, TimeoutError, OSError) as err:
            return LinkResult(url, False, str(getattr(err, "reason", err)))
    return LinkResult(url, False, "no answer")


def check_links(urls, timeout: float = 10.0) -> list[LinkResult]:
    return [check_link(url, timeout) for url in urls]


def _register_audit_labels() -> None:
    from portal.audit.labels import register

    register(
        actions={
            "service_link_added": _l("Service entry point added"),
            "service_link_edited": _l("Service entry point changed"),
            "service_link_retired": _l("Service entry point retired"),
            "service_link_restored": _l("Service entry point restored"),
        }
    )


_register_audit_labels()
