"""常用服务入口: the official systems firms need, each with a one-line purpose, and a checker that
reports dead links (``flask check-links``). The list is data, kept by editors in one place here."""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass

from portal.i18n import lazy_gettext as _l


@dataclass(frozen=True)
class ServiceLink:
    name: object
    url: str
    purpose: object
    group: object


CNIPA = _l("China National Intellectual Property Administration (CNIPA)")
COPYRIGHT = _l("Copyright")
WIPO = _l("WIPO international filings")
TIANJIN = _l("Tianjin")

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
