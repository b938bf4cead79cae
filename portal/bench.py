"""Load benchmark: ``python -m portal.bench [--firms 2000 --cases 100000 --duration 10 ...]``.

1. Seeds a database (a fresh SQLite file under instance/ by default, or ``--database-url`` /
   ``DATABASE_URL``) with demo staff, the shipped guidance content and ``--firms`` firms (one
   firm user each) holding ``--cases`` cases spread over two years in realistic states.
2. Serves ``portal.bench_wsgi:app`` with gunicorn (2 workers) on a free local port.
3. Drives each page with a closed-loop load generator (``--concurrency`` threads, one
   ``http.client`` connection each; gunicorn's sync workers close it after every response, so
   each request reconnects) for ``--duration`` seconds and prints requests/s, p50/p95 latency
   and the ratio to a bare Flask page served by the same run.

Nothing here is imported by the application; ``portal.bench_wsgi`` adds the bare page only to
the app gunicorn serves during the benchmark.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import random
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SQLITE = ROOT / "instance" / "bench.sqlite3"

BARE_PATH = "/__bench/bare"
BENCH_FIRM_PASSWORD = "Bench-Firm-2026"
BENCH_EMAIL_DOMAIN = "bench.example.cn"
STAFF_EMAIL = "reviewer@example.cn"
GUIDANCE_SLUG = "madrid-trademark"
SEARCH_TERM = "商标"
DEEP_PAGE = 2000
USER_AGENT = "portal-bench/1.0"
BATCH = 5000

TARGET_GUIDANCE_RATIO = 0.50   # guidance rps ≥ 50 % of the bare page
TARGET_QUEUE_P50_MS = 25.0     # staff queue (first page) p50 ≤ 25 ms


# --- the bare baseline page -------------------------------------------------------------------

def add_bare_route(app) -> None:
    """The baseline: a tiny template rendered by the same Flask app, middleware and server."""
    from flask import render_template_string

    @app.route(BARE_PATH)
    def bench_bare():
        return render_template_string("<!doctype html><html lang=\"zh-CN\"><title>bare</title>"
                                      "<p>{{ greeting }} {{ n }}</p></html>", greeting="你好", n=42)


# --- seeding ----------------------------------------------------------------------------------

@dataclass
class SeedInfo:
    firms: int
    cases: int
    firm_email: str
    firm_password: str
    firm_case_count: int
    case_reference: str
    staff_email: str
    staff_password: str
    guidance_slug: str
    seconds: float = 0.0


# (type value, weight)
KIND_WEIGHTS = [("consultation", 35), ("rights-protection", 30), ("brand-demonstration", 12),
                ("ip-demonstration", 13), ("copyright-demonstration", 10)]
NAME_WORDS = ["智联", "津门", "康源", "西沽", "北运河", "丁字沽", "子牙河", "三条石", "大胡同", "芥园", "邵公庄",
              "铃铛阁", "咸阳北", "和苑", "光荣道", "双环", "天穆", "宜白", "红旗", "西于庄"]
NAME_TRADES = ["科技", "机器人", "生物医药", "新材料", "高端装备", "文化创意", "食品", "信息技术", "电子", "商贸"]
INDUSTRY_VALUES = ["smart_tech", "biomedicine", "new_energy_materials", "advanced_equipment", "other"]
QUALIFICATION_VALUES = ["srdi_national", "srdi_municipal", "srdi_sme", "eaglet", "gazelle", "leader", "high_tech",
                        "tech_sme"]


def _bench_credit_code(n: int) -> str:
    """A valid 统一社会信用代码 (Hongqiao, 91120106…) for bench firm ``n``; never a demo firm's."""
    from portal.core.validators import USCC_ALPHABET, uscc_check_char

    body = "91120106" + "".join(USCC_ALPHABET[(n // 31 ** i) % 31] for i in range(9))
    return body + uscc_check_char(body)


def _pick(rng: random.Random, table: list[tuple[str, int]]) -> str:
    return rng.choices([v for v, _w in table], weights=[w for _v, w in table])[0]


def _status_for(rng: random.Random, age_days: float, demonstration: bool) -> str:
    """A plausible state for a case submitted ``age_days`` ago: recent ones open, old ones final."""
    if age_days < 3:
        table = [("submitted", 65), ("accepted", 30), ("withdrawn", 5)]
    elif age_days < 45:
        table = [("submitted", 4), ("accepted", 16), ("under_review", 40), ("supplement_requested", 14),
                 ("approved", 8), ("rejected", 5), ("not_accepted", 5), ("withdrawn", 4), ("closed", 4)]
        if demonstration:
            table.append(("publicity", 6))
    elif age_days < 120:
        table = [("under_review", 6), ("supplement_requested", 4), ("approved", 8), ("closed", 60),
                 ("rejected", 9), ("not_accepted", 5), ("withdrawn", 4)]
        if demonstration:
            table += [("publicity", 6), ("recognised", 8)]
    else:
        table = [("closed", 74), ("rejected", 9), ("not_accepted", 7), ("withdrawn", 6)]
        if demonstration:
            table.append(("recognised", 12))
    return _pick(rng, table)


def _case_rows(n_cases: int, firm_ids: list[int], owners: dict[int, int], staff_ids: list[int],
               firm_names: dict[int, str], rng: random.Random, counters: dict[tuple[str, int], int]):
    """Yield batches of row dicts for ``insert(Case)``, oldest submission first."""
    from portal.cases.demo import ANSWERS
    from portal.cases.kinds import KINDS
    from portal.core.db import utcnow
    from portal.core.timeutil import local_date, today_local
    from portal.core.working_days import add_working_days

    now = utcnow()
    today = today_local()
    two_years = 730 * 86400
    specs = []
    for _ in range(n_cases):
        kind = _pick(rng, KIND_WEIGHTS)
        draft = rng.random() < 0.02
        submitted = None if draft else now - timedelta(seconds=rng.random() * two_years)
        specs.append((submitted or datetime.max, kind, rng.choice(firm_ids), draft))
    specs.sort(key=lambda s: s[0])  # references count up in submission order, like the real counter

    batch = []
    for submitted_at, kind_value, firm_id, draft in specs:
        kind = KINDS[kind_value]
        firm_name = firm_names[firm_id]
        data = {step: {k: (v.replace("{firm}", firm_name) if isinstance(v, str) else v) for k, v in fields.items()}
                for step, fields in ANSWERS[kind_value].items()}
        row = {
            "kind": kind_value, "firm_id": firm_id, "created_by_id": owners[firm_id], "data": data,
            "title": (kind.summary(data) or "")[:200], "version": 1, "paused_days": 0, "supplement_count": 0,
            "reference": None, "status": "draft", "holder_id": None, "submitted_at": None, "submitted_on": None,
            "accepted_at": None, "decided_at": None, "decided_on": None, "outcome": None, "closed_at": None,
            "clock_phase": None, "clock_started_on": None, "due_date": None, "paused_since": None,
            "met_deadline": None, "working_days_taken": None, "decision_reason": None, "publicity_start": None,
            "publicity_end": None, "certificate_no": None, "rating": None, "rating_comment": None, "rated_at": None,
        }
        if draft:
            created = now - timedelta(days=rng.random() * 60)
            row.update(created_at=created, updated_at=created)
        else:
            row.update(_submitted_fields(rng, kind, submitted_at, now, today, staff_ids, counters,
                                         local_date, add_working_days))
        batch.append(row)
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _submitted_fields(rng, kind, submitted_at, now, today, staff_ids, counters, local_date, add_working_days):
    accept_days, decide_days = kind.accept_days, kind.decide_days
    submitted_on = local_date(submitted_at)
    age_days = (now - submitted_at).total_seconds() / 86400
    status = _status_for(rng, age_days, kind.demonstration)
    key = (kind.code, submitted_on.year)
    counters[key] = counters.get(key, 0) + 1
    out = {"reference": f"HQ-{kind.code}-{submitted_on.year}-{counters[key]:06d}", "status": status,
           "submitted_at": submitted_at, "submitted_on": submitted_on,
           "created_at": submitted_at - timedelta(hours=rng.random() * 48), "updated_at": submitted_at,
           "clock_started_on": submitted_on}
    if status == "submitted":
        out.update(clock_phase="accept", due_date=add_working_days(submitted_on, accept_days))
        return out
    if status == "withdrawn" and rng.random() < 0.5:
        out.update(closed_at=submitted_at + timedelta(days=rng.random() * min(age_days, 5)),
                   due_date=add_working_days(submitted_on, accept_days), version=2)
        return out
    out["holder_id"] = rng.choice(staff_ids)
    if status == "not_accepted":
        decided = submitted_at + timedelta(days=rng.random() * min(age_days, 3))
        out.update(decided_at=decided, decided_on=min(today, local_date(decided)), outcome="refuse",
                   decision_reason="材料不属于本服务受理范围。", due_date=add_working_days(submitted_on, accept_days),
                   met_deadline=True, working_days_taken=rng.randint(1, accept_days), version=3)
        return out
    # accepted within the acceptance limit
    accepted = submitted_at + timedelta(days=min(age_days, rng.uniform(0.2, accept_days * 1.4)))
    accepted_on = min(today, local_date(accepted))
    out.update(accepted_at=accepted, clock_phase="decide", clock_started_on=accepted_on,
               due_date=add_working_days(accepted_on, decide_days), version=3)
    if status in ("accepted", "under_review"):
        return out
    if status == "supplement_requested":
        span = max(0.0, (now - accepted).total_seconds() / 86400)
        out.update(paused_since=min(today, local_date(accepted + timedelta(days=rng.random() * span))),
                   supplement_count=1, version=5)
        return out
    # decided: the clock stopped (phase cleared, due date kept for the statistics)
    span_days = min(age_days, decide_days * 1.4 + accept_days)
    decided = min(now, accepted + timedelta(days=rng.uniform(0.3, 1.0) * span_days))
    decided_on = min(today, local_date(decided))
    outcome = "reject" if status == "rejected" else ("approve" if status != "withdrawn" else None)
    out.update(clock_phase=None, decided_at=decided if outcome else None, decided_on=decided_on if outcome else None,
               outcome=outcome, met_deadline=decided_on <= out["due_date"],
               working_days_taken=max(1, int((decided_on - submitted_on).days * 5 / 7)), updated_at=decided, version=6)
    if status == "rejected":
        out["decision_reason"] = "申请材料不能证明符合认定条件。"
    if status in ("publicity", "recognised") or (status == "closed" and kind.demonstration and outcome == "approve"):
        start = decided_on + timedelta(days=1)
        out.update(publicity_start=start, publicity_end=start + timedelta(days=7))
    if status == "recognised":
        out["certificate_no"] = f"津红知认〔{decided_on.year}〕{out['reference'][-6:]}号"
    if status in ("closed", "withdrawn", "recognised", "rejected"):
        out["closed_at"] = min(now, decided + timedelta(days=rng.uniform(1, 20)))
        out["updated_at"] = out["closed_at"]
        if rng.random() < 0.3:
            out.update(rating=rng.randint(3, 5), rated_at=out["closed_at"])
    return out


def seed(firms: int, cases: int, *, rng_seed: int = 2026, log=print) -> SeedInfo:
    """Fill an empty, migrated database (inside an app context): demo staff, shipped content, ``firms``
    firms with one user each, and ``cases`` cases. Fast: Core executemany in batches of 5 000."""
    from sqlalchemy import func, insert, select
    from werkzeug.security import generate_password_hash

    from portal.accounts.demo import DEMO_STAFF_PASSWORD, ensure_demo_accounts
    from portal.accounts.models import User
    from portal.audit.models import AuditEvent
    from portal.cases.models import Case, CaseMessage, ReferenceCounter
    from portal.core import mail
    from portal.core.db import commit, utcnow
    from portal.extensions import db
    from portal.firms.models import Firm, FirmQualification
    from portal.guidance.loader import load_content

    started = time.perf_counter()
    rng = random.Random(rng_seed)
    users = ensure_demo_accounts()
    commit()
    report = load_content()
    mail.discard_queue()
    commit()
    log(f"  demo accounts and shipped content ready ({report})")

    now = utcnow()
    firm_rows = []
    for n in range(1, firms + 1):
        name = f"天津红桥{rng.choice(NAME_WORDS)}{rng.choice(NAME_TRADES)}{n:04d}有限公司"
        firm_rows.append({"name": name, "credit_code": _bench_credit_code(n), "contact_name": f"联系人{n}",
                          "contact_mobile": f"139{n:08d}", "industry": rng.choice(INDUSTRY_VALUES),
                          "created_at": now - timedelta(days=rng.random() * 900)})
    for i in range(0, len(firm_rows), BATCH):
        db.session.execute(insert(Firm), firm_rows[i:i + BATCH])
    codes = {r["credit_code"] for r in firm_rows}
    firm_by_code = {code: fid for fid, code in db.session.execute(select(Firm.id, Firm.credit_code))
                    if code in codes}
    firm_ids = [firm_by_code[r["credit_code"]] for r in firm_rows]
    firm_names = {firm_by_code[r["credit_code"]]: r["name"] for r in firm_rows}

    password_hash = generate_password_hash(BENCH_FIRM_PASSWORD)  # once: hashing is deliberately slow
    user_rows = [{"email": f"firm{n:05d}@{BENCH_EMAIL_DOMAIN}", "password_hash": password_hash,
                  "name": f"联系人{n}", "mobile": f"139{n:08d}", "role": "firm", "active": True,
                  "session_token": secrets.token_hex(16), "firm_id": fid, "created_at": now,
                  "privacy_consent_at": now}
                 for n, fid in enumerate(firm_ids, start=1)]
    qual_rows = [{"firm_id": fid, "kind": kind, "certificate_no": f"BENCH-{fid}-{kind}",
                  "valid_until": date(now.year + 2, 12, 31), "created_at": now}
                 for fid in firm_ids for kind in rng.sample(QUALIFICATION_VALUES, rng.choice([0, 0, 1, 1, 2]))]
    for i in range(0, len(user_rows), BATCH):
        db.session.execute(insert(User), user_rows[i:i + BATCH])
    if qual_rows:
        db.session.execute(insert(FirmQualification), qual_rows)
    owners = {fid: uid for uid, fid in db.session.execute(
        select(User.id, User.firm_id).where(User.email.like(f"%@{BENCH_EMAIL_DOMAIN}")))}
    commit()
    log(f"  {firms} firms, {len(user_rows)} firm users, {len(qual_rows)} qualifications "
        f"({time.perf_counter() - started:.1f} s)")

    staff_ids = [users[e].id for e in ("reviewer@example.cn", "supervisor@example.cn", "admin@example.cn")]
    counters: dict[tuple[str, int], int] = {}
    done = 0
    for batch in _case_rows(cases, firm_ids, owners, staff_ids, firm_names, rng, counters):
        db.session.execute(insert(Case), batch)
        done += len(batch)
        if done % 20000 == 0 or done == cases:
            log(f"  {done} cases ({time.perf_counter() - started:.1f} s)")
    db.session.execute(insert(ReferenceCounter),
                       [{"code": code, "year": year, "last_number": n} for (code, year), n in sorted(counters.items())])
    commit()

    # the case page's case: an open one under review, with a short history like a real one
    reference, case_id, holder_id, firm_id = db.session.execute(
        select(Case.reference, Case.id, Case.holder_id, Case.firm_id).where(Case.status == "under_review")
        .order_by(Case.id.desc()).limit(1)).one_or_none() or db.session.execute(
        select(Case.reference, Case.id, Case.holder_id, Case.firm_id).where(Case.reference.is_not(None))
        .order_by(Case.id.desc()).limit(1)).one()
    history = [("submit", "draft", "submitted", owners.get(firm_id), "firm"),
               ("assign", None, None, staff_ids[1], "supervisor"),
               ("accept", "submitted", "accepted", holder_id, "reviewer"),
               ("start_review", "accepted", "under_review", holder_id, "reviewer")]
    db.session.execute(insert(AuditEvent), [
        {"created_at": now - timedelta(days=len(history) - i), "actor_id": actor, "actor_role": role,
         "ip": "127.0.0.1", "action": action, "object_type": "case", "object_id": case_id, "case_id": case_id,
         "from_value": frm, "to_value": to, "note": None, "detail": None}
        for i, (action, frm, to, actor, role) in enumerate(history)])
    db.session.execute(insert(CaseMessage), [
        {"case_id": case_id, "author_id": holder_id, "from_staff": True, "internal": False,
         "body": "您好，您的申请已受理，如需补充材料我们会及时联系。", "created_at": now - timedelta(days=1)},
        {"case_id": case_id, "author_id": holder_id, "from_staff": True, "internal": True,
         "body": "已核对营业执照与商标注册证。", "created_at": now}])
    commit()

    firm_email = user_rows[0]["email"]
    firm_case_count = db.session.scalar(select(func.count()).select_from(Case).where(Case.firm_id == firm_ids[0]))
    return SeedInfo(firms=firms, cases=cases, firm_email=firm_email, firm_password=BENCH_FIRM_PASSWORD,
                    firm_case_count=firm_case_count, case_reference=reference, staff_email=STAFF_EMAIL,
                    staff_password=DEMO_STAFF_PASSWORD, guidance_slug=GUIDANCE_SLUG,
                    seconds=time.perf_counter() - started)


def existing_seed(firms: int, cases: int) -> SeedInfo | None:
    """The SeedInfo of an already seeded database with (at least) these counts, else None."""
    from sqlalchemy import func, inspect, select

    from portal.accounts.demo import DEMO_STAFF_PASSWORD
    from portal.accounts.models import User
    from portal.cases.models import Case
    from portal.extensions import db

    if "cases" not in inspect(db.engine).get_table_names():
        return None
    n_firms = db.session.scalar(select(func.count()).select_from(User).where(
        User.email.like(f"%@{BENCH_EMAIL_DOMAIN}")))
    n_cases = db.session.scalar(select(func.count()).select_from(Case))
    if n_firms != firms or n_cases != cases:
        return None
    first = db.session.scalar(select(User).where(User.email == f"firm00001@{BENCH_EMAIL_DOMAIN}"))
    reference = db.session.scalar(select(Case.reference).where(Case.status == "under_review")
                                  .order_by(Case.id.desc()).limit(1)) or db.session.scalar(
        select(Case.reference).where(Case.reference.is_not(None)).order_by(Case.id.desc()).limit(1))
    if first is None or reference is None:
        return None
    count = db.session.scalar(select(func.count()).select_from(Case).where(Case.firm_id == first.firm_id))
    return SeedInfo(firms=firms, cases=cases, firm_email=first.email, firm_password=BENCH_FIRM_PASSWORD,
                    firm_case_count=count, case_reference=reference, staff_email=STAFF_EMAIL,
                    staff_password=DEMO_STAFF_PASSWORD, guidance_slug=GUIDANCE_SLUG)


def _wipe(url: str) -> None:
    """Empty the benchmark database. Refuses anything whose name does not say "bench"."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if "bench" not in (parsed.database or ""):
        raise SystemExit(f"refusing to wipe {parsed.render_as_string(hide_password=True)}: "
                         "the benchmark only resets databases whose name contains 'bench'")
    if parsed.get_backend_name() == "sqlite":
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(parsed.database + suffix).unlink(missing_ok=True)
        return
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def prepare_database(url: str, firms: int, cases: int, reuse: bool, log=print) -> SeedInfo:
    from flask_migrate import upgrade
    from sqlalchemy import text

    from portal import create_app
    from portal.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "ENV_NAME": "development"})
    with app.app_context():
        if reuse:
            info = existing_seed(firms, cases)
            if info is not None:
                log(f"reusing the seeded database ({firms} firms, {cases} cases)")
                return info
            log("--reuse: the database does not hold exactly this data; seeding afresh")
        db.session.remove()
        db.engine.dispose()
    _wipe(url)
    with app.app_context():
        log(f"seeding {firms} firms / {cases} cases …")
        upgrade(revision="heads")
        info = seed(firms, cases, log=log)
        with db.engine.connect() as conn:  # statistics, as autovacuum (PostgreSQL) would gather them
            if db.engine.dialect.name == "postgresql":
                conn.execution_options(isolation_level="AUTOCOMMIT").execute(text("VACUUM ANALYZE"))
        db.session.remove()
        db.engine.dispose()
    log(f"seeded in {info.seconds:.1f} s")
    return info


# --- what is measured -------------------------------------------------------------------------

@dataclass
class Endpoint:
    name: str
    path: str
    role: str | None = None  # None (anonymous) | "firm" | "staff"


def bench_endpoints(info: SeedInfo, deep_page: int = DEEP_PAGE) -> list[Endpoint]:
    """The pages measured, bare baseline first."""
    return [
        Endpoint("bare", BARE_PATH),
        Endpoint("guidance", f"/guidance/{info.guidance_slug}"),
        Endpoint("search", "/search?q=" + quote(SEARCH_TERM)),
        Endpoint("firm dashboard", "/firm/", "firm"),
        Endpoint("staff queue", "/staff/queue", "staff"),
        Endpoint(f"staff queue p{deep_page}", f"/staff/queue?page={deep_page}", "staff"),
        Endpoint("case page", f"/staff/cases/{quote(info.case_reference)}", "staff"),
    ]


# --- HTTP client ------------------------------------------------------------------------------

class Session:
    """A tiny cookie-keeping client over http.client (no third-party dependency)."""

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.cookies: dict[str, str] = {}
        self.conn = http.client.HTTPConnection(host, port, timeout=30)

    def cookie_header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, dict, str]:
        headers = {"User-Agent": USER_AGENT, "Accept": "text/html"}
        if self.cookies:
            headers["Cookie"] = self.cookie_header()
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            self.conn.request(method, path, body=body.encode() if body is not None else None, headers=headers)
            response = self.conn.getresponse()
        except (http.client.HTTPException, OSError):
            self.conn.close()
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
            self.conn.request(method, path, body=body.encode() if body is not None else None, headers=headers)
            response = self.conn.getresponse()
        text = response.read().decode("utf-8", "replace")
        for raw in response.headers.get_all("Set-Cookie") or []:
            jar = SimpleCookie()
            jar.load(raw)
            for name, morsel in jar.items():
                if morsel["max-age"] == "0" or (morsel.value == "" and morsel["expires"]):
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response.status, dict(response.headers), text

    def close(self) -> None:
        self.conn.close()


CSRF_INPUT = re.compile(r'<input[^>]*name="csrf_token"[^>]*>')
VALUE_ATTR = re.compile(r'value="([^"]*)"')


def login(host: str, port: int, email: str, password: str) -> str:
    """Sign in through the real form (CSRF token included); returns the Cookie header to reuse."""
    session = Session(host, port)
    try:
        status, _headers, page = session.request("GET", "/auth/login")
        tag = CSRF_INPUT.search(page)
        if status != 200 or tag is None or not VALUE_ATTR.search(tag.group(0)):
            raise RuntimeError(f"login page: HTTP {status}, no csrf_token input")
        token = VALUE_ATTR.search(tag.group(0)).group(1)
        form = urlencode({"csrf_token": token, "email": email, "password": password})
        status, headers, _page = session.request("POST", "/auth/login", form)
        location = headers.get("Location", "")
        if status != 302 or urlsplit(location).path.startswith("/auth/login"):
            raise RuntimeError(f"login as {email} failed: HTTP {status} → {location or 'no redirect'}")
        return session.cookie_header()
    finally:
        session.close()


# --- load generator ---------------------------------------------------------------------------

@dataclass
class Result:
    name: str
    path: str
    requests: int
    errors: int
    seconds: float
    rps: float
    p50_ms: float
    p95_ms: float
    mean_ms: float
    bytes: int
    ratio: float | None = None
    statuses: dict = field(default_factory=dict)


def _percentile(sorted_values: list[float], pct: float) -> float:
    if not sorted_values:
        return float("nan")
    k = (len(sorted_values) - 1) * pct / 100
    lo = int(k)
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (k - lo)


def drive(host: str, port: int, endpoint: Endpoint, cookie: str | None, duration: float, concurrency: int,
          warmup: float = 1.0) -> Result:
    """Closed loop: ``concurrency`` threads each send the next request as soon as the last answer is read.
    Only requests that complete inside the ``duration`` window after ``warmup`` are counted."""
    headers = {"User-Agent": USER_AGENT, "Accept": "text/html", "Accept-Language": "zh-CN,zh;q=0.9"}
    if cookie:
        headers["Cookie"] = cookie
    start_gate = threading.Barrier(concurrency + 1)
    window = {}
    per_thread: list[tuple[list[float], dict[int, int], list[int]]] = []
    lock = threading.Lock()

    def worker():
        latencies: list[float] = []
        statuses: dict[int, int] = {}
        sizes: list[int] = []
        with lock:
            per_thread.append((latencies, statuses, sizes))
        conn = http.client.HTTPConnection(host, port, timeout=30)
        start_gate.wait()
        begin, end = window["begin"], window["end"]
        while True:
            t0 = time.perf_counter()
            if t0 >= end:
                break
            try:
                conn.request("GET", endpoint.path, headers=headers)
                response = conn.getresponse()
                body = response.read()
                status = response.status
                if response.will_close:
                    conn.close()  # gunicorn's sync workers close after each response; reconnect next time
            except (http.client.HTTPException, OSError):
                conn.close()
                conn = http.client.HTTPConnection(host, port, timeout=30)
                status, body = -1, b""
            t1 = time.perf_counter()
            if begin <= t1 < end:
                statuses[status] = statuses.get(status, 0) + 1
                if status == 200:
                    latencies.append(t1 - t0)
                    sizes.append(len(body))
        conn.close()

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
    for t in threads:
        t.start()
    now = time.perf_counter()
    window["begin"], window["end"] = now + warmup, now + warmup + duration
    start_gate.wait()
    for t in threads:
        t.join()
    latencies = sorted(x for lat, _s, _z in per_thread for x in lat)
    statuses: dict[int, int] = {}
    for _lat, st, _z in per_thread:
        for k, v in st.items():
            statuses[k] = statuses.get(k, 0) + v
    sizes = [x for _l, _s, z in per_thread for x in z]
    ok = len(latencies)
    errors = sum(v for k, v in statuses.items() if k != 200)
    return Result(name=endpoint.name, path=endpoint.path, requests=ok, errors=errors, seconds=duration,
                  rps=ok / duration, p50_ms=_percentile(latencies, 50) * 1000, p95_ms=_percentile(latencies, 95) * 1000,
                  mean_ms=(statistics.fmean(latencies) * 1000) if latencies else float("nan"),
                  bytes=int(statistics.fmean(sizes)) if sizes else 0, statuses={str(k): v for k, v in statuses.items()})


# --- the server -------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """gunicorn -w N serving portal.bench_wsgi:app; always stopped on exit."""

    def __init__(self, url: str, port: int, workers: int, log_path: Path, wsgi: str = "portal.bench_wsgi:app"):
        self.url, self.port, self.workers, self.log_path, self.wsgi = url, port, workers, log_path, wsgi
        self.proc: subprocess.Popen | None = None
        self._log = None

    def start(self, timeout: float = 60) -> None:
        env = dict(os.environ, DATABASE_URL=self.url, PORTAL_ENV="development", PYTHONUNBUFFERED="1")
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log = open(self.log_path, "w")
        cmd = [sys.executable, "-m", "gunicorn", "-w", str(self.workers), "-b", f"127.0.0.1:{self.port}",
               "--log-level", "warning", self.wsgi]
        self.proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        deadline = time.monotonic() + timeout
        ready = 0
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.proc.returncode}; see {self.log_path}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                conn.request("GET", "/healthz")
                response = conn.getresponse()
                response.read()
                conn.close()
                if response.status == 200:
                    ready += 1
                    if ready >= 2 * self.workers:  # give every worker a chance to import the app
                        return
                    continue
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer /healthz within {timeout:.0f} s; see {self.log_path}")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)  # graceful: the master stops its workers
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)  # our own session: gunicorn and its workers only
                self.proc.wait(timeout=5)
        if self._log is not None:
            self._log.close()
            self._log = None


# --- report -----------------------------------------------------------------------------------

def machine_info() -> dict:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"nproc": os.cpu_count(), "python": platform.python_version(), "cpu": cpu or platform.processor(),
            "platform": platform.platform(), "loadavg_1min": round(os.getloadavg()[0], 2)}


def git_revision() -> str:
    """The commit measured (read-only ``git rev-parse``; uncommitted changes are not shown)."""
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                             timeout=5)
        return out.stdout.strip() or "unknown"
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def format_table(results: list[Result]) -> str:
    head = f"{'endpoint':<22} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'errors':>7} {'vs bare':>8} {'KiB':>6}  path"
    lines = [head, "-" * len(head)]
    for r in results:
        ratio = f"{r.ratio * 100:6.1f} %" if r.ratio is not None else "      —"
        lines.append(f"{r.name:<22} {r.rps:8.1f} {r.p50_ms:8.1f} {r.p95_ms:8.1f} {r.errors:7d} {ratio:>8} "
                     f"{r.bytes / 1024:6.1f}  {r.path}")
    return "\n".join(lines)


def target_checks(results: list[Result]) -> list[tuple[str, bool | None, str]]:
    by_name = {r.name: r for r in results}
    checks = []
    g = by_name.get("guidance")
    if g is not None and g.ratio is not None:
        checks.append(("guidance ≥ 50 % of the bare page", g.ratio >= TARGET_GUIDANCE_RATIO, f"{g.ratio * 100:.1f} %"))
    q = by_name.get("staff queue")
    if q is not None:
        checks.append((f"staff queue p50 ≤ {TARGET_QUEUE_P50_MS:.0f} ms", q.p50_ms <= TARGET_QUEUE_P50_MS,
                       f"{q.p50_ms:.1f} ms"))
    return checks


# --- main -------------------------------------------------------------------------------------

def _parse(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m portal.bench", description=__doc__.split("\n\n")[0])
    p.add_argument("--database-url", default=os.environ.get("DATABASE_URL") or f"sqlite:///{DEFAULT_SQLITE}",
                   help="database to seed and serve (default: $DATABASE_URL, else a fresh instance/bench.sqlite3); "
                        "it is wiped unless --reuse finds the data, so its name must contain 'bench'")
    p.add_argument("--firms", type=int, default=2000)
    p.add_argument("--cases", type=int, default=100_000)
    p.add_argument("--duration", type=float, default=10.0, help="seconds measured per endpoint")
    p.add_argument("--warmup", type=float, default=1.0, help="seconds of unmeasured load before each endpoint")
    p.add_argument("--concurrency", type=int, default=4, help="client threads (closed loop)")
    p.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    p.add_argument("--reuse", action="store_true", help="skip seeding when the database already holds this data")
    p.add_argument("--port", type=int, default=0, help="default: a free port on 127.0.0.1")
    p.add_argument("--only", default="", help="comma-separated endpoint names to run (bare always runs)")
    p.add_argument("--deep-page", type=int, default=DEEP_PAGE)
    p.add_argument("--wsgi", default="portal.bench_wsgi:app",
                   help="module:app gunicorn serves (A/B runs of a patched build; it must add the bare page)")
    p.add_argument("--json", dest="json_path", help="also write the results as JSON here")
    p.add_argument("--seed-only", action="store_true", help="seed (or --reuse) and stop")
    return p.parse_args(argv)


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def main(argv=None) -> int:
    args = _parse(argv)
    from portal.config import _normalise_db_url

    url = _normalise_db_url(args.database_url)
    signal.signal(signal.SIGTERM, _interrupt)  # `kill <pid>` stops gunicorn too, like Ctrl-C
    info = prepare_database(url, args.firms, args.cases, args.reuse)
    if args.seed_only:
        return 0
    endpoints = bench_endpoints(info, args.deep_page)
    if args.only:
        wanted = {w.strip() for w in args.only.split(",")}
        endpoints = [e for e in endpoints if e.name == "bare" or e.name in wanted]
    port = args.port or free_port()
    server = Server(url, port, args.workers, ROOT / "instance" / "bench-gunicorn.log", args.wsgi)
    results: list[Result] = []
    load_before = os.getloadavg()[0]
    try:
        server.start()
        print(f"gunicorn -w {args.workers} on 127.0.0.1:{port}; {args.concurrency} client threads, "
              f"{args.duration:g} s per endpoint (+{args.warmup:g} s warm-up)")
        cookies = {}
        if any(e.role == "firm" for e in endpoints):
            cookies["firm"] = login("127.0.0.1", port, info.firm_email, info.firm_password)
        if any(e.role == "staff" for e in endpoints):
            cookies["staff"] = login("127.0.0.1", port, info.staff_email, info.staff_password)
        for endpoint in endpoints:  # each page must really render before it is measured
            probe = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            headers = {"User-Agent": USER_AGENT}
            if endpoint.role:
                headers["Cookie"] = cookies[endpoint.role]
            probe.request("GET", endpoint.path, headers=headers)
            response = probe.getresponse()
            response.read()
            probe.close()
            if response.status != 200:
                raise RuntimeError(f"{endpoint.name} {endpoint.path}: HTTP {response.status} "
                                   f"{response.getheader('Location') or ''}")
        for endpoint in endpoints:
            result = drive("127.0.0.1", port, endpoint, cookies.get(endpoint.role) if endpoint.role else None,
                           args.duration, args.concurrency, args.warmup)
            results.append(result)
            print(f"  {endpoint.name:<22} {result.rps:8.1f} req/s  p50 {result.p50_ms:6.1f} ms  "
                  f"p95 {result.p95_ms:6.1f} ms  errors {result.errors}", flush=True)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    finally:
        server.stop()

    bare = results[0].rps if results and results[0].name == "bare" else None
    for r in results:
        r.ratio = r.rps / bare if bare else None
    machine = machine_info()
    engine = url.split(":", 1)[0]
    print()
    revision = git_revision()
    print(f"portal benchmark at {revision} — {engine}, {info.firms} firms, {info.cases} cases "
          f"(firm dashboard user holds {info.firm_case_count} cases; case page {info.case_reference})")
    print(f"machine: {machine['nproc']} CPUs, {machine['cpu']}, Python {machine['python']}; "
          f"gunicorn -w {args.workers} (sync), {args.concurrency} client threads on the same machine, "
          f"{args.duration:g} s per endpoint; load average {load_before:.2f} before the run "
          "(other processes on the machine skew the figures)")
    print(format_table(results))
    checks = target_checks(results)
    if checks:
        print()
        for label, ok, value in checks:
            print(f"  target {label}: {'PASS' if ok else 'MISS'} ({value})")
    if args.json_path:
        Path(args.json_path).write_text(json.dumps({
            "when": datetime.now(UTC).isoformat(timespec="seconds"), "revision": revision, "database": engine,
            "seed": asdict(info), "machine": dict(machine, loadavg_before=round(load_before, 2)),
            "settings": {"duration": args.duration, "warmup": args.warmup, "concurrency": args.concurrency,
                         "workers": args.workers},
            "results": [asdict(r) for r in results],
            "targets": [{"target": label, "met": ok, "value": value} for label, ok, value in checks],
        }, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
