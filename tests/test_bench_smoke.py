"""The benchmark at a tiny scale: valid rows, the right counts, a URL list that builds, and every
measured page rendering — the portal's through the test client, the ceiling's and the peer's
(Flask-Admin over the same database) through their own — plus the probe's per-request figures and
README's tables regenerated from result files.

No gunicorn or wrk here: ``python -m portal.bench`` itself is run by hand (README, section Benchmark).
"""

from __future__ import annotations

import json
import re

from sqlalchemy import func, select


def test_seed_tiny_database_and_build_urls(app, client):
    from portal.accounts.models import User
    from portal.bench import BENCH_EMAIL_DOMAIN, bench_endpoints, seed
    from portal.cases.models import Case, ReferenceCounter
    from portal.cases.status import CaseStatus
    from portal.extensions import db
    from portal.firms.models import Firm
    from portal.guidance.models import ContentItem

    with app.app_context():
        info = seed(firms=5, cases=50, log=lambda *_: None)
        bench_users = db.session.scalars(select(User).where(User.email.like(f"%@{BENCH_EMAIL_DOMAIN}"))).all()
        assert len(bench_users) == 5 and all(u.firm_id and u.role == "firm" for u in bench_users)
        assert bench_users[0].check_password(info.firm_password)
        assert db.session.scalar(select(func.count()).select_from(Firm)) == 5 + 1  # + the demo firm
        cases = db.session.scalars(select(Case)).all()
        assert len(cases) == 50
        references = [c.reference for c in cases if c.status != CaseStatus.DRAFT]
        assert all(re.fullmatch(r"HQ-(RP|BD|ID|CD|CS)-\d{4}-\d{6}", r) for r in references)
        assert len(set(references)) == len(references)
        assert all(c.due_date and c.clock_phase for c in cases if c.status in ("submitted", "accepted", "under_review"))
        issued = db.session.scalar(select(func.sum(ReferenceCounter.last_number)))
        assert issued == len(references)
        assert info.firm_case_count == db.session.scalar(
            select(func.count())
            .select_from(Case)
            .join(User, User.firm_id == Case.firm_id)
            .where(User.email == info.firm_email)
        )
        assert db.session.scalar(select(ContentItem.id).where(ContentItem.slug == info.guidance_slug))
        non_draft = db.session.scalar(select(func.count()).select_from(Case).where(Case.status != CaseStatus.DRAFT))
        first_by_due = db.session.scalar(
            select(Case.reference).where(Case.status != CaseStatus.DRAFT).order_by(Case.due_date, Case.id).limit(1)
        )

    endpoints = bench_endpoints(info)
    by_name = {e.name: e for e in endpoints}
    assert [e.server for e in endpoints][:4] == ["ceiling", "ceiling", "peer", "peer"]
    assert {e.role for e in endpoints} == {None, "firm", "staff"}
    assert by_name["case page"].path == f"/staff/cases/{info.case_reference}"
    # the deep pages skip the same 1999 × 25 rows: Flask-Admin counts pages from 0
    assert by_name["staff queue deep page"].path == "/staff/queue?stage=all&page=2000"
    assert by_name["Flask-Admin deep page"].path == "/admin/case/?page=1999"

    # the portal's pages render (the test app has CSRF off) and the portal has no benchmark route
    assert client.get("/items").status_code == 404
    for e in endpoints:
        if e.server == "portal" and e.role is None:
            client.get_page(e.path)
    client.login(info.staff_email, info.staff_password)
    for name in ("staff queue", "staff queue deep page", "case page"):
        client.get_page(by_name[name].path)
    client.logout()
    client.login(info.firm_email, info.firm_password)
    client.get_page(by_name["firm dashboard"].path)

    # the peer lists the same non-draft cases, 25 a page, earliest due date first
    from portal.bench import create_peer

    peer = create_peer(app.config["SQLALCHEMY_DATABASE_URI"]).test_client()
    listing = peer.get(by_name["Flask-Admin list"].path)
    assert listing.status_code == 200
    text = listing.get_data(as_text=True)
    assert first_by_due in text
    assert len(re.findall(r"HQ-(?:RP|BD|ID|CD|CS)-\d{4}-\d{6}", text)) == min(25, non_draft)
    assert peer.get("/admin/case/?page=1").status_code == 200


