"""Several users per firm: invitations, roles, deactivation, who filed what, and the credit-code claim."""

from __future__ import annotations

import re
import secrets
from datetime import timedelta

from sqlalchemy import select

from portal.accounts.models import FirmInvitation, User
from portal.core.permissions import Permission
from portal.extensions import db
from tests.fixtures.accounts import PASSWORD
from tests.fixtures.cases import get_case
from tests.helpers import error_texts

NEW_PASSWORD = "Colleague-Pass-2026"


def _invite(client, outbox, email="wang@example.cn", role="firm_applicant") -> str:
    client.post("/firm/colleagues/invite", data={"email": email, "role": role}, expect=302)
    (message,) = [m for m in outbox if m.to == email]
    return re.search(r"http://localhost(/auth/invitation/\S+)", message.body).group(1)


def _accept(app, link, name="王同事"):
    other = app.test_client()
    response = other.post(link, data={"name": name, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD, "consent": "y"})
    return other, response


def test_administrator_invites_an_applicant_who_joins_with_their_own_password(app, client, firm_user, outbox):
    client.login(firm_user.email, PASSWORD)
    link = _invite(client, outbox)
    page = client.get_page("/firm/colleagues")
    assert "wang@example.cn" in page.select_one("section:nth-of-type(2)").get_text()  # waiting

    invitee = app.test_client()
    form = invitee.get(link)
    assert form.status_code == 200 and "wang@example.cn" in form.get_data(as_text=True)
    colleague, response = _accept(app, link)
    assert response.status_code == 302 and response.headers["Location"].endswith("/firm/")
    assert colleague.get("/firm/").status_code == 200
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "wang@example.cn"))
        assert (user.role, user.firm_id, user.name) == ("firm_applicant", firm_user.firm_id, "王同事")
    # single use: the link is dead once used, and a second account cannot be made with it
    again = app.test_client().get(link)
    assert again.status_code == 400
    assert "邀请无法使用" in again.get_data(as_text=True)
    listing = client.get_page("/firm/colleagues").get_text()
    assert "王同事" in listing and "申请人" in listing


def test_an_expired_or_withdrawn_invitation_does_not_work(app, client, firm_user, outbox):
    client.login(firm_user.email, PASSWORD)
    link = _invite(client, outbox, "late@example.cn")
    with app.app_context():
        invitation = db.session.scalar(select(FirmInvitation))
        invitation.expires_at -= timedelta(days=4)
        db.session.commit()
    assert app.test_client().get(link).status_code == 400
    _other, response = _accept(app, link)
    assert response.status_code == 400
    with app.app_context():
        assert db.session.scalar(select(User).where(User.email == "late@example.cn")) is None

    link = _invite(client, outbox, "withdrawn@example.cn")
    with app.app_context():
        invitation_id = db.session.scalar(
            select(FirmInvitation.id).where(FirmInvitation.email == "withdrawn@example.cn")
        )
    client.post(f"/firm/colleagues/invitations/{invitation_id}/revoke", data={}, expect=302)
    assert app.test_client().get(link).status_code == 400


def test_inviting_an_address_that_has_an_account_is_refused_next_to_the_field(client, firm_user, create_firm_user):
    other = create_firm_user()
    client.login(firm_user.email, PASSWORD)
    page = client.post_page("/firm/colleagues/invite", {"email": other.email, "role": "firm_applicant"}, status=400)
    assert any("已在平台注册账户" in e for e in error_texts(page))
    assert page.select_one("#email.is-invalid") is not None


