"""The innovator profile: one record per firm and year, validated figures, history, staff corrections audited."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.audit.models import AuditEvent
from portal.core.timeutil import today_local
from portal.extensions import db
from portal.firms.models import FirmIpProfile, FirmQualification
from tests.fixtures.accounts import PASSWORD
from tests.helpers import error_texts

YEAR = today_local().year
GOOD = {
    "year": str(YEAR),
    "employees": "80",
    "rd_spending": "450.5",
    "invention_patents": "12",
    "high_value_patents": "5",
    "hv_strategic_industry": "4",
    "hv_foreign_family": "2",
    "hv_long_maintained": "0",
    "hv_pledged": "0",
    "hv_awarded": "0",
    "utility_models": "20",
    "designs": "3",
    "trademarks_domestic": "6",
    "trademarks_abroad": "2",
    "copyrights": "9",
    "software_copyrights": "4",
    "pct_applications": "1",
    "madrid_registrations": "1",
}


@pytest.fixture
def firm_client(client, firm_user):
    client.login(firm_user.email, PASSWORD)
    return client


def test_save_and_update_one_record_per_year(firm_client, app, firm_user):
    assert firm_client.post("/firm/profile", data=GOOD).status_code == 302
    assert firm_client.post("/firm/profile", data={**GOOD, "employees": "90"}).status_code == 302
    assert firm_client.post("/firm/profile", data={**GOOD, "year": str(YEAR - 1)}).status_code == 302
    with app.app_context():
        rows = db.session.scalars(select(FirmIpProfile).where(FirmIpProfile.firm_id == firm_user.firm_id)).all()
        assert sorted(r.year for r in rows) == [YEAR - 1, YEAR]
        assert next(r for r in rows if r.year == YEAR).employees == 90
    history = firm_client.get_page("/firm/profile")
    assert len(history.select("table tbody tr")) == 2


@pytest.mark.parametrize(
    ("change", "field", "fragment"),
    [
        ({"high_value_patents": "13"}, "high_value_patents", "发明专利"),  # more high-value than inventions
        ({"hv_strategic_industry": "0", "hv_foreign_family": "0"}, "high_value_patents", "五类"),  # in no category
        ({"hv_pledged": "6"}, "high_value_patents", "超过"),  # a category above the total
        ({"software_copyrights": "10"}, "software_copyrights", "软件"),
        ({"employees": "-1"}, "employees", "0"),
        ({"designs": "abc"}, "designs", "整数"),
    ],
)
def test_profile_validation(firm_client, change, field, fragment):
    page = firm_client.post_page("/firm/profile", {**GOOD, **change})
    assert page.select_one(f"#{field}.is-invalid")
    assert fragment in " ".join(error_texts(page))


def test_qualifications_add_and_remove(firm_client, app, firm_user):
    firm_client.post(
        "/firm/profile/qualifications",
        data={"kind": "gazelle", "certificate_no": "TJ-2026-001", "valid_until": f"{YEAR + 2}-12-31"},
        expect=302,
    )
    expired = firm_client.post_page(
        "/firm/profile/qualifications",
        {"kind": "high_tech", "certificate_no": "GR202612", "valid_until": "2001-01-01"},
        status=400,
    )
    assert "过期" in " ".join(error_texts(expired))
    with app.app_context():
        rows = db.session.scalars(select(FirmQualification).where(FirmQualification.firm_id == firm_user.firm_id)).all()
        assert [r.kind for r in rows] == ["gazelle"]
        qualification_id = rows[0].id
    firm_client.post(f"/firm/profile/qualifications/{qualification_id}/delete", expect=302)
    with app.app_context():
        assert db.session.get(FirmQualification, qualification_id) is None


def test_staff_correction_is_audited_with_before_and_after(client, app, firm_user, reviewer):
    client.login(firm_user.email, PASSWORD)
    client.post("/firm/profile", data=GOOD, expect=302)
    client.logout()
    client.login(reviewer.email, PASSWORD)
    client.get_page(f"/staff/firms/{firm_user.firm_id}/profile?year={YEAR}")
    assert (
        client.post(f"/staff/firms/{firm_user.firm_id}/profile", data={**GOOD, "invention_patents": "15"}).status_code
        == 302
    )
    with app.app_context():
        event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "profile_update")).one()
        assert event.actor_id == reviewer.id
        assert (
            event.detail["before"]["invention_patents"] == "12" and event.detail["after"]["invention_patents"] == "15"
        )


def test_the_profile_has_one_name_in_the_menu_and_on_the_page(client, firm_user):
    client.login(firm_user.email, PASSWORD)
    page = client.get_page("/firm/profile")
    menu = page.select_one('nav a[href="/firm/profile"]').get_text(strip=True)
    assert menu == page.h1.get_text(strip=True) == page.title.get_text(strip=True).split(" ")[0] == "知识产权概况"
