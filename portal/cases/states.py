"""The states a case passes through and the actions that move it, with their labels and badge colours.
The transition table that joins them is ``portal.cases.status``."""

from __future__ import annotations

from portal.core.enums import LabeledEnum
from portal.i18n import lazy_gettext as _l


class CaseStatus(LabeledEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    # 补正 asked before 受理 (一次性告知): the acceptance clock waits for the firm
    CORRECTION_REQUESTED = "correction_requested"
    ACCEPTED = "accepted"
    NOT_ACCEPTED = "not_accepted"
    UNDER_REVIEW = "under_review"
    # two-level sign-off: the reviewer's proposal waits for a supervisor's confirmation
    PROPOSED = "proposed"
    SUPPLEMENT_REQUESTED = "supplement_requested"
    APPROVED = "approved"
    REJECTED = "rejected"
    PUBLICITY = "publicity"
    # the district reviews and recommends national and copyright programmes; a higher authority decides
    RECOMMENDED = "recommended"
    RECOGNISED = "recognised"
    NOT_RECOGNISED = "not_recognised"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"

    __labels__ = {
        "draft": _l("Draft"),
        "submitted": _l("Submitted"),
        "correction_requested": _l("Corrections requested before acceptance"),
        "accepted": _l("Accepted"),
        "not_accepted": _l("Not accepted"),
        "under_review": _l("Under review"),
        "proposed": _l("Proposed, awaiting sign-off"),
        "supplement_requested": _l("More material requested"),
        "approved": _l("Passed review"),
        "rejected": _l("Rejected"),
        "publicity": _l("In public notice"),
        "recommended": _l("Recommended"),
        "recognised": _l("Recognised"),
        "not_recognised": _l("Not recognised"),
        "closed": _l("Closed"),
        "withdrawn": _l("Withdrawn"),
    }
    __badges__ = {
        "draft": "secondary",
        "submitted": "info",
        "correction_requested": "warning",
        "accepted": "primary",
        "not_accepted": "dark",
        "under_review": "primary",
        "proposed": "info",
        "supplement_requested": "warning",
        "approved": "success",
        "rejected": "danger",
        "publicity": "info",
        "recommended": "success",
        "recognised": "success",
        "not_recognised": "dark",
        "closed": "secondary",
        "withdrawn": "light",
    }


class CaseAction(LabeledEnum):
    SUBMIT = "submit"
    ACCEPT = "accept"
    REFUSE = "refuse"
    START_REVIEW = "start_review"
    REQUEST_SUPPLEMENT = "request_supplement"
    ANSWER_SUPPLEMENT = "answer_supplement"
    APPROVE = "approve"
    PROPOSE = "propose"
    SIGN_OFF = "sign_off"
    RETURN_PROPOSAL = "return_proposal"
    REJECT = "reject"
    START_PUBLICITY = "start_publicity"
    CONFIRM_RECOGNITION = "confirm_recognition"
    CONFIRM_RECOMMENDATION = "confirm_recommendation"
    RECORD_RECOGNITION = "record_recognition"
    RECORD_NON_RECOGNITION = "record_non_recognition"
    REVERT = "revert"
    CLOSE = "close"
    WITHDRAW = "withdraw"

    __labels__ = {
        "submit": _l("Submit"),
        "accept": _l("Accept"),
        "refuse": _l("Do not accept"),
        "start_review": _l("Start review"),
        "request_supplement": _l("Ask for more material"),
        "answer_supplement": _l("Send the requested material"),
        "approve": _l("Pass the review"),
        "propose": _l("Propose for sign-off"),
        "sign_off": _l("Confirm the proposal (sign-off)"),
        "return_proposal": _l("Return the proposal to the reviewer"),
        "reject": _l("Reject"),
        "start_publicity": _l("Publish for public notice"),
        "confirm_recognition": _l("Confirm recognition"),
        "confirm_recommendation": _l("Confirm the recommendation"),
        "record_recognition": _l("Record recognition by the higher authority"),
        "record_non_recognition": _l("Record that the higher authority did not recognise"),
        "revert": _l("Return to review"),
        "close": _l("Close the case"),
        "withdraw": _l("Withdraw"),
    }
    __badges__ = {
        "refuse": "danger",
        "reject": "danger",
        "withdraw": "danger",
        "record_non_recognition": "danger",
        "approve": "success",
        "sign_off": "success",
        "return_proposal": "warning",
        "confirm_recognition": "success",
        "confirm_recommendation": "success",
        "record_recognition": "success",
    }