def test_an_applicant_sees_only_their_own_cases_and_the_administrator_sees_who_filed(
    app, client, firm_user, create_colleague, make_case, supervisor
):
    applicant = create_colleague(firm_user, "firm_applicant")
    admins_case = make_case(firm_user, kind="rights-protection", status="submitted")
    own_case = make_case(applicant, kind="rights-protection", status="submitted")

    client.login(applicant.email, PASSWORD)
    dashboard = client.get_page("/firm/").get_text()
    assert own_case in dashboard and admins_case not in dashboard
    client.get(f"/firm/applications/{admins_case}", expect=404)
    client.post(f"/firm/applications/{admins_case}/messages", data={"body": "看看"}, expect=404)
    with app.app_context():
        applicant_name = db.session.get(User, applicant.id).name
    page = client.get_page(f"/firm/applications/{own_case}")
    assert page.select_one("#filed-by").get_text(strip=True).endswith(applicant_name)
    # an applicant does not manage colleagues nor download the firm's data
    client.get("/firm/colleagues", expect=403)
    client.get("/firm/privacy/export", expect=403)
    client.logout()

    client.login(firm_user.email, PASSWORD)
    dashboard = client.get_page("/firm/")
    assert own_case in dashboard.get_text() and admins_case in dashboard.get_text()
    assert (
        client.get_page(f"/firm/applications/{own_case}")
        .select_one("#filed-by")
        .get_text(strip=True)
        .endswith(applicant_name)
    )
    client.logout()

    # staff see who filed it too, and the timeline names who acted
    client.login(supervisor.email, PASSWORD)
    staff_page = client.get_page(f"/staff/cases/{own_case}")
    assert staff_page.select_one("#filed-by").get_text(strip=True) == applicant_name
    assert applicant_name in staff_page.select_one("ol.timeline").get_text()


def test_an_applicant_is_told_only_of_their_own_cases(app, firm_user, create_colleague, make_case, supervisor):
    applicant = create_colleague(firm_user, "firm_applicant")
    other = create_colleague(firm_user, "firm_applicant")
    ref = make_case(applicant, kind="rights-protection", status="accepted", staff=supervisor)
    from portal.cases.models import Notification

    with app.app_context():
        case = get_case(ref)
        told = set(db.session.scalars(select(Notification.user_id).where(Notification.case_id == case.id)))
    assert applicant.id in told and firm_user.id in told and other.id not in told


def test_a_deactivated_colleague_cannot_sign_in_and_is_signed_out(app, client, firm_user, create_colleague):
    applicant = create_colleague(firm_user, "firm_applicant")
    session = app.test_client()
    assert session.post("/auth/login", data={"email": applicant.email, "password": PASSWORD}).status_code == 302
    client.login(firm_user.email, PASSWORD)
    client.post(f"/firm/colleagues/{applicant.id}/active", data={"active": "0"}, expect=302)
    assert "停用" in client.get_page("/firm/colleagues").get_text()
    # the open session ends, and the password no longer signs in
    assert session.get("/firm/").status_code == 302
    refused = app.test_client().post("/auth/login", data={"email": applicant.email, "password": PASSWORD})
    assert refused.status_code == 200
    client.post(f"/firm/colleagues/{applicant.id}/active", data={"active": "1"}, expect=302)
    assert (
        app.test_client().post("/auth/login", data={"email": applicant.email, "password": PASSWORD}).status_code == 302
    )


def test_roles_change_and_the_firm_always_keeps_an_administrator(app, client, firm_user, create_colleague):
    colleague = create_colleague(firm_user, "firm_applicant")
    client.login(firm_user.email, PASSWORD)
    client.post(f"/firm/colleagues/{colleague.id}/role", data={"role": "firm"}, expect=302)
    with app.app_context():
        assert db.session.get(User, colleague.id).role == "firm"
    # the colleague, now administrator, demotes the first one; the last administrator cannot be demoted
    other = app.test_client()
    other.post("/auth/login", data={"email": colleague.email, "password": PASSWORD})
    assert other.get("/firm/colleagues").status_code == 200
    other.post(f"/firm/colleagues/{firm_user.id}/role", data={"role": "firm_applicant"})
    with app.app_context():
        assert db.session.get(User, firm_user.id).role == "firm_applicant"
    client.post(f"/firm/colleagues/{colleague.id}/role", data={"role": "firm_applicant"}, expect=403)
    assert other.post(f"/firm/colleagues/{colleague.id}/active", data={"active": "0"}).status_code == 302
    with app.app_context():
        assert db.session.get(User, colleague.id).active is True  # one cannot deactivate oneself
        assert db.session.get(User, colleague.id).role == "firm"


