"""Demo data for the IP market: a small agency directory (one agency on the abnormal list, one
blacklisted with its decision), a demo university with listed patents, a match in negotiation, a
signed deal published with consent, and a technology need. All names are marked as demo data."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select

from portal.accounts import services as accounts
from portal.accounts.demo import DEMO_FIRM, DEMO_STAFF_PASSWORD
from portal.core.permissions import Role
from portal.core.timeutil import today_local
from portal.core.validators import uscc_check_char
from portal.extensions import db
from portal.firms.models import Firm
from portal.market import agencies, patent_numbers, patents
from portal.market.models import Agency, Institution
from portal.market.vocab import CreditStatus, InspectionKind, MatchStage

DEMO_INSTITUTION_USER = "demo-university@example.cn"
DEMO_AGENCY_USER = "demo-agency@example.cn"


def _code(prefix: str, body: str) -> str:
    first17 = prefix + body
    return first17 + uscc_check_char(first17)


def _number(year: int, kind: str, serial: int) -> str:
    digits = f"{year}{kind}{serial:07d}"
    return f"{digits}.{patent_numbers.check_char(digits)}"


AGENCIES = [
    ("天津红桥示例专利代理事务所（演示数据）", "MA05P0011", "patent", "专利申请代理、专利检索分析"),
    ("天津示例商标代理有限公司（演示数据）", "MA05P0022", "trademark", "商标注册申请代理、商标异议"),
    ("天津示例知识产权运营有限公司（演示数据）", "MA05P0033", "operation", "专利转移转化、质押融资咨询"),
    ("天津示例律师事务所（演示数据）", "MA05P0044", "law_firm", "知识产权诉讼、维权"),
]


def ensure_demo_market() -> int:
    """Create the demo market unless its agencies exist; returns the number of agencies created."""
    first_code = _code("91120106", AGENCIES[0][1])
    if db.session.scalar(select(Agency.id).where(Agency.credit_code == first_code)) is not None:
        return 0
    today = today_local()
    rows = []
    for name, body, kind, services in AGENCIES:
        values = {"name": name, "credit_code": _code("91120106", body), "kind": kind, "services": services}
        values |= {"licence_no": "", "address": "天津市红桥区（演示地址）", "contact": "022-0000000（演示）"}
        rows.append(agencies.save_entry(None, values, None))
    agencies.add_inspection(
        rows[0], InspectionKind.RANDOM, today - timedelta(days=60), "红桥区市场监督管理局", "未发现问题", None
    )
    agencies.add_inspection(
        rows[1],
        InspectionKind.BLUE_SKY,
        today - timedelta(days=45),
        "天津市知识产权局",
        "发现以不正当手段招揽业务",
        None,
    )
    agencies.change_status(
        rows[1],
        agencies.StatusDecision(
            status=CreditStatus.BLACKLISTED,
            effective_on=today - timedelta(days=30),
            until=today + timedelta(days=3 * 365 - 30),
            decision_no="津市监信〔2026〕示例1号",
            issuing_body="天津市市场监督管理委员会",
            source="国家企业信用信息公示系统（演示数据）",
            reason="提交虚假材料取得商标代理备案（演示数据）",
        ),
        None,
    )
    agencies.change_status(
        rows[3],
        agencies.StatusDecision(
            status=CreditStatus.ABNORMAL,
            effective_on=today - timedelta(days=20),
            issuing_body="红桥区市场监督管理局",
            source="国家企业信用信息公示系统（演示数据）",
            reason="未按期公示年度报告（演示数据）",
        ),
        None,
    )
    if accounts.find_user_by_email(DEMO_AGENCY_USER) is None:
        user = accounts.create_user(DEMO_AGENCY_USER, DEMO_STAFF_PASSWORD, Role.AGENCY, name="示例专利代理事务所")
        rows[0].account_user_id = user.id
    _demo_transfer(today)
    return len(rows)


def _demo_transfer(today) -> None:
    user = accounts.find_user_by_email(DEMO_INSTITUTION_USER) or accounts.create_user(
        DEMO_INSTITUTION_USER, DEMO_STAFF_PASSWORD, Role.INSTITUTION, name="刘老师"
    )
    institution = Institution(
        name="天津示例大学（演示数据）",
        credit_code=_code("12120000", "MB0000001"),
        kind="university",
        contact_name="刘老师",
        contact_phone="13820000000",
        user_id=user.id,
    )
    db.session.add(institution)
    db.session.flush()
    offers = [
        ("一种可降解包装材料的制备方法", "C08L 67/04", "新材料", "transfer", Decimal("80"), ""),
        ("基于机器视觉的零件缺陷检测系统", "G06T 7/00", "智能制造", "licence", None, ""),
        ("低功耗无线传感节点", "H04W 52/02", "电子信息", "open_licence", Decimal("2"), "年许可费2万元，许可期3年"),
    ]
    listings = []
    for serial, (title, ipc, field, mode, price, open_terms) in enumerate(offers, start=101):
        data = patents.ListingData(
            application_no=_number(2022, "1", 990000 + serial),
            title=title,
            ipc=ipc,
            legal_status="granted",
            field=field,
            mode=mode,
            terms="演示数据：许可或转让条件可面谈",
            price=price,
            open_licence_terms=open_terms,
        )
        listings.append(patents.create_listing(data, None, institution=institution))
    firm = db.session.scalar(select(Firm).where(Firm.credit_code == DEMO_FIRM["credit_code"]))
    _demo_finance(today, firm)
    if firm is None:
        return
    talking = patents.express_interest(firm.id, listings[1], "我们生产汽车零件，希望用于产线质检。", None)
    patents.advance(talking, patents.StageUpdate(stage=MatchStage.NEGOTIATING), None)
    deal = patents.express_interest(firm.id, listings[2], "希望在自有产品中实施。", None)
    patents.advance(deal, patents.StageUpdate(stage=MatchStage.NEGOTIATING), None)
    patents.advance(
        deal,
        patents.StageUpdate(
            stage=MatchStage.SIGNED,
            contract_type="open_licence",
            amount=Decimal("2"),
            signed_on=today - timedelta(days=10),
            public_consent=True,
        ),
        None,
    )
    patents.post_need(
        firm.id,
        {
            "title": "锂电池极片涂布均匀性检测技术",
            "field": "新能源",
            "description": "寻求在线检测方案（演示数据）。",
            "budget": "面议",
        },
        None,
    )


def _demo_finance(today, firm) -> None:
    from portal.market import financing

    bank = financing.add_provider("示例银行红桥支行（演示数据）", "bank", "022-0000001（演示）", None)
    insurer = financing.add_provider("示例财产保险天津分公司（演示数据）", "insurer", "022-0000002（演示）", None)
    loan = financing.publish_product(
        financing.ProductData(
            provider_id=bank.id,
            kind="pledge_loan",
            name="知识产权质押贷（演示数据）",
            valid_from=today - timedelta(days=90),
            valid_until=today + timedelta(days=275),
            rate_min=Decimal("3.45"),
            rate_max=Decimal("4.35"),
            term_months=36,
            max_amount=Decimal("1000"),
            eligibility="在红桥区注册的科技型中小企业，以有效发明专利或注册商标出质（演示数据）",
        ),
        None,
    )
    financing.publish_product(
        financing.ProductData(
            provider_id=insurer.id,
            kind="insurance",
            name="专利保险组合（演示数据）",
            valid_from=today - timedelta(days=30),
            valid_until=today + timedelta(days=335),
            insurance_types="专利执行保险、专利被侵权损失保险、侵犯专利权责任保险",
            premium_subsidy="补贴条件以区里当年公布的办法为准（演示数据）",
        ),
        None,
    )
    if firm is not None:
        request = financing.request_financing(firm.id, loan, "", "购置生产设备（演示数据）", Decimal("300"), None)
        financing.pass_on(request, bank.name, None)
        financing.record_outcome(request, "granted", Decimal("300"), today - timedelta(days=5), "", None)
