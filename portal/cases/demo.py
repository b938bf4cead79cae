"""Demo firms, yearly IP profiles and cases in every state, so a trial run has something to show."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from portal.accounts import services as accounts
from portal.accounts.models import User
from portal.cases import messaging, services
from portal.cases.kinds import KINDS
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
ANSWERS = {
    "rights-protection": {
        "right": {"right_type": "trademark", "right_number": "第28765432号", "right_holder": "{firm}"},
        "infringement": {
            "infringer": "某商贸有限公司",
            "place": "天津市红桥区某批发市场",
            "scope": "domestic",
            "facts": "在批发市场发现多家商户销售假冒我司注册商标的商品，已公证购买取证。",
            "losses": "35",
            "proceedings": "none",
        },
        "help": {"help_requested": ["mediation", "referral"], "urgency": "normal", "declaration": "y"},
    },
    "brand-demonstration": {
        "eligibility": {"years_operating": "12", "registered_marks": "8", "clean_record": "yes"},
        "assessment": {
            "brand_rules": "yes",
            "brand_staff": "3",
            "madrid_filings": "2",
            "brand_sales": "5200",
            "achievements": "“津门”系列品牌入选天津老字号，连续五年销售额增长超过百分之十。",
        },
    },
    "ip-demonstration": {
        "eligibility": {"level": "advantage", "clean_record": "yes"},
        "assessment": {
            "invention_patents": "46",
            "pct_filings": "5",
            "management_standard": "certified",
            "ip_staff": "4",
            "rd_spending": "2300",
            "achievements": "建成知识产权管理体系并通过认证，核心产品专利覆盖率达到九成以上。",
        },
    },
    "copyright-demonstration": {
        "applicant": {"unit_type": "unit", "years_operating": "7", "clean_record": "yes"},
        "works": {
            "works_count": "120",
            "registered_copyrights": "64",
            "software_copyrights": "18",
            "management_system": "设立版权管理部门并配备专职人员，建立作品登记、授权使用和侵权监测制度。",
        },
    },
    "consultation": {
        "question": {
            "topic": "madrid",
            "target_countries": "美国、欧盟、东盟",
            "contact_time": "morning",
            "question": "我司计划通过马德里体系在美国和欧盟注册商标，请问基础商标有什么要求，费用如何计算？",
        },
    },
}
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
    ("ip-demonstration", ["accept", "start_review", "approve", "start_publicity", "confirm_recognition", "close"], 160),
    ("ip-demonstration", ["accept", "start_review", "reject", "close"], 120),
    ("copyright-demonstration", ["accept", "start_review", "approve", "start_publicity"], 45),
    ("copyright-demonstration", [], 3),
    ("rights-protection", ["accept", "start_review", "approve", "close"], 200),
    ("rights-protection", ["accept", "start_review", "approve", "close"], 240),
]


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
    created = 0
    for i, (kind_value, actions, days_ago) in enumerate(SCRIPT):
        firm = firms[i % len(firms)]
        owner = db.session.scalar(select(User).where(User.firm_id == firm.id))
        kind = KINDS[kind_value]
        case = services.create_draft(kind, firm.id, owner)
        for step in kind.steps:
            answers = {
                k: (v.replace("{firm}", firm.name) if isinstance(v, str) else v)
                for k, v in ANSWERS[kind_value][step.key].items()
            }
            form = services.make_step_form(case, step, formdata=MultiDict(answers), meta={"csrf": False})
            form.validate()
            services.save_step(case, step.key, form.data)
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
            if action == "confirm_recognition":
                day = min(today, add_working_days(case.publicity_end, 1))
            actor = supervisor if action in ("confirm_recognition", "revert") else holder
            services.transition(
                case,
                action,
                actor,
                on=day,
                reason="演示：材料已核实。" if action in ("refuse", "reject", "request_supplement") else None,
                certificate_no=f"津红知认〔{day.year}〕{i}号" if action == "confirm_recognition" else None,
            )
        if "close" in actions and i % 2 == 0:
            services.rate_service(case, owner, 5 - i % 3, "办理及时，指导专业。" if i % 3 == 0 else None)
        if actions[:1] == ["accept"] and i % 3 == 1:
            messaging.post_message(case, holder, "您好，您的申请已受理，如需补充材料我们会及时联系。")
        created += 1
    db.session.flush()
    return created
