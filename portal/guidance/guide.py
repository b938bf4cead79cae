"""The 办事指南 of a service guide, built from the same definitions the application uses.

A guide's acceptance conditions, material list, time limits, procedure and application window come
from the case kind (portal/cases/kinds) and its calls, never from hand-typed prose, so the guide
cannot promise what the form does not ask or ask what the form does not check. The item's stored
texts supply only what no definition holds: the description, the legal basis and the fees.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import current_app
from flask_babel import format_date

from portal.cases import calls
from portal.cases.kinds import CaseKind, get_kind
from portal.cases.status import Track
from portal.core.uploads import ALLOWED_KINDS
from portal.guidance import blank_forms, faq
from portal.i18n import lazy_gettext as _l
from portal.identity import settings


@dataclass(frozen=True)
class GuideRow:
    key: str
    label: object
    value: str  # Markdown


@dataclass(frozen=True)
class MaterialRow:
    name: str
    copies: int
    form: str  # 原件 / 复印件 / 在线填写
    file_format: str
    requirement: str  # 必须提交 / 非必须 / conditions
    required: bool
    template: str | None = None  # a downloadable template (blank_forms.py), beside the material


ALLOWED_FORMATS = ", ".join(k.upper() for k in ALLOWED_KINDS)  # the types uploads accept, by content


@dataclass(frozen=True)
class ServiceGuide:
    kind: CaseKind
    rows: tuple[GuideRow, ...]
    materials: tuple[MaterialRow, ...]
    faq: tuple[faq.Question, ...] = ()

    def row(self, key: str) -> GuideRow | None:
        return next((r for r in self.rows if r.key == key), None)

    @property
    def before_materials(self) -> tuple[GuideRow, ...]:
        keys = [r.key for r in self.rows]
        return self.rows[: keys.index("conditions") + 1]

    @property
    def after_materials(self) -> tuple[GuideRow, ...]:
        return self.rows[len(self.before_materials) :]


def contacts() -> dict:
    """The district's contacts as an administrator set them (portal/identity)."""
    now = settings.current()
    return {
        "body": now["host"],
        "phone": now["service_phone"],
        "address": now["address"],
        "hours": now["hours"],
        "complaints": now["complaints_phone"] or "12345",
        "ip_line": now["ip_line"],
        "market_line": now["market_line"],
        "culture_line": now["culture_line"],
    }


def national_lines() -> list[str]:
    """The national lines, each named for what it is (the same words as the footer)."""
    c = contacts()
    lines = [
        _l(
            "%(phone)s: the national IP rights-protection assistance, reports and complaints line (CNIPA), not a "
            "helpdesk for this portal",
            phone=c["ip_line"],
        )
        if c["ip_line"]
        else None,
        _l("%(phone)s: market regulation complaints and reports", phone=c["market_line"]) if c["market_line"] else None,
        _l(
            "%(phone)s: cultural market reports, including piracy (cultural market law enforcement)",
            phone=c["culture_line"],
        )
        if c["culture_line"]
        else None,
    ]
    return [str(line) for line in lines if line is not None]


def _bullets(lines) -> str:
    return "\n".join(f"- {line}" for line in lines)


def _body() -> str:
    return (
        contacts()["body"]
        or current_app.config.get("ISSUING_BODY")
        or str(_l("Hongqiao District Administration for Market Regulation, Tianjin"))
    )


def conditions(kind: CaseKind) -> list[str]:
    """受理条件: the registration check every application passes, the window of a call, then exactly
    the conditions the forms enforce."""
    lines = [
        str(
            _l(
                "The firm is registered on this portal; its business licence is checked through its unified social "
                "credit code, so no copy of the licence is uploaded."
            )
        )
    ]
    if kind.needs_call:
        lines.append(str(_l("The application is submitted while a call for applications is open.")))
    lines.extend(str(check.condition) for check in kind.conditions())
    return lines


def materials(kind: CaseKind) -> list[MaterialRow]:
    rows = [
        MaterialRow(
            str(_l("Application form")),
            1,
            str(_l("Filled in online")),
            str(_l("Online form")),
            str(_l("Required")),
            True,
            blank_forms.APPLICATION_FORM if blank_forms.APPLICATION_FORM in blank_forms.available(kind) else None,
        )
    ]
    for m in kind.materials:
        requirement = str(_l("Required")) if m.required else str(_l("If available"))
        if m.required and m.waiver:
            requirement = f"{requirement}（{m.waiver}）"
        rows.append(
            MaterialRow(
                str(m.label),
                m.copies,
                str(_l("Scan of the original")) if m.original else str(_l("Copy")),
                ALLOWED_FORMATS,
                requirement,
                m.required,
                m.template,
            )
        )
    return rows


def procedure(kind: CaseKind) -> list[str]:
    accept, decide = kind.time_limits()
    steps = [
        str(_l("Apply online: fill in the form on this portal, upload the materials and submit.")),
        str(
            _l(
                "Acceptance check within %(n)s working days: if anything is missing you are told everything that "
                "needs to be added in one notice.",
                n=accept,
            )
        ),
    ]
    if kind.track == Track.SERVICE:
        steps.append(str(_l("Handling and reply within %(n)s working days of acceptance.", n=decide)))
    else:
        steps.append(str(_l("Review and expert assessment within %(n)s working days of acceptance.", n=decide)))
        steps.append(str(_l("Public notice of the proposed list for %(n)s working days.", n=kind.notice_days())))
        if kind.track == Track.RECOGNITION:
            steps.append(str(_l("Announcement of the recognised enterprises.")))
        else:
            steps.append(str(_l("Recommendation to %(body)s, which decides.", body=kind.authority)))
    return [f"{i}. {text}" for i, text in enumerate(steps, 1)]


