"""The shipped content states the facts a practitioner or a 政务服务 reviewer would check (both languages)."""

from __future__ import annotations

import pytest

from portal.guidance import loader


def _texts(slug: str) -> dict[str, str]:
    """'zh' / 'en' → every text of the shipped file joined (body, summary and service sections)."""
    ctype, path = next((c, p) for c, p in loader.shipped_files() if p.stem == slug)
    data = loader.parse_file(path, ctype)
    return {loc: "\n".join(fields.values()) for loc, fields in data["texts"].items()}


def _service(slug: str, field: str) -> dict[str, str]:
    ctype, path = next((c, p) for c, p in loader.shipped_files() if p.stem == slug)
    return {loc: fields[field] for loc, fields in loader.parse_file(path, ctype)["texts"].items()}


def test_pct_fee_has_its_effective_date_and_notice():
    t = _texts("pct-patent")
    assert "2024年1月1日起为10620元" in t["zh"] and "10350" not in t["zh"]
    assert "From 1 January 2024 it is RMB 10,620" in t["en"] and "10,350" not in t["en"]
    assert all("cnipa.gov.cn/art/2023/12/22/art_332_189214.html" in t[loc] for loc in ("zh", "en"))


def test_priority_restoration_and_copy_deadlines():
    t = _texts("paris-priority")
    assert (
        "2个月内请求恢复优先权" in t["zh"]
        and "2024年1月20日" in t["zh"]
        and "外观设计和商标**的优先权期限错过后不能恢复" in t["zh"]
    )
    assert "16个月内提交副本" in t["zh"] and "3个月内提交副本" in t["zh"]
    assert "restored within 2 months" in t["en"] and "20 January 2024" in t["en"]
    assert "within 16 months of the earliest priority date" in t["en"] and "cannot be restored" in t["en"]


def test_designs_examination_start_and_fee_reductions():
    t = _texts("patent-application-basics")
    assert "单纯的色彩不构成外观设计" in t["zh"] and "第二条第四款" in t["zh"]
    assert "自优先权日起计算" in t["zh"]
    assert "符合条件的个人和小微企业" not in t["zh"] and "应纳税所得额" in t["zh"]
    assert "colour alone is not a design" in t["en"] and "Article 2(4)" in t["en"]
    assert "or of the priority date where priority is claimed" in t["en"] and "taxable income" in t["en"]


def test_madrid_pending_application_is_always_a_basis():
    t = _texts("madrid-trademark")
    assert "自2015年起" in t["zh"] and "始终可以作为基础" in t["zh"]
    assert "Since 2015 every member" in t["en"] and "always a valid basis" in t["en"]


def test_judicial_confirmation_courts():
    t = _texts("mediation-judicial-confirmation")
    assert "任一方当事人住所地、标的物所在地或者调解组织所在地" in t["zh"] and "作出邀请的人民法院" in t["zh"]
    assert "either party is domiciled, where the subject matter is" in t["en"] and "invited" in t["en"]


def test_article_13_wording():
    t = _texts("well-known-marks-laozihao")
    assert "复制、摹仿或者翻译" in t["zh"] and "reproducing, imitating or translating" in t["en"]


@pytest.mark.parametrize(
    ("slug", "law_zh", "law_en"),
    [
        ("brand-demonstration-application", "商标法", "Trademark Law"),
        ("ip-demonstration-enterprise", "专利法", "Patent Law"),
        ("copyright-demonstration-application", "著作权法", "Copyright Law"),
    ],
)
def test_programme_guides_cite_their_own_instrument(slug, law_zh, law_en):
    basis = _service(slug, "basis")
    assert law_zh not in basis["zh"] and law_en not in basis["en"]
    assert "通知" in basis["zh"] and ("notice" in basis["en"] or "call" in basis["en"])


def test_copyright_authority_and_piracy_line():
    for slug in ("copyright-demonstration-application", "copyright-demonstration-call-2026", "copyright-registration"):
        t = _texts(slug)
        assert "12318" in t["zh"] and "12318" in t["en"], slug
        assert "上级版权主管部门" not in t["zh"] and "天津市版权局" in t["zh"], slug
        assert "Tianjin Copyright Bureau" in t["en"], slug


def test_no_unsourced_pledge_threshold(app):
    from flask_babel import force_locale

    from portal.firms.forms import IpProfileForm

    with app.test_request_context(), force_locale("zh_Hans_CN"):
        label = str(IpProfileForm().hv_pledged.label.text)
    assert label == "……实现较高质押融资金额的" and "1000万" not in label
