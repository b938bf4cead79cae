"""User accounts: firm users and staff share one table, told apart by role."""

from __future__ import annotations

import secrets
from datetime import datetime

from flask import current_app
from flask_login import UserMixin
from sqlalchemy import Boolean, CheckConstraint, DateTime, ForeignKey, Integer, String
from sqlalchemy import false as sa_false
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from portal.core.db import utcnow
from portal.core.permissions import FIRM_ROLES, STAFF_ROLES, Permission, Role, role_has
from portal.extensions import db


def _new_session_token() -> str:
    return secrets.token_hex(16)


#: bumped after any committed change to a user: the staff list of the queue and case pages is kept under it
USERS_GENERATION = "users-generation"


class User(UserMixin, db.Model):
    __tablename__ = "users"
    __cache_generations__ = (USERS_GENERATION,)
    # shown on no kept page or list: signing in, out everywhere, a new password or consent must not drop
    # every kept page of every person
    __cache_quiet_columns__ = frozenset({"last_login_at", "session_token", "password_hash", "privacy_consent_at"})
    __table_args__ = (
        CheckConstraint(
            "role IN ('firm','firm_applicant','reviewer','supervisor','editor','admin','expert','institution','agency')",
            name="role",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    name: Mapped[str] = mapped_column(String(100))
    mobile: Mapped[str | None] = mapped_column(String(20))
    # indexed: staff pages list the few staff among thousands of firm users on every view
    role: Mapped[str] = mapped_column(String(20), default=Role.FIRM, index=True)
    locale: Mapped[str | None] = mapped_column(String(16))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Rotated at logout and password change: the Flask-Login id embeds it, so old sessions die.
    session_token: Mapped[str] = mapped_column(String(32), default=_new_session_token)
    firm_id: Mapped[int | None] = mapped_column(ForeignKey("firms.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime)
    privacy_consent_at: Mapped[datetime | None] = mapped_column(DateTime)
    # a self-registered address signs in with a password only after its mailed link was used once:
    # registration answers alike for new and taken addresses, so a password must not tell them apart
    awaiting_confirmation: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())
    # the number proved by a code sent to it: sign-in by SMS code and SMS notifications use only this
    mobile_verified_at: Mapped[datetime | None] = mapped_column(DateTime)

    firm = relationship("Firm", back_populates="users")

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])
        self.session_token = _new_session_token()

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def role_enum(self) -> Role:
        return Role(self.role)

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF_ROLES

    @property
    def is_firm_user(self) -> bool:
        return self.role in FIRM_ROLES and self.firm_id is not None

    @property
    def is_firm_admin(self) -> bool:
        """The firm's administrator (the first registrant, or one made so), not an applicant."""
        return self.role == Role.FIRM

    @property
    def verified_mobile(self) -> str | None:
        return self.mobile if self.mobile and self.mobile_verified_at else None

    def can(self, permission: Permission) -> bool:
        return role_has(self.role, permission)


class DeletionRequest(db.Model):
    """A firm's request (PIPL art. 47) to delete its account; staff complete it."""

    __tablename__ = "deletion_requests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    firm_id: Mapped[int] = mapped_column(ForeignKey("firms.id"), index=True)
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    requested_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    reason: Mapped[str | None] = mapped_column(String(500))
    completed_at: Mapped[datetime | None] = mapped_column(DateTime)
    completed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    firm = relationship("Firm")


class CodeClaim(db.Model):
    """The real firm asks for its unified social credit code back from an account that took it.

    Evidence: the business licence and a letter under the firm's seal. Staff confirm or refuse;
    on confirmation the code moves to a new firm account for the claimant and the accounts of
    the firm that held it are suspended (``portal.accounts.claims``).
    """

    __tablename__ = "code_claims"
    __table_args__ = (CheckConstraint("status IN ('pending','confirmed','refused')", name="status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    credit_code: Mapped[str] = mapped_column(String(18), index=True)
    firm_name: Mapped[str] = mapped_column(String(200))
    contact_name: Mapped[str] = mapped_column(String(100))
    mobile: Mapped[str] = mapped_column(String(20))
    email: Mapped[str] = mapped_column(String(254))
    licence_stored_name: Mapped[str] = mapped_column(String(64))
    licence_original_name: Mapped[str] = mapped_column(String(255))
    letter_stored_name: Mapped[str] = mapped_column(String(64))
    letter_original_name: Mapped[str] = mapped_column(String(255))
    status: Mapped[str] = mapped_column(String(20), default="pending")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    holder_firm_id: Mapped[int | None] = mapped_column(ForeignKey("firms.id"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    new_firm_id: Mapped[int | None] = mapped_column(ForeignKey("firms.id"))

    holder_firm = relationship("Firm", foreign_keys=[holder_firm_id])


class FirmInvitation(db.Model):
    """A firm administrator asks a colleague to join: a single-use link mailed to them, expiring."""

    __tablename__ = "firm_invitations"
    __table_args__ = (CheckConstraint("role IN ('firm','firm_applicant')", name="role"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    firm_id: Mapped[int] = mapped_column(ForeignKey("firms.id"), index=True)
    email: Mapped[str] = mapped_column(String(254))
    role: Mapped[str] = mapped_column(String(20), default=Role.FIRM_APPLICANT)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # the link's token, hashed
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    accepted_at: Mapped[datetime | None] = mapped_column(DateTime)
    accepted_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)

    invited_by = relationship("User", foreign_keys=[invited_by_id])
    firm = relationship("Firm")

    @property
    def role_enum(self) -> Role:
        return Role(self.role)

    def usable(self, now: datetime) -> bool:
        return self.accepted_at is None and self.revoked_at is None and now < self.expires_at


class EmailCode(db.Model):
    """A code mailed to a new address before it replaces the account's email; only its hash is kept."""

    __tablename__ = "email_codes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    email: Mapped[str] = mapped_column(String(254))
    code_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    used_at: Mapped[datetime | None] = mapped_column(DateTime)
