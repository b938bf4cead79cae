"""The 办事指南 and the application forms are built from the same definitions and never disagree."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from flask_babel import force_locale

from portal.cases.kinds import KINDS
from portal.cases.kinds.fields import count

KIND_VALUES = sorted(KINDS)


def _page(client, url: str) -> BeautifulSoup:
    return client.get_page(url)


def _guide(client, kind, lang="") -> BeautifulSoup:
    return _page(client, f"/guidance/{kind.guide_slug}{'?lang=' + lang if lang else ''}")


def _dd(soup: BeautifulSoup, key: str) -> str:
    dt = soup.find("dt", id=f"service-{key}")
    assert dt is not None, key
    return dt.find_next_sibling("dd").get_text(" ", strip=True)


@pytest.mark.parametrize("value", KIND_VALUES)
def test_every_application_type_has_its_guide_and_the_guide_starts_it(client, shipped_content, value):
    kind = KINDS[value]
    soup = _guide(client, kind)
    apply = soup.select_one(".service-apply a.btn")
    assert apply is not None and apply.get_text(strip=True) == "在线办理"
    assert apply["href"].endswith(f"type={value}") or value in apply["href"]
    for row in ("name", "code", "item_type", "handling_type", "body", "basis", "conditions", "process"):
        assert _dd(soup, row), row
    for row in (
        "time_limit",
        "window",
        "limit",
        "fees",
        "place",
        "phone",
        "complaints",
        "result",
        "delivery",
        "remedy",
    ):
        assert _dd(soup, row), row


@pytest.mark.parametrize("value", KIND_VALUES)
def test_guide_material_table_is_the_application_checklist(app, client, shipped_content, value):
    kind = KINDS[value]
    soup = _guide(client, kind)
    names = [row.select_one(".material-name").get_text(strip=True) for row in soup.select("tr.guide-material")]
    with app.test_request_context(), force_locale("zh_Hans_CN"):
        expected = ["申请表", *(str(m.label) for m in kind.materials)]
    assert names == expected


@pytest.mark.parametrize("value", KIND_VALUES)
def test_business_licence_is_checked_through_the_credit_code_not_uploaded(client, shipped_content, value):
    kind = KINDS[value]
    assert not any(m.key == "licence" or "licence" in str(m.label).lower() for m in kind.materials)
    assert "统一社会信用代码" in _dd(_guide(client, kind), "conditions")


@pytest.mark.parametrize("value", KIND_VALUES)
def test_guide_conditions_are_exactly_what_the_forms_enforce(app, client, shipped_content, value):
    kind = KINDS[value]
    items = _guide(client, kind).find("dt", id="service-conditions").find_next_sibling("dd").select("li")
    shown = [li.get_text(" ", strip=True) for li in items]
    with app.test_request_context(), force_locale("zh_Hans_CN"):
        enforced = [str(check.condition) for check in kind.conditions()]
    # the credit-code check, the call window for programmes, then the forms' own checks: nothing else
    assert shown[1 + kind.needs_call :] == enforced
    assert len(shown) == 1 + kind.needs_call + len(enforced)


def test_three_years_operating_is_in_the_guide_because_the_form_refuses_two(app, client, shipped_content):
    kind = KINDS["brand-demonstration"]
    assert "经营满三年" in _dd(_guide(client, kind), "conditions")
    with app.test_request_context(), force_locale("zh_Hans_CN"):
        data = kind.example_formdata("eligibility")
        data.setlist("years_operating", ["2"])
        form = kind.step("eligibility").form(formdata=data)
        assert not form.validate() and "years_operating" in form.errors


def test_conditions_the_forms_do_not_check_stay_out_of_the_guide(client, shipped_content):
    # the shipped prose named a bad-faith-registration condition that no form checks
    text = _dd(_guide(client, KINDS["brand-demonstration"]), "conditions")
    assert "恶意商标注册" not in text
    assert "三年" not in _dd(_guide(client, KINDS["consultation"]), "conditions")


def test_a_minimum_that_is_not_stated_as_a_condition_is_refused():
    with pytest.raises(TypeError):
        count("Years", minimum=3)


def test_guide_time_limits_follow_the_kind_and_its_overrides(app, client, shipped_content):
    kind = KINDS["rights-protection"]
    assert f"{kind.accept_days}个工作日" in _dd(_guide(client, kind), "time_limit")
    app.config["TIME_LIMITS_OVERRIDE"] = {kind.value: (4, 17)}
    try:
        text = _dd(_guide(client, kind), "time_limit")
    finally:
        app.config["TIME_LIMITS_OVERRIDE"] = {}
    assert "4个工作日" in text and "17个工作日" in text


def test_guide_shows_the_open_call_window(client, shipped_content, open_calls):
    assert "申报" in _dd(_guide(client, KINDS["brand-demonstration"]), "window")
    assert "全年" in _dd(_guide(client, KINDS["consultation"]), "window")


@pytest.mark.parametrize("value", KIND_VALUES)
def test_application_start_page_links_its_guide(client, firm_user, open_calls, value):
    from tests.fixtures.accounts import PASSWORD

    client.login(firm_user.email, PASSWORD)
    soup = _page(client, f"/firm/applications/new/{value}")
    link = soup.select_one("a.guide-link")
    assert link is not None and link["href"].endswith(f"/guidance/{KINDS[value].guide_slug}")


def test_plain_statement_to_confirm_replaces_the_double_negative(app):
    kind = KINDS["brand-demonstration"]
    with app.test_request_context(), force_locale("zh_Hans_CN"):
        data = kind.example_formdata("eligibility")
        data.setlist("clean_record", [])
        form = kind.step("eligibility").form(formdata=data)
        assert not form.validate() and "clean_record" in form.errors
        assert "是否" not in str(form.clean_record.label.text)
        # answers saved before the statement was a tick box keep their meaning
        data.setlist("clean_record", ["yes"])
        assert kind.step("eligibility").form(formdata=data).validate()
        data.setlist("clean_record", ["no"])
        assert not kind.step("eligibility").form(formdata=data).validate()


def _rights_form(app, **answers):
    kind = KINDS["rights-protection"]
    with app.test_request_context():
        data = kind.example_formdata("right", "天津测试企业有限公司")
        for name, value in answers.items():
            data.setlist(name, [value])
        form = kind.step("right").form(formdata=data)
        return form.validate(), form.errors


def test_rights_protection_covers_plant_varieties_layout_designs_and_the_accused_party(app):
    for right_type in ("plant_variety", "layout_design"):
        assert _rights_form(app, right_type=right_type, right_number="CNA20201234.5") == (True, {})
    assert _rights_form(app, applicant_role="accused") == (True, {})
    ok, errors = _rights_form(app, applicant_role="")
    assert not ok and "applicant_role" in errors


def test_trade_secret_needs_no_number_and_no_certificate(app):
    from portal.cases.kinds.base import Material

    assert _rights_form(app, right_type="trade_secret", right_number="") == (True, {})
    certificate: Material = KINDS["rights-protection"].material("right_certificate")
    assert certificate.needed({"right": {"right_type": ["trademark"], "applicant_role": ["holder"]}})
    assert not certificate.needed({"right": {"right_type": ["trade_secret"], "applicant_role": ["holder"]}})
    assert not certificate.needed({"right": {"right_type": ["patent_invention"], "applicant_role": ["accused"]}})


def test_trade_secret_application_submits_without_a_certificate(app, firm_user):
    from portal.accounts.models import User
    from portal.cases import services
    from portal.extensions import db
    from tests.fixtures.cases import PDF

    kind = KINDS["rights-protection"]
    with app.test_request_context():
        user = db.session.get(User, firm_user.id)
        case = services.create_draft(kind, user.firm_id, user)
        for step in kind.steps:
            data = kind.example_formdata(step.key, user.firm.name)
            if step.key == "right":
                data.setlist("right_type", ["trade_secret"])
                data.setlist("right_number", [""])
            services.save_step(case, step.key, data)
        services.add_file(case, "evidence", "evidence.pdf", PDF, user)
        assert services.missing_materials(case) == []
        services.submit_case(case, user)
        assert case.status == "submitted"
