"""The agency directory: entries, credit status changes (dated, sourced, audited), inspections, and
the agency a firm names. Services flush; the view's transaction boundary commits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from portal.audit import labels
from portal.audit.services import record
from portal.core.errors import ServiceError
from portal.core.validators import normalise_uscc, uscc_error
from portal.extensions import db
from portal.i18n import gettext as _
from portal.i18n import lazy_gettext as _l
from portal.market.models import Agency, AgencyInspection, AgencyStatusChange, FirmAgency
from portal.market.vocab import AgencyKind, CreditStatus, InspectionKind

labels.register(
    actions={
        "agency_created": _l("Agency entry created"),
        "agency_updated": _l("Agency entry changed"),
        "agency_status": _l("Agency credit status changed"),
        "agency_inspection": _l("Agency inspection recorded"),
        "agency_import": _l("Agencies imported"),
        "agency_chosen": _l("Firm named its agency"),
    },
    values={s.value: s.__labels__[s.value] for s in CreditStatus},
)

ENTRY_FIELDS = ("name", "credit_code", "kind", "licence_no", "address", "contact", "services")


class AgencyError(ServiceError):
    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class StatusDecision:
    status: str
    effective_on: date
    issuing_body: str
    source: str
    decision_no: str = ""
    until: date | None = None
    reason: str = ""


def entry_errors(values: dict) -> dict[str, str]:
    """Field → message for an entry's values (forms and the XLSX import share these rules)."""
    errors: dict[str, str] = {}
    if not (values.get("name") or "").strip():
        errors["name"] = _("Enter the agency's name.")
    elif len(values["name"]) > 200:
        errors["name"] = _("The name may have at most 200 characters.")
    message = uscc_error(normalise_uscc(values.get("credit_code") or ""))
    if message:
        errors["credit_code"] = str(message)
    if values.get("kind") not in {k.value for k in AgencyKind}:
        errors["kind"] = _("Choose the kind of agency.")
    for name, limit in (("licence_no", 60), ("address", 300), ("contact", 200), ("services", 2000)):
        if len(values.get(name) or "") > limit:
            errors[name] = _("At most %(n)d characters.", n=limit)
    return errors


def _find_by_code(code: str) -> Agency | None:
    return db.session.scalar(select(Agency).where(Agency.credit_code == code))


def save_entry(agency: Agency | None, values: dict, actor) -> Agency:
    """Create an entry (``agency`` None) or change one; the credit code stays unique."""
    errors = entry_errors(values)
    if errors:
        field, message = next(iter(errors.items()))
        raise AgencyError(message, field)
    code = normalise_uscc(values["credit_code"])
    holder = _find_by_code(code)
    if holder is not None and holder is not agency:
        raise AgencyError(_("The directory already lists an agency with this credit code."), "credit_code")
    created = agency is None
    if agency is None:
        agency = Agency(credit_status=CreditStatus.NORMAL)
        db.session.add(agency)
    changed = {}
    for name in ENTRY_FIELDS:
        value = code if name == "credit_code" else ((values.get(name) or "").strip() or None)
        if getattr(agency, name) != value:
            changed[name] = value
            setattr(agency, name, value)
    db.session.flush()
    if created:
        record("agency_created", "agency", agency.id, actor=actor, to_value=agency.name)
    elif changed:
        record("agency_updated", "agency", agency.id, actor=actor, detail={"fields": sorted(changed)})
    return agency


def change_status(agency: Agency, decision: StatusDecision, actor) -> AgencyStatusChange:
    """Record a dated, sourced decision and make it the agency's current status."""
    if decision.status not in {s.value for s in CreditStatus}:
        raise AgencyError(_("Choose the credit status."), "status")
    if not decision.issuing_body.strip():
        raise AgencyError(_("Name the body that issued the decision."), "issuing_body")
    if not decision.source.strip():
        raise AgencyError(_("Say where the decision is published."), "source")
    if decision.until is not None and decision.until < decision.effective_on:
        raise AgencyError(_("The period cannot end before the decision takes effect."), "until")
    if decision.status == CreditStatus.BLACKLISTED and not decision.decision_no.strip():
        raise AgencyError(_("A listing for serious dishonesty needs the number of the decision."), "decision_no")
    change = AgencyStatusChange(
        agency_id=agency.id,
        status=decision.status,
        effective_on=decision.effective_on,
        until=decision.until,
        decision_no=decision.decision_no.strip() or None,
        issuing_body=decision.issuing_body.strip(),
        source=decision.source.strip(),
        reason=decision.reason.strip() or None,
        recorded_by_id=getattr(actor, "id", None),
    )
    db.session.add(change)
    before = agency.credit_status
    agency.credit_status = decision.status
    db.session.flush()
    db.session.expire(agency, ["status_changes"])
    record(
        "agency_status",
        "agency",
        agency.id,
        actor=actor,
        from_value=before,
        to_value=decision.status,
        note=decision.reason.strip() or None,
        detail={"decision_no": change.decision_no, "issuing_body": change.issuing_body, "source": change.source},
    )
    return change


def add_inspection(agency: Agency, kind: str, inspected_on: date, unit: str, result: str, actor) -> AgencyInspection:
    if kind not in {k.value for k in InspectionKind}:
        raise AgencyError(_("Choose the kind of inspection."), "inspection_kind")
    if not unit.strip() or not result.strip():
        raise AgencyError(_("Enter the inspecting unit and the result."), "result")
    row = AgencyInspection(
        agency_id=agency.id, kind=kind, inspected_on=inspected_on, unit=unit.strip(), result=result.strip()
    )
    db.session.add(row)
    db.session.flush()
    db.session.expire(agency, ["inspections"])
    record("agency_inspection", "agency", agency.id, actor=actor, to_value=kind, detail={"unit": row.unit})
    return row


def firm_agency(firm_id: int) -> Agency | None:
    row = db.session.scalar(select(FirmAgency).where(FirmAgency.firm_id == firm_id))
    return row.agency if row else None


def choose_agency(firm_id: int, agency_id: int | None, actor) -> None:
    """The firm names the agency handling its filings (None: no agency)."""
    row = db.session.scalar(select(FirmAgency).where(FirmAgency.firm_id == firm_id))
    if agency_id is None:
        if row is not None:
            db.session.delete(row)
        return
    if db.session.get(Agency, agency_id) is None:
        raise AgencyError(_("Choose an agency from the directory."), "agency")
    if row is None:
        db.session.add(FirmAgency(firm_id=firm_id, agency_id=agency_id))
    else:
        row.agency_id = agency_id
    db.session.flush()
    record("agency_chosen", "firm", firm_id, actor=actor, to_value=str(agency_id))
