"""What a service guide adds to its built 办事指南: 常见问题, the templates of the materials that need
one (generated from the kind, downloadable beside the material in the guide and on the upload
step), and search over the guide the public reads."""

from __future__ import annotations

from io import BytesIO

import pytest
from docx import Document
from flask_babel import force_locale

from portal.cases.kinds import KINDS
from portal.guidance import blank_forms, faq, search
from tests.fixtures.accounts import PASSWORD

KIND_VALUES = sorted(KINDS)


def _docx_text(data: bytes) -> str:
    doc = Document(BytesIO(data))
    cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


@pytest.mark.parametrize("value", KIND_VALUES)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_guide_answers_its_frequent_questions(client, shipped_content, value, lang):
    page = client.get_page(f"/guidance/{KINDS[value].guide_slug}?lang={lang}")
    assert page.find("dt", id="service-faq").get_text(strip=True) == (
        "常见问题" if lang == "zh" else "Frequently asked questions"
    )
    questions = page.select("#service-faq + dd details.guide-question")
    assert len(questions) >= 3
    for q in questions:
        assert q.select_one("summary").get_text(strip=True) and q.select_one(".prose").get_text(strip=True)


def test_the_rights_protection_answers_match_the_form(client, shipped_content):
    answers = client.get_page("/guidance/rights-protection-assistance").select_one("#service-faq + dd").get_text()
    # the words of the form itself: the accused party's choice, the right types, the right number
    for words in ("本单位被指控侵犯他人权利", "植物新品种权", "集成电路布图设计", "权利编号", "12318"):
        assert words in answers


def test_faq_text_round_trips_and_reports_what_is_wrong():
    text = faq.join([("能否撤回？", "可以，在决定前撤回。"), ("收费吗？", "不收费。")])
    assert [(q.question, q.answer) for q in faq.parse(text)] == [
        ("能否撤回？", "可以，在决定前撤回。"),
        ("收费吗？", "不收费。"),
    ]
    assert faq.problem(text) is None and faq.problem("") is None
    assert faq.problem("先写了一段话\n\n### 问题\n\n答") == "lead"
    assert faq.problem("### 问题一\n\n### 问题二\n\n答") == "unanswered"


@pytest.mark.parametrize("value", KIND_VALUES)
def test_templates_sit_beside_the_materials_that_need_them(client, shipped_content, value):
    kind = KINDS[value]
    page = client.get_page(f"/guidance/{kind.guide_slug}")
    linked = {
        row.select_one(".material-name").get_text(strip=True): row.select_one("a.template-download")["href"]
        for row in page.select("tr.guide-material")
        if row.select_one("a.template-download")
    }
    expected = {"申请表"} if kind.demonstration else set()
    expected |= {"信用承诺书（签字盖章）" for m in kind.materials if m.template == blank_forms.CREDIT_COMMITMENT}
    assert set(linked) == expected
    for href in linked.values():
        response = client.get(href, expect=200)
        assert response.mimetype == blank_forms.DOCX_MIME and "attachment" in response.headers["Content-Disposition"]


@pytest.mark.parametrize("value", [v for v in KIND_VALUES if KINDS[v].demonstration])
def test_the_credit_commitment_is_a_required_upload_of_every_programme(app, value):
    kind = KINDS[value]
    material = kind.material("credit_commitment")
    assert material is not None and material.needed({}) and material.original
    assert material.template in blank_forms.available(kind)


@pytest.mark.parametrize("value", [v for v in KIND_VALUES if KINDS[v].demonstration])
def test_the_templates_are_built_from_the_kind(app, client, value):
    kind = KINDS[value]
    form_text = _docx_text(client.get(f"/guidance/forms/{value}/application-form.docx", expect=200).data)
    commitment = _docx_text(client.get(f"/guidance/forms/{value}/credit-commitment.docx", expect=200).data)
    with app.test_request_context(), force_locale("zh_Hans_CN"):
        for step in kind.steps:
            form = step.form(formdata=None, meta={"csrf": False}, **(step.context({}) if step.context else {}))
            assert str(step.title) in form_text
            for field in form:
                if field.name != "csrf_token":
                    assert str(field.label.text) in form_text, field.name
        # the commitment promises exactly the conditions the forms enforce, as 本单位
        for check in kind.conditions():
            assert str(check.condition) in commitment
        assert str(kind.label) in commitment
    assert "本单位" in commitment and "法定代表人（签字）" in commitment and "单位（盖章）" in commitment


def test_an_unknown_template_is_not_found(client):
    client.get("/guidance/forms/consultation/credit-commitment.docx", expect=404)
    client.get("/guidance/forms/nothing/application-form.docx", expect=404)
    client.get("/guidance/forms/brand-demonstration/other.docx", expect=404)


def test_the_upload_step_links_the_template(client, firm_user, open_calls, app):
    from portal.accounts.models import User
    from portal.cases import services
    from portal.core.db import commit
    from portal.extensions import db

    kind = KINDS["brand-demonstration"]
    with app.test_request_context():
        user = db.session.get(User, firm_user.id)
        case = services.create_draft(kind, user.firm_id, user)
        commit()
        key = case.url_key
    client.login(firm_user.email, PASSWORD)
    page = client.get_page(f"/firm/applications/{key}/materials")
    links = [a["href"] for a in page.select("a.template-download")]
    assert links == ["/guidance/forms/brand-demonstration/credit-commitment.docx"]


def test_search_reads_the_guide_the_public_reads(app_ctx, shipped_content):
    def slugs(query, lang="zh"):
        return [hit.item.slug for hit in search.search(query, lang, per_page=50).items]

    # built from the kind: its materials, its time limits, its FAQ
    assert "brand-demonstration-application" in slugs("信用承诺书")
    assert "rights-protection-assistance" in slugs("集成电路布图设计")
    assert "overseas-filing-consultation" in slugs("office action", "en")
    # the hand-written sections are gone from the index with the sections themselves: the old guide
    # promised "工作日办公时间" contacts that the built guide takes from the site settings
    assert "rights-protection-assistance" not in slugs("工作日办公时间")


def test_the_editor_edits_only_what_the_public_sees(client, editor, shipped_content, app):
    from sqlalchemy import select

    from portal.extensions import db
    from portal.guidance.models import ContentItem

    with app.app_context():
        item_id = db.session.scalar(select(ContentItem.id).where(ContentItem.slug == "rights-protection-assistance"))
    client.login(editor.email, PASSWORD)
    page = client.get_page(f"/staff/content/{item_id}/edit")
    names = {tag["name"] for tag in page.select("[name]")}
    assert {"description_zh", "basis_zh", "fees_zh", "faq_zh", "faq_en"} <= names
    assert not names & {f"{n}_zh" for n in ("conditions", "materials", "process", "time_limit", "contact")}
    assert "### " in page.find("textarea", attrs={"name": "faq_zh"}).get_text()


@pytest.mark.parametrize("value", KIND_VALUES)
def test_the_text_above_the_guide_leaves_conditions_and_procedure_to_it(client, shipped_content, value):
    page = client.get_page(f"/guidance/{KINDS[value].guide_slug}")
    body = page.select_one("article.content-item > .prose")
    headings = {h.get_text(strip=True) for h in body.select("h2, h3")}
    assert not headings & {"谁适合申报", "申报条件", "受理条件", "办理流程", "办理流程概览", "申请材料", "办理时限"}
    # a condition no form checks is stated nowhere on the page
    assert "恶意申请商标注册" not in page.get_text()
