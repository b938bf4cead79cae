"""Event factories: a published event whose sign-up window is open now."""

from __future__ import annotations

from datetime import timedelta

import pytest

from portal.core.db import commit, utcnow


@pytest.fixture
def make_event(app):
    """make_event(capacity=10, **fields) -> event id (published, sign-up open, starts in 3 days)."""
    from portal.events.models import Event

    def _make(**fields):
        from portal.extensions import db

        now = utcnow()
        values = dict(
            kind="training",
            status="published",
            audience="public",
            title="海外知识产权布局专题培训",
            title_en="Overseas IP training",
            description="**培训**内容",
            starts_at=now + timedelta(days=3),
            ends_at=now + timedelta(days=3, hours=2),
            place="红桥区市场监督管理局",
            capacity=10,
            max_attendees=2,
            signup_opens_at=now - timedelta(days=1),
            signup_closes_at=now + timedelta(days=2),
            cancel_hours_before=24,
            organiser="红桥区市场监督管理局知识产权科",
            contact="022-00000000",
            gives_certificate=True,
            training_hours=3,
        )
        values.update(fields)
        with app.app_context():
            event = Event(**values)
            db.session.add(event)
            commit()
            return event.id

    return _make