def test_ceiling_pages_and_probe(tmp_path):
    from portal.bench import Probe, create_ceiling

    app = create_ceiling()
    app.wsgi_app = Probe(app.wsgi_app.app, tmp_path)  # the same app, the probe writing under tmp_path
    client = app.test_client()
    assert client.get("/").get_data(as_text=True) == "你好"
    page = client.get("/items").get_data(as_text=True)
    assert page.count("<tr><td>") == 50 and "HQ-RP-2026-000050" in page
    lines = [line.split("\t") for f in tmp_path.glob("*.tsv") for line in f.read_text().splitlines()]
    assert [(p, s) for _t, p, _ms, s, _cpu in lines] == [("/", "0"), ("/items", "0")]
    assert all(float(ms) > 0 and float(cpu) >= 0 for _t, _p, ms, _s, cpu in lines)


def test_probe_counts_statements(app, tmp_path):
    from portal.bench import Probe

    app.wsgi_app = Probe(app.wsgi_app, tmp_path)
    app.test_client().get("/healthz")
    (line,) = [line for f in tmp_path.glob("*.tsv") for line in f.read_text().splitlines()]
    _when, path, _ms, statements, _cpu = line.split("\t")
    assert path == "/healthz" and int(statements) >= 1  # the health check asks the database


def test_readme_tables_from_result_files(tmp_path):
    from portal.bench.report import SCALE_END, SCALE_START, TABLE_END, TABLE_START, update_readme

    def run(engine, cases, rps_queue, partial=False):
        results = [
            {"name": "ceiling Jinja page", "path": "/items", "rps": 1000.0, "vs_ceiling": 1.0, "vs_peer": None},
            {"name": "Flask-Admin list", "path": "/admin/case/", "rps": 100.0, "vs_ceiling": 0.1, "vs_peer": None},
            {"name": "staff queue", "path": "/staff/queue", "rps": rps_queue, "vs_ceiling": rps_queue / 1000},
        ]
        for r in results:
            r.setdefault("vs_peer", rps_queue / 100 if r["name"] == "staff queue" else None)
            r.update(p50_ms=2.0, p95_ms=3.0, server_p50_ms=1.5, statements=4.0)
        return {
            "when": f"2026-11-25T1{len(str(cases))}:00:00+00:00",
            "revision": "abc1234",
            "database": engine,
            "partial": partial,
            "seed": {"firms": 2000, "cases": cases},
            "machine": {"loadavg_before": 1.0, "loadavg_after": 2.0},
            "settings": {"workers": 2, "concurrency": 4, "duration": 10},
            "results": results,
            "targets": [{"target": "staff queue page 1 ≥ 1.5× Flask-Admin", "met": rps_queue >= 150, "value": "x"}],
        }

    for name, data in {
        "a-sqlite.json": run("sqlite", 100_000, 200.0),
        "b-postgresql.json": run("postgresql", 100_000, 120.0),
        "c-sqlite-1000000-partial.json": run("sqlite", 1_000_000, 190.0, partial=True),
    }.items():
        (tmp_path / name).write_text(json.dumps(data))
    readme = tmp_path / "README.md"
    readme.write_text(f"intro\n{TABLE_START}\nold\n{TABLE_END}\nmiddle\n{SCALE_START}\nold\n{SCALE_END}\nend\n")
    update_readme(readme, tmp_path)
    text = readme.read_text()
    assert "old" not in text and text.startswith("intro\n") and text.endswith("end\n")
    assert "| page | SQLite req/s |" in text and "PostgreSQL req/s" in text
    assert "| staff queue `/staff/queue` | 200 |" in text and "**2.00×**" in text and "**1.20×**" in text
    assert "Targets met: 1 of 1." in text and "Targets met: 0 of 1 (missed: staff queue page 1" in text
    assert "| SQLite | 1,000,000 | 190 |" in text and "95 % ✓ / 95 %" in text


def test_rounds_combine_into_one_figure(tmp_path):
    from portal.bench.load import Result, combine

    (tmp_path / "1.tsv").write_text("10.0\t/q\t20.0\t5\t8.0\n20.0\t/q\t30.0\t5\t9.0\n30.0\t/other\t99.0\t1\t1.0\n")

    def part(rps, seconds, p50, window):
        return Result(
            name="staff queue", path="/q", server="portal", requests=int(rps * seconds), errors=0,
            seconds=seconds, rps=rps, p50_ms=p50, p95_ms=p50 * 2, mean_ms=p50, bytes=100, windows=[window],
        )  # fmt: skip

    combined = combine([part(100.0, 4.0, 10.0, (9.0, 11.0)), part(50.0, 4.0, 30.0, (19.0, 21.0))], tmp_path)
    assert combined.rps == 75.0 and combined.seconds == 8.0 and combined.rounds == [100.0, 50.0]
    assert combined.p50_ms == 20.0  # the median of the rounds' p50
    assert (combined.server_p50_ms, combined.statements, combined.cpu_p50_ms) == (25.0, 5.0, 8.5)
