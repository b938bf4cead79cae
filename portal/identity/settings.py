"""What the settings are, their defaults (the SITE_IDENTITY setting) and saving them."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, g
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from portal.audit.labels import register
from portal.audit.services import record
from portal.core.db import utcnow
from portal.core.errors import ServiceError
from portal.core.shared_cache import GENERATION_KEY, remember
from portal.extensions import db
from portal.i18n import lazy_gettext as _l
from portal.identity.models import SiteSetting


class SettingError(ServiceError):
    """A value an administrator entered cannot be used; the message says why."""


@dataclass(frozen=True)
class Setting:
    key: str
    label: object
    help: object = ""
    number: bool = False  # a whole number above 0


SETTINGS: tuple[Setting, ...] = (
    Setting("host", _l("Site owner (主办单位)")),
    Setting("site_code", _l("Government website code (网站标识码)")),
    Setting("icp", _l("ICP filing number")),
    Setting("police_record", _l("Public security filing number")),
    Setting("service_phone", _l("Service phone"), _l("The district's own number for questions about the portal.")),
    Setting("address", _l("Address for in-person service")),
    Setting("hours", _l("Office hours")),
    Setting("complaints_phone", _l("Supervision and complaints line"), _l("Usually 12345.")),
    Setting("data_protection", _l("Data-protection contact"), _l("Who answers questions about personal data.")),
    # the national lines people are sent to, each shown with what it is for (macros/contacts.html); a
    # setting so that a local routing (e.g. 12330 answered through 12345) is a change on /admin/site
    Setting(
        "ip_line",
        _l("National IP rights-protection and complaints line"),
        _l("12330, run by CNIPA: IP infringement reports and complaints, not questions about this portal."),
    ),
    Setting(
        "market_line",
        _l("Market regulation complaints line"),
        _l("12315: complaints and reports to market regulation."),
    ),
    Setting(
        "culture_line",
        _l("Cultural market reporting line"),
        _l("12318: reports to cultural market law enforcement, including piracy."),
    ),
    Setting("population", _l("Resident population"), _l("The base of per-10,000-people indicators."), number=True),
    Setting("population_year", _l("Census or reference year of the population"), number=True),
    Setting("population_source", _l("Source of the population figure")),
)
KEYS = tuple(s.key for s in SETTINGS)
register(actions={"site_setting": _l("Site setting changed")})


def defaults() -> dict[str, str]:
    configured = {"population": current_app.config["DISTRICT_POPULATION"]} | (
        current_app.config.get("SITE_IDENTITY") or {}
    )
    return {key: str(configured.get(key, "") or "") for key in KEYS}


def current() -> dict[str, str]:
    """Every setting's value now: kept for the request, and in the shared cache until a setting
    changes (``SiteSetting`` bumps the content generation), so a page's footer costs no query."""
    cached = g.get("_site_identity")
    if cached is None:
        try:
            stored = remember(
                "site-settings",
                (GENERATION_KEY,),
                lambda: {row.key: row.value for row in db.session.scalars(select(SiteSetting))},
                current_app.config.get("PAGE_CACHE_SECONDS", 0),  # as long as the pages that show them
            )
        except SQLAlchemyError:
            # the error page of a failed transaction still shows the configured contacts
            return defaults()
        cached = defaults() | stored
        g._site_identity = cached
    return cached


def population() -> int:
    """The resident population the per-10,000 indicators divide by."""
    value = current().get("population", "")
    return int(value) if value.isdigit() and int(value) > 0 else int(current_app.config["DISTRICT_POPULATION"])


def save(values: dict, actor) -> list[str]:
    """Store the values that differ from what is shown now; returns the changed keys."""
    now = current()
    changed = []
    for setting in SETTINGS:
        value = str(values.get(setting.key, "") or "").strip()
        if setting.number and value and not (value.isdigit() and int(value) > 0):
            raise SettingError(str(_l("%(name)s must be a whole number above 0.", name=setting.label)))
        if value == now.get(setting.key, ""):
            continue
        row = db.session.get(SiteSetting, setting.key) or SiteSetting(key=setting.key)
        row.value, row.updated_at, row.updated_by_id = value, utcnow(), getattr(actor, "id", None)
        db.session.add(row)
        record("site_setting", "site_setting", None, actor=actor, to_value=f"{setting.key}={value}"[:200])
        changed.append(setting.key)
    g.pop("_site_identity", None)
    db.session.flush()
    return changed
