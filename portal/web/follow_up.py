"""Recording how a closed rights-protection dispute ended (回访): the same form and rule whether the
firm reports it from its case page or staff record it from the follow-up list."""

from __future__ import annotations

from flask_login import current_user

from portal.cases.models import Case
from portal.reports import followups
from portal.reports.forms import FollowUpForm
from portal.reports.models import CaseFollowUp
from portal.web.outcome import attempt


def record_from(form: FollowUpForm, case: Case, existing: CaseFollowUp | None) -> bool:
    """True once the sent form is valid and its outcome stored; an outcome is recorded once only."""
    return (
        existing is None
        and form.validate_on_submit()
        and attempt(lambda: followups.record_outcome(case, current_user, **form.answers()), form=form)
    )
