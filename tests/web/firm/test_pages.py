"""Forms and pages a firm meets: answers that look unanswered until answered, questions only where they
apply, starred required fields, counters, prefilled firm data; several files per material, quoted file
names, attachments on messages both ways; the unread badge; links to calls, guides and password rules."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from portal.cases.models import CaseFile, Notification
from portal.extensions import db
from tests.fixtures.accounts import PASSWORD
from tests.fixtures.cases import PDF, PNG, get_case
from tests.helpers import error_texts
from tests.web.firm.test_profiles import GOOD, YEAR

pytestmark = pytest.mark.usefixtures("open_calls")


@pytest.fixture
def firm_client(client, firm_user):
    client.login(firm_user.email, PASSWORD)
    return client


def start(client, kind: str) -> str:
    response = client.post(f"/firm/applications/new/{kind}", expect=302)
    return response.headers["Location"].rsplit("/", 1)[-1]


# --- answers ------------------------------------------------------------------------------------


def test_profile_shows_nothing_answered_before_the_firm_answers(firm_client):
    page = firm_client.get_page("/firm/profile")
    for name in ("industry", "kind"):  # the industry, and a qualification to add
        options = page.select(f"select#{name} option")
        assert options[0]["value"] == "" and options[0].get_text() == "请选择"  # the browser shows the first
        assert not [o for o in options if o.has_attr("selected")]
    for name in ("employees", "rd_spending", "invention_patents", "high_value_patents", "copyrights"):
        field = page.select_one(f"input[name={name}]")
        assert field.get("value") in (None, ""), name  # no 0 before the firm types one
    # an empty industry is refused, not taken as the first one
    firm_client.post("/firm/profile/details", data={"industry": ""}, expect=302)
    assert "请选择行业" in firm_client.get_page("/firm/profile").get_text()


def test_application_selects_start_empty(firm_client):
    key = start(firm_client, "rights-protection")
    page = firm_client.get_page(f"/firm/applications/{key}/steps/right")
    assert page.select_one("select#right_type option")["value"] == ""
    assert not page.select("select#right_type option[selected]")
    page = firm_client.post_page(f"/firm/applications/{key}/steps/right", {"right_type": ""})
    assert "请选择权利类型。" in " ".join(error_texts(page))
    key = start(firm_client, "consultation")
    page = firm_client.get_page(f"/firm/applications/{key}/steps/question")
    assert page.select_one("select#topic option")["value"] == ""
    assert not page.select("select#topic option[selected]")


def test_park_question_only_for_parks(firm_client, app):
    key = start(firm_client, "copyright-demonstration")
    applicant = {"unit_type": "unit", "years_operating": "7", "clean_record": "y"}
    firm_client.post(f"/firm/applications/{key}/steps/applicant", data=applicant, expect=302)
    works = firm_client.get_page(f"/firm/applications/{key}/steps/works")
    assert works.select_one("#park_firms") is None  # a unit never sees the park question
    answers = {"works_count": "3", "registered_copyrights": "2", "software_copyrights": "1"}
    answers["management_system"] = "设立版权管理部门并配备专职人员，建立作品登记和授权制度。"
    firm_client.post(f"/firm/applications/{key}/steps/works", data={**answers, "park_firms": "9"}, expect=302)
    with app.app_context():
        assert "park_firms" not in get_case(key).data["works"]  # nor is an answer to it kept
    # a park sees it, starred, and must answer it (the server checks the same rule the page shows)
    firm_client.post(f"/firm/applications/{key}/steps/applicant", data={**applicant, "unit_type": "park"}, expect=302)
    works = firm_client.get_page(f"/firm/applications/{key}/steps/works")
    block = works.select_one("[data-show-if='unit_type=park']")
    assert block is not None and block.select_one("#park_firms") is not None and "*" in block.get_text()
    page = firm_client.post_page(f"/firm/applications/{key}/steps/works", answers)
    assert "请输入园区内版权企业数。" in " ".join(error_texts(page))


def test_conditional_questions_are_marked_for_the_page_script(firm_client):
    key = start(firm_client, "rights-protection")
    page = firm_client.get_page(f"/firm/applications/{key}/steps/infringement")
    block = page.select_one("[data-show-if='scope=overseas']")
    assert block is not None and block.select_one("#country") is not None


@pytest.mark.parametrize("kind", ["rights-protection", "brand-demonstration", "ip-demonstration", "consultation"])
def test_every_required_field_is_starred_and_long_text_counted(firm_client, app, kind):
    from portal.cases.kinds import KINDS

    key = start(firm_client, kind)
    for step in KINDS[kind].steps:
        page = firm_client.get_page(f"/firm/applications/{key}/steps/{step.key}")
        with app.test_request_context():
            form = step.form(meta={"csrf": False})
            for field in form:
                required = field.flags.required or field.flags.required_if or field.flags.starred
                if field.type in ("CSRFTokenField", "HiddenField") or not required:
                    continue
                container = page.select_one(f"[name={field.name}]").find_parent(class_="mb-3")
                star = container.select_one("span.text-danger")
                assert star is not None and star.get_text() == "*", (step.key, field.name)
                if field.type == "TextAreaField" and (field.flags.maxlength or 0) >= 200:
                    counter = page.select_one(f"[data-count-for={field.id}]")
                    assert counter is not None and str(field.flags.maxlength) in counter.get_text()


def test_start_page_and_task_list_agree_on_sections(firm_client):
    for kind in ("rights-protection", "copyright-demonstration", "consultation"):
        start_page = firm_client.get_page(f"/firm/applications/new/{kind}")
        sections = [li.get_text(strip=True) for li in start_page.select("#sections li")]
        assert f"共{len(sections)}部分" in start_page.get_text()
        key = start(firm_client, kind)
        tasks = firm_client.get_page(f"/firm/applications/{key}")
        assert [a.get_text(strip=True) for a in tasks.select(".task-list a")] == sections
        assert start_page.select_one("a.guide-link")["href"].startswith("/guidance/")


def test_known_firm_data_prefills_new_steps(firm_client, firm_user):
    firm_client.post("/firm/profile", data=GOOD, expect=302)
    key = start(firm_client, "rights-protection")
    page = firm_client.get_page(f"/firm/applications/{key}/steps/right")
    assert page.select_one("#right_holder")["value"] == firm_user.firm_name
    assert "贵单位名称" in page.select_one("#prefilled").get_text()
    key = start(firm_client, "ip-demonstration")
    page = firm_client.get_page(f"/firm/applications/{key}/steps/assessment")
    assert page.select_one("#invention_patents")["value"] == GOOD["invention_patents"]
    assert page.select_one("#pct_filings")["value"] == GOOD["pct_applications"]
    assert f"{YEAR}年度知识产权概况" in page.select_one("#prefilled").get_text()


# --- files --------------------------------------------------------------------------------------


def test_several_files_at_once_with_quoted_names_and_confirmed_removal(firm_client, app):
    key = start(firm_client, "rights-protection")
    files = [(io.BytesIO(PDF), "公证书.pdf"), (io.BytesIO(PNG), "现场照片.png")]
    response = firm_client.post(
        f"/firm/applications/{key}/materials",
        data={"material": "evidence", "file": files},
        content_type="multipart/form-data",
        expect=302,
    )
    page = firm_client.get_page(response.headers["Location"])
    assert "已上传“公证书.pdf”、“现场照片.png”。" in page.get_text()
    remove = [f for f in page.select("form[data-confirm]") if "/delete" in f["action"] and "/files/" in f["action"]]
    assert {f["data-confirm"] for f in remove} == {"确定删除文件“公证书.pdf”吗？", "确定删除文件“现场照片.png”吗？"}
    # one disguised file among good ones: the message names it in quotes and none is stored
    bad = [(io.BytesIO(PDF), "好文件.pdf"), (io.BytesIO(b"MZ\x90\x00" + b"\0" * 64), "病毒.pdf")]
    page = firm_client.post_page(
        f"/firm/applications/{key}/materials",
        {"material": "right_certificate", "file": bad},
        status=200,
        content_type="multipart/form-data",
    )
    assert "“病毒.pdf”不是PDF" in " ".join(error_texts(page))
    with app.app_context():
        assert sorted(f.original_name for f in get_case(key).files) == ["公证书.pdf", "现场照片.png"]
    response = firm_client.post(remove[0]["action"], expect=302)
    assert "已删除“" in firm_client.get_page(response.headers["Location"]).get_text()


def test_message_attachments_both_ways(client, app, firm_user, reviewer, make_case):
    ref = make_case(firm_user, status="accepted", staff=reviewer, holder=reviewer)
    client.login(firm_user.email, PASSWORD)
    client.post(
        f"/firm/applications/{ref}/messages",
        data={"body": "补充一份授权书。", "attachments": [(io.BytesIO(PDF), "授权书.pdf")]},
        content_type="multipart/form-data",
        expect=302,
    )
    # the same upload rules as materials: a disguised file is refused by name and nothing is sent
    page = client.post_page(
        f"/firm/applications/{ref}/messages",
        {"body": "再发一份。", "attachments": [(io.BytesIO(b"MZ" + b"\0" * 64), "setup.pdf")]},
        status=400,
        content_type="multipart/form-data",
    )
    assert "“setup.pdf”不是PDF" in " ".join(error_texts(page))
    assert page.select_one("textarea[name=body]").get_text().strip() == "再发一份。"  # nothing typed is lost
    client.logout()
    client.login(reviewer.email, PASSWORD)
    staff_page = client.get_page(f"/staff/cases/{ref}")
    link = staff_page.select_one("#messages .message-attachments a")
    assert link.get_text() == "授权书.pdf"
    assert client.get(link["href"], expect=200).data == PDF
    client.post(
        f"/staff/cases/{ref}/messages",
        data={"body": "请查收受理通知。", "attachments": [(io.BytesIO(PNG), "通知.png")]},
        content_type="multipart/form-data",
        expect=302,
    )
    client.logout()
    client.login(firm_user.email, PASSWORD)
    page = client.get_page(f"/firm/applications/{ref}")
    names = [a.get_text() for a in page.select("#messages .message-attachments a")]
    assert names == ["授权书.pdf", "通知.png"]
    materials = page.select_one("#messages").find_previous("section").get_text()
    assert "通知.png" not in materials  # attachments are not listed among the materials
    with app.app_context():
        attached = db.session.scalars(select(CaseFile).where(CaseFile.message_id.is_not(None))).all()
        assert sorted(f.original_name for f in attached) == ["授权书.pdf", "通知.png"]


# --- notifications ----------------------------------------------------------------------------


def _badge(page):
    link = page.select_one("a[href='/firm/inbox']")
    badge = link.select_one(".badge") if link else None
    return badge.get_text(strip=True) if badge else None


def test_unread_badge_clears_when_notifications_are_read(client, app, firm_user, reviewer, make_case):
    ref = make_case(firm_user, status="accepted", staff=reviewer, holder=reviewer)
    other = make_case(firm_user, status="submitted")
    client.login(reviewer.email, PASSWORD)
    client.post(f"/staff/cases/{ref}/messages", data={"body": "请补充说明。"}, expect=302)
    client.logout()
    client.login(firm_user.email, PASSWORD)
    with app.app_context():
        unread = db.session.query(Notification).filter_by(user_id=firm_user.id, read_at=None).count()
    assert unread >= 2 and _badge(client.get_page("/firm/")) == str(unread)
    # opening a case reads its notifications
    client.get_page(f"/firm/applications/{ref}")
    with app.app_context():
        left = db.session.query(Notification).filter_by(user_id=firm_user.id, read_at=None).count()
    assert 0 < left < unread and _badge(client.get_page("/firm/")) == str(left)
    # opening the inbox reads the rest; what was new is still marked new on that page
    inbox = client.get_page("/firm/inbox")
    assert _badge(inbox) is None and inbox.select(".list-group-item .badge")
    assert _badge(client.get_page("/firm/")) is None
    assert client.get_page("/firm/inbox").select(".list-group-item .badge") == []
    assert other


# --- links --------------------------------------------------------------------------------------


def test_home_demonstration_card_leads_to_open_calls(client):
    home = client.get_page("/")
    card = next(a for a in home.select("a.card") if "示范" in a.get_text())
    assert card["href"] == "/calls"
    calls = client.get_page("/calls")
    for kind in ("brand-demonstration", "ip-demonstration", "copyright-demonstration"):
        card = calls.select_one(f"#call-{kind}")
        assert "申报截止" in card.get_text()
        assert card.select_one(f"a[href='/firm/applications/new/{kind}']").get_text() == "立即申报"
        assert card.select_one("a[href^='/guidance/']") is not None


def test_change_password_has_breadcrumb_and_rules(firm_client):
    page = firm_client.get_page("/auth/change-password")
    crumbs = [li.get_text(strip=True) for li in page.select(".breadcrumb li")]
    assert crumbs == ["首页", "我的申请", "修改密码"]
    rules = page.select_one("#password-rules").get_text()
    assert "不少于10个字符" in rules and "两类" in rules and "电子邮箱" in rules
