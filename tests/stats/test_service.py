"""Statistics on hand-made data with known answers."""

from __future__ import annotations

import io
import itertools
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import event

from portal.cases.models import Case
from portal.extensions import db
from portal.firms.models import Firm, FirmIpProfile, FirmQualification
from portal.stats import service
from portal.stats.service import StatsFilter, percentile
from tests.fixtures.accounts import PASSWORD, make_credit_code


@pytest.mark.parametrize(
    ("histogram", "share", "expected"),
    [
        ([(1, 1), (2, 1), (3, 1), (4, 1), (5, 1)], 0.5, 3),
        ([(2, 1), (4, 1), (6, 1), (8, 1)], 0.5, 5),  # even count: between 4 and 6
        ([(v, 1) for v in range(1, 11)], 0.9, 9.1),  # numpy's linear method gives 9.1
        ([(3, 4)], 0.9, 3),
        ([], 0.5, None),
    ],
)
def test_percentile(histogram, share, expected):
    assert (
        percentile(histogram, share) == pytest.approx(expected)
        if expected is not None
        else percentile(histogram, share) is None
    )


_refs = itertools.count(1)


def _firm(n: int, industry="smart_tech") -> Firm:
    firm = Firm(
        name=f"统计企业{n}",
        credit_code=make_credit_code(5000 + n),
        contact_name="x",
        contact_mobile="13800000000",
        industry=industry,
    )
    db.session.add(firm)
    db.session.flush()
    return firm


def _case(
    firm,
    kind,
    submitted,
    status="closed",
    decided=None,
    outcome=None,
    taken=None,
    on_time=None,
    supplements=0,
    rating=None,
):
    case = Case(
        kind=kind,
        firm_id=firm.id,
        status=status,
        submitted_on=submitted,
        decided_on=decided,
        outcome=outcome,
        working_days_taken=taken,
        met_deadline=on_time,
        supplement_count=supplements,
        rating=rating,
        reference=f"HQ-TS-2026-{next(_refs):06d}",
    )
    db.session.add(case)
    return case


@pytest.fixture
def dataset(app):
    with app.app_context():
        _build_dataset()


def _build_dataset():
    a, b = _firm(1), _firm(2, "biomedicine")
    rp = "rights-protection"
    # five decided rights-protection cases: 2, 4, 6, 8, 10 working days; 4 on time; 2 with 补正; 3 approved
    _case(a, rp, date(2026, 1, 5), decided=date(2026, 1, 7), outcome="approve", taken=2, on_time=True, rating=5)
    _case(a, rp, date(2026, 1, 20), decided=date(2026, 1, 26), outcome="approve", taken=4, on_time=True, rating=4)
    _case(
        b,
        rp,
        date(2026, 2, 2),
        decided=date(2026, 2, 10),
        outcome="reject",
        taken=6,
        on_time=True,
        supplements=1,
        rating=2,
    )
    _case(b, rp, date(2026, 3, 2), decided=date(2026, 3, 12), outcome="approve", taken=8, on_time=True, supplements=2)
    _case(b, rp, date(2026, 3, 3), decided=date(2026, 3, 20), outcome="refuse", taken=10, on_time=False, rating=1)
    # open cases: two waiting, one under review (consultation)
    _case(a, rp, date(2026, 3, 25), status="submitted")
    _case(a, "consultation", date(2026, 3, 26), status="submitted")
    _case(b, "consultation", date(2026, 3, 27), status="under_review")
    # a draft never counts
    db.session.add(Case(kind=rp, firm_id=a.id, status="draft"))
    # yearly profiles: 2025 and 2026
    db.session.add_all(
        [
            FirmIpProfile(
                firm_id=a.id,
                year=2025,
                invention_patents=10,
                high_value_patents=4,
                trademarks_domestic=5,
                trademarks_abroad=1,
                copyrights=3,
                software_copyrights=2,
                pct_applications=1,
                madrid_registrations=1,
            ),
            FirmIpProfile(
                firm_id=b.id,
                year=2025,
                invention_patents=6,
                high_value_patents=2,
                trademarks_domestic=2,
                pct_applications=0,
            ),
            FirmIpProfile(
                firm_id=a.id,
                year=2026,
                invention_patents=30,
                high_value_patents=20,
                trademarks_domestic=8,
                trademarks_abroad=2,
                pct_applications=3,
                madrid_registrations=2,
            ),
        ]
    )
    db.session.add_all(
        [
            FirmQualification(firm_id=a.id, kind="high_tech"),
            FirmQualification(firm_id=b.id, kind="high_tech"),
            FirmQualification(firm_id=a.id, kind="gazelle"),
        ]
    )
    db.session.commit()


def test_service_figures_exact(dataset, app_ctx):
    fig = service.figures_by_type(StatsFilter())["rights-protection"]
    assert (fig.received, fig.decided, fig.approved) == (6, 5, 3)
    assert fig.median_days == 6 and fig.p90_days == pytest.approx(9.2)
    assert fig.on_time_rate == 0.8 and fig.supplement_rate == 0.4 and fig.approval_rate == 0.6
    assert (fig.rated, fig.satisfied, fig.poor) == (4, 2, 2) and fig.satisfaction_rate == 0.5


