"""Following a case: 补正 answer, messages, withdrawal, rating, notifications; and isolation between firms."""

from __future__ import annotations

import io

import pytest

from portal.cases.models import Notification
from portal.extensions import db
from tests.fixtures.accounts import PASSWORD
from tests.fixtures.cases import PDF, get_case


def test_firm_answers_supplement_and_review_resumes(client, app, firm_user, supervisor, make_case, outbox):
    ref = make_case(firm_user, status="supplement_requested", staff=supervisor, holder=supervisor)
    client.login(firm_user.email, PASSWORD)
    page = client.get_page(f"/firm/applications/{ref}")
    assert page.select_one("#supplement") and "测试理由" in page.select_one("#supplement").get_text()
    with app.app_context():
        version = get_case(ref).version
    response = client.post(
        f"/firm/applications/{ref}/supplement",
        content_type="multipart/form-data",
        data={"version": version, "reply": "已补充购买凭证。", "files": [(io.BytesIO(PDF), "购买凭证.pdf")]},
    )
    assert response.status_code == 302
    with app.app_context():
        case = get_case(ref)
        assert case.status == "under_review" and any(f.original_name == "购买凭证.pdf" for f in case.files)
    assert any(m.to == supervisor.email for m in outbox)


def test_messages_both_ways_and_notes_stay_internal(client, app, firm_user, reviewer, make_case):
    ref = make_case(firm_user, status="accepted", staff=reviewer, holder=reviewer)
    client.login(reviewer.email, PASSWORD)
    client.post(f"/staff/cases/{ref}/notes", data={"body": "内部：怀疑材料不实"}, expect=302)
    client.post(f"/staff/cases/{ref}/messages", data={"body": "请说明侵权发现时间。"}, expect=302)
    client.logout()
    client.login(firm_user.email, PASSWORD)
    text = client.get_page(f"/firm/applications/{ref}").get_text()
    assert "请说明侵权发现时间" in text and "怀疑材料不实" not in text
    assert client.post(f"/firm/applications/{ref}/messages", data={"body": "2026年3月发现。"}).status_code == 302
    inbox = client.get_page("/firm/inbox")
    assert inbox.select(".list-group-item")


def test_withdraw_before_decision_only(client, app, firm_user, supervisor, make_case):
    ref = make_case(firm_user, status="under_review", staff=supervisor)
    client.login(firm_user.email, PASSWORD)
    with app.app_context():
        version = get_case(ref).version
    # a withdrawal says why; without a reason it is refused and nothing changes
    assert client.post(f"/firm/applications/{ref}/withdraw", data={"version": version}).status_code == 400
    with app.app_context():
        assert get_case(ref).status == "under_review"
    response = client.post(f"/firm/applications/{ref}/withdraw", data={"version": version, "reason": "已与对方和解"})
    assert response.status_code == 302
    with app.app_context():
        assert get_case(ref).status == "withdrawn"
    done = make_case(firm_user, status="approved", staff=supervisor)
    with app.app_context():
        version = get_case(done).version
    assert (
        client.post(f"/firm/applications/{done}/withdraw", data={"version": version, "reason": "不需要了"}).status_code
        == 400
    )
    with app.app_context():
        assert get_case(done).status == "approved"


def test_rating_after_the_case_is_finished(client, app, firm_user, supervisor, make_case):
    open_ref = make_case(firm_user, status="under_review", staff=supervisor)
    closed_ref = make_case(firm_user, status="closed", staff=supervisor)
    client.login(firm_user.email, PASSWORD)
    client.post(f"/firm/applications/{open_ref}/rate", data={"rating": "5"}, expect=400)
    client.post(f"/firm/applications/{closed_ref}/rate", data={"rating": "2", "comment": "太慢"}, expect=302)
    client.post(f"/firm/applications/{closed_ref}/rate", data={"rating": "5"}, expect=400)  # second rating refused
    with app.app_context():
        assert get_case(open_ref).rating is None
        assert (get_case(closed_ref).rating, get_case(closed_ref).rating_comment) == (2, "太慢")


