"""What can be reported and where each kind goes (domain.md §3.5, §3.6 and §4.4).

The reporter sees this table before filing: the district's market regulation office handles
counterfeiting and trademark matters itself (its 12315 line), piracy belongs to cultural market
enforcement (12318), suspected crime to the police, agency misconduct to the agency supervisor.
Reports of the last three kinds are still received here and transferred (转办) by staff.
"""

from __future__ import annotations

from dataclasses import dataclass

from portal.core.enums import LabeledEnum
from portal.i18n import lazy_gettext as _l


class Line(LabeledEnum):
    """A body that handles reports, named for what it is."""

    MARKET_REGULATION = "market_regulation"
    CULTURE_ENFORCEMENT = "culture_enforcement"
    POLICE = "police"
    AGENCY_SUPERVISOR = "agency_supervisor"
    IP_OFFICE = "ip_office"

    __labels__ = {
        "market_regulation": _l("Hongqiao District Administration for Market Regulation (12315)"),
        "culture_enforcement": _l(
            "Cultural market comprehensive law enforcement (12318 cultural market reporting line)"
        ),
        "police": _l("Public security (police, 110) for suspected crime"),
        "agency_supervisor": _l("The IP office that supervises IP agencies"),
        "ip_office": _l("The IP office that examines filings (through the district IP Section)"),
    }


#: the line the district itself answers for; reports routed elsewhere are transferred
DISTRICT_LINE = Line.MARKET_REGULATION


class ReportKind(LabeledEnum):
    COUNTERFEIT_PATENT = "counterfeit_patent"
    TRADEMARK = "trademark"
    PIRACY = "piracy"
    GEOGRAPHICAL_INDICATION = "geographical_indication"
    SPECIAL_MARK = "special_mark"
    ONLINE = "online"
    MALICIOUS_TRADEMARK_FILING = "malicious_trademark_filing"
    ABNORMAL_PATENT_FILING = "abnormal_patent_filing"
    AGENCY_MISCONDUCT = "agency_misconduct"

    __labels__ = {
        "counterfeit_patent": _l("Counterfeit patent marking"),
        "trademark": _l("Trademark infringement or counterfeit goods"),
        "piracy": _l("Piracy (copyright infringement)"),
        "geographical_indication": _l("Misuse of a geographical indication"),
        "special_mark": _l("Misuse of special, official or Olympic marks"),
        "online": _l("Online infringement (shops and platforms)"),
        "malicious_trademark_filing": _l("Malicious trademark filing"),
        "abnormal_patent_filing": _l("Abnormal patent filing"),
        "agency_misconduct": _l("Misconduct by an IP agency"),
    }


@dataclass(frozen=True)
class Route:
    kind: ReportKind
    line: Line

    @property
    def handled_here(self) -> bool:
        return self.line == DISTRICT_LINE


K = ReportKind
ROUTES: dict[ReportKind, Route] = {
    route.kind: route
    for route in (
        Route(K.COUNTERFEIT_PATENT, Line.MARKET_REGULATION),
        Route(K.TRADEMARK, Line.MARKET_REGULATION),
        Route(K.PIRACY, Line.CULTURE_ENFORCEMENT),
        Route(K.GEOGRAPHICAL_INDICATION, Line.MARKET_REGULATION),
        Route(K.SPECIAL_MARK, Line.MARKET_REGULATION),
        Route(K.ONLINE, Line.MARKET_REGULATION),
        Route(K.MALICIOUS_TRADEMARK_FILING, Line.IP_OFFICE),
        Route(K.ABNORMAL_PATENT_FILING, Line.IP_OFFICE),
        Route(K.AGENCY_MISCONDUCT, Line.AGENCY_SUPERVISOR),
    )
}


def route_for(kind: str, suspected_crime: bool = False) -> Line:
    """Where a report of ``kind`` goes; a suspected crime goes to the police whatever its kind."""
    if suspected_crime:
        return Line.POLICE
    return ROUTES[ReportKind(kind)].line
