"""Seeding the benchmark database: firms, users and cases in realistic states, in bulk."""

import functools
import itertools
import json
import random
import secrets
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import JSON

from portal.bench.settings import BATCH, BENCH_EMAIL_DOMAIN, BENCH_FIRM_PASSWORD, GUIDANCE_SLUG, STAFF_EMAIL

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
KIND_WEIGHTS = [
    ("consultation", 35),
    ("rights-protection", 30),
    ("brand-demonstration", 12),
    ("ip-demonstration", 13),
    ("copyright-demonstration", 10),
]
NAME_WORDS = [
    "智联",
    "津门",
    "康源",
    "西沽",
    "北运河",
    "丁字沽",
    "子牙河",
    "三条石",
    "大胡同",
    "芥园",
    "邵公庄",
    "铃铛阁",
    "咸阳北",
    "和苑",
    "光荣道",
    "双环",
    "天穆",
    "宜白",
    "红旗",
    "西于庄",
]
NAME_TRADES = ["科技", "机器人", "生物医药", "新材料", "高端装备", "文化创意", "食品", "信息技术", "电子", "商贸"]
INDUSTRY_VALUES = ["smart_tech", "biomedicine", "new_energy_materials", "advanced_equipment", "other"]
QUALIFICATION_VALUES = [
    "srdi_national",
    "srdi_municipal",
    "srdi_sme",
    "eaglet",
    "gazelle",
    "leader",
    "high_tech",
    "tech_sme",
]