def test_months_backlog_and_filters(dataset, app_ctx):
    months = service.received_by_month(StatsFilter())
    assert (2026, 1, "rights-protection", 2) in months and (2026, 3, "consultation", 2) in months
    assert sum(n for *_x, n in months) == 8
    assert dict(service.backlog_by_status(StatsFilter())) == {"submitted": 2, "under_review": 1}
    march = StatsFilter(date_from=date(2026, 3, 1), date_to=date(2026, 3, 31), kind="rights-protection")
    fig = service.figures_by_type(march)["rights-protection"]
    assert (fig.received, fig.decided, fig.on_time) == (3, 2, 1)


def test_district_indicators_per_10k(dataset, app_ctx):
    years = {y.year: y for y in service.indicators_by_year(population=40_000, target=16)}
    assert years[2025].invention_patents == 16 and years[2025].high_value_patents == 6
    assert years[2025].high_value_per_10k == 1.5  # 6 × 10 000 / 40 000
    assert years[2026].high_value_per_10k == 5.0 and years[2026].firms_reporting == 1
    assert years[2025].trademarks == 8 and years[2025].pct_applications == 1
    assert dict(service.firms_by_qualification()) == {"high_tech": 2, "gazelle": 1}
    assert dict(service.firms_by_industry()) == {"smart_tech": 1, "biomedicine": 1}


def test_dashboard_permissions(client, create_staff, firm_user, dataset):
    assert client.get("/staff/stats").status_code == 302
    client.login(firm_user.email, PASSWORD)
    assert client.get("/staff/stats").status_code == 403
    client.logout()
    client.login(create_staff("reviewer").email, PASSWORD)
    assert client.get("/staff/stats").status_code == 403
    client.logout()
    client.login(create_staff("supervisor").email, PASSWORD)
    page = client.get_page("/staff/stats")
    assert len(page.select("svg.chart-svg")) >= 2 and page.select("table")


def test_xlsx_round_trip(client, create_staff, app, dataset):
    client.login(create_staff("admin").email, PASSWORD)
    response = client.get("/staff/stats/export.xlsx")
    book = load_workbook(io.BytesIO(response.data))
    assert len(book.sheetnames) == 8
    assert book.sheetnames[-2:] == ["各季度活动与培训情况", "维权援助回访：纠纷处理结果"]
    performance = book[book.sheetnames[2]]
    rows = [[c.value for c in row] for row in performance.iter_rows()]
    rp = next(r for r in rows if r[0] == "维权援助")
    assert rp[1:4] == [6, 5, "6.0"] and rp[5] == "80.0%"


def test_public_open_data_has_no_firm_names(client, app, dataset, monkeypatch):
    monkeypatch.setitem(app.config, "DISTRICT_POPULATION", 40_000)
    page = client.get_page("/data/")
    assert "统计企业" not in page.get_text()
    # 2025 has two reporting firms, 2026 one: their totals would reveal the firms' own figures
    rows = [[td.get_text() for td in tr.select("td")] for tr in page.select("#table-indicators tbody tr")]
    assert [r[:3] for r in rows] == [["2025", "2", "—"], ["2026", "1", "—"]]
    with app.app_context():
        third = _firm(3)
        db.session.add(FirmIpProfile(firm_id=third.id, year=2025, invention_patents=4, high_value_patents=0))
        db.session.commit()
    page = client.get_page("/data/")
    first = [td.get_text() for td in page.select("#table-indicators tbody tr")[0].select("td")]
    assert first[:5] == ["2025", "3", "20", "6", "1.5"]  # 6 high-value × 10 000 / 40 000 residents
    assert client.get("/data/export.xlsx").status_code == 200
    assert client.get_page("/data/?lang=en").html["lang"] == "en"


def test_dashboard_statement_count_is_bounded_with_many_cases(client, create_staff, app):
    with app.app_context():
        firm = _firm(99)
        rows = [
            {
                "kind": "rights-protection" if i % 2 else "consultation",
                "firm_id": firm.id,
                "status": "closed",
                "submitted_on": date(2025, 1 + i % 12, 1 + i % 28),
                "decided_on": date(2025, 12, 31),
                "outcome": "approve",
                "working_days_taken": i % 17,
                "met_deadline": i % 3 > 0,
                "version": 1,
                "supplement_count": i % 4,
                "rating": 1 + i % 5,
                "data": {},
                "title": "",
                "paused_days": 0,
                "reference": f"HQ-RP-2025-{i:06d}",
            }
            for i in range(10_000)
        ]
        db.session.execute(db.insert(Case), rows)
        db.session.commit()
        engine = db.engine
    client.login(create_staff("supervisor").email, PASSWORD)
    statements = []

    def count(*args):
        statements.append(1)

    event.listen(engine, "before_cursor_execute", count)
    try:
        page = client.get_page("/staff/stats")
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert "10,000" in page.get_text() or "10000" in page.get_text()
    assert len(statements) <= 25
