"""The staff case page's body is kept in the shared cache per person, case, view and day
(portal.web.staff.cases.case_detail). Whatever it shows must be current the moment it changes: each
test below changes one kind of thing the page shows and looks for it on the next view."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.accounts.models import User
from portal.cases import messaging, phrases, services
from portal.cases.status import CaseAction
from portal.core.db import commit
from portal.extensions import db
from portal.firms.models import Firm
from tests.fixtures.accounts import PASSWORD
from tests.fixtures.cases import get_case, reads_cases


@pytest.fixture
def case_ref(make_case, create_firm_user, supervisor):
    return make_case(create_firm_user(), kind="rights-protection", status="accepted", staff=supervisor)


def _unsigned(html: str) -> str:
    return re.sub(r'(value=")([\w-]+)\.[\w.-]+"', r'\1\2"', html)


def _text(page) -> str:
    return page.select_one("main").get_text(" ", strip=True)


def test_a_second_view_is_not_rendered_again(client, counts_cached, reviewer, case_ref, statements):
    client.login(reviewer.email, PASSWORD)
    first = client.get(f"/staff/cases/{case_ref}", expect=200).get_data(as_text=True)
    statements.clear()
    second = client.get(f"/staff/cases/{case_ref}", expect=200).get_data(as_text=True)
    # the same page, but for the signing time in the session's CSRF tokens
    assert _unsigned(second) == _unsigned(first)
    assert not [s for s in statements if "from cases" in s or "audit_events" in s], statements


def test_a_message_a_note_and_a_transition_show_at_once(app, client, counts_cached, reviewer, supervisor, case_ref):
    client.login(reviewer.email, PASSWORD)
    client.get_page(f"/staff/cases/{case_ref}")
    with app.test_request_context():
        case = get_case(case_ref)
        messaging.post_message(case, db.session.get(User, case.created_by_id), "商标侵权的补充说明")
        commit()
    assert "商标侵权的补充说明" in _text(client.get_page(f"/staff/cases/{case_ref}"))

    with app.test_request_context():
        messaging.add_note(get_case(case_ref), db.session.get(User, supervisor.id), "请核对权属证明")
        commit()
    assert "请核对权属证明" in _text(client.get_page(f"/staff/cases/{case_ref}"))

    def status(page) -> str:
        return page.select_one("main h1 + div .badge").get_text(strip=True)

    before = status(client.get_page(f"/staff/cases/{case_ref}"))
    with app.test_request_context():
        case = get_case(case_ref)
        services.transition(case, CaseAction.START_REVIEW, db.session.get(User, supervisor.id))
        commit()
    after = status(client.get_page(f"/staff/cases/{case_ref}"))
    assert (before, after) == ("已受理", "审查中")


def test_a_renamed_firm_and_a_renamed_holder_show_at_once(app, client, counts_cached, reviewer, supervisor, case_ref):
    client.login(reviewer.email, PASSWORD)
    holder = supervisor.email.split("@")[0]  # make_case moved the case as the supervisor, who holds it
    assert holder in _text(client.get_page(f"/staff/cases/{case_ref}"))
    with app.app_context():
        db.session.get(User, supervisor.id).name = "赵审核"
        commit()
    text = _text(client.get_page(f"/staff/cases/{case_ref}"))
    assert "赵审核" in text and holder not in text
    with app.app_context():
        db.session.get(Firm, get_case(case_ref).firm_id).name = "天津红桥改名科技有限公司"
        commit()
    assert "天津红桥改名科技有限公司" in _text(client.get_page(f"/staff/cases/{case_ref}"))


def test_a_new_phrase_is_offered_at_once(app, client, counts_cached, reviewer, supervisor, case_ref):
    client.login(supervisor.email, PASSWORD)
    assert "退回模板" not in _text(client.get_page(f"/staff/cases/{case_ref}"))
    with app.test_request_context():
        values = {"kind": "", "action": "request_supplement", "title": "退回模板", "text": "请补充权属证明。"}
        phrases.save(None, values, db.session.get(User, supervisor.id))
        commit()
    assert "退回模板" in _text(client.get_page(f"/staff/cases/{case_ref}"))


def test_redacted_audit_texts_leave_the_timeline_at_once(app, client, counts_cached, supervisor, case_ref):
    from portal.audit.models import AuditEvent
    from portal.audit.services import redact_texts

    client.login(supervisor.email, PASSWORD)
    with app.test_request_context():
        messaging.add_note(get_case(case_ref), db.session.get(User, supervisor.id), "联系人手机13812345678")
        commit()
    assert "13812345678" in _text(client.get_page(f"/staff/cases/{case_ref}"))
    with app.test_request_context():
        case = get_case(case_ref)
        # the note itself is the firm's thread; the audit trail's copy of it is what redaction blanks
        for message in case.messages:
            message.body = "（已删除）"
        events = select(AuditEvent.id).where(AuditEvent.case_id == case.id)
        redact_texts(events, actor=db.session.get(User, supervisor.id), firm_id=case.firm_id)
        commit()
    assert "13812345678" not in _text(client.get_page(f"/staff/cases/{case_ref}"))


def test_each_person_sees_their_own_actions_and_their_own_token(
    test_config, counts_cached, reviewer, supervisor, case_ref
):
    from portal import create_app
    from tests.helpers import PageClient

    checked = create_app({**test_config, "WTF_CSRF_ENABLED": True, "COUNT_CACHE_SECONDS": 600})  # as served
    first, second = PageClient(checked), PageClient(checked)
    for client, person in ((first, reviewer), (second, supervisor)):
        page = client.get_page("/auth/login")
        token = page.select_one("input[name=csrf_token]")["value"]
        data = {"email": person.email, "password": PASSWORD, "csrf_token": token}
        client.post("/auth/login", data=data, expect=302)
    pages = [c.get_page(f"/staff/cases/{case_ref}") for c in (first, second, first)]
    # only a supervisor may assign; the reviewer's second (kept) view still says not
    assert [bool(p.select_one("#assign")) for p in pages] == [False, True, False]
    tokens = [p.select_one("#notes form input[name=csrf_token]")["value"] for p in pages]
    assert tokens[0].split(".")[0] == tokens[2].split(".")[0] != tokens[1].split(".")[0]
    # a form of the kept page posts as its reader, and with the other person's token it is refused
    note = f"/staff/cases/{case_ref}/notes"
    first.post(note, data={"csrf_token": tokens[1], "body": "冒用他人令牌"}, expect=400)
    first.post(note, data={"csrf_token": tokens[2], "body": "已电话联系企业"}, expect=302)
    text = _text(first.get_page(f"/staff/cases/{case_ref}"))
    assert "已电话联系企业" in text and "冒用他人令牌" not in text


def test_a_new_day_renders_afresh(app, client, counts_cached, reviewer, case_ref, statements, monkeypatch):
    import portal.web.staff.cases as views

    client.login(reviewer.email, PASSWORD)
    client.get_page(f"/staff/cases/{case_ref}")
    tomorrow = views.today_local() + timedelta(days=1)
    monkeypatch.setattr(views, "today_local", lambda: tomorrow)
    statements.clear()
    client.get_page(f"/staff/cases/{case_ref}")
    assert reads_cases(statements), "a new day counts the time limits again"


def test_an_unknown_case_or_a_one_off_view_keeps_nothing(app, client, counts_cached, reviewer, case_ref):
    from portal.extensions import cache

    def kept_bodies() -> list[str]:
        with app.app_context():
            return [key for key in cache.cache._cache if ":html:" in key]  # SimpleCache's own dict

    client.login(reviewer.email, PASSWORD)
    for reference in ("HQ-NOPE-1", "案" * 3000, "HQ-RP-2026-%E2%80%AE"):
        client.get(f"/staff/cases/{reference}", expect=404)
        client.get(f"/staff/cases/{reference}", expect=404)
    client.get_page(f"/staff/cases/{case_ref}?view=q%3D%E5%95%86%E6%A0%87")  # opened from a typed search
    client.get_page(f"/staff/cases/{case_ref}?view=type%3Dzzz")  # from a view with a value it ignores
    assert kept_bodies() == []
    client.get_page(f"/staff/cases/{case_ref}?view=stage%3Dmine")
    assert len(kept_bodies()) == 1


def test_a_new_release_renders_afresh(app, client, counts_cached, reviewer, case_ref, statements, monkeypatch):
    """The shared cache outlives a deploy: a body the previous code rendered (its forms, its fields)
    must not be served by the next."""
    client.login(reviewer.email, PASSWORD)
    client.get_page(f"/staff/cases/{case_ref}")
    monkeypatch.setitem(app.config, "RELEASE", "next-release")
    statements.clear()
    client.get_page(f"/staff/cases/{case_ref}")
    assert reads_cases(statements), "rendered by the new release"
    statements.clear()
    client.get_page(f"/staff/cases/{case_ref}")
    assert not reads_cases(statements), "and kept under it"
