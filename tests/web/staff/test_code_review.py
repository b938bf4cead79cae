"""A real credit code that fails its check digit (early pilot codes) is registered on the applicant's
statement and checked by staff; until then the firm cannot submit."""

from __future__ import annotations

from sqlalchemy import select

from portal.extensions import db
from portal.firms.models import Firm
from tests.fixtures.accounts import PASSWORD
from tests.helpers import with_sms_code
from tests.web.auth.test_auth import REGISTRATION

PILOT_CODE = "91120106MA05K12308"  # well formed; only the check digit (7) differs


def test_a_checksum_failure_offers_the_staff_check_and_a_structural_error_does_not(client):
    page = client.post_page("/auth/register", dict(REGISTRATION, credit_code=PILOT_CODE))
    assert page.select_one("input[name=code_exception]") is not None
    wrong_region = client.post_page("/auth/register", dict(REGISTRATION, credit_code="9112010AMA05K12307"))
    assert wrong_region.select_one("input[name=code_exception]") is None
    wrong_type = client.post_page("/auth/register", dict(REGISTRATION, credit_code="99120106MA05K12307"))
    assert wrong_type.select_one("input[name=code_exception]") is None


def test_registration_with_the_statement_waits_for_staff_before_submitting(client, app, supervisor, open_calls):
    data = with_sms_code(client, app, "/auth/register", dict(REGISTRATION, credit_code=PILOT_CODE, code_exception="y"))
    response = client.post("/auth/register", data=data)
    assert response.status_code == 200  # the "check your mail" page: registration no longer signs in
    with app.app_context():
        firm = db.session.scalar(select(Firm).where(Firm.credit_code == PILOT_CODE))
        assert firm.code_review == "pending" and not firm.code_usable
        firm_id = firm.id

    from portal.accounts.models import User
    from portal.cases import services
    from portal.cases.kinds import KINDS
    from portal.cases.services import WorkflowError
    from tests.fixtures.cases import PDF

    kind = KINDS["consultation"]
    with app.test_request_context():
        user = db.session.scalar(select(User).where(User.firm_id == firm_id))
        case = services.create_draft(kind, firm_id, user)
        for step in kind.steps:
            services.save_step(case, step.key, kind.example_formdata(step.key, "企业"))
        services.add_file(case, "other", "a.pdf", PDF, user)
        try:
            services.submit_case(case, user)
        except WorkflowError as err:
            assert "人工核验" in str(err)
        else:
            raise AssertionError("a firm whose code waits for the check submitted")
        db.session.rollback()

    client.logout()
    client.login(supervisor.email, PASSWORD)
    listing = client.get_page("/staff/firms/code-reviews")
    assert PILOT_CODE in listing.get_text()
    client.post(f"/staff/firms/{firm_id}/code-review", data={"decision": "confirm"})
    assert PILOT_CODE not in client.get_page("/staff/firms/code-reviews").get_text()
    with app.app_context():
        firm = db.session.get(Firm, firm_id)
        assert firm.code_review == "confirmed" and firm.code_usable and firm.code_reviewed_by_id == supervisor.id


def test_a_reviewer_cannot_confirm_codes(client, reviewer):
    client.login(reviewer.email, PASSWORD)
    assert client.get("/staff/firms/code-reviews").status_code == 403
