"""回访: a closed rights-protection case falls due for follow-up after N working days; staff or the
firm record how the dispute ended, once, and the outcomes feed the figures."""

from __future__ import annotations

from portal.cases.models import Case
from portal.core.timeutil import today_local
from portal.core.working_days import add_working_days
from portal.extensions import db
from portal.reports.models import CaseFollowUp
from tests.fixtures.accounts import PASSWORD
from tests.helpers import PageClient, error_texts


def _client(app, user):
    client = PageClient(app)
    client.login(user.email, PASSWORD)
    return client


def test_a_closed_case_is_due_for_follow_up_after_the_configured_working_days(
    app, create_firm_user, create_staff, make_case
):
    firm = create_firm_user()
    reviewer = create_staff("reviewer")
    closed = make_case(firm, kind="rights-protection", status="closed", staff=create_staff("supervisor"))
    still_open = make_case(firm, kind="rights-protection", status="under_review", staff=reviewer)
    soup = _client(app, reviewer).get_page("/staff/follow-ups")
    table = soup.select_one("#follow-up-tasks").get_text()
    assert closed in table and still_open not in table
    due = add_working_days(today_local(), app.config["FOLLOW_UP_WORKING_DAYS"])
    assert due.isoformat() in table


def test_staff_record_the_outcome_once_and_it_appears_in_the_figures(app, create_firm_user, create_staff, make_case):
    firm = create_firm_user()
    supervisor = create_staff("supervisor")
    closed = make_case(firm, kind="rights-protection", status="closed", staff=supervisor)
    client = _client(app, supervisor)
    bad = client.post_page(f"/staff/follow-ups/{closed}", {"amount_recovered": "-5"})
    assert len(error_texts(bad)) == 2  # no outcome chosen, negative amount
    response = client.post(
        f"/staff/follow-ups/{closed}", data={"outcome": "mediated", "amount_recovered": "12000.50", "satisfaction": "5"}
    )
    assert response.status_code == 302
    soup = client.get_page("/staff/follow-ups")
    assert soup.select_one("#follow-up-tasks") is None  # nothing waiting any more
    outcomes = soup.select_one("#follow-up-outcomes").get_text()
    assert "12000.50" in outcomes and "100%" in soup.select_one("#resolved-share").get_text()
    again = client.get_page(f"/staff/follow-ups/{closed}")
    assert again.select_one("#follow-up-recorded")
    with app.app_context():
        assert db.session.query(CaseFollowUp).count() == 1


def test_the_firm_reports_the_outcome_from_its_case_page(app, create_firm_user, create_staff, make_case):
    firm = create_firm_user()
    closed = make_case(firm, kind="rights-protection", status="closed", staff=create_staff("supervisor"))
    client = _client(app, firm)
    detail = client.get_page(f"/firm/applications/{closed}")
    assert detail.find("a", href=f"/firm/applications/{closed}/outcome")
    response = client.post(f"/firm/applications/{closed}/outcome", data={"outcome": "dropped", "satisfaction": "3"})
    assert response.status_code == 302
    with app.app_context():
        row = db.session.query(CaseFollowUp).one()
        assert row.recorded_by_firm and row.outcome == "dropped"
    figures = _client(app, create_staff("supervisor")).get_page("/staff/follow-ups")
    assert "0%" in figures.select_one("#resolved-share").get_text()


def test_no_follow_up_for_an_open_case(app, create_firm_user, create_staff, make_case):
    firm = create_firm_user()
    supervisor = create_staff("supervisor")
    open_case = make_case(firm, kind="rights-protection", status="under_review", staff=supervisor)
    assert _client(app, supervisor).get(f"/staff/follow-ups/{open_case}").status_code == 404
    assert _client(app, firm).get(f"/firm/applications/{open_case}/outcome").status_code == 404
    with app.app_context():
        assert db.session.query(Case).count() == 1
