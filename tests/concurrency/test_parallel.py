"""Real parallel requests against the shared database: unique references, one winner per decision."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select

from portal.cases.models import Case
from portal.extensions import db
from tests.fixtures.accounts import PASSWORD
from tests.fixtures.cases import get_case


def _parallel(count, job):
    barrier = threading.Barrier(count)

    def run(i):
        barrier.wait()
        return job(i)

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(run, range(count)))


def _submitters(app, create_firm_user, make_case, count):
    clients = []
    for i in range(count):
        user = create_firm_user()
        key = make_case(user, kind="consultation", status="draft")
        client = app.test_client()
        client.environ_base["REMOTE_ADDR"] = f"127.0.1.{i + 1}"
        assert client.post("/auth/login", data={"email": user.email, "password": PASSWORD}).status_code == 302
        clients.append((client, key))
    return clients


def test_parallel_submits_get_unique_references(app, create_firm_user, make_case):
    with app.app_context():
        count = 50 if db.engine.dialect.name == "postgresql" else 12
    clients = _submitters(app, create_firm_user, make_case, count)
    statuses = _parallel(count, lambda i: clients[i][0].post(f"/firm/applications/{clients[i][1]}/submit").status_code)
    assert statuses == [302] * count
    with app.app_context():
        refs = list(db.session.scalars(select(Case.reference).where(Case.reference.is_not(None))))
        assert len(refs) == count == len(set(refs))
        numbers = sorted(int(r.rsplit("-", 1)[1]) for r in refs)
        assert numbers == list(range(1, count + 1))


def test_double_clicked_submit_creates_one_case(app, firm_user, make_case):
    key = make_case(firm_user, kind="consultation", status="draft")
    client = app.test_client()
    assert client.post("/auth/login", data={"email": firm_user.email, "password": PASSWORD}).status_code == 302
    statuses = _parallel(2, lambda i: client.post(f"/firm/applications/{key}/submit").status_code)
    assert all(s in (302, 409) for s in statuses)
    with app.app_context():
        assert db.session.scalar(select(func.count(Case.id)).where(Case.reference.is_not(None))) == 1


def test_two_staff_deciding_at_once_one_wins(app, firm_user, create_staff, make_case):
    ref = make_case(firm_user)
    with app.app_context():
        version = get_case(ref).version
    staff = [create_staff("reviewer"), create_staff("reviewer")]
    clients = []
    for member in staff:
        client = app.test_client()
        assert client.post("/auth/login", data={"email": member.email, "password": PASSWORD}).status_code == 302
        clients.append(client)
    actions = [("accept", {}), ("refuse", {"reason": "材料不全"})]
    _parallel(
        2,
        lambda i: (
            clients[i]
            .post(f"/staff/cases/{ref}/actions/{actions[i][0]}", data={"version": version, **actions[i][1]})
            .status_code
        ),
    )
    with app.app_context():
        case = get_case(ref)
        assert case.status in ("accepted", "not_accepted")
        assert case.version == version + 1  # exactly one decision was written
        transitions = [e for e in case_events(case.id) if e in ("accept", "refuse")]
        assert len(transitions) == 1


def case_events(case_id):
    from portal.audit.models import AuditEvent

    return list(db.session.scalars(select(AuditEvent.action).where(AuditEvent.case_id == case_id)))
