"""Expert review through the pages: conflict rules, what experts and firms may see, scoring refusals,
the panel decision under the quota."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from sqlalchemy import select

from portal.cases.status import CaseStatus
from portal.core.db import commit
from portal.core.timeutil import today_local
from portal.extensions import db
from portal.review.models import Assignment, ExpertProfile, PanelDecision, ReviewStatus, Rubric
from tests.fixtures.accounts import PASSWORD
from tests.fixtures.cases import get_case
from tests.helpers import error_texts


def _assignments(case_id):
    return list(db.session.scalars(select(Assignment).where(Assignment.case_id == case_id).order_by(Assignment.id)))


def _relate(app, expert_id, text):
    with app.app_context():
        profile = db.session.scalar(select(ExpertProfile).where(ExpertProfile.user_id == expert_id))
        profile.relationships = text
        commit()


def _assign(client, review, index, expert_id):
    return client.post(
        f"/staff/review/cases/{review.refs[index]}/experts", data={f"a{review.case_ids[index]}-expert": expert_id}
    )


def test_an_expert_related_to_the_firm_is_never_auto_assigned(client, app, review):
    # declared by the firm's name (with spaces and full-width brackets), and by its credit code
    _relate(app, review.expert_ids[0], f"  {review.firms[0].firm_name} \n另一家公司")
    _relate(app, review.expert_ids[1], review.firms[0].credit_code)
    client.login(review.supervisor.email, PASSWORD)
    client.post(f"/staff/review/cases/{review.refs[0]}/experts", data={"auto": "1"})
    with app.app_context():
        assigned = {a.expert_id for a in _assignments(review.case_ids[0])}
    # only two experts are free of a conflict: the case gets those two, never the related ones
    assert assigned == set(review.expert_ids[2:])


def test_an_expert_whose_employer_is_the_firm_is_refused_by_hand(client, app, review):
    with app.app_context():
        profile = db.session.scalar(select(ExpertProfile).where(ExpertProfile.user_id == review.expert_ids[0]))
        profile.employer = review.firms[0].firm_name
        commit()
    client.login(review.supervisor.email, PASSWORD)
    response = _assign(client, review, 0, review.expert_ids[0])
    assert response.status_code == 302
    page = client.get_page(response.headers["Location"])
    assert "不能评审" in page.get_text() or "cannot review" in page.get_text()
    with app.app_context():
        assert _assignments(review.case_ids[0]) == []
    # the refused expert is not offered for that case, but is for the others
    options = {o["value"] for o in page.select(f"select[name=a{review.case_ids[0]}-expert] option")}
    assert str(review.expert_ids[0]) not in options
    options = {o["value"] for o in page.select(f"select[name=a{review.case_ids[1]}-expert] option")}
    assert str(review.expert_ids[0]) in options


def _assignment_id(app, case_id, expert_id):
    with app.app_context():
        return db.session.scalar(
            select(Assignment.id).where(Assignment.case_id == case_id, Assignment.expert_id == expert_id)
        )


def test_expert_sees_only_assigned_cases_and_no_contact_data(client, app, review):
    client.login(review.supervisor.email, PASSWORD)
    _assign(client, review, 0, review.expert_ids[0])
    _assign(client, review, 1, review.expert_ids[1])
    mine = _assignment_id(app, review.case_ids[0], review.expert_ids[0])
    theirs = _assignment_id(app, review.case_ids[1], review.expert_ids[1])
    client.logout()
    client.login(review.expert_emails[0], PASSWORD)
    home = client.get_page("/expert/")
    assert review.refs[0] in home.get_text() and review.refs[1] not in home.get_text()
    page = client.get_page(f"/expert/reviews/{mine}")
    text = page.get_text()
    assert review.refs[0] in text and review.firms[0].firm_name in text
    assert "13800000000" not in text and "测试联系人" not in text and review.firms[0].email not in text
    client.get_page(f"/expert/reviews/{theirs}", status=404)
    assert (
        client.post(f"/expert/reviews/{theirs}/declaration", data={"full_name": "x", "agree": "y"}).status_code == 404
    )
    assert client.post(f"/expert/reviews/{theirs}/scores", data={"c0": "5"}).status_code == 404
    # experts have no way into the back office
    assert client.get("/staff/queue").status_code == 403


def _declare(client, assignment_id, name):
    return client.post(f"/expert/reviews/{assignment_id}/declaration", data={"full_name": name, "agree": "y"})


def _score(client, assignment_id, scores, action="submit", opinion="材料扎实，建议通过。", version=None):
    data = {f"c{i}": v for i, v in enumerate(scores)} | {"opinion": opinion, "action": action}
    if version is not None:
        data["version"] = version
    return client.post(f"/expert/reviews/{assignment_id}/scores", data=data)


def test_scoring_needs_a_signed_declaration_in_range_scores_and_an_open_deadline(client, app, review):
    client.login(review.supervisor.email, PASSWORD)
    _assign(client, review, 0, review.expert_ids[0])
    aid = _assignment_id(app, review.case_ids[0], review.expert_ids[0])
    client.logout()
    client.login(review.expert_emails[0], PASSWORD)

    page = client.post_page(
        f"/expert/reviews/{aid}/scores", {"c0": "8", "c1": "10", "c2": "3", "action": "submit"}, status=422
    )
    assert page.select_one("#error-summary") and "评分前请先签署利益冲突声明" in page.get_text()

    page = client.post_page(f"/expert/reviews/{aid}/declaration", {"full_name": "别人", "agree": "y"}, status=422)
    assert "评审专家0" in page.get_text()
    assert _declare(client, aid, "评审专家0").status_code == 302
    with app.app_context():
        row = db.session.get(Assignment, aid)
        assert row.status == ReviewStatus.DECLARED and row.declared_at and row.declared_ip

    page = client.post_page(
        f"/expert/reviews/{aid}/scores", {"c0": "11", "c1": "10", "c2": "3", "action": "submit"}, status=422
    )
    assert page.select_one("#c0.is-invalid")
    assert [e for e in error_texts(page) if "0" in e and "10" in e]
    assert page.find("input", attrs={"name": "c1"})["value"] == "10"  # nothing typed is lost

    # a draft may be partial; the total waits for every criterion
    assert _score(client, aid, ["8", "", ""], action="draft").status_code == 302
    with app.app_context():
        row = db.session.get(Assignment, aid)
        assert row.status == ReviewStatus.DECLARED and row.scores == {"0": 8.0} and row.total is None
        rubric = db.session.scalar(select(Rubric))
        rubric.deadline = today_local() - timedelta(days=1)
        commit()
    page = client.post_page(
        f"/expert/reviews/{aid}/scores", {"c0": "8", "c1": "10", "c2": "3", "action": "submit"}, status=422
    )
    assert "截止" in page.get_text() or "deadline" in page.get_text()
    with app.app_context():
        assert db.session.get(Assignment, aid).status == ReviewStatus.DECLARED
        rubric = db.session.scalar(select(Rubric))
        rubric.deadline = today_local() + timedelta(days=1)
        get_case(review.refs[0]).status = CaseStatus.REJECTED  # decided meanwhile (the panel, an objection …)
        commit()
    page = client.post_page(
        f"/expert/reviews/{aid}/scores",
        {"c0": "8", "c1": "10", "c2": "3", "opinion": "好", "action": "submit"},
        status=422,
    )
    assert "该申请的评审已结束" in page.get_text()


def test_submitted_scores_are_final_with_a_server_total_until_reopened(client, app, review):
    client.login(review.supervisor.email, PASSWORD)
    _assign(client, review, 0, review.expert_ids[0])
    aid = _assignment_id(app, review.case_ids[0], review.expert_ids[0])
    client.logout()
    client.login(review.expert_emails[0], PASSWORD)
    _declare(client, aid, "评审专家0")
    # a forged total in the form is ignored: the server computes 62
    response = client.post(
        f"/expert/reviews/{aid}/scores",
        data={"c0": "8", "c1": "10", "c2": "3", "opinion": "好", "action": "submit", "total": "100"},
    )
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Assignment, aid).total == 62.0
    page = client.post_page(
        f"/expert/reviews/{aid}/scores",
        {"c0": "10", "c1": "20", "c2": "5", "opinion": "改", "action": "submit"},
        status=422,
    )
    assert "最终" in page.get_text() or "final" in page.get_text()
    client.logout()
    client.login(review.supervisor.email, PASSWORD)
    client.post(f"/staff/review/assignments/{aid}/reopen", data={"reason": ""})
    with app.app_context():
        assert db.session.get(Assignment, aid).status == ReviewStatus.SUBMITTED
    client.post(f"/staff/review/assignments/{aid}/reopen", data={"reason": "评分与意见不一致"})
    client.logout()
    client.login(review.expert_emails[0], PASSWORD)
    assert _score(client, aid, ["10", "20", "5"]).status_code == 302
    with app.app_context():
        row = db.session.get(Assignment, aid)
        assert row.total == 100.0 and row.reopen_reason == "评分与意见不一致"


def test_a_stale_form_cannot_overwrite_a_newer_submission(client, app, review):
    client.login(review.supervisor.email, PASSWORD)
    _assign(client, review, 0, review.expert_ids[0])
    aid = _assignment_id(app, review.case_ids[0], review.expert_ids[0])
    client.logout()
    client.login(review.expert_emails[0], PASSWORD)
    _declare(client, aid, "评审专家0")
    with app.app_context():
        seen = db.session.get(Assignment, aid).version
    # two tabs opened on the same version: the first draft saves, the second is refused, nothing lost
    assert _score(client, aid, ["8", "10", "3"], action="draft", version=seen).status_code == 302
    page = client.post_page(
        f"/expert/reviews/{aid}/scores",
        {"c0": "1", "c1": "1", "c2": "1", "opinion": "旧", "action": "submit", "version": seen},
        status=422,
    )
    assert "该评审已有变更" in page.get_text()
    with app.app_context():
        row = db.session.get(Assignment, aid)
        assert row.scores == {"0": 8.0, "1": 10.0, "2": 3.0} and row.status == ReviewStatus.DECLARED


def test_a_declared_conflict_returns_the_case_for_another_expert(client, app, review):
    client.login(review.supervisor.email, PASSWORD)
    client.post(f"/staff/review/cases/{review.refs[0]}/experts", data={"auto": "1"})
    with app.app_context():
        first = _assignments(review.case_ids[0])
    assert len(first) == 3
    leaving = first[0]
    client.logout()
    client.login(review.expert_emails[review.expert_ids.index(leaving.expert_id)], PASSWORD)
    assert client.post(f"/expert/reviews/{leaving.id}/conflict", data={"note": "曾为该企业提供咨询"}).status_code == 302
    client.get_page(f"/expert/reviews/{leaving.id}", status=404)
    client.logout()
    client.login(review.supervisor.email, PASSWORD)
    page = client.get_page(f"/staff/review/calls/{review.call_id}")
    assert "曾为该企业提供咨询" in page.get_text()
    client.post(f"/staff/review/cases/{review.refs[0]}/experts", data={"auto": "1"})
    with app.app_context():
        rows = _assignments(review.case_ids[0])
        active = [a for a in rows if a.status != ReviewStatus.CONFLICT]
    assert len(active) == 3 and leaving.expert_id not in {a.expert_id for a in active}


def _score_all(client, app, review, table):
    """table: case index → totals wanted, expressed as the three criterion scores per expert."""
    for index, rows in table.items():
        for expert_index, scores in enumerate(rows):
            client.login(review.supervisor.email, PASSWORD)
            _assign(client, review, index, review.expert_ids[expert_index])
            aid = _assignment_id(app, review.case_ids[index], review.expert_ids[expert_index])
            client.logout()
            client.login(review.expert_emails[expert_index], PASSWORD)
            _declare(client, aid, f"评审专家{expert_index}")
            assert _score(client, aid, scores).status_code == 302
            client.logout()


def test_the_panel_sends_the_top_cases_to_public_notice_and_firms_see_no_scores(client, app, review):
    _score_all(
        client,
        app,
        review,
        {
            0: [["5", "10", "3"], ["6", "10", "3"], ["5", "12", "3"]],
            1: [["9", "18", "5"], ["10", "20", "5"], ["9", "16", "4"]],
            2: [["1", "2", "1"], ["9", "19", "5"], ["2", "2", "2"]],
        },
    )
    client.login(review.supervisor.email, PASSWORD)
    page = client.get_page(f"/staff/review/calls/{review.call_id}")
    headings = [h.get_text(" ", strip=True) for h in page.select("#ranking .card h3")]
    assert review.refs[1] in headings[0] and review.refs[0] in headings[1] and review.refs[2] in headings[2]
    assert "分歧" in page.get_text() or "disagreement" in page.get_text()  # case 2's experts disagree widely
    response = client.post(
        f"/staff/review/calls/{review.call_id}/decision",
        data={
            "attendees": "张三、李四、王五",
            "minutes": "逐项审议，按平均分排序。",
            "opinion": "经专家评审和集体审议，同意推荐。",
            "rest": "reserve",
            "rest_reason": "名额已满，列入备选。",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        top, second, third = (get_case(r) for r in (review.refs[1], review.refs[0], review.refs[2]))
        assert top.status == second.status == CaseStatus.PUBLICITY
        assert top.decision_reason == "经专家评审和集体审议，同意推荐。"
        assert third.status == CaseStatus.UNDER_REVIEW
        decision = db.session.scalar(select(PanelDecision))
        assert [o["outcome"] for o in decision.outcomes] == ["publicity", "publicity", "reserve"]
        assert decision.attendees == "张三、李四、王五"
    client.logout()
    client.login(review.firms[1].email, PASSWORD)
    page = client.get_page(f"/firm/applications/{review.refs[1]}")
    text = page.get_text()
    assert "公示" in text
    assert "经专家评审和集体审议，同意推荐。" in page.select_one("#panel-opinion").get_text()
    for name in ("评审专家0", "评审专家1", "评审专家2"):
        assert name not in text
    # no score as a number of its own (digits inside a reference, credit code or date do not count)
    assert not re.search(r"(?<![\d.])(100\.0|95(\.\d+)?)(?![\d.])", text), "a firm sees no scores"
    assert "平均分" not in text and "排名" not in text
    client.logout()
    client.login(review.firms[2].email, PASSWORD)
    reserve = client.get_page(f"/firm/applications/{review.refs[2]}").select_one("#panel-opinion").get_text()
    assert "备选" in reserve and "名额已满，列入备选。" in reserve


def test_the_panel_cannot_decide_before_every_case_is_scored(client, app, review):
    client.login(review.supervisor.email, PASSWORD)
    page = client.post_page(
        f"/staff/review/calls/{review.call_id}/decision",
        {"attendees": "张三", "minutes": "记录", "opinion": "同意", "rest": "reject", "rest_reason": "未入围"},
        status=422,
    )
    assert review.refs[0] in page.get_text()
    with app.app_context():
        assert db.session.scalar(select(PanelDecision)) is None
        assert get_case(review.refs[0]).status == CaseStatus.UNDER_REVIEW


def test_supervisors_download_the_ranking_with_every_score_and_see_reviews_per_expert(client, app, review):
    import io

    from openpyxl import load_workbook

    _score_all(
        client,
        app,
        review,
        {0: [["5", "10", "3"], ["6", "10", "3"]], 1: [["9", "18", "5"], ["10", "20", "5"]]},
    )
    client.login(review.supervisor.email, PASSWORD)
    response = client.get(f"/staff/review/calls/{review.call_id}/ranking.xlsx")
    assert response.status_code == 200 and response.mimetype.endswith("spreadsheetml.sheet")
    book = load_workbook(io.BytesIO(response.data))
    ranking, scores = book.worksheets
    rows = list(ranking.iter_rows(min_row=2, values_only=True))
    assert [r[1] for r in rows] == [review.refs[1], review.refs[0], review.refs[2]]
    # 40×0.9 + 35×0.9 + 25×1 = 92.5 and 100 → 96.25; 20 + 17.5 + 12.5 = 50 and 24 + 17.5 + 12.5 = 54 → 52
    assert rows[0][5] == 96.25 and rows[1][5] == 52.0 and rows[2][5] is None
    score_rows = list(scores.iter_rows(min_row=2, values_only=True))
    assert {(r[0], r[1], r[4]) for r in score_rows} == {
        (review.refs[0], "评审专家0", 50.0),
        (review.refs[0], "评审专家1", 54.0),
        (review.refs[1], "评审专家0", 92.5),
        (review.refs[1], "评审专家1", 100.0),
    }
    # the declaration and submission days are date cells (sortable, filterable), not text
    for row in scores.iter_rows(min_row=2):
        for cell in row[6:8]:
            assert cell.is_date and isinstance(cell.value, datetime), cell.value
            assert cell.number_format == "yyyy-mm-dd"
            assert today_local() - timedelta(days=1) <= cell.value.date() <= today_local()  # scored just now
    page = client.get_page("/staff/review/experts")
    cells = {
        tr.find("td").get_text(strip=True): [td.get_text(strip=True) for td in tr.find_all("td")[4:7]]
        for tr in page.select("tbody tr")
    }
    assert cells["评审专家0"] == ["2", "2", "0"] and cells["评审专家3"] == ["0", "0", "0"]
    # firms never reach the workbook
    client.logout()
    client.login(review.firms[0].email, PASSWORD)
    assert client.get(f"/staff/review/calls/{review.call_id}/ranking.xlsx").status_code == 403


def test_a_rubric_is_edited_in_place_until_scoring_starts_then_versioned(client, app, review):
    client.login(review.supervisor.email, PASSWORD)
    form = {
        "label_0": "创新",
        "weight_0": "60",
        "low_0": "0",
        "high_0": "10",
        "label_1": "管理",
        "weight_1": "40",
        "low_1": "0",
        "high_1": "10",
        "deadline": (today_local() + timedelta(days=5)).isoformat(),
        "experts_per_case": "3",
    }
    page = client.post_page(f"/staff/review/calls/{review.call_id}/rubric", form | {"weight_1": "30"}, status=200)
    assert "100" in " ".join(page.select_one("#error-summary").stripped_strings)
    assert client.post(f"/staff/review/calls/{review.call_id}/rubric", data=form).status_code == 302
    with app.app_context():
        assert [(r.version, len(r.criteria)) for r in db.session.scalars(select(Rubric))] == [(1, 2)]
    _assign(client, review, 0, review.expert_ids[0])
    aid = _assignment_id(app, review.case_ids[0], review.expert_ids[0])
    client.logout()
    client.login(review.expert_emails[0], PASSWORD)
    _declare(client, aid, "评审专家0")
    assert _score(client, aid, ["6", "5"]).status_code == 302
    client.logout()
    client.login(review.supervisor.email, PASSWORD)
    assert "新版本" in client.get_page(f"/staff/review/calls/{review.call_id}/rubric").get_text()
    assert (
        client.post(
            f"/staff/review/calls/{review.call_id}/rubric", data=form | {"weight_0": "50", "weight_1": "50"}
        ).status_code
        == 302
    )
    with app.app_context():
        versions = {r.version: r.criteria[0]["weight"] for r in db.session.scalars(select(Rubric))}
        assert versions == {1: 60.0, 2: 50.0}
        row = db.session.get(Assignment, aid)
        assert row.rubric.version == 1 and row.total == 56.0  # 60 × 0.6 + 40 × 0.5, under the rules it was given
