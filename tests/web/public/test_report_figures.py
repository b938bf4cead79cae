"""/data/ shows report counts by kind and state per quarter, with small cells suppressed."""

from __future__ import annotations

from portal.core.timeutil import today_local


def _row(soup, kind_label):
    for tr in soup.select("#table-reports_by_quarter tbody tr"):
        cells = [td.get_text(strip=True) for td in tr.find_all("td")]
        if cells[1] == kind_label:
            return cells
    return None


def test_report_counts_per_quarter_with_small_cells_suppressed(app, client, make_report):
    for n in range(4):
        make_report(kind="trademark", place=f"某处 {n}")
    make_report(kind="piracy", place="某书店")
    soup = client.get_page("/data/")
    today = today_local()
    quarter = f"{today.year}年第{(today.month - 1) // 3 + 1}季度"
    trademark = _row(soup, "商标侵权或假冒商品")
    assert trademark[0] == quarter and trademark[2] == "4" and trademark[-1] == "4"
    piracy = _row(soup, "盗版（侵犯著作权）")
    assert piracy[2] == "<3" and piracy[-1] == "—"  # one report: neither the cell nor the total shows it
    assert _row(soup, "非正常专利申请") is None  # kinds nobody reported are left out


def test_no_reports_shows_an_empty_table(client):
    soup = client.get_page("/data/")
    assert "暂无数据" in soup.select_one("#table-reports_by_quarter").get_text() or soup.select_one(
        "#table-reports_by_quarter tbody td[colspan]"
    )
