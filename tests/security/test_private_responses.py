"""Pages for signed-in users and every export: Cache-Control no-store. CSV cells cannot start formulas."""

from __future__ import annotations

import csv
import io

import pytest

from portal.core.spreadsheets import csv_response, safe_cell
from tests.fixtures.accounts import PASSWORD


@pytest.mark.parametrize("url", ["/firm/", "/firm/profile", "/firm/privacy"])
def test_firm_pages_are_not_stored(app, firm_user, url):
    client = app.test_client()
    assert client.post("/auth/login", data={"email": firm_user.email, "password": PASSWORD}).status_code == 302
    response = client.get(url, follow_redirects=True)
    assert response.status_code == 200 and "no-store" in response.headers["Cache-Control"], url


@pytest.mark.parametrize("url", ["/staff/queue", "/staff/queue/export.csv", "/staff/queue/export.xlsx"])
def test_staff_pages_and_exports_are_not_stored(app, supervisor, url):
    client = app.test_client()
    assert client.post("/auth/login", data={"email": supervisor.email, "password": PASSWORD}).status_code == 302
    response = client.get(url)
    assert response.status_code == 200 and "no-store" in response.headers["Cache-Control"], url


def test_public_pages_stay_cacheable_for_visitors(app):
    assert "no-store" not in app.test_client().get("/").headers.get("Cache-Control", "")


@pytest.mark.parametrize(
    "value", ['x;=HYPERLINK("http://evil")', "a,=1+1", "note\t@SUM(A1)", "line\n-2+3", "a; +cmd|' /C calc'!A0"]
)
def test_formula_after_a_separator_is_neutralised(value):
    assert safe_cell(value).startswith("'")


def test_plain_text_is_left_alone():
    assert safe_cell("天津红桥示例科技有限公司") == "天津红桥示例科技有限公司"
    assert safe_cell("2026-11-25") == "2026-11-25"


def test_csv_cells_are_quoted_and_neutralised(app):
    with app.test_request_context():
        response = csv_response("x.csv", ["name"], [["x;=1+1"]])
    body = response.get_data(as_text=True).lstrip("\ufeff")
    assert body.splitlines()[1] == '"\'x;=1+1"'
    assert list(csv.reader(io.StringIO(body)))[1] == ["'x;=1+1"]
