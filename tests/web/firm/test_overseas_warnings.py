"""Overseas early warnings: a firm follows a country (and field); a notice tagged the same way
reaches it in the portal and by email, and nobody else."""

from __future__ import annotations

from portal.extensions import db
from portal.reports.models import OverseasSubscription
from tests.fixtures.accounts import PASSWORD
from tests.helpers import PageClient, error_texts


def _client(app, user):
    client = PageClient(app)
    client.login(user.email, PASSWORD)
    return client


def test_a_subscribed_firm_receives_a_matching_notice(app, create_firm_user, create_staff, outbox):
    firm, other = create_firm_user(), create_firm_user()
    firm_client = _client(app, firm)
    assert firm_client.post("/firm/warnings/subscriptions", data={"region": "us", "field": "patent"}).status_code == 302
    other_client = _client(app, other)
    assert other_client.post("/firm/warnings/subscriptions", data={"region": "jp"}).status_code == 302

    editor = _client(app, create_staff("editor"))
    response = editor.post(
        "/staff/warnings",
        data={
            "title": "美国337调查：某类LED照明产品",
            "category": "trade_investigation",
            "region": "us",
            "field": "patent",
            "body": "美国国际贸易委员会对部分LED照明产品发起337调查，请相关企业关注。",
        },
    )
    assert response.status_code == 302
    assert [m.to for m in outbox] == [firm.email]
    notices = firm_client.get_page("/firm/warnings").select(".warning-notice")
    assert len(notices) == 1 and "337" in notices[0].get_text()
    assert other_client.get_page("/firm/warnings").select(".warning-notice") == []


def test_a_notice_for_every_field_reaches_a_field_subscriber(app, create_firm_user, create_staff, outbox):
    firm = create_firm_user()
    _client(app, firm).post("/firm/warnings/subscriptions", data={"region": "eu", "field": "trademark"})
    editor = _client(app, create_staff("supervisor"))
    editor.post(
        "/staff/warnings",
        data={
            "title": "欧盟海关知识产权执法新规",
            "category": "law_change",
            "region": "eu",
            "field": "",
            "body": "新规摘要",
        },
    )
    assert [m.to for m in outbox] == [firm.email]


def test_subscribing_twice_is_refused_and_removal_works(app, create_firm_user):
    firm = create_firm_user()
    client = _client(app, firm)
    client.post("/firm/warnings/subscriptions", data={"region": "kr"})
    again = client.post_page("/firm/warnings/subscriptions", {"region": "kr"}, status=400)
    assert again.select_one("#error-summary")
    with app.app_context():
        sub_id = db.session.query(OverseasSubscription).one().id
    assert client.post(f"/firm/warnings/subscriptions/{sub_id}/delete").status_code == 302
    with app.app_context():
        assert db.session.query(OverseasSubscription).count() == 0


def test_another_firm_cannot_remove_a_subscription(app, create_firm_user):
    firm, other = create_firm_user(), create_firm_user()
    _client(app, firm).post("/firm/warnings/subscriptions", data={"region": "uk"})
    with app.app_context():
        sub_id = db.session.query(OverseasSubscription).one().id
    _client(app, other).post(f"/firm/warnings/subscriptions/{sub_id}/delete")
    with app.app_context():
        assert db.session.query(OverseasSubscription).count() == 1


def test_publishing_needs_every_field(app, create_staff):
    editor = _client(app, create_staff("editor"))
    soup = editor.post_page("/staff/warnings", {"title": "", "region": "mars"})
    assert len(error_texts(soup)) >= 3


def test_an_overseas_case_links_to_the_guidance_centre_and_matching_notices(
    app, create_firm_user, create_staff, make_case
):
    from portal.cases.models import Case

    firm = create_firm_user()
    supervisor = create_staff("supervisor")
    overseas_ref = make_case(firm, kind="rights-protection", status="under_review", staff=supervisor)
    domestic_ref = make_case(firm, kind="rights-protection", status="under_review", staff=supervisor)
    with app.app_context():
        case = db.session.query(Case).filter_by(reference=overseas_ref).one()
        data = dict(case.data)
        data["infringement"] = {**data["infringement"], "scope": ["overseas"], "country": ["美国加利福尼亚州"]}
        case.data = data
        db.session.commit()
    staff = _client(app, supervisor)
    staff.post(
        "/staff/warnings",
        data={"title": "美国某专利诉讼预警", "category": "suit", "region": "us", "field": "", "body": "摘要"},
    )
    panel = staff.get_page(f"/staff/cases/{overseas_ref}").select_one("#overseas-guidance")
    assert panel and "天津分中心" in panel.get_text() and "美国某专利诉讼预警" in panel.get_text()
    assert staff.get_page(f"/staff/cases/{domestic_ref}").select_one("#overseas-guidance") is None
    firm_panel = _client(app, firm).get_page(f"/firm/applications/{overseas_ref}").select_one("#overseas-guidance")
    assert firm_panel and "美国某专利诉讼预警" in firm_panel.get_text()
