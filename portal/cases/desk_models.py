"""What the staff desk keeps per person and per case kind: saved queue views, which inbox events
also go by email, and how new submissions of a kind are assigned on arrival."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from portal.core.db import utcnow
from portal.extensions import Model

SAVED_VIEWS_GENERATION = "saved-views-generation"


class SavedView(Model):
    """A named filter and sort of the queue, kept for one person (the query string, whitelisted)."""

    __tablename__ = "saved_views"
    __cache_generations__ = (SAVED_VIEWS_GENERATION,)  # each person's list above the queue (views_for)
    __table_args__ = (UniqueConstraint("user_id", "name", name="uq_saved_views_user_name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(60))
    query: Mapped[str] = mapped_column(String(1000))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class AssignmentRule(Model):
    """Assign new submissions of one kind on arrival: round robin, or to whoever holds fewest open cases."""

    __tablename__ = "assignment_rules"
    __table_args__ = (CheckConstraint("mode IN ('round_robin','least_loaded')", name="mode"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(30), unique=True)  # a known kind, checked by the service
    mode: Mapped[str] = mapped_column(String(20))
    last_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