def test_another_firms_administrator_cannot_touch_our_colleagues(
    app, client, firm_user, create_firm_user, create_colleague
):
    colleague = create_colleague(firm_user, "firm_applicant")
    stranger = create_firm_user()
    client.login(stranger.email, PASSWORD)
    client.post(f"/firm/colleagues/{colleague.id}/active", data={"active": "0"}, expect=302)
    client.post(f"/firm/colleagues/{colleague.id}/role", data={"role": "firm"}, expect=302)
    with app.app_context():
        user = db.session.get(User, colleague.id)
        assert (user.active, user.role) == (True, "firm_applicant")


def _claim_for(app, firm_user, contact_name: str, mobile: str, email: str) -> int:
    """A credit-code claim on ``firm_user``'s firm by someone else, its licence and letter on file."""
    from portal.accounts.models import CodeClaim
    from portal.core.db import commit

    with app.app_context():
        holder = db.session.get(User, firm_user.id).firm
        claim = CodeClaim(
            credit_code=holder.credit_code,
            firm_name=holder.name,
            contact_name=contact_name,
            mobile=mobile,
            email=email,
            licence_stored_name=secrets.token_hex(16),
            licence_original_name="licence.pdf",
            letter_stored_name=secrets.token_hex(16),
            letter_original_name="letter.pdf",
            holder_firm_id=holder.id,
        )
        db.session.add(claim)
        commit()
        return claim.id


def test_a_firm_whose_administrator_left_recovers_through_the_credit_code_claim(
    app, client, firm_user, create_colleague, supervisor, outbox
):
    """The administrator left and nobody can invite; the claim gives the firm a new administrator
    account, and every account of the old one (administrator and applicants alike) is suspended."""

    applicant = create_colleague(firm_user, "firm_applicant")
    claim_id = _claim_for(app, firm_user, "新管理员", "13900000009", "new-admin@example.cn")
    client.login(supervisor.email, PASSWORD)
    client.post(f"/staff/claims/{claim_id}/decide", data={"decision": "confirm"}, expect=302)
    with app.app_context():
        for old in (firm_user.id, applicant.id):
            assert db.session.get(User, old).active is False
        owner = db.session.scalar(select(User).where(User.email == "new-admin@example.cn"))
        assert owner.role == "firm" and owner.can(Permission.FIRM_MANAGE)
    # the new administrator sets a password through the mailed link, then invites colleagues again
    assert [m for m in outbox if m.to == "new-admin@example.cn"]


def test_staff_can_restore_the_firms_own_account_to_a_new_administrator(
    app, client, firm_user, create_colleague, make_case, supervisor, outbox
):
    """The same firm, its administrator gone: the claimant joins the existing account as administrator
    and finds the firm's cases; the colleagues keep working."""

    applicant = create_colleague(firm_user, "firm_applicant")
    ref = make_case(firm_user, kind="rights-protection", status="submitted")
    claim_id = _claim_for(app, firm_user, "接任管理员", "13900000010", "successor@example.cn")
    client.login(supervisor.email, PASSWORD)
    page = client.get_page("/staff/claims")
    assert page.select_one(f"#decision-{claim_id}-recover") is not None
    client.post(f"/staff/claims/{claim_id}/decide", data={"decision": "recover", "reason": "原管理员离职"}, expect=302)
    client.logout()
    with app.app_context():
        successor = db.session.scalar(select(User).where(User.email == "successor@example.cn"))
        assert (successor.firm_id, successor.role) == (firm_user.firm_id, "firm")
        assert db.session.get(User, applicant.id).active is True
    (mail,) = [m for m in outbox if m.to == "successor@example.cn"]
    link = re.search(r"http://localhost(/auth/reset-password/\S+)", mail.body).group(1)
    client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}, expect=302)
    client.login("successor@example.cn", NEW_PASSWORD)
    assert ref in client.get_page("/firm/").get_text()
    # the new administrator deactivates the one who left
    client.post(f"/firm/colleagues/{firm_user.id}/active", data={"active": "0"}, expect=302)
    with app.app_context():
        assert db.session.get(User, firm_user.id).active is False
