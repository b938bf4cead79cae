"""好差评: the government scale, a comment below 基本满意, staff see ratings, and a low rating raises a
follow-up for the supervisors that is closed by recording the outcome (整改)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.cases.models import Notification
from portal.cases.ratings import RatingFollowUp
from portal.extensions import db
from tests.fixtures.accounts import PASSWORD
from tests.fixtures.cases import get_case
from tests.helpers import error_texts


@pytest.fixture
def closed_case(client, firm_user, supervisor, make_case):
    ref = make_case(firm_user, status="closed", staff=supervisor)
    client.login(firm_user.email, PASSWORD)
    return ref


def test_the_scale_is_the_government_one(client, closed_case):
    page = client.get_page(f"/firm/applications/{closed_case}")
    labels = [label.get_text(strip=True) for label in page.select("input[name=rating] + label")]
    assert labels == ["非常满意", "满意", "基本满意", "不满意", "非常不满意"]
    assert not page.select("input[name=rating][checked]")  # nothing chosen for the firm


@pytest.mark.parametrize("rating", ["2", "1"])
def test_below_fairly_satisfied_needs_a_comment(client, app, closed_case, rating):
    page = client.post_page(f"/firm/applications/{closed_case}/rate", {"rating": rating, "comment": " "}, status=400)
    assert "选择此评价时须说明问题所在" in " ".join(error_texts(page))
    with app.app_context():
        assert get_case(closed_case).rating is None
        assert db.session.scalar(select(RatingFollowUp)) is None


def test_a_good_rating_raises_no_follow_up(client, app, closed_case):
    client.post(f"/firm/applications/{closed_case}/rate", data={"rating": "4"}, expect=302)
    page = client.get_page(f"/firm/applications/{closed_case}")
    assert page.select_one("#your-rating").get_text(strip=True) == "感谢您的评价：“满意”。"
    with app.app_context():
        assert db.session.scalar(select(RatingFollowUp)) is None


def test_low_rating_follow_up_recorded_by_a_supervisor(client, app, closed_case, supervisor, reviewer):
    comment = "补正要求前后不一致，耽误了两周。"
    client.post(f"/firm/applications/{closed_case}/rate", data={"rating": "2", "comment": comment}, expect=302)
    with app.app_context():
        task = db.session.scalar(select(RatingFollowUp))
        assert task is not None and task.is_open and task.case.reference == closed_case
        task_id = task.id
        told = db.session.scalars(select(Notification).where(Notification.event == "low_rating")).all()
        assert supervisor.id in {n.user_id for n in told}
    client.logout()

    # a reviewer sees the rating on the case and in the list, but cannot close the follow-up
    client.login(reviewer.email, PASSWORD)
    case_page = client.get_page(f"/staff/cases/{closed_case}")
    assert "不满意" in case_page.select_one("#rating").get_text() and comment in case_page.get_text()
    listing = client.get_page("/staff/ratings")
    assert listing.select_one(f"#rating-task-{task_id}") is not None
    assert listing.select_one(f"#rating-task-{task_id} form") is None
    client.post(f"/staff/ratings/{task_id}/outcome", data={"outcome": "已整改"}, expect=403)
    client.logout()

    client.login(supervisor.email, PASSWORD)
    page = client.post_page(f"/staff/ratings/{task_id}/outcome", {"outcome": ""}, status=400)
    assert "请填写针对该评价采取的整改措施。" in " ".join(error_texts(page))
    outcome = "已致电企业说明情况，统一了补正通知模板。"
    response = client.post(f"/staff/ratings/{task_id}/outcome", data={"outcome": outcome}, expect=302)
    page = client.get_page(response.headers["Location"])
    assert f"已记录 {closed_case} 的整改结果" in page.get_text()
    assert page.select_one(f"#rating-task-{task_id}") is None  # done
    row = next(tr for tr in page.select("#ratings tbody tr") if closed_case in tr.get_text())
    assert outcome in row.get_text()
    with app.app_context():
        task = db.session.get(RatingFollowUp, task_id)
        assert task.resolved_by_id == supervisor.id and task.outcome == outcome
    # recorded once: a second outcome is refused
    page = client.post_page(f"/staff/ratings/{task_id}/outcome", {"outcome": "再次"}, status=400)
    assert "该整改跟进已记录结果。" in " ".join(error_texts(page))


def test_no_ratings_yet_is_an_empty_state(client, supervisor):
    client.login(supervisor.email, PASSWORD)
    page = client.get_page("/staff/ratings")
    assert "暂无评价" in page.get_text() and "暂无待整改跟进的评价" in page.get_text()
