"""Switching language never loses the page: after a refused POST the language link points at the
last page seen, and a GET on a form-only address renders in the layout with a way back."""

from __future__ import annotations

from tests.fixtures.accounts import PASSWORD


def test_language_link_after_a_refused_message_points_at_the_case(client, app, firm_user, make_case):
    ref = make_case(firm_user)
    client.login(firm_user.email, PASSWORD)
    case_url = f"/firm/applications/{ref}"
    response = client.post(
        f"{case_url}/messages", data={"body": ""}, headers={"Referer": f"http://localhost{case_url}"}
    )
    assert response.status_code == 400
    from bs4 import BeautifulSoup

    page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    switch = page.find("a", href=lambda h: h and "lang=en" in h)
    assert switch is not None and switch["href"].startswith(case_url)
    english = client.get(switch["href"])
    assert english.status_code == 200 and ref in english.get_data(as_text=True)


def test_a_get_on_a_form_only_address_is_a_page_with_a_way_back(client, firm_user, make_case):
    ref = make_case(firm_user)
    client.login(firm_user.email, PASSWORD)
    back = f"/firm/applications/{ref}"
    page = client.get_page(f"{back}/withdraw", status=405, headers={"Referer": f"http://localhost{back}"})
    assert page.select_one(f"a[href='{back}']") is not None
    assert page.select_one("nav") is not None  # the site layout, not a bare error
