"""Each user chooses in-app, email and SMS per kind of event; 补正 requests and decisions come by all
three unless changed; messages say what happened and what to do."""

from __future__ import annotations

from sqlalchemy import select

from portal.accounts.models import User
from portal.cases.models import Notification
from portal.core.db import utcnow
from portal.extensions import db
from tests.fixtures.accounts import PASSWORD
from tests.fixtures.cases import get_case

MOBILE = "13944445555"


def _verify_mobile(app, user_id, mobile=MOBILE):
    with app.app_context():
        user = db.session.get(User, user_id)
        user.mobile, user.mobile_verified_at = mobile, utcnow()
        db.session.commit()


def test_a_supplement_request_comes_by_every_channel_and_names_the_materials(
    app, firm_user, make_case, supervisor, outbox
):
    _verify_mobile(app, firm_user.id)
    ref = make_case(firm_user, kind="rights-protection", status="supplement_requested", staff=supervisor)
    with app.app_context():
        case = get_case(ref)
        (note,) = db.session.scalars(
            select(Notification).where(
                Notification.user_id == firm_user.id, Notification.to_status == "supplement_requested"
            )
        )
        assert note.detail == "测试理由"  # the reason given lists what to send
    mail = [m for m in outbox if m.to == firm_user.email and "提交所列材料" in m.body]
    assert len(mail) == 1 and "测试理由" in mail[0].body  # what happened, what to send, and what to do
    texts = [m.text for m in app.extensions.get("sms_outbox", []) if m.mobile == MOBILE]
    assert any(ref in t and "提交所列材料" in t for t in texts)
    assert case.reply_due is None or any(case.reply_due.isoformat() in t for t in texts)


def test_the_inbox_shows_what_to_do(client, firm_user, make_case, supervisor):
    ref = make_case(firm_user, kind="rights-protection", status="supplement_requested", staff=supervisor)
    client.login(firm_user.email, PASSWORD)
    inbox = client.get_page("/firm/inbox").get_text()
    assert ref in inbox and "测试理由" in inbox and "提交所列材料" in inbox


def test_defaults_are_shown_and_choices_are_respected(app, client, firm_user, make_case, supervisor, outbox):
    _verify_mobile(app, firm_user.id)
    client.login(firm_user.email, PASSWORD)
    page = client.get_page("/firm/notifications")
    checked = {(i["name"], i["value"]) for i in page.select("input[type=checkbox][checked]")}
    assert {("supplement", "in_app"), ("supplement", "email"), ("supplement", "sms")} <= checked
    assert {("decision", "sms"), ("progress", "email")} <= checked and ("progress", "sms") not in checked
    # the user turns decisions to SMS only and progress off entirely
    form = {
        "supplement": ["in_app", "email", "sms"],
        "decision": ["sms"],
        "message": ["in_app"],
        "reminder": ["in_app", "email"],
    }
    client.post("/firm/notifications", data=form, expect=302)
    outbox.clear()
    ref = make_case(firm_user, kind="rights-protection", status="rejected", staff=supervisor)
    with app.app_context():
        case = get_case(ref)
        statuses = set(
            db.session.scalars(
                select(Notification.to_status).where(
                    Notification.user_id == firm_user.id, Notification.case_id == case.id
                )
            )
        )
    assert "rejected" not in statuses and "accepted" not in statuses  # decisions: not in the portal
    assert "under_review" not in statuses  # progress: nothing at all
    assert not [m for m in outbox if m.to == firm_user.email]
    texts = [m.text for m in app.extensions.get("sms_outbox", []) if m.mobile == MOBILE and ref in m.text]
    assert any("请在办件页面查看理由" in t for t in texts)  # a decision: what happened and what to do
    # the page shows the stored choices
    checked = {(i["name"], i["value"]) for i in client.get_page("/firm/notifications").select("input[checked]")}
    assert (
        ("decision", "sms") in checked and ("decision", "email") not in checked and ("progress", "email") not in checked
    )


def test_no_sms_without_a_verified_mobile(app, client, firm_user, make_case, supervisor):
    with app.app_context():
        db.session.get(User, firm_user.id).mobile = MOBILE  # given, never verified
        db.session.commit()
    make_case(firm_user, kind="rights-protection", status="supplement_requested", staff=supervisor)
    assert [m for m in app.extensions.get("sms_outbox", []) if m.mobile == MOBILE] == []
    client.login(firm_user.email, PASSWORD)
    assert "短信只发送至已验证的手机号码" in client.get_page("/firm/notifications").get_text()


def test_a_bad_choice_is_refused_and_staff_have_their_own_page(client, firm_user, create_staff):
    client.login(firm_user.email, PASSWORD)
    client.post("/firm/notifications", data={"decision": ["pigeon"]}, expect=400)
    client.logout()
    reviewer = create_staff("reviewer")
    client.login(reviewer.email, PASSWORD)
    page = client.get_page("/staff/notifications")
    assert {i["name"] for i in page.select("input[type=checkbox]")} == {"case_work", "decision", "progress"}
