"""Demo accounts for local trials; refused when the portal runs with the production config."""

from __future__ import annotations

from sqlalchemy import select

from portal.accounts import services
from portal.accounts.models import User
from portal.extensions import db
from portal.firms.models import Firm

DEMO_FIRM = {
    "name": "天津红桥示例科技有限公司",
    "credit_code": "91120106MA05K12307",
    "contact_name": "王敏",
    "mobile": "13802212345",
    "industry": "smart_tech",
}
DEMO_FIRM_USER = ("demo-firm@example.cn", "Demo-Firm-2026")
DEMO_STAFF_PASSWORD = "Demo-Staff-2026"  # noqa: S105 published demo account; config_check refuses it in production
DEMO_STAFF = [
    ("reviewer@example.cn", "reviewer", "李审查"),
    ("supervisor@example.cn", "supervisor", "张主管"),
    ("editor@example.cn", "editor", "陈编辑"),
    ("admin@example.cn", "admin", "赵管理"),
]


def ensure_demo_accounts() -> dict[str, User]:
    """Create the demo firm and staff if missing; running it twice changes nothing."""
    users: dict[str, User] = {}
    firm = db.session.scalar(select(Firm).where(Firm.credit_code == DEMO_FIRM["credit_code"]))
    if firm is None:
        firm = Firm(
            name=DEMO_FIRM["name"],
            credit_code=DEMO_FIRM["credit_code"],
            contact_name=DEMO_FIRM["contact_name"],
            contact_mobile=DEMO_FIRM["mobile"],
            industry=DEMO_FIRM["industry"],
        )
        db.session.add(firm)
    email, password = DEMO_FIRM_USER
    users[email] = services.find_user_by_email(email) or services.create_user(
        email, password, "firm", name=DEMO_FIRM["contact_name"], firm=firm
    )
    for email, role, name in DEMO_STAFF:
        users[email] = services.find_user_by_email(email) or services.create_user(
            email, DEMO_STAFF_PASSWORD, role, name=name
        )
    db.session.flush()
    return users


def refuse_demo_accounts_in_production(app) -> None:
    """Production does not start while demo accounts (with published passwords) exist, unless told to."""
    if app.config["ENV_NAME"] != "production":
        return
    import logging

    from sqlalchemy import func, inspect

    from portal.core.hardening import UnsafeConfiguration

    with app.app_context():
        if not inspect(db.engine).has_table(User.__tablename__):
            return  # a new database: `flask setup` is about to build it
        found = sorted(db.session.scalars(select(User.email).where(func.lower(User.email).in_(services.DEMO_EMAILS))))
        db.session.remove()
    if not found:
        return
    if not app.config["ALLOW_DEMO_ACCOUNTS"]:
        raise UnsafeConfiguration(
            f"The database holds demo accounts ({', '.join(found)}); delete them, "
            "or set PORTAL_ALLOW_DEMO_ACCOUNTS=1 to start anyway (they still cannot sign in)."
        )
    logging.getLogger(__name__).warning(
        "DEMO ACCOUNTS PRESENT IN PRODUCTION (%s): started only because PORTAL_ALLOW_DEMO_ACCOUNTS is set; "
        "they cannot sign in, delete them",
        ", ".join(found),
    )
