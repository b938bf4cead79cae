"""One row per setting an administrator changed; unchanged settings come from configuration."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from portal.core.db import utcnow
from portal.extensions import db


class SiteSetting(db.Model):
    # the footer and every public page show these: a change must not wait for the page cache
    __busts_page_cache__ = True
    __tablename__ = "site_settings"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # the administrator who saved it (a plain id: the audit log holds the full record)
    updated_by_id: Mapped[int | None] = mapped_column(Integer)
