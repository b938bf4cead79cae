"""A firm corrects its own data: the name with a new licence confirmed by staff, the contact person,
mobile numbers and email addresses each proved by a code sent to the new one."""

from __future__ import annotations

import io
import re

from portal.accounts.models import User
from portal.extensions import db
from portal.firms.models import Firm
from tests.fixtures.accounts import PASSWORD
from tests.fixtures.cases import PDF
from tests.helpers import error_texts, sms_code


def test_a_new_name_waits_for_staff_to_compare_it_with_the_licence(app, client, firm_user, supervisor):
    client.login(firm_user.email, PASSWORD)
    missing = client.post_page("/firm/account/name", {"new_name": "天津红桥更名科技有限公司"}, status=400)
    assert missing.select_one("#licence.is-invalid") is not None
    assert missing.select_one("input[name=new_name]")["value"] == "天津红桥更名科技有限公司"  # nothing typed is lost
    client.post(
        "/firm/account/name",
        data={"new_name": "天津红桥更名科技有限公司", "licence": (io.BytesIO(PDF), "新营业执照.pdf")},
        content_type="multipart/form-data",
        expect=302,
    )
    page = client.get_page("/firm/account")
    assert "天津红桥更名科技有限公司" in page.select_one("#section-name").get_text()
    with app.app_context():
        assert db.session.get(Firm, firm_user.firm_id).name == firm_user.firm_name  # not yet
    client.logout()

    client.login(supervisor.email, PASSWORD)
    listing = client.get_page("/staff/firms/corrections")
    assert "天津红桥更名科技有限公司" in listing.get_text() and "新营业执照.pdf" in listing.get_text()
    licence = listing.select_one("a[href*='/licence']")["href"]
    assert client.get(licence, expect=200).get_data() == PDF
    action = listing.select_one("form[action*='/decide']")["action"]
    client.post(action, data={"decision": "confirm", "note": "已核对"}, expect=302)
    assert "没有待确认的名称更正" in client.get_page("/staff/firms/corrections").get_text()
    with app.app_context():
        assert db.session.get(Firm, firm_user.firm_id).name == "天津红桥更名科技有限公司"


def test_the_contact_person_changes_at_once_but_only_by_the_administrator(app, client, firm_user, create_colleague):
    applicant = create_colleague(firm_user, "firm_applicant")
    client.login(applicant.email, PASSWORD)
    client.post("/firm/account/contact", data={"contact_name": "冒名"}, expect=403)
    assert "只有本企业管理员可以更正企业信息" in client.get_page("/firm/account").get_text()
    client.logout()
    client.login(firm_user.email, PASSWORD)
    client.post("/firm/account/contact", data={"contact_name": "新联系人"}, expect=302)
    with app.app_context():
        assert db.session.get(Firm, firm_user.firm_id).contact_name == "新联系人"


def test_a_new_mobile_takes_effect_with_the_code_sent_to_it(app, client, firm_user):
    client.login(firm_user.email, PASSWORD)
    no_code = client.post_page("/firm/account/mobile/own", {"own-mobile": "13922223333"}, status=400)
    assert no_code.select_one("#own-code.is-invalid") is not None
    sent = client.post_page("/firm/account/mobile/own", {"own-mobile": "１３９２２２２３３３３", "send_code": "1"})
    assert "13922223333" in sent.select_one(".alert").get_text()
    code = sms_code(app, "13922223333")
    wrong = client.post_page(
        "/firm/account/mobile/own",
        {"own-mobile": "13922223333", "own-code": f"{(int(code) + 1) % 10**6:06d}"},
        status=400,
    )
    assert any("不正确" in e for e in error_texts(wrong))
    with app.app_context():
        assert db.session.get(User, firm_user.id).mobile_verified_at is None
    client.post("/firm/account/mobile/own", data={"own-mobile": "13922223333", "own-code": code}, expect=302)
    with app.app_context():
        user = db.session.get(User, firm_user.id)
        assert (user.mobile, user.verified_mobile) == ("13922223333", "13922223333")
    # the firm's contact mobile follows the same rule, with a code of its own purpose
    client.post("/firm/account/mobile/firm", data={"firm-mobile": "13922224444", "send_code": "1"}, expect=200)
    client.post("/firm/account/mobile/firm", data={"firm-mobile": "13922224444", "firm-code": code}, expect=400)
    client.post(
        "/firm/account/mobile/firm",
        data={"firm-mobile": "13922224444", "firm-code": sms_code(app, "13922224444")},
        expect=302,
    )
    with app.app_context():
        assert db.session.get(Firm, firm_user.firm_id).contact_mobile == "13922224444"


def test_a_new_email_takes_effect_with_the_code_mailed_to_it(app, client, firm_user, create_firm_user, outbox):
    taken = create_firm_user()
    client.login(firm_user.email, PASSWORD)
    refused = client.post_page("/firm/account/email", {"email": taken.email, "send_code": "1"}, status=400)
    assert refused.select_one("#email.is-invalid") is not None
    client.post("/firm/account/email", data={"email": "New.Address@Example.cn", "send_code": "1"}, expect=200)
    (message,) = [m for m in outbox if m.to == "new.address@example.cn"]
    code = re.search(r"(?<!\d)(\d{6})(?!\d)", message.body).group(1)
    client.post(
        "/firm/account/email",
        data={"email": "new.address@example.cn", "code": f"{(int(code) + 1) % 10**6:06d}"},
        expect=400,
    )
    with app.app_context():
        assert db.session.get(User, firm_user.id).email == firm_user.email
    client.post("/firm/account/email", data={"email": "new.address@example.cn", "code": code}, expect=302)
    with app.app_context():
        assert db.session.get(User, firm_user.id).email == "new.address@example.cn"
    assert [m for m in outbox if m.to == firm_user.email]  # the old address is told
    client.logout()
    client.login("new.address@example.cn", PASSWORD)
    # the code worked once
    client.post("/firm/account/email", data={"email": "new.address@example.cn", "code": code}, expect=400)


def test_the_privacy_notice_links_to_the_correction_page(client):
    page = client.get_page("/privacy")
    assert page.select_one("a#correct-your-data")["href"] == "/firm/account"
