"""Outcomes in each programme's own words (glossary), and the 好差评 scale with its comment rule."""

from __future__ import annotations

import pytest

from tests.fixtures.accounts import PASSWORD
from tests.fixtures.cases import get_case

PASSED = {
    "brand-demonstration": "通过评审（拟认定）",
    "ip-demonstration": "通过评审（拟推荐）",
    "copyright-demonstration": "通过评审（拟推荐）",
    "rights-protection": "予以援助",
    "consultation": "已答复",
    "pledge-interest-subsidy": "予以贴息",
    "insurance-premium-subsidy": "予以补贴",
}
BUTTON = {
    "brand-demonstration": "通过评审（拟认定）",
    "ip-demonstration": "通过评审（拟推荐）",
    "rights-protection": "予以援助",
    "consultation": "答复",
    "pledge-interest-subsidy": "予以贴息",
    "insurance-premium-subsidy": "予以补贴",
}


@pytest.mark.parametrize("kind", sorted(PASSED))
def test_a_passed_case_is_shown_in_its_programmes_words(client, firm_user, supervisor, make_case, kind):
    ref = make_case(firm_user, kind=kind, status="approved", staff=supervisor)
    client.login(firm_user.email, PASSWORD)
    page = client.get_page(f"/firm/applications/{ref}")
    badges = [b.get_text(strip=True) for b in page.select(".badge")]
    assert PASSED[kind] in badges
    assert "通过评审" not in badges  # the bare, programme-blind label is gone
    dashboard = client.get_page("/firm/")
    assert PASSED[kind] in [b.get_text(strip=True) for b in dashboard.select(".badge")]


@pytest.mark.parametrize("kind", sorted(BUTTON))
def test_the_decision_button_uses_the_programmes_words(client, app, supervisor, firm_user, make_case, kind):
    ref = make_case(firm_user, kind=kind, status="under_review", staff=supervisor, holder=supervisor)
    client.login(supervisor.email, PASSWORD)
    page = client.get_page(f"/staff/cases/{ref}")
    buttons = [b.get_text(strip=True) for b in page.select("form button[type=submit]")]
    assert BUTTON[kind] in buttons, buttons
    assert "通过评审" not in buttons


def test_rating_scale_and_a_comment_required_below_fairly_satisfied(client, app, firm_user, supervisor, make_case):
    ref = make_case(firm_user, status="closed", staff=supervisor)
    client.login(firm_user.email, PASSWORD)
    page = client.get_page(f"/firm/applications/{ref}")
    labels = [label.get_text(strip=True) for label in page.select("input[name=rating] + label, label[for^=rating-]")]
    for word in ("非常满意", "满意", "基本满意", "不满意", "非常不满意"):
        assert word in labels
    assert "一般" not in labels
    refused = client.post(f"/firm/applications/{ref}/rate", data={"rating": "2", "comment": " "})
    assert refused.status_code == 400 and "请填写评价意见" in refused.get_data(as_text=True)
    with app.app_context():
        assert get_case(ref).rating is None
    client.post(f"/firm/applications/{ref}/rate", data={"rating": "3"})  # 基本满意 needs no comment
    with app.app_context():
        assert get_case(ref).rating == 3


def test_the_service_refuses_a_low_rating_without_a_comment(app, firm_user, supervisor, make_case):
    from portal.cases import services
    from portal.cases.services import WorkflowError

    ref = make_case(firm_user, status="closed", staff=supervisor)
    with app.test_request_context():
        case = get_case(ref)
        with pytest.raises(WorkflowError):
            services.rate_service(case, None, 1, "")


def test_the_rating_form_asks_for_the_comment_next_to_the_field(app):
    from werkzeug.datastructures import MultiDict

    from portal.cases.forms import RatingForm

    with app.test_request_context():
        form = RatingForm(formdata=MultiDict({"rating": "1", "comment": "  "}))
        assert not form.validate() and "comment" in form.errors
        assert RatingForm(formdata=MultiDict({"rating": "1", "comment": "等了太久"})).validate()
        assert RatingForm(formdata=MultiDict({"rating": "4"})).validate()
