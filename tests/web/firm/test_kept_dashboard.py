"""The firm's list of cases is kept in the shared cache per person, page and day
(portal.web.firm.dashboard): a new or changed case, a renamed colleague and a new day show at once, and
each person sees only the cases their role lets them see."""

from __future__ import annotations

from datetime import timedelta

from portal.accounts.models import User
from portal.cases import services
from portal.cases.status import CaseAction
from portal.core.db import commit
from portal.extensions import db
from tests.fixtures.accounts import PASSWORD
from tests.fixtures.cases import get_case, reads_cases


def _rows(client) -> list[list[str]]:
    page = client.get_page("/firm/")
    return [[td.get_text(" ", strip=True) for td in tr.select("td")] for tr in page.select("#my-cases tbody tr")]


def test_the_list_is_kept_and_follows_every_change(
    app, client, counts_cached, create_firm_user, create_colleague, supervisor, make_case, statements
):
    owner = create_firm_user()
    colleague = create_colleague(owner)
    ref = make_case(owner, kind="rights-protection")
    client.login(owner.email, PASSWORD)
    assert [row[0] for row in _rows(client)] == [ref]
    statements.clear()
    assert [row[0] for row in _rows(client)] == [ref]
    assert not reads_cases(statements), "the second view reads no cases"

    theirs = make_case(colleague, kind="consultation")  # a colleague's new case: on the list at once
    rows = _rows(client)
    assert sorted(row[0] for row in rows) == sorted([ref, theirs])
    assert any(theirs == row[0] and row[-1].startswith("同事") for row in rows)

    with app.test_request_context():  # a decision changes the status shown
        services.transition(get_case(ref), CaseAction.ACCEPT, db.session.get(User, supervisor.id))
        commit()
    assert next(row for row in _rows(client) if row[0] == ref)[2] == "已受理"

    with app.app_context():  # the colleague's new name
        db.session.get(User, colleague.id).name = "钱申报"
        commit()
    assert next(row for row in _rows(client) if row[0] == theirs)[-1] == "钱申报"

    client.logout()
    client.login(colleague.email, PASSWORD)  # an applicant sees only their own
    assert [row[0] for row in _rows(client)] == [theirs]


def test_a_new_day_renders_afresh(client, counts_cached, firm_user, make_case, statements, monkeypatch):
    import portal.web.firm.dashboard as views

    make_case(firm_user)
    client.login(firm_user.email, PASSWORD)
    _rows(client)
    tomorrow = views.today_local() + timedelta(days=1)
    monkeypatch.setattr(views, "today_local", lambda: tomorrow)
    statements.clear()
    _rows(client)
    assert reads_cases(statements), "a new day counts the time limits again"
