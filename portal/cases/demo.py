"""Demo firms, yearly IP profiles and cases in every state, so a trial run has something to show."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import select

from portal.accounts import services as accounts
from portal.accounts.models import User
from portal.cases import messaging, services
from portal.cases.kinds import KINDS
from portal.cases.models import Call
from portal.core.timeutil import today_local
from portal.core.validators import USCC_ALPHABET, uscc_check_char
from portal.core.working_days import add_working_days
from portal.extensions import db
from portal.firms.models import Firm, FirmIpProfile, FirmQualification

PDF = b"%PDF-1.4\n% demo material\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
FIRMS = [
    ("天津红桥智联机器人有限公司", "smart_tech", ["gazelle", "high_tech"]),
    ("天津津门老字号食品有限公司", "other", ["srdi_municipal"]),
    ("天津红桥康源生物医药有限公司", "biomedicine", ["high_tech", "tech_sme"]),
    ("天津西沽新材料科技有限公司", "new_energy_materials", ["eaglet", "tech_sme"]),
    ("天津北运河高端装备制造有限公司", "advanced_equipment", ["srdi_national", "leader", "high_tech"]),
    ("天津丁字沽文化创意有限公司", "other", ["srdi_sme"]),
]
# (kind, actions after submission, days ago submitted)
SCRIPT = [
    ("rights-protection", [], 1),
    ("rights-protection", ["accept"], 6),
    ("rights-protection", ["accept", "start_review"], 9),
    ("rights-protection", ["accept", "start_review", "request_supplement"], 12),
    ("rights-protection", ["accept", "start_review", "approve", "close"], 40),
    ("rights-protection", ["refuse"], 70),
    ("consultation", [], 2),
    ("consultation", ["accept", "start_review", "approve", "close"], 30),
    ("consultation", ["accept", "start_review", "approve", "close"], 95),
    ("consultation", [], 20),
    ("brand-demonstration", ["accept", "start_review", "approve", "start_publicity"], 50),
    ("brand-demonstration", ["accept", "start_review"], 25),
    ("ip-demonstration", ["accept", "start_review", "approve", "start_publicity", "confirm_recommendation"], 160),
    (
        "ip-demonstration",
        ["accept", "start_review", "approve", "start_publicity", "confirm_recommendation", "record_recognition"],
        170,
    ),
    ("brand-demonstration", ["accept", "start_review", "approve", "start_publicity", "confirm_recognition"], 55),
    ("brand-demonstration", ["request_supplement"], 4),
    ("ip-demonstration", ["accept", "start_review", "reject", "close"], 120),
    ("copyright-demonstration", ["accept", "start_review", "approve", "start_publicity"], 45),
    ("copyright-demonstration", [], 3),
    ("pledge-interest-subsidy", ["accept"], 5),
    ("pledge-interest-subsidy", ["accept", "start_review", "approve"], 20),
    ("insurance-premium-subsidy", [], 3),
    ("rights-protection", ["accept", "start_review", "approve", "close"], 200),
    ("rights-protection", ["accept", "start_review", "approve", "close"], 240),
]


SUPERVISOR_ACTIONS = ("confirm_recognition", "confirm_recommendation", "record_recognition", "revert")


def ensure_demo_calls(today: date) -> None:
    """Calls that cover the demo cases: open ones for the brand and copyright programmes, a closed one
    for the national programme (its next call opens next spring)."""
    year = today.year
    rows = [
        (
            "brand-demonstration",
            f"{year}年度红桥区商标品牌示范企业申报",
            today - timedelta(days=90),
            today + timedelta(days=30),
        ),
        (
            "copyright-demonstration",
            f"{year}年度版权示范单位（园区）推荐申报",
            today - timedelta(days=90),
            today + timedelta(days=30),
        ),
        (
            "pledge-interest-subsidy",
            f"{year}年度知识产权质押融资贴息申报",
            today - timedelta(days=30),
            today + timedelta(days=60),
        ),
        (
            "insurance-premium-subsidy",
            f"{year}年度知识产权保险保费补贴申报",
            today - timedelta(days=30),
            today + timedelta(days=60),
        ),
        (
            "ip-demonstration",
            f"{year}年度知识产权优势示范企业推荐申报",
            today - timedelta(days=240),
            today - timedelta(days=100),
        ),
        (
            "ip-demonstration",
            f"{year + 1}年度知识产权优势示范企业推荐申报",
            date(year + 1, 3, 1),
            date(year + 1, 4, 30),
        ),
    ]
    for kind, title, opens, closes in rows:
        db.session.add(Call(kind=kind, year=opens.year, title=title, opens_on=opens, closes_on=closes, quota=10))
    db.session.flush()


def _credit_code(n: int) -> str:
    body = "91120106" + "".join(USCC_ALPHABET[(n * 7919 // 31**i) % 31] for i in range(9))
    return body + uscc_check_char(body)


def ensure_demo_cases(users: dict[str, User]) -> int:
    """Idempotent: does nothing once the demo firms exist. Returns the number of cases created."""
    if db.session.scalar(select(Firm.id).where(Firm.name == FIRMS[0][0])):
        return 0
    rng = random.Random(2026)
    today = today_local()
    firms = [users["demo-firm@example.cn"].firm]
    for i, (name, industry, tags) in enumerate(FIRMS, start=1):
        firm = Firm(
            name=name,
            credit_code=_credit_code(i),
            contact_name="演示联系人",
            contact_mobile=f"1380221{i:04d}",
            industry=industry,
        )
        db.session.add(firm)
        db.session.flush()
        accounts.create_user(f"demo-firm{i}@example.cn", "Demo-Firm-2026", "firm", name=f"{name[2:6]}联系人", firm=firm)
        for tag in tags:
            db.session.add(
                FirmQualification(
                    firm_id=firm.id,
                    kind=tag,
                    certificate_no=f"DEMO-{i}-{tag}",
                    valid_until=date(today.year + 2, 12, 31),
                )
            )
        firms.append(firm)
    for n, firm in enumerate(firms):
        base = 6 + n * 4
        for year in range(today.year - 3, today.year + 1):
            grow = year - (today.year - 3)
            inventions = base + grow * (2 + n % 3)
            high_value = max(0, inventions // 2 - 1 + grow)
            db.session.add(
                FirmIpProfile(
                    firm_id=firm.id,
                    year=year,
                    employees=40 + n * 25,
                    rd_spending=300 + n * 150 + grow * 80,
                    invention_patents=inventions,
                    high_value_patents=high_value,
                    hv_strategic_industry=high_value,
                    hv_foreign_family=high_value // 3,
                    utility_models=10 + n * 3,
                    designs=n,
                    trademarks_domestic=4 + n * 2 + grow,
                    trademarks_abroad=n % 3 + grow // 2,
                    copyrights=3 + n,
                    software_copyrights=min(3 + n, 2 + n // 2),
                    pct_applications=n % 3 + grow // 2,
                    madrid_registrations=(n + grow) % 3,
                )
            )
    reviewer, supervisor = users["reviewer@example.cn"], users["supervisor@example.cn"]
    ensure_demo_calls(today)
    created = 0
    for i, (kind_value, actions, days_ago) in enumerate(SCRIPT):
        firm = firms[i % len(firms)]
        owner = db.session.scalar(select(User).where(User.firm_id == firm.id))
        kind = KINDS[kind_value]
        case = services.create_draft(kind, firm.id, owner)
        for step in kind.steps:
            services.save_step(case, step.key, kind.example_formdata(step.key, firm.name))
        for material in kind.materials:
            if material.required:
                services.add_file(case, material.key, f"{material.key}.pdf", PDF, owner)
        day = add_working_days(today - timedelta(days=days_ago + 1), 0)
        services.submit_case(case, owner, on=day)
        holder = supervisor if kind.demonstration else reviewer
        if actions:
            services.assign(case, holder, actor=supervisor)
        for action in actions:
            day = min(today, add_working_days(day, rng.randint(1, 6 if action != "start_publicity" else 3)))
            if action in ("confirm_recognition", "confirm_recommendation"):
                day = min(today, add_working_days(case.publicity_end or day, 1))
            actor = supervisor if action in SUPERVISOR_ACTIONS else holder
            outcome = None
            if action == "record_recognition":
                day = min(today, add_working_days(day, 10))
                outcome = {"authority": str(kind.authority), "doc_no": "国知办函运字〔2026〕88号", "decided_on": day}
            services.transition(
                case,
                action,
                actor,
                on=day,
                reason="演示：材料已核实。" if action in ("refuse", "reject", "request_supplement") else None,
                outcome=outcome,
            )
        if "close" in actions and i % 2 == 0:
            services.rate_service(case, owner, 5 - i % 3, "办理及时，指导专业。" if i % 3 == 0 else None)
        if actions[:1] == ["accept"] and i % 3 == 1 and case.accepts_messages:
            messaging.post_message(case, holder, "您好，您的申请已受理，如需补充材料我们会及时联系。")
        created += 1
    db.session.flush()
    return created
