"""Passwords are hashed with PASSWORD_HASH_METHOD: scrypt in production, cheap in the suite."""

from __future__ import annotations

from portal.accounts import services
from portal.accounts.models import User
from tests.helpers import production_app


def test_password_hash_follows_the_configured_method(app_ctx):
    user = User(email="hash@example.cn", name="hash")
    user.set_password("Correct-Horse-9")
    assert user.password_hash.startswith("pbkdf2:sha256:1000$") and user.check_password("Correct-Horse-9")


def test_production_app_hashes_with_scrypt(test_config):
    with production_app(test_config) as prod, prod.app_context():
        user = User(email="hash@example.cn", name="hash")
        user.set_password("Correct-Horse-9")
        assert user.password_hash.startswith("scrypt:")


def test_unknown_email_is_checked_against_a_hash_of_the_configured_kind(app_ctx, monkeypatch):
    checked = []
    monkeypatch.setattr("werkzeug.security.check_password_hash", lambda h, p: checked.append(h) or False)
    assert services.authenticate("nobody@example.cn", "whatever") is None
    assert checked and checked[0].startswith("pbkdf2:sha256:1000$")