def _bench_credit_code(n: int) -> str:
    """A valid 统一社会信用代码 (Hongqiao, 91120106…) for bench firm ``n``; never a demo firm's."""
    from portal.core.validators import USCC_ALPHABET, uscc_check_char

    body = "91120106" + "".join(USCC_ALPHABET[(n // 31**i) % 31] for i in range(9))
    return body + uscc_check_char(body)


_CUMULATIVE: dict[tuple, tuple[list[str], list[int]]] = {}


def _pick(rng: random.Random, table: list[tuple[str, int]]) -> str:
    # the same draw as choices(values, weights=...), without summing the weights on every call
    key = tuple(table)
    if key not in _CUMULATIVE:
        _CUMULATIVE[key] = ([v for v, _w in table], list(itertools.accumulate(w for _v, w in table)))
    values, cumulative = _CUMULATIVE[key]
    return rng.choices(values, cum_weights=cumulative)[0]


def _insert_rows(model, rows: list[dict]) -> None:
    """Bulk insert: COPY on PostgreSQL (a million cases in minutes), executemany elsewhere."""
    from sqlalchemy import insert

    from portal.extensions import db

    connection = db.session.connection()
    if connection.dialect.name != "postgresql" or not rows:
        db.session.execute(insert(model), rows)
        return
    table = model.__table__
    present = set().union(*rows)  # a row leaves out what stays NULL (or the column default)
    columns = [c for c in table.columns if c.name in present]
    json_columns = {c.name for c in columns if isinstance(c.type, JSON)}
    raw = connection.connection.driver_connection
    names = ", ".join(f'"{c.name}"' for c in columns)
    with raw.cursor() as cursor, cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row(
                [
                    json.dumps(row[c.name], ensure_ascii=False) if c.name in json_columns else row.get(c.name)
                    for c in columns
                ]
            )


def _status_for(rng: random.Random, age_days: float, demonstration: bool) -> str:
    """A plausible state for a case submitted ``age_days`` ago: recent ones open, old ones final."""
    if age_days < 3:
        table = [("submitted", 65), ("accepted", 30), ("withdrawn", 5)]
    elif age_days < 45:
        table = [
            ("submitted", 4),
            ("accepted", 16),
            ("under_review", 40),
            ("supplement_requested", 14),
            ("approved", 8),
            ("rejected", 5),
            ("not_accepted", 5),
            ("withdrawn", 4),
            ("closed", 4),
        ]
        if demonstration:
            table.append(("publicity", 6))
    elif age_days < 120:
        table = [
            ("under_review", 6),
            ("supplement_requested", 4),
            ("approved", 8),
            ("closed", 60),
            ("rejected", 9),
            ("not_accepted", 5),
            ("withdrawn", 4),
        ]
        if demonstration:
            table += [("publicity", 6), ("recognised", 8)]
    else:
        table = [("closed", 74), ("rejected", 9), ("not_accepted", 7), ("withdrawn", 6)]
        if demonstration:
            table.append(("recognised", 12))
    return _pick(rng, table)


def _case_rows(
    n_cases: int,
    firm_ids: list[int],
    owners: dict[int, int],
    staff_ids: list[int],
    firm_names: dict[int, str],
    rng: random.Random,
    counters: dict[tuple[str, int], int],
):
    """Yield batches of row dicts for ``insert(Case)``, oldest submission first."""
    from portal.cases.kinds import KINDS
    from portal.cases.parties import accused_party
    from portal.core.db import utcnow
    from portal.core.timeutil import local_date, today_local
    from portal.core.working_days import add_working_days

    working_days_after = functools.lru_cache(maxsize=None)(add_working_days)  # few distinct (day, n) pairs

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
        # stored as submitted: {step: {field: [strings]}}
        data = {
            step: {
                k: [str(x).replace("{firm}", firm_name) for x in (v if isinstance(v, list) else [v])]
                for k, v in fields.items()
            }
            for step, fields in kind.examples.items()
        }
        row = {
            "kind": kind_value,
            "firm_id": firm_id,
            "created_by_id": owners[firm_id],
            "data": data,
            "accused_party": accused_party(data),  # as Case keeps it (bulk inserts skip the model)
            "title": (kind.summary(data) or "")[:200],
            "version": 1,
            "paused_days": 0,
            "supplement_count": 0,
            "reference": None,
            "status": "draft",
            "finished": False,
            "holder_id": None,
            "submitted_at": None,
            "submitted_on": None,
            "accepted_at": None,
            "decided_at": None,
            "decided_on": None,
            "outcome": None,
            "closed_at": None,
            "clock_phase": None,
            "clock_started_on": None,
            "due_date": None,
            "paused_since": None,
            "met_deadline": None,
            "working_days_taken": None,
            "decision_reason": None,
            "publicity_start": None,
            "publicity_end": None,
            "certificate_no": None,
            "rating": None,
            "rating_comment": None,
            "rated_at": None,
        }
        if draft:
            created = now - timedelta(days=rng.random() * 60)
            row.update(created_at=created, updated_at=created)
        else:
            row.update(
                _submitted_fields(
                    rng, kind, submitted_at, now, today, staff_ids, counters, local_date, working_days_after
                )
            )
        batch.append(row)
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _submitted_fields(rng, kind, submitted_at, now, today, staff_ids, counters, local_date, add_working_days):
    from portal.cases.status import FINAL_STATES

    accept_days, decide_days = kind.accept_days, kind.decide_days
    submitted_on = local_date(submitted_at)
    age_days = (now - submitted_at).total_seconds() / 86400
    status = _status_for(rng, age_days, kind.demonstration)
    key = (kind.code, submitted_on.year)
    counters[key] = counters.get(key, 0) + 1
    out = {
        "reference": f"HQ-{kind.code}-{submitted_on.year}-{counters[key]:06d}",
        "status": status,
        "finished": status in FINAL_STATES,  # as Case keeps it (bulk inserts skip the model)
        "submitted_at": submitted_at,
        "submitted_on": submitted_on,
        "created_at": submitted_at - timedelta(hours=rng.random() * 48),
        "updated_at": submitted_at,
        "clock_started_on": submitted_on,
    }
    if status == "submitted":
        out.update(clock_phase="accept", due_date=add_working_days(submitted_on, accept_days))
        return out
    if status == "withdrawn" and rng.random() < 0.5:
        out.update(
            closed_at=submitted_at + timedelta(days=rng.random() * min(age_days, 5)),
            due_date=add_working_days(submitted_on, accept_days),
            version=2,
        )
        return out
    out["holder_id"] = rng.choice(staff_ids)
    if status == "not_accepted":
        decided = submitted_at + timedelta(days=rng.random() * min(age_days, 3))
        out.update(
            decided_at=decided,
            decided_on=min(today, local_date(decided)),
            outcome="refuse",
            decision_reason="材料不属于本服务受理范围。",
            due_date=add_working_days(submitted_on, accept_days),
            met_deadline=True,
            working_days_taken=rng.randint(1, accept_days),
            version=3,
        )
        return out
    # accepted within the acceptance limit
    accepted = submitted_at + timedelta(days=min(age_days, rng.uniform(0.2, accept_days * 1.4)))
    accepted_on = min(today, local_date(accepted))
    out.update(
        accepted_at=accepted,
        clock_phase="decide",
        clock_started_on=accepted_on,
        due_date=add_working_days(accepted_on, decide_days),
        version=3,
    )
    if status in ("accepted", "under_review"):
        return out
    if status == "supplement_requested":
        span = max(0.0, (now - accepted).total_seconds() / 86400)
        out.update(
            paused_since=min(today, local_date(accepted + timedelta(days=rng.random() * span))),
            supplement_count=1,
            version=5,
        )
        return out
    # decided: the clock stopped (phase cleared, due date kept for the statistics)
    span_days = min(age_days, decide_days * 1.4 + accept_days)
    decided = min(now, accepted + timedelta(days=rng.uniform(0.3, 1.0) * span_days))
    decided_on = min(today, local_date(decided))
    outcome = "reject" if status == "rejected" else ("approve" if status != "withdrawn" else None)
    out.update(
        clock_phase=None,
        decided_at=decided if outcome else None,
        decided_on=decided_on if outcome else None,
        outcome=outcome,
        met_deadline=decided_on <= out["due_date"],
        working_days_taken=max(1, int((decided_on - submitted_on).days * 5 / 7)),
        updated_at=decided,
        version=6,
    )
    if status == "rejected":
        out["decision_reason"] = "申请材料不能证明符合认定条件。"
    if status in ("publicity", "recognised") or (status == "closed" and kind.demonstration and outcome == "approve"):
        start = decided_on + timedelta(days=1)
        out.update(publicity_start=start, publicity_end=start + timedelta(days=7))
    if status == "recognised":
        # the reference's year and number: unique per kind, as the constraint wants
        out["certificate_no"] = f"津红知认〔{out['reference'][-11:-7]}〕{out['reference'][-6:]}号"
        out.update(recognised_on=decided_on, recognised_by="红桥区知识产权主管部门")
    if status in ("closed", "withdrawn", "recognised", "rejected"):
        out["closed_at"] = min(now, decided + timedelta(days=rng.uniform(1, 20)))
        out["updated_at"] = out["closed_at"]
        if rng.random() < 0.3:
            out.update(rating=rng.randint(3, 5), rated_at=out["closed_at"])
    return out


def seed(firms: int, cases: int, *, rng_seed: int = 2026, log=print) -> SeedInfo:
    """Fill an empty, migrated database (inside an app context): demo staff, shipped content, ``firms``
    firms with one user each, and ``cases`` cases. Fast: Core executemany in batches of 5 000."""
    from sqlalchemy import func, insert, select, text
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
    if db.session.connection().dialect.name == "sqlite":
        # a throwaway database filled in one go: keep the indexes' pages in memory and skip the syncs
        db.session.execute(text("PRAGMA cache_size = -400000"))
        db.session.execute(text("PRAGMA synchronous = OFF"))
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
        firm_rows.append(
            {
                "name": name,
                "credit_code": _bench_credit_code(n),
                "contact_name": f"联系人{n}",
                "contact_mobile": f"139{n:08d}",
                "industry": rng.choice(INDUSTRY_VALUES),
                "created_at": now - timedelta(days=rng.random() * 900),
            }
        )
    for i in range(0, len(firm_rows), BATCH):
        db.session.execute(insert(Firm), firm_rows[i : i + BATCH])
    codes = {r["credit_code"] for r in firm_rows}
    firm_by_code = {code: fid for fid, code in db.session.execute(select(Firm.id, Firm.credit_code)) if code in codes}
    firm_ids = [firm_by_code[r["credit_code"]] for r in firm_rows]
    firm_names = {firm_by_code[r["credit_code"]]: r["name"] for r in firm_rows}

    password_hash = generate_password_hash(BENCH_FIRM_PASSWORD)  # once: hashing is deliberately slow
    user_rows = [
        {
            "email": f"firm{n:05d}@{BENCH_EMAIL_DOMAIN}",
            "password_hash": password_hash,
            "name": f"联系人{n}",
            "mobile": f"139{n:08d}",
            "role": "firm",
            "active": True,
            "session_token": secrets.token_hex(16),
            "firm_id": fid,
            "created_at": now,
            "privacy_consent_at": now,
        }
        for n, fid in enumerate(firm_ids, start=1)
    ]
    qual_rows = [
        {
            "firm_id": fid,
            "kind": kind,
            "certificate_no": f"BENCH-{fid}-{kind}",
            "valid_until": date(now.year + 2, 12, 31),
            "created_at": now,
        }
        for fid in firm_ids
        for kind in rng.sample(QUALIFICATION_VALUES, rng.choice([0, 0, 1, 1, 2]))
    ]
    for i in range(0, len(user_rows), BATCH):
        db.session.execute(insert(User), user_rows[i : i + BATCH])
    if qual_rows:
        db.session.execute(insert(FirmQualification), qual_rows)
    owners = {
        fid: uid
        for uid, fid in db.session.execute(
            select(User.id, User.firm_id).where(User.email.like(f"%@{BENCH_EMAIL_DOMAIN}"))
        )
    }
    commit()
    log(
        f"  {firms} firms, {len(user_rows)} firm users, {len(qual_rows)} qualifications "
        f"({time.perf_counter() - started:.1f} s)"
    )

    staff_ids = [users[e].id for e in ("reviewer@example.cn", "supervisor@example.cn", "admin@example.cn")]
    counters: dict[tuple[str, int], int] = {}
    done = 0
    # load first, index after: building an index from all rows at once is far quicker than keeping
    # a dozen of them up to date row by row (the unique constraints stay: they check the data)
    connection = db.session.connection()
    indexes = sorted(Case.__table__.indexes, key=lambda i: i.name or "")
    for index in indexes:
        index.drop(connection)
    for batch in _case_rows(cases, firm_ids, owners, staff_ids, firm_names, rng, counters):
        _insert_rows(Case, batch)
        done += len(batch)
        if done % 100_000 == 0 or done == cases:
            log(f"  {done} cases ({time.perf_counter() - started:.1f} s)")
    for index in indexes:
        index.create(connection)
    log(f"  {len(indexes)} indexes on cases rebuilt ({time.perf_counter() - started:.1f} s)")
    db.session.execute(
        insert(ReferenceCounter),
        [{"code": code, "year": year, "last_number": n} for (code, year), n in sorted(counters.items())],
    )
    commit()

    # the case page's case: an open one under review, with a short history like a real one
    reference, case_id, holder_id, firm_id = (
        db.session.execute(
            select(Case.reference, Case.id, Case.holder_id, Case.firm_id)
            .where(Case.status == "under_review")
            .order_by(Case.id.desc())
            .limit(1)
        ).one_or_none()
        or db.session.execute(
            select(Case.reference, Case.id, Case.holder_id, Case.firm_id)
            .where(Case.reference.is_not(None))
            .order_by(Case.id.desc())
            .limit(1)
        ).one()
    )
    history = [
        ("submit", "draft", "submitted", owners.get(firm_id), "firm"),
        ("assign", None, None, staff_ids[1], "supervisor"),
        ("accept", "submitted", "accepted", holder_id, "reviewer"),
        ("start_review", "accepted", "under_review", holder_id, "reviewer"),
    ]
    db.session.execute(
        insert(AuditEvent),
        [
            {
                "created_at": now - timedelta(days=len(history) - i),
                "actor_id": actor,
                "actor_role": role,
                "ip": "127.0.0.1",
                "action": action,
                "object_type": "case",
                "object_id": case_id,
                "case_id": case_id,
                "from_value": frm,
                "to_value": to,
                "detail": None,
            }
            for i, (action, frm, to, actor, role) in enumerate(history)
        ],
    )
    db.session.execute(
        insert(CaseMessage),
        [
            {
                "case_id": case_id,
                "author_id": holder_id,
                "from_staff": True,
                "internal": False,
                "body": "您好，您的申请已受理，如需补充材料我们会及时联系。",
                "created_at": now - timedelta(days=1),
            },
            {
                "case_id": case_id,
                "author_id": holder_id,
                "from_staff": True,
                "internal": True,
                "body": "已核对营业执照与商标注册证。",
                "created_at": now,
            },
        ],
    )
    commit()

    firm_email = user_rows[0]["email"]
    firm_case_count = db.session.scalar(select(func.count()).select_from(Case).where(Case.firm_id == firm_ids[0]))
    return SeedInfo(
        firms=firms,
        cases=cases,
        firm_email=firm_email,
        firm_password=BENCH_FIRM_PASSWORD,
        firm_case_count=firm_case_count,
        case_reference=reference,
        staff_email=STAFF_EMAIL,
        staff_password=DEMO_STAFF_PASSWORD,
        guidance_slug=GUIDANCE_SLUG,
        seconds=time.perf_counter() - started,
    )


def existing_seed(firms: int, cases: int) -> SeedInfo | None:
    """The SeedInfo of an already seeded database with (at least) these counts, else None."""
    from sqlalchemy import func, inspect, select

    from portal.accounts.demo import DEMO_STAFF_PASSWORD
    from portal.accounts.models import User
    from portal.cases.models import Case
    from portal.extensions import db

    if "cases" not in inspect(db.engine).get_table_names():
        return None
    n_firms = db.session.scalar(
        select(func.count()).select_from(User).where(User.email.like(f"%@{BENCH_EMAIL_DOMAIN}"))
    )
    n_cases = db.session.scalar(select(func.count()).select_from(Case))
    if n_firms != firms or n_cases != cases:
        return None
    first = db.session.scalar(select(User).where(User.email == f"firm00001@{BENCH_EMAIL_DOMAIN}"))
    reference = db.session.scalar(
        select(Case.reference).where(Case.status == "under_review").order_by(Case.id.desc()).limit(1)
    ) or db.session.scalar(select(Case.reference).where(Case.reference.is_not(None)).order_by(Case.id.desc()).limit(1))
    if first is None or reference is None:
        return None
    count = db.session.scalar(select(func.count()).select_from(Case).where(Case.firm_id == first.firm_id))
    return SeedInfo(
        firms=firms,
        cases=cases,
        firm_email=first.email,
        firm_password=BENCH_FIRM_PASSWORD,
        firm_case_count=count,
        case_reference=reference,
        staff_email=STAFF_EMAIL,
        staff_password=DEMO_STAFF_PASSWORD,
        guidance_slug=GUIDANCE_SLUG,
    )


def _wipe(url: str) -> None:
    """Empty the benchmark database. Refuses anything whose name does not say "bench"."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if "bench" not in (parsed.database or ""):
        raise SystemExit(
            f"refusing to wipe {parsed.render_as_string(hide_password=True)}: "
            "the benchmark only resets databases whose name contains 'bench'"
        )
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
            upgrade(revision="heads")  # the same data under the newest schema (indexes included)
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
            else:  # SQLite gathers none by itself; `flask db-optimize` (README) runs the same
                conn.execute(text("ANALYZE"))
                conn.commit()
        db.session.remove()
        db.engine.dispose()
    log(f"seeded in {info.seconds:.1f} s")
    return info


# --- what is measured -------------------------------------------------------------------------
