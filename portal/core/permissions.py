"""Roles, named permissions and the decorator every staff view uses."""

from __future__ import annotations

from enum import StrEnum
from functools import wraps
from typing import Any

from flask import abort
from flask_login import current_user

from portal.core.enums import LabeledEnum
from portal.i18n import lazy_gettext as _l


class Role(LabeledEnum):
    # the firm's administrator (the first registrant): files cases and runs the firm's account
    FIRM = "firm"
    # a colleague invited by the administrator: files cases and sees only the ones they filed
    FIRM_APPLICANT = "firm_applicant"
    REVIEWER = "reviewer"
    SUPERVISOR = "supervisor"
    EDITOR = "editor"
    ADMIN = "admin"
    # an outside expert of the review panel: scores the demonstration cases assigned to them, nothing else
    EXPERT = "expert"
    # a university or research institute: lists its patents for transfer and licensing, answers firms' needs
    INSTITUTION = "institution"
    # an IP service agency keeping its own directory entry current (regulated fields through staff)
    AGENCY = "agency"

    __labels__ = {
        "firm": _l("Firm administrator"),
        "firm_applicant": _l("Applicant"),
        "reviewer": _l("Reviewer"),
        "supervisor": _l("Supervisor"),
        "editor": _l("Content editor"),
        "admin": _l("Administrator"),
        "expert": _l("Review expert"),
        "institution": _l("University or research institute"),
        "agency": _l("IP service agency"),
    }


FIRM_ROLES = frozenset({Role.FIRM, Role.FIRM_APPLICANT})
STAFF_ROLES = frozenset({Role.REVIEWER, Role.SUPERVISOR, Role.EDITOR, Role.ADMIN})


class Permission(StrEnum):
    CASE_APPLY = "case_apply"  # a firm files and follows its own cases
    FIRM_CASES_ALL = "firm_cases_all"  # sees every case of the firm, not only the ones the user filed
    FIRM_MANAGE = "firm_manage"  # invites colleagues, sets their roles, corrects the firm's data, PIPL export
    STAFF_AREA = "staff_area"
    CASE_VIEW = "case_view"
    CASE_TRIAGE = "case_triage"
    CASE_ASSIGN = "case_assign"
    CASE_RECOGNISE = "case_recognise"
    CASE_SIGN_OFF = "case_sign_off"  # confirm a reviewer's proposal; approve or refuse an extension of a time limit
    PHRASES_MANAGE = "phrases_manage"  # the reason and opinion templates (常用语) staff insert into decisions
    OBJECTION_HANDLE = "objection_handle"
    CALLS_MANAGE = "calls_manage"
    CONTENT_EDIT = "content_edit"
    WARNING_PUBLISH = "warning_publish"  # overseas dispute early warnings (预警信息)
    REPORT_HANDLE = "report_handle"  # public infringement reports: accept, refuse, transfer (转办), conclude
    EVENTS_MANAGE = "events_manage"  # publish events, check people in at the door, export attendance
    STATS_VIEW = "stats_view"
    FIRMS_VIEW = "firms_view"
    FIRMS_VERIFY = "firms_verify"  # confirm a real credit code that fails its check digit
    USERS_MANAGE = "users_manage"
    AUDIT_VIEW = "audit_view"
    CODE_CLAIMS_DECIDE = "code_claims_decide"  # give a credit code back to the firm it belongs to
    REVIEW_SCORE = "review_score"  # an expert scores the cases assigned to them
    REVIEW_MANAGE = "review_manage"  # rubrics, the expert pool, assignments, ranking and the panel decision
    AGENCIES_MANAGE = "agencies_manage"  # the IP agency directory: entries, imports, credit status, inspections
    MARKET_BROKER = "market_broker"  # patent transfer: institutions' accounts, interests, the progress of matches
    PATENTS_LIST = "patents_list"  # an institution lists its patents and answers firms' technology needs
    AGENCY_ENTRY = "agency_entry"  # an agency proposes changes to its own directory entry


P = Permission
ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.FIRM: frozenset({P.CASE_APPLY, P.FIRM_CASES_ALL, P.FIRM_MANAGE}),
    Role.FIRM_APPLICANT: frozenset({P.CASE_APPLY}),
    Role.REVIEWER: frozenset({P.STAFF_AREA, P.CASE_VIEW, P.CASE_TRIAGE, P.FIRMS_VIEW, P.REPORT_HANDLE}),
    Role.SUPERVISOR: frozenset(
        {
            P.STAFF_AREA,
            P.CASE_VIEW,
            P.CASE_TRIAGE,
            P.CASE_ASSIGN,
            P.CASE_RECOGNISE,
            P.CASE_SIGN_OFF,
            P.PHRASES_MANAGE,
            P.OBJECTION_HANDLE,
            P.CALLS_MANAGE,
            P.REVIEW_MANAGE,
            P.STATS_VIEW,
            P.FIRMS_VIEW,
            P.REPORT_HANDLE,
            P.WARNING_PUBLISH,
            P.CODE_CLAIMS_DECIDE,
            P.FIRMS_VERIFY,
            P.AGENCIES_MANAGE,
            P.MARKET_BROKER,
        }
    ),
    Role.EDITOR: frozenset({P.STAFF_AREA, P.CONTENT_EDIT, P.WARNING_PUBLISH, P.EVENTS_MANAGE}),
    # administrators run the office but do not file cases for firms, nor score them as experts
    Role.ADMIN: frozenset(
        set(Permission)
        - {P.CASE_APPLY, P.REVIEW_SCORE, P.FIRM_CASES_ALL, P.FIRM_MANAGE, P.PATENTS_LIST, P.AGENCY_ENTRY}
    ),
    Role.EXPERT: frozenset({P.REVIEW_SCORE}),
    Role.INSTITUTION: frozenset({P.PATENTS_LIST}),
    Role.AGENCY: frozenset({P.AGENCY_ENTRY}),
}


def role_has(role: str, permission: Permission | str) -> bool:
    """Whether ``role`` grants ``permission``. An unknown permission name is a programming error and
    raises ValueError (a typo must not read as "not allowed"); an unknown role grants nothing."""
    permission = Permission(permission)
    try:
        granted = ROLE_PERMISSIONS[Role(role)]
    except ValueError:
        return False
    return permission in granted


def permission_required(permission: Permission):
    """Abort 403 unless the signed-in user's role grants ``permission`` (the blueprint gate handles sign-in)."""

    def decorator(view):
        view.required_permission = permission

        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                from portal.extensions import login_manager

                return login_manager.unauthorized()
            if not current_user.can(permission):
                abort(403)
            return view(*args, **kwargs)

        guarded: Any = wrapped  # a function takes attributes; the access-matrix test reads this one
        guarded.required_permission = permission
        return guarded

    return decorator
