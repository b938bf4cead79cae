"""我的数据 (PIPL export) is complete: every column of every table holding the firm's data is either in
the export or named with the reason it is left out, and the export the firm downloads carries them."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date, timedelta
from decimal import Decimal

from portal.extensions import db
from portal.privacy_export import EXPORTED, KEYS, NOT_THE_FIRMS, SECTIONS, WITHHELD
from tests.fixtures.accounts import PASSWORD
from tests.fixtures.cases import get_case


def firm_owned_tables() -> dict[str, set[str]]:
    """From the metadata: the firm, its users, and every table pointing at a firm, a case or (as its
    owner, ``user_id``) a user; each with its column names."""
    import portal.models  # noqa: F401 every model registered

    owned = {}
    for table in db.metadata.sorted_tables:
        targets = {(fk.parent.name, fk.column.table.name) for fk in table.foreign_keys}
        if (
            table.name in ("firms", "users")
            or any(target in ("firms", "cases") for _col, target in targets)
            or ("user_id", "users") in targets
        ):
            owned[table.name] = {c.name for c in table.columns}
    return owned


def test_every_firm_owned_column_is_exported_or_its_absence_explained(app):
    owned = firm_owned_tables()
    assert {"firms", "users", "cases", "case_messages", "firm_ip_profiles", "firm_invitations"} <= set(owned)
    problems = []
    for table, columns in sorted(owned.items()):
        if table in NOT_THE_FIRMS:
            assert NOT_THE_FIRMS[table].strip(), table
            continue
        exported, withheld = set(EXPORTED.get(table, ())), set(WITHHELD.get(table, {}))
        if missing := columns - exported - withheld:
            problems.append(f"{table}: neither exported nor explained: {sorted(missing)}")
        if stale := (exported | withheld) - columns:
            problems.append(f"{table}: named but not in the table: {sorted(stale)}")
        if both := exported & withheld:
            problems.append(f"{table}: both exported and withheld: {sorted(both)}")
        problems += [f"{table}.{c}: no reason given" for c, reason in WITHHELD.get(table, {}).items() if not reason]
    assert not problems, "\n".join(problems)
    # the plan names no table the metadata does not count as the firm's
    assert set(EXPORTED) | set(NOT_THE_FIRMS) == set(owned)


def test_a_new_column_that_is_not_exported_fails_the_check(app, monkeypatch):
    from sqlalchemy import Column, String

    table = db.metadata.tables["firms"]
    extra = Column("tax_office", String(50))
    table.append_column(extra)
    try:
        owned = firm_owned_tables()
        assert "tax_office" in owned["firms"] - set(EXPORTED["firms"]) - set(WITHHELD["firms"])
    finally:
        table._columns.remove(extra)
    assert "tax_office" not in firm_owned_tables()["firms"]


def _fill_every_table(app, admin, colleague, staff, case_ref, closed_ref, event_id, registration, agency_id):
    """One row of the firm in every exported table."""
    from portal.accounts.models import CodeClaim, DeletionRequest, FirmInvitation, User
    from portal.cases.models import CaseMessage, Notification, Objection
    from portal.cases.paperwork import TimeExtension
    from portal.cases.preferences import NotificationPreference
    from portal.core.db import commit, utcnow
    from portal.firms.models import FirmCorrection, FirmIpProfile, FirmQualification
    from portal.market.finance_models import FinancingRequest
    from portal.market.models import FirmAgency, Match, PatentListing, SavedListing, TechNeed
    from portal.reports.models import CaseFollowUp, OverseasMarket, OverseasSubscription

    with app.app_context():
        case, closed = get_case(case_ref), get_case(closed_ref)
        now, firm_id = utcnow(), admin.firm_id
        db.session.add_all(
            [
                FirmQualification(firm_id=firm_id, kind="high_tech", certificate_no="GR202612000001"),
                FirmIpProfile(
                    firm_id=firm_id,
                    year=2026,
                    employees=80,
                    rd_spending=Decimal("123.45"),
                    invention_patents=9,
                    high_value_patents=4,
                    hv_strategic_industry=3,
                    hv_foreign_family=1,
                    hv_long_maintained=2,
                    hv_pledged=1,
                    hv_awarded=1,
                ),
                OverseasSubscription(firm_id=firm_id, region="US", field=""),
                OverseasMarket(firm_id=firm_id, region="us", ip_type="patent", number="US 1"),
                FirmInvitation(
                    firm_id=firm_id,
                    email="new-colleague@example.cn",
                    role="firm_applicant",
                    token_hash="x" * 64,
                    invited_by_id=admin.id,
                    expires_at=now + timedelta(days=3),
                ),
                FirmCorrection(
                    firm_id=firm_id,
                    old_name="旧名称有限公司",
                    new_name="新名称有限公司",
                    licence_stored_name="s" * 32,
                    licence_original_name="营业执照.pdf",
                ),
                CodeClaim(
                    credit_code="91120106MA05K12307",
                    firm_name="新名称有限公司",
                    contact_name="王",
                    mobile="13900000001",
                    email="claim@example.cn",
                    licence_stored_name="l" * 32,
                    licence_original_name="licence.pdf",
                    letter_stored_name="m" * 32,
                    letter_original_name="letter.pdf",
                    new_firm_id=firm_id,
                ),
                DeletionRequest(firm_id=firm_id, requested_by_id=admin.id, reason="不再使用"),
                NotificationPreference(user_id=colleague.id, kind="message", in_app=True, email=False, sms=True),
                Notification(user_id=admin.id, case_id=case.id, event="message", detail="请补充营业执照"),
                CaseMessage(case_id=case.id, author_id=admin.id, body="企业的留言"),
                CaseMessage(case_id=case.id, author_id=staff.id, from_staff=True, internal=True, body="内部备注"),
                CaseFollowUp(
                    case_id=closed.id, due_on=date(2026, 12, 1), outcome="mediated", recorded_on=date(2026, 12, 1)
                ),
                Objection(
                    case_id=case.id,
                    name="异议人",
                    contact="13900000002",
                    reason="异议理由",
                    status="dismissed",
                    conclusion="不成立",
                    concluded_at=now,
                ),
                TimeExtension(
                    case_id=closed.id,
                    days=5,
                    reason="需要补充调查",
                    status="approved",
                    requested_by_id=staff.id,
                    decided_by_id=staff.id,
                    decided_at=now,
                    due_before=date(2026, 12, 1),
                    due_after=date(2026, 12, 8),
                ),
            ]
        )
        db.session.get(User, colleague.id).mobile_verified_at = now
        listing = PatentListing(
            firm_id=firm_id,
            application_no="201310699744.2",
            title="一种测试用专利",
            ipc="G06F 16/00",
            legal_status="granted",
            field="新一代信息技术",
            mode="licence",
            terms="普通许可",
        )
        db.session.add(listing)
        db.session.flush()
        db.session.add_all(
            [
                SavedListing(firm_id=firm_id, listing_id=listing.id),
                Match(reference="HQ-MT-2026-000001", listing_id=listing.id, firm_id=firm_id, message="想实施"),
                TechNeed(firm_id=firm_id, title="需求", field="新材料", description="说明"),
                FirmAgency(firm_id=firm_id, agency_id=agency_id),
                FinancingRequest(
                    reference="HQ-FN-2026-000001",
                    firm_id=firm_id,
                    kind="pledge_loan",
                    need="质押贷款",
                    ip_list="专利 3 件",
                ),
            ]
        )
        commit()


def test_the_downloaded_export_holds_every_exported_column(
    app, client, firm_user, create_colleague, supervisor, make_case, make_event, make_registration, make_agency
):
    colleague = create_colleague(firm_user, "firm_applicant", mobile="13900000003")
    case_ref = make_case(firm_user, kind="rights-protection", status="supplement_requested", staff=supervisor)
    closed_ref = make_case(firm_user, kind="rights-protection", status="closed", staff=supervisor)
    event_id = make_event()
    registration = make_registration(event_id, firm_user.id)
    agency_id = make_agency().id
    _fill_every_table(app, firm_user, colleague, supervisor, case_ref, closed_ref, event_id, registration, agency_id)

    client.login(firm_user.email, PASSWORD)
    response = client.get("/firm/privacy/export", expect=200)
    data = json.loads(zipfile.ZipFile(io.BytesIO(response.get_data())).read("data.json"))

    for table, columns in EXPORTED.items():
        section = data[SECTIONS.get(table, table)]
        rows = section if isinstance(section, list) else [section]
        keys = {KEYS.get((table, c), c) for c in columns}
        assert rows, f"no {table} rows in the export"
        for row in rows:
            assert keys <= set(row), f"{table} lacks {keys - set(row)}"

    profile = data["ip_profiles"][0]
    assert (profile["hv_strategic_industry"], profile["hv_awarded"], profile["rd_spending"]) == (3, 1, "123.45")
    # times in Beijing time with the offset, readable labels beside codes
    assert data["firm"]["created_at"].endswith("+08:00")
    by_ref = {c["reference"]: c for c in data["cases"]}
    with app.test_request_context():  # the firm's language: Chinese
        from portal.cases.status import CaseStatus

        assert by_ref[case_ref]["status_label"] == CaseStatus.SUPPLEMENT_REQUESTED.label != "supplement_requested"
    assert by_ref[case_ref]["kind_label"] and by_ref[case_ref]["filed_by"] == "测试联系人"
    # the 补正 request's text and every message the firm sees, never internal notes
    assert any(e["action"] == "request_supplement" and e["note"] == "测试理由" for e in by_ref[case_ref]["timeline"])
    bodies = [m["body"] for m in data["case_messages"]]
    assert "企业的留言" in bodies and "内部备注" not in bodies
    # the objector's identity stays hidden; the conclusion the firm saw is there
    assert data["objections"][0]["conclusion"] == "不成立" and "name" not in data["objections"][0]
    assert {u["email"] for u in data["accounts"]} == {firm_user.email, colleague.email}
    assert "password_hash" not in json.dumps(data) and "session_token" not in json.dumps(data)
