"""Imports every model so the metadata (and Alembic) sees all tables."""

from portal.accounts.models import DeletionRequest, User
from portal.audit.models import AuditEvent
from portal.calendar.models import CalendarDay
from portal.cases.models import Call, Case, CaseFile, CaseMessage, Notification, Objection, ReferenceCounter
from portal.firms.models import Firm, FirmIpProfile, FirmQualification
from portal.guidance.models import (
    ContentAttachment,
    ContentItem,
    ContentRevision,
    ContentText,
    SearchDocument,
)
