"""CLI commands: create-user, seed-demo (idempotent), send-overdue-digest."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from portal.accounts.models import User
from portal.cases.models import Case
from portal.extensions import db
from tests.fixtures.cases import get_case


def test_create_user_checks_password_and_duplicates(app):
    runner = app.test_cli_runner()
    weak = runner.invoke(args=["create-user", "--email", "a@example.cn", "--role", "reviewer", "--password", "short"])
    assert weak.exit_code != 0
    ok = runner.invoke(
        args=["create-user", "--email", "a@example.cn", "--role", "reviewer", "--password", "Strong-Pass-2026"]
    )
    assert ok.exit_code == 0, ok.output
    again = runner.invoke(
        args=["create-user", "--email", "a@example.cn", "--role", "admin", "--password", "Strong-Pass-2026"]
    )
    assert again.exit_code != 0
    with app.app_context():
        assert db.session.scalar(select(User.role).where(User.email == "a@example.cn")) == "reviewer"


def test_seed_demo_is_idempotent(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    with app.app_context():
        counts = (db.session.scalar(select(func.count(User.id))), db.session.scalar(select(func.count(Case.id))))
    second = runner.invoke(args=["seed-demo"])
    assert second.exit_code == 0, second.output
    with app.app_context():
        assert counts == (
            db.session.scalar(select(func.count(User.id))),
            db.session.scalar(select(func.count(Case.id))),
        )
        assert counts[1] >= 15
    assert app.extensions.get("mail_outbox", []) == []  # demo history mails nobody


def test_overdue_digest_goes_to_holders_and_supervisors(app, firm_user, reviewer, supervisor, make_case, outbox):
    held = make_case(firm_user, holder=reviewer, staff=supervisor)
    loose = make_case(firm_user)
    fine = make_case(firm_user, holder=reviewer, staff=supervisor)
    from portal.core.db import commit

    with app.app_context():
        for ref in (held, loose):
            get_case(ref).due_date = date(2025, 3, 3)
        commit()
    result = app.test_cli_runner().invoke(args=["send-overdue-digest"])
    assert result.exit_code == 0, result.output
    by_recipient = {m.to: m for m in outbox}
    assert held in by_recipient[reviewer.email].body and loose not in by_recipient[reviewer.email].body
    assert loose in by_recipient[supervisor.email].body
    # the third case is due within two working days: listed as due soon, after the overdue one
    body = by_recipient[reviewer.email].body
    assert fine in body and body.index(held) < body.index(fine)
