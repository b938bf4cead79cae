"""The five application types: their steps, materials checklists and time limits."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import current_app

from portal.cases.kinds import consultation, copyright, demonstration, rights_protection
from portal.core.enums import LabeledEnum
from portal.core.forms import BaseForm
from portal.i18n import lazy_gettext as _l


class CaseType(LabeledEnum):
    RIGHTS_PROTECTION = "rights-protection"
    BRAND_DEMONSTRATION = "brand-demonstration"
    IP_DEMONSTRATION = "ip-demonstration"
    COPYRIGHT_DEMONSTRATION = "copyright-demonstration"
    CONSULTATION = "consultation"

    __labels__ = {
        "rights-protection": _l("Rights-protection assistance"),
        "brand-demonstration": _l("Trademark-brand demonstration enterprise"),
        "ip-demonstration": _l("IP demonstration / advantage enterprise"),
        "copyright-demonstration": _l("Copyright demonstration unit or park"),
        "consultation": _l("Guidance and consultation"),
    }
    __badges__ = {"rights-protection": "danger", "consultation": "info"}


@dataclass(frozen=True)
class Step:
    key: str
    title: object
    form: type[BaseForm]


@dataclass(frozen=True)
class Material:
    key: str
    label: object
    required: bool


@dataclass(frozen=True)
class CaseKind:
    type: CaseType
    code: str
    steps: tuple[Step, ...]
    materials: tuple[Material, ...]
    demonstration: bool
    accept_days: int
    decide_days: int
    summary: Callable[[dict], str]
    intro: object

    @property
    def label(self) -> str:
        return self.type.label

    def step(self, key: str) -> Step | None:
        return next((s for s in self.steps if s.key == key), None)

    def material(self, key: str) -> Material | None:
        return next((m for m in self.materials if m.key == key), None)

    def time_limits(self) -> tuple[int, int]:
        """(days to accept, days to decide), per type, overridable in config."""
        override = current_app.config.get("TIME_LIMITS_OVERRIDE", {}).get(self.type.value)
        return tuple(override) if override else (self.accept_days, self.decide_days)

    def publicity_days(self) -> int:
        return current_app.config.get("PUBLICITY_DAYS_OVERRIDE", {}).get(self.type.value, 5)


def _materials(rows) -> tuple[Material, ...]:
    return tuple(Material(*row) for row in rows)


KINDS: dict[str, CaseKind] = {
    k.type.value: k
    for k in (
        CaseKind(
            CaseType.RIGHTS_PROTECTION,
            "RP",
            (
                Step("right", _l("The right infringed"), rights_protection.RightForm),
                Step("infringement", _l("The infringement"), rights_protection.InfringementForm),
                Step("help", _l("Help requested"), rights_protection.HelpForm),
            ),
            _materials(rights_protection.MATERIALS),
            False,
            2,
            10,
            rights_protection.summary,
            _l(
                "Ask for help when a patent, trademark, copyright, trade secret or geographical indication of your firm "
                "is infringed, in China or abroad."
            ),
        ),
        CaseKind(
            CaseType.BRAND_DEMONSTRATION,
            "BD",
            (
                Step("eligibility", _l("Eligibility"), demonstration.BrandEligibilityForm),
                Step("assessment", _l("Self-assessment"), demonstration.BrandAssessmentForm),
            ),
            _materials(demonstration.BRAND_MATERIALS),
            True,
            5,
            30,
            demonstration.brand_summary,
            _l("Apply to be recognised as a trademark-brand demonstration enterprise of the district."),
        ),
        CaseKind(
            CaseType.IP_DEMONSTRATION,
            "ID",
            (
                Step("eligibility", _l("Eligibility"), demonstration.IpEligibilityForm),
                Step("assessment", _l("Self-assessment"), demonstration.IpAssessmentForm),
            ),
            _materials(demonstration.IP_MATERIALS),
            True,
            5,
            30,
            demonstration.ip_summary,
            _l("Apply for IP advantage or demonstration enterprise status."),
        ),
        CaseKind(
            CaseType.COPYRIGHT_DEMONSTRATION,
            "CD",
            (
                Step("applicant", _l("Applicant"), copyright.CopyrightApplicantForm),
                Step("works", _l("Works and management"), copyright.CopyrightWorksForm),
            ),
            _materials(copyright.MATERIALS),
            True,
            5,
            30,
            copyright.summary,
            _l("Apply to be recognised as a copyright demonstration unit or park."),
        ),
        CaseKind(
            CaseType.CONSULTATION,
            "CS",
            (Step("question", _l("Your question"), consultation.QuestionForm),),
            _materials(consultation.MATERIALS),
            False,
            3,
            5,
            consultation.summary,
            _l(
                "Ask for guidance on trademark registration, filing abroad (Madrid, PCT, Paris, Hague), "
                "pledge financing or IP insurance."
            ),
        ),
    )
}
CODES = {kind.code: kind for kind in KINDS.values()}


def get_kind(value: str) -> CaseKind | None:
    return KINDS.get(value)
