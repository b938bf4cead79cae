"""The queue's tabs and filter form are kept per worker (portal.templating.kept_for): whatever the key
leaves out must not show. Each person sees their own "me", a renamed colleague at once, the current
objection count and their own saved views, in the language they asked for."""

from __future__ import annotations

from portal.accounts.models import User
from portal.core.db import commit
from portal.extensions import db
from tests.fixtures.accounts import PASSWORD
from tests.fixtures.cases import file_objection


def _holder_choice(page) -> tuple[str, str]:
    chosen = page.select_one("#f-holder option[selected]")
    return chosen["value"], chosen.get_text(strip=True)


def test_holder_me_is_each_persons_own_and_a_renamed_colleague_shows_at_once(client, app, create_staff):
    first, second = create_staff("reviewer"), create_staff("reviewer")
    client.login(first.email, PASSWORD)
    page = client.get_page("/staff/queue?holder=me")
    first_name = first.email.split("@")[0]  # the fixture names staff after their address
    assert _holder_choice(page) == (str(first.id), first_name)
    assert any(first_name in chip.get_text() for chip in page.select(".filter-chip"))
    client.logout()

    client.login(second.email, PASSWORD)
    page = client.get_page("/staff/queue?holder=me")
    assert _holder_choice(page)[0] == str(second.id)
    assert not any(first_name in chip.get_text() for chip in page.select(".filter-chip"))

    with app.app_context():
        db.session.get(User, first.id).name = "李明"
        commit()
    page = client.get_page("/staff/queue?holder=me")
    names = [option.get_text(strip=True) for option in page.select("#f-holder option")]
    assert "李明" in names and first_name not in names


def test_the_objection_badge_and_saved_views_are_current_on_a_kept_panel(
    client, create_firm_user, supervisor, reviewer, make_case
):
    client.login(reviewer.email, PASSWORD)

    def objection_tab(page):
        return next(a for a in page.select(".nav-tabs a") if "异议" in a.get_text())

    assert objection_tab(client.get_page("/staff/queue")).select_one(".badge") is None
    client.post("/staff/queue/views", data={"name": "我的逾期", "query": "overdue=1"}, expect=302)
    client.logout()

    ref = make_case(create_firm_user(), kind="brand-demonstration", status="publicity", staff=supervisor)
    file_objection(client, ref)
    client.login(reviewer.email, PASSWORD)
    page = client.get_page("/staff/queue")
    assert objection_tab(page).select_one(".badge").get_text(strip=True) == "1"
    assert [v.get_text() for v in page.select(".saved-view a")] == ["我的逾期"]


def test_the_forms_on_a_kept_panel_carry_each_sessions_own_token(app, create_staff):
    from tests.helpers import PageClient

    first, second = PageClient(app), PageClient(app)
    first.login(create_staff("reviewer").email, PASSWORD)
    second.login(create_staff("reviewer").email, PASSWORD)
    # a token is the session's secret, then the time it was signed and the signature: compare the secret
    tokens = [
        client.get_page("/staff/queue")
        .select_one("form[action='/staff/queue/views'] input[name=csrf_token]")["value"]
        .split(".")[0]
        for client in (first, second, first)
    ]
    # the same session keeps its token, the other session has its own: none comes from the kept panel
    assert tokens[0] == tokens[2] != tokens[1]


def test_the_panel_follows_the_language_and_the_arguments(client, reviewer):
    client.login(reviewer.email, PASSWORD)
    chinese = client.get_page("/staff/queue?overdue=1")
    assert "全部类型" in chinese.select_one(".nav-tabs").get_text()
    assert chinese.select_one("#f-over").has_attr("checked")
    english = client.get_page("/staff/queue?overdue=1&lang=en")
    assert "All types" in english.select_one(".nav-tabs").get_text()
    plain = client.get_page("/staff/queue?lang=zh")
    assert not plain.select_one("#f-over").has_attr("checked")
    assert "全部类型" in plain.select_one(".nav-tabs").get_text()
