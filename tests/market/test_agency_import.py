"""Importing the agency directory from XLSX: row-level errors in a preview, then saving the valid rows."""

from __future__ import annotations

import io
import json

from openpyxl import Workbook
from sqlalchemy import select

from portal.extensions import db
from portal.market.models import Agency
from tests.fixtures.accounts import PASSWORD
from tests.fixtures.market import code
from tests.helpers import PageClient

HEADINGS = ["机构名称", "统一社会信用代码", "机构类型", "备案号/执业许可证号", "地址", "联系方式", "服务范围"]


def workbook(rows, headings=HEADINGS) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(headings)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _staff(app, create_staff) -> PageClient:
    client = PageClient(app)
    client.login(create_staff("supervisor").email, PASSWORD)
    return client


def _upload(client, data: bytes, name="名录.xlsx", status=200):
    return client.post_page(
        "/staff/market/agencies/import",
        {"sheet": (io.BytesIO(data), name)},
        status=status,
        content_type="multipart/form-data",
    )


def test_preview_lists_each_rows_errors_and_saves_only_valid_rows(app, create_staff):
    client = _staff(app, create_staff)
    good1, good2 = code("91120106", 11), code("91120106", 12)
    broken_check = good1[:17] + ("0" if good1[17] != "0" else "1")
    sheet = workbook(
        [
            ["天津甲专利代理事务所", good1, "专利代理机构", "12001", "红桥区", "022-1", "专利申请"],
            ["天津乙商标代理有限公司", good2, "trademark", "", "", "", ""],
            ["天津丙代理公司", broken_check, "专利代理机构", "", "", "", ""],
            ["", code("91120106", 13), "专利代理机构", "", "", "", ""],
            ["天津丁公司", code("91120106", 14), "咨询公司", "", "", "", ""],
            ["天津甲分所", good1, "专利代理机构", "", "", "", ""],
            [None, None, None, None, None, None, None],
        ]
    )
    soup = _upload(client, sheet)
    assert "2 行可以保存，4 行有错误" in soup.select_one(".import-summary").get_text()
    rows = {tr.find("td").get_text(strip=True): tr for tr in soup.select(".import-preview tbody tr")}
    assert "校验码不符" in rows["4"].select_one(".row-errors").get_text()
    assert "请填写机构名称" in rows["5"].get_text()
    assert "无法识别的机构类型“咨询公司”" in rows["6"].get_text()
    assert "与第 2 行的统一社会信用代码重复" in rows["7"].get_text()
    assert "新增" in rows["2"].get_text()
    with app.app_context():
        assert db.session.scalar(select(Agency.id)) is None  # nothing saved by the preview

    payload = soup.find("input", attrs={"name": "payload"})["value"]
    client.post("/staff/market/agencies/import/save", data={"payload": payload}, expect=302)
    with app.app_context():
        saved = {a.credit_code: a for a in db.session.scalars(select(Agency))}
        assert set(saved) == {good1, good2}
        assert saved[good1].kind == "patent" and saved[good1].licence_no == "12001"
        assert saved[good2].kind == "trademark"


def test_a_known_code_updates_its_entry(app, create_staff, make_agency):
    agency = make_agency(name="旧名称代理所")
    client = _staff(app, create_staff)
    soup = _upload(client, workbook([["新名称代理所", agency.credit_code, "专利代理机构", "", "", "", ""]]))
    assert "更新" in soup.select_one(".import-preview tbody tr").get_text()
    client.post(
        "/staff/market/agencies/import/save",
        data={"payload": soup.find("input", attrs={"name": "payload"})["value"]},
        expect=302,
    )
    with app.app_context():
        assert db.session.get(Agency, agency.id).name == "新名称代理所"


def test_a_disguised_file_and_a_sheet_without_headings_are_refused(app, create_staff):
    client = _staff(app, create_staff)
    soup = _upload(client, b"%PDF-1.4 not a sheet", name="名录.xlsx", status=400)
    assert "XLSX" in soup.select_one(".invalid-feedback").get_text()
    soup = _upload(client, workbook([["x", "y"]], headings=["甲", "乙"]), status=400)
    assert "缺少：机构名称、统一社会信用代码、机构类型" in soup.select_one(".invalid-feedback").get_text()
    soup = _upload(client, workbook([]), status=400)
    assert "列名下方没有数据" in soup.select_one(".invalid-feedback").get_text()


def test_a_tampered_payload_is_checked_again(app, create_staff):
    client = _staff(app, create_staff)
    bad = json.dumps([{"name": "x", "credit_code": "91120106MA05K1230X", "kind": "patent"}])
    response = client.post("/staff/market/agencies/import/save", data={"payload": bad}, expect=302)
    assert response.headers["Location"].endswith("/staff/market/agencies/import")
    soup = client.get_page("/staff/market/agencies/import")
    assert "请重新上传表格" in soup.get_text()
    with app.app_context():
        assert db.session.scalar(select(Agency.id)) is None


def test_a_credit_code_with_a_stray_character_is_an_error_not_a_failure(app, create_staff):
    client = _staff(app, create_staff)
    soup = client.post_page(
        "/staff/market/agencies/new", {"name": "x", "credit_code": "0000000000000000:0", "kind": "patent"}, status=400
    )
    assert "代码中不能包含“:”" in soup.select_one("#credit_code-error").get_text()
