"""The benchmark's seeding at a tiny scale: valid rows, the right counts, and a URL list that builds.

No gunicorn here: ``python -m portal.bench`` itself is run by hand (see the README's Benchmark section).
"""

from __future__ import annotations

import re

from sqlalchemy import func, select


def test_seed_tiny_database_and_build_urls(app, client):
    from portal.accounts.models import User
    from portal.bench import BARE_PATH, BENCH_EMAIL_DOMAIN, bench_endpoints, seed
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

    endpoints = bench_endpoints(info)
    assert [e.name for e in endpoints][:3] == ["bare", "guidance", "search"]
    assert endpoints[0].path == BARE_PATH
    assert {e.role for e in endpoints} == {None, "firm", "staff"}
    by_name = {e.name: e for e in endpoints}
    assert by_name["case page"].path == f"/staff/cases/{info.case_reference}"
    assert by_name["staff queue p2000"].path == "/staff/queue?page=2000"

    # the seeded pages really render (the test app has CSRF off); the normal app has no bare page
    assert client.get(BARE_PATH).status_code == 404
    client.get_page(endpoints[1].path)
    client.get_page(endpoints[2].path)
    client.login(info.staff_email, info.staff_password)
    for name in ("staff queue", "staff queue p2000", "case page"):
        client.get_page(by_name[name].path)
    client.logout()
    client.login(info.firm_email, info.firm_password)
    client.get_page(by_name["firm dashboard"].path)
