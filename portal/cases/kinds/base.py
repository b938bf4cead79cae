"""What a case type is made of: steps (each a form), materials, its track and time limits."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from flask import current_app
from werkzeug.datastructures import MultiDict

from portal.cases.status import Track
from portal.core.forms import BaseForm


@dataclass(frozen=True)
class Step:
    key: str
    title: object
    form: type[BaseForm]
    # keyword arguments for the form built from earlier answers: (stored answers) -> dict
    context: Callable[[dict], dict] | None = None
    # keyword arguments built from the applying firm: (firm id) -> dict
    firm_context: Callable[[int | None], dict] | None = None


@dataclass(frozen=True)
class Material:
    """One upload on the checklist; the service guide's 申请材料 table is built from these."""

    key: str
    label: object
    required: bool
    copies: int = 1  # 份数 (one electronic copy per upload)
    original: bool = False  # 原件扫描件 (True) or 复印件 (False)
    # answers that make a required material unnecessary, and how the guide says so
    waived_when: Callable[[dict], bool] | None = None
    waiver: object = None
    # a downloadable template generated from the kind (portal/guidance/blank_forms.py), e.g. "credit-commitment"
    template: str | None = None

    def needed(self, answers: dict | None) -> bool:
        """Required for this application, given its answers so far?"""
        return self.required and not (self.waived_when and self.waived_when(answers or {}))


@dataclass(frozen=True, kw_only=True)
class CaseKind:
    value: str  # stored in cases.kind
    code: str  # the type code in references, HQ-<code>-<year>-<n>
    label: object
    intro: object
    steps: tuple[Step, ...]
    materials: tuple[Material, ...]
    track: Track
    accept_days: int
    decide_days: int
    summary: Callable[[dict], str]
    # valid answers for every step ({step: {field: value or [values]}}), used by demo data, the benchmark
    # and tests; "{firm}" stands for the applying firm's name
    examples: dict
    position: int = 100
    badge: str = "secondary"
    # the body that recognises: the district itself (recognition track) or the higher authority that
    # decides on the district's recommendation
    authority: object = None
    # certificate or recommendation-letter numbers: "{year}" and "{n}" are filled in (configurable)
    number_format: str | None = None
    reply_days: int = 15  # working days the firm has to answer a 补正
    publicity_days: int = 5
    guide_slug: str | None = None
    # whether submissions wait for a call (申报批次); None: demonstration programmes do, services do not
    call: bool | None = None
    # the programme's own words for a status or an action ({status or action value: label}): a passed
    # review is 拟认定 or 拟推荐, a granted request 予以援助, an answered question 已答复
    wording: dict = field(default_factory=dict)
    extra: dict = field(default_factory=dict)

    @property
    def type(self):
        from portal.cases.kinds import CaseType

        return CaseType(self.value)

    @property
    def demonstration(self) -> bool:
        return self.track != Track.SERVICE

    @property
    def needs_call(self) -> bool:
        """Demonstration programmes and subsidies open in calls (申报批次); other services are open all year."""
        return self.demonstration if self.call is None else self.call

    def conditions(self) -> list:
        """The acceptance conditions (受理条件) the application forms enforce, in step order: the
        service guide lists exactly these, so guide and form cannot say different things."""
        from portal.cases.kinds.fields import eligibility_checks

        return [check for step in self.steps for check in eligibility_checks(step.form)]

    def label_for(self, value) -> object:
        """The label of a CaseStatus or CaseAction in this programme's words."""
        return self.wording.get(value.value, value.label)

    def step(self, key: str) -> Step | None:
        return next((s for s in self.steps if s.key == key), None)

    def material(self, key: str) -> Material | None:
        return next((m for m in self.materials if m.key == key), None)

    def _setting(self, name: str, default):
        return current_app.config.get(name, {}).get(self.value, default)

    def time_limits(self) -> tuple[int, int]:
        """(days to accept, days to decide), per type, overridable in config."""
        override = self._setting("TIME_LIMITS_OVERRIDE", None)
        return tuple(override) if override else (self.accept_days, self.decide_days)

    def notice_days(self) -> int:
        return self._setting("PUBLICITY_DAYS_OVERRIDE", self.publicity_days)

    def reply_limit(self) -> int:
        return self._setting("REPLY_DAYS_OVERRIDE", self.reply_days)

    def certificate_format(self) -> str | None:
        return self._setting("CERTIFICATE_FORMATS", self.number_format)

    def example_formdata(self, step_key: str, firm_name: str = "") -> MultiDict:
        """The example answers of one step as submitted form data."""
        formdata: MultiDict[str, str] = MultiDict()
        for name, value in self.examples.get(step_key, {}).items():
            for item in value if isinstance(value, list) else [value]:
                formdata.add(name, str(item).replace("{firm}", firm_name))
        return formdata


def first(answers: dict, step: str, name: str) -> str | None:
    """The first stored value of a field (answers are stored as {step: {field: [values]}})."""
    values = (answers or {}).get(step, {}).get(name) or []
    return values[0] if values else None