def test_status_changes_notify_in_app_and_by_email(client, app, firm_user, reviewer, make_case, outbox):
    ref = make_case(firm_user)
    client.login(reviewer.email, PASSWORD)
    with app.app_context():
        version = get_case(ref).version
    client.post(f"/staff/cases/{ref}/actions/accept", data={"version": version}, expect=302)
    assert any(m.to == firm_user.email and "已受理" in m.subject for m in outbox)
    with app.app_context():
        count = db.session.scalar(db.select(db.func.count(Notification.id)).where(Notification.user_id == firm_user.id))
        assert count == 2  # submitted + accepted
    client.logout()
    client.login(firm_user.email, PASSWORD)
    nav = client.get_page("/firm/").select_one("nav").get_text()
    assert "2" in nav


FIRM_ROUTES = [
    ("get", "/firm/applications/{ref}"),
    ("get", "/firm/applications/{ref}/submitted"),
    ("get", "/firm/applications/{ref}/receipt"),
    ("post", "/firm/applications/{ref}/messages"),
    ("post", "/firm/applications/{ref}/supplement"),
    ("post", "/firm/applications/{ref}/withdraw"),
    ("post", "/firm/applications/{ref}/rate"),
    ("get", "/firm/applications/{ref}/files/1"),
    ("get", "/firm/applications/{draft}/steps/question"),
    ("post", "/firm/applications/{draft}/steps/question"),
    ("get", "/firm/applications/{draft}/materials"),
    ("post", "/firm/applications/{draft}/materials"),
    ("get", "/firm/applications/{draft}/check"),
    ("post", "/firm/applications/{draft}/submit"),
    ("post", "/firm/applications/{draft}/delete"),
    ("post", "/firm/applications/{draft}/files/1/delete"),
    ("get", "/firm/applications/{draft}"),
]


@pytest.mark.parametrize(("method", "url"), FIRM_ROUTES)
def test_another_firm_gets_404_on_every_case_route(client, app, firm_user, create_firm_user, make_case, method, url):
    ref = make_case(firm_user, kind="consultation")
    draft = make_case(firm_user, kind="consultation", status="draft")
    intruder = create_firm_user()
    client.login(intruder.email, PASSWORD)
    response = getattr(client, method)(url.format(ref=ref, draft=draft))
    assert response.status_code == 404
    client.logout()
    client.login(firm_user.email, PASSWORD)
    own = getattr(client, method)(url.format(ref=ref, draft=draft).replace("/files/1", "/files/999999"))
    assert own.status_code != 500


def test_emails_are_written_in_the_recipients_language(client, app, firm_user, reviewer, make_case, outbox):
    from portal.accounts.models import User
    from portal.core.db import commit

    with app.app_context():
        db.session.get(User, firm_user.id).locale = "en"
        commit()
    ref = make_case(firm_user)
    client.login(reviewer.email, PASSWORD)  # the reviewer works in Chinese
    with app.app_context():
        version = get_case(ref).version
    client.post(f"/staff/cases/{ref}/actions/accept", data={"version": version}, expect=302)
    mail = [m for m in outbox if m.to == firm_user.email][-1]
    assert "Accepted" in mail.subject and "Hello" in mail.body and "已受理" not in mail.subject


def test_dashboard_statements_do_not_grow_with_cases_or_holders(client, app, firm_user, create_staff, make_case):
    """The firm's own list never loads the staff who hold its cases, one per row or otherwise."""
    from sqlalchemy import event

    def statements() -> int:
        with app.app_context():
            engine = db.engine
        seen: list[str] = []

        def note(conn, cursor, statement, *args):
            seen.append(statement)

        event.listen(engine, "before_cursor_execute", note)
        try:
            client.get_page("/firm/")
        finally:
            event.remove(engine, "before_cursor_execute", note)
        return len(seen)

    make_case(firm_user, holder=create_staff("reviewer"), status="accepted")
    client.login(firm_user.email, PASSWORD)
    one = statements()
    for _ in range(3):
        make_case(firm_user, holder=create_staff("reviewer"), status="accepted")
    assert statements() == one
