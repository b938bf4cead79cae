"""Keeping a firm's innovator profile: details, qualifications, one IP record per year."""

from __future__ import annotations

from sqlalchemy import select

from portal.audit.services import record
from portal.extensions import db
from portal.firms.models import Firm, FirmIpProfile, FirmQualification

PROFILE_FIELDS = (
    "employees",
    "rd_spending",
    "invention_patents",
    "high_value_patents",
    "hv_strategic_industry",
    "hv_foreign_family",
    "hv_long_maintained",
    "hv_pledged",
    "hv_awarded",
    "utility_models",
    "designs",
    "trademarks_domestic",
    "trademarks_abroad",
    "copyrights",
    "software_copyrights",
    "pct_applications",
    "madrid_registrations",
)


def profile_for(firm_id: int, year: int) -> FirmIpProfile | None:
    return db.session.scalar(select(FirmIpProfile).where(FirmIpProfile.firm_id == firm_id, FirmIpProfile.year == year))


def profile_history(firm_id: int) -> list[FirmIpProfile]:
    return list(
        db.session.scalars(
            select(FirmIpProfile).where(FirmIpProfile.firm_id == firm_id).order_by(FirmIpProfile.year.desc())
        )
    )


def save_ip_profile(firm: Firm, year: int, values: dict, user) -> FirmIpProfile:
    """Create or update the firm's record for ``year``; staff edits are audited with before → after."""
    profile = profile_for(firm.id, year)
    before = {f: getattr(profile, f) for f in PROFILE_FIELDS} if profile else None
    if profile is None:
        profile = FirmIpProfile(firm_id=firm.id, year=year)
        db.session.add(profile)
    for name in PROFILE_FIELDS:
        setattr(profile, name, values.get(name) or 0)
    profile.updated_by_id = user.id
    if user.is_staff:
        record(
            "profile_update",
            "firm",
            firm.id,
            actor=user,
            note=f"IP profile {year}",
            detail={
                "before": {k: str(v) for k, v in (before or {}).items()},
                "after": {k: str(values.get(k) or 0) for k in PROFILE_FIELDS},
            },
        )
    db.session.flush()
    return profile


def set_industry(firm: Firm, industry: str, user) -> None:
    if user.is_staff and firm.industry != industry:
        record("profile_update", "firm", firm.id, actor=user, from_value=firm.industry, to_value=industry)
    firm.industry = industry


def add_qualification(firm: Firm, kind: str, certificate_no: str, valid_until, user) -> FirmQualification:
    qualification = FirmQualification(
        firm_id=firm.id, kind=kind, certificate_no=certificate_no, valid_until=valid_until
    )
    db.session.add(qualification)
    if user.is_staff:
        record("profile_update", "firm", firm.id, actor=user, to_value=kind, note="qualification added")
    return qualification


def remove_qualification(firm: Firm, qualification_id: int, user) -> bool:
    qualification = db.session.scalar(
        select(FirmQualification).where(FirmQualification.id == qualification_id, FirmQualification.firm_id == firm.id)
    )
    if qualification is None:
        return False
    if user.is_staff:
        record(
            "profile_update", "firm", firm.id, actor=user, from_value=qualification.kind, note="qualification removed"
        )
    db.session.delete(qualification)
    return True
