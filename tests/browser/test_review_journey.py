"""Expert review of a demonstration call: a rubric, three experts per case, a declared conflict and its
replacement, scoring with the running total, a ranking under a quota of 2, both top cases to 公示
together, and the firm seeing the outcome without scores."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.accounts.models import User
from portal.core.db import commit
from portal.core.timeutil import today_local
from portal.extensions import db
from portal.review import reviews
from portal.review.models import Assignment, ReviewStatus
from tests.browser.test_case_journeys import sign_in, sign_out
from tests.fixtures.accounts import PASSWORD
from tests.fixtures.cases import get_case

pytestmark = pytest.mark.browser


@pytest.fixture
def pool_of_four(app, create_staff):
    from portal.review import pool

    supervisor = create_staff("supervisor")
    with app.test_request_context():
        actor = db.session.get(User, supervisor.id)
        emails = []
        for i in range(4):
            profile = pool.add_expert(
                {
                    "name": f"旅程专家{i}",
                    "email": f"journey-expert{i}@example.cn",
                    "fields": ["brand-demonstration"],
                    "employer": "天津某研究院",
                    "relationships": "",
                },
                actor,
            )
            profile.user.set_password(PASSWORD)
            emails.append(profile.user.email)
        commit()
    return supervisor, emails


def _assignments(app, ref):
    with app.app_context():
        case = get_case(ref)
        return [
            (a.id, a.expert.email, a.status)
            for a in db.session.scalars(select(Assignment).where(Assignment.case_id == case.id).order_by(Assignment.id))
        ]


def _score_by_service(app, ref, scores):
    """The other cases' experts score too (the journey follows case A's experts through the pages)."""
    with app.test_request_context():
        case = get_case(ref)
        for a in db.session.scalars(select(Assignment).where(Assignment.case_id == case.id)):
            if a.status == ReviewStatus.CONFLICT:
                continue
            reviews.declare(a, a.expert, a.expert.name, True)
            reviews.save_review(a, a.expert, scores, "符合条件。", submit=True)
        commit()


def test_expert_review_to_public_notice_under_the_quota(page, shot, app, create_firm_user, make_case, pool_of_four):
    supervisor, emails = pool_of_four
    firms = [create_firm_user(firm_name=f"天津旅程{n}品牌有限公司") for n in "甲乙丙"]
    refs = [make_case(f, kind="brand-demonstration", status="under_review", staff=supervisor) for f in firms]
    with app.app_context():
        call = get_case(refs[0]).call
        call.quota = 2
        call_id = call.id
        commit()

    # the supervisor sets the rubric and assigns three experts per case by field
    sign_in(page, supervisor.email)
    page.goto(f"/staff/review/calls/{call_id}/rubric")
    for i, (label, weight, high) in enumerate(
        (("品牌战略与创新", "40", "10"), ("品牌管理", "35", "20"), ("经济效益", "25", "5"))
    ):
        page.fill(f"#label_{i}", label)
        page.fill(f"#weight_{i}", weight)
        page.fill(f"#high_{i}", high)
    page.fill("#deadline", (today_local() + timedelta(days=14)).isoformat())
    with page.expect_navigation():
        page.get_by_role("button", name="保存评分标准").click()
    assert "评分标准已保存" in page.content()
    for ref in refs:
        assign = page.locator(f"form[action='/staff/review/cases/{ref}/experts']")
        with page.expect_navigation():
            assign.get_by_role("button", name="按领域自动分配").click()
    assert len(_assignments(app, refs[0])) == 3
    shot(page, "review-assigned")
    sign_out(page)

    # one expert of case A declares a conflict
    leaving_id, leaving_email, _status = _assignments(app, refs[0])[0]
    sign_in(page, leaving_email)
    page.goto(f"/expert/reviews/{leaving_id}")
    page.fill("#note", "本人曾为该企业提供品牌咨询服务。")
    with page.expect_navigation():
        page.get_by_role("button", name="申报利益冲突").click()
    assert "利益冲突申报已记录" in page.content()
    sign_out(page)

    # … and the supervisor replaces them
    sign_in(page, supervisor.email)
    page.goto(f"/staff/review/calls/{call_id}")
    assert "本人曾为该企业提供品牌咨询服务" in page.content()
    assign = page.locator(f"form[action='/staff/review/cases/{refs[0]}/experts']")
    with page.expect_navigation():
        assign.get_by_role("button", name="按领域自动分配").click()
    active = [a for a in _assignments(app, refs[0]) if a[2] != ReviewStatus.CONFLICT]
    assert len(active) == 3 and leaving_email not in {a[1] for a in active}
    sign_out(page)

    # the three experts of case A sign the declaration and score; the total runs as they type
    for n, (assignment_id, email, _status) in enumerate(active):
        sign_in(page, email)
        page.goto("/expert/")
        with page.expect_navigation():
            page.locator(f"a[href='/expert/reviews/{assignment_id}']").click()
        with app.app_context():
            name = db.session.scalar(select(User.name).where(User.email == email))
        page.fill("#full_name", name)
        page.check("#agree")
        with page.expect_navigation():
            page.get_by_role("button", name="签署声明").click()
        page.fill("#c0", "9")
        page.fill("#c1", "18")
        assert page.inner_text("#running-total") == "请为每项打分"
        page.fill("#c2", "5")
        assert page.inner_text("#running-total") == "92.5"  # 40×0.9 + 35×0.9 + 25×1
        page.fill("#opinion", "品牌培育成效显著，建议通过。")
        if n == 0:
            shot(page, "review-scoring")
        with page.expect_navigation():
            page.get_by_role("button", name="提交评分").click()
        assert "评分已提交" in page.content()
        sign_out(page)

    _score_by_service(app, refs[1], {"0": "7", "1": "14", "2": "4"})
    _score_by_service(app, refs[2], {"0": "3", "1": "6", "2": "2"})

    # the ranking respects the quota of 2; the panel sends both top cases to 公示 together
    sign_in(page, supervisor.email)
    page.goto(f"/staff/review/calls/{call_id}")
    cards = page.locator("#ranking .card")
    assert refs[0] in cards.nth(0).inner_text() and "名额内" in cards.nth(0).inner_text()
    assert refs[1] in cards.nth(1).inner_text() and "名额内" in cards.nth(1).inner_text()
    assert refs[2] in cards.nth(2).inner_text() and "名额内" not in cards.nth(2).inner_text()
    shot(page, "review-ranking")
    page.fill("#attendees", "审核负责人、三位评审专家")
    page.fill("#minutes", "按平均分排序，前两名进入公示。")
    page.fill("#opinion", "经专家评审和集体审议，同意认定为品牌示范企业并予以公示。")
    page.check("input[name=rest][value=reject]")
    page.fill("#rest_reason", "综合得分未进入名额。")
    with page.expect_navigation():
        page.get_by_role("button", name="记录审议结果并公示名额内申请").click()
    assert "集体审议结果已记录" in page.content()
    with app.app_context():
        assert [get_case(r).status for r in refs] == ["publicity", "publicity", "rejected"]
    shot(page, "review-decided")
    sign_out(page)

    # the firm sees the outcome, never the scores or the experts
    sign_in(page, firms[0].email)
    page.goto(f"/firm/applications/{refs[0]}")
    text = page.inner_text("main")
    assert "公示" in text
    assert "92.5" not in text and "旅程专家" not in text
    shot(page, "review-firm-outcome")
