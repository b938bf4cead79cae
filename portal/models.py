"""Imports every model so the metadata (and Alembic) sees all tables."""

from portal.accounts.models import DeletionRequest, EmailCode, FirmInvitation, User  # noqa: F401
from portal.audit.models import AuditEvent, AuditText  # noqa: F401
from portal.calendar.models import CalendarDay  # noqa: F401
from portal.cases.desk_models import AssignmentRule, SavedView  # noqa: F401
from portal.cases.models import Call, Case, CaseFile, CaseMessage, Notification, Objection, ReferenceCounter  # noqa: F401
from portal.cases.paperwork import CaseDocument, Phrase, TimeExtension  # noqa: F401
from portal.cases.preferences import NotificationPreference  # noqa: F401
from portal.cases.ratings import RatingFollowUp  # noqa: F401
from portal.core.exports import ExportJob  # noqa: F401
from portal.core.outbox import OutgoingMail  # noqa: F401
from portal.core.sms import SmsCode  # noqa: F401
from portal.events.models import Event, Registration  # noqa: F401
from portal.firms.models import Firm, FirmCorrection, FirmIpProfile, FirmQualification  # noqa: F401
from portal.guidance.models import (
    ContentAttachment,
    ContentItem,
    ContentRevision,
    ContentText,
    SearchDocument,
)
from portal.identity.models import SiteSetting  # noqa: F401
from portal.market.finance_models import FinanceProduct, FinanceProvider, FinancingRequest  # noqa: F401
from portal.market.models import (  # noqa: F401
    Agency,
    AgencyChange,
    AgencyInspection,
    AgencyStatusChange,
    FirmAgency,
    Institution,
    Match,
    NeedAnswer,
    PatentListing,
    SavedListing,
    TechNeed,
)
from portal.reports.models import (  # noqa: F401
    CaseFollowUp,
    OverseasMarket,
    OverseasSubscription,
    Report,
    ReportFile,
    ServiceLinkEntry,
    WarningNotice,
)
from portal.review.models import Assignment, ExpertProfile, PanelDecision, Rubric  # noqa: F401
from portal.stats.models import OfficialIndicator  # noqa: F401