def time_limits(kind: CaseKind) -> str:
    accept, decide = kind.time_limits()
    lines = [
        str(_l("Statutory time limit: none is set by law or regulation for this service.")),
        str(
            _l(
                "Promised time limit: acceptance decided within %(a)s working days; %(what)s within %(d)s working "
                "days of acceptance.",
                a=accept,
                d=decide,
                what=_l("a reply") if kind.track == Track.SERVICE else _l("a review conclusion"),
            )
        ),
    ]
    if kind.demonstration:
        lines.append(str(_l("Public notice period: %(n)s working days.", n=kind.notice_days())))
    lines.append(
        str(
            _l(
                "Missing material is supplied within %(n)s working days; the promised time then runs from the day the "
                "complete set is received.",
                n=kind.reply_limit(),
            )
        )
    )
    return _bullets(lines)


def window(kind: CaseKind, today: date) -> str:
    if not kind.needs_call:
        return str(_l("All year: applications can be submitted at any time."))
    call = calls.open_call(kind, today)
    if call is not None:
        return str(
            _l(
                "%(title)s: open from %(start)s to %(end)s.",
                title=call.title,
                start=format_date(call.opens_on, "long"),
                end=format_date(call.closes_on, "long"),
            )
        )
    upcoming = calls.next_call(kind, today)
    if upcoming is not None:
        return str(
            _l(
                "No call is open now. %(title)s opens from %(start)s to %(end)s.",
                title=upcoming.title,
                start=format_date(upcoming.opens_on, "long"),
                end=format_date(upcoming.closes_on, "long"),
            )
        )
    return str(_l("No call is open now; the next call will be announced under Notices."))


def result(kind: CaseKind) -> str:
    if kind.track == Track.RECOGNITION:
        return str(_l("Recognition as a demonstration enterprise, with a recognition number, or a reasoned refusal."))
    if kind.track == Track.RECOMMENDATION:
        return str(
            _l(
                "A recommendation to %(body)s, with a recommendation number, or a reasoned refusal.",
                body=kind.authority,
            )
        )
    return str(_l("A written reply or assistance opinion, or a reasoned refusal to accept."))


def remedies(kind: CaseKind) -> str:
    lines = []
    if kind.demonstration:
        lines.append(str(_l("During the public notice, anyone may object in writing to the proposed list.")))
    lines.append(
        str(
            _l(
                "Complaints about how the application was handled: the supervision and complaints line %(phone)s.",
                phone=contacts()["complaints"],
            )
        )
    )
    return _bullets(lines)


def build(kind: CaseKind, text, today: date) -> ServiceGuide:
    """The guide of one application type; ``text`` is the item's ContentText (or a dict in previews)."""
    c = contacts()

    def stored(name: str) -> str:
        return (text.get(name) if isinstance(text, dict) else getattr(text, name, "")) or ""

    place = [str(_l("Online: this portal, at any time."))]
    if c["address"]:
        place.append(str(_l("In person: %(address)s.", address=c["address"])))
    rows = [
        GuideRow("name", _l("Service name"), str(kind.label)),
        GuideRow("code", _l("Service code"), f"HQ-{kind.code}"),
        GuideRow("item_type", _l("Service type"), str(_l("Public service"))),
        GuideRow("handling_type", _l("Handling type"), str(_l("Handled within a promised time"))),
        GuideRow("body", _l("Responsible body"), _body()),
        GuideRow("description", _l("Description"), stored("description")),
        GuideRow("basis", _l("Legal basis"), stored("basis")),
        GuideRow("conditions", _l("Conditions for acceptance"), _bullets(conditions(kind))),
        GuideRow("process", _l("Procedure"), "\n".join(procedure(kind))),
        GuideRow("time_limit", _l("Time limits (working days)"), time_limits(kind)),
        GuideRow("window", _l("When to apply"), window(kind, today)),
        GuideRow("limit", _l("Limit on applications"), str(_l("None."))),
        GuideRow("fees", _l("Fees"), stored("fees")),
        GuideRow("place", _l("Where and when"), _bullets(place + ([c["hours"]] if c["hours"] else []))),
        GuideRow("phone", _l("Enquiry phone"), c["phone"] or str(_l("Ask through the portal's consultation service."))),
        GuideRow("complaints", _l("Supervision and complaints phone"), c["complaints"]),
        GuideRow("national", _l("National lines"), _bullets(national_lines())),
        GuideRow("result", _l("Result"), result(kind)),
        GuideRow(
            "delivery",
            _l("How the result is delivered"),
            str(_l("Online: in the firm's account on this portal, with a notification.")),
        ),
        GuideRow("remedy", _l("Remedies"), remedies(kind)),
    ]
    return ServiceGuide(
        kind, tuple(r for r in rows if r.value), tuple(materials(kind)), tuple(faq.parse(stored("faq")))
    )


def plain_text(guide: ServiceGuide) -> str:
    """The words of the guide as the public reads them, for search (the application window, which
    changes with the calendar, is left out)."""
    parts = [f"{row.label}\n{row.value}" for row in guide.rows if row.key != "window"]
    parts.append("\n".join(f"{m.name} {m.form} {m.requirement}" for m in guide.materials))
    parts += [f"{q.question}\n{q.answer}" for q in guide.faq]
    return "\n".join(parts)


def for_item(item, text, today: date) -> ServiceGuide | None:
    kind = get_kind(item.application_type or "") if item.is_service else None
    return build(kind, text, today) if kind else None
