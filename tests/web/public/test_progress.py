"""办件进度查询 without signing in: the right pair shows state and dates only; a wrong pair and an
unknown number get the same answer."""

from __future__ import annotations

from tests.fixtures.cases import get_case


def _ask(client, reference, code):
    return client.post_page("/progress", {"reference": reference, "credit_code": code})


def test_progress_by_reference_and_credit_code(client, app, firm_user, reviewer, make_case):
    ref = make_case(firm_user, status="accepted", staff=reviewer)
    page = _ask(client, ref.lower(), firm_user.credit_code)  # typed in lower case: still found
    text = page.get_text()
    assert ref in text and "已受理" in text
    with app.app_context():
        case = get_case(ref)
        answers = [v[0] for step in case.data.values() for v in step.values() if v]
    assert not any(a in text for a in answers if len(a) > 4)  # never the answers
    assert "公证" not in text and ".pdf" not in text  # never the files


def test_a_wrong_pair_and_an_unknown_number_answer_alike(client, firm_user, create_firm_user, make_case):
    ref = make_case(firm_user)
    other = create_firm_user()

    def answer(page):
        return page.select_one(".alert-warning").get_text(strip=True)

    wrong_pair = _ask(client, ref, other.credit_code)
    unknown = _ask(client, "HQ-RP-2026-999999", firm_user.credit_code)
    assert answer(wrong_pair) == answer(unknown)
    assert wrong_pair.select_one("#progress-result") is None and unknown.select_one("#progress-result") is None


def test_progress_lookups_are_rate_limited(client, firm_user):
    for _ in range(20):
        client.post("/progress", data={"reference": "HQ-RP-2026-000001", "credit_code": firm_user.credit_code})
    assert client.post("/progress", data={"reference": "x", "credit_code": "y"}).status_code == 429
