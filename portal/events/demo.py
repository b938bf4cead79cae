"""Demo data: one upcoming training with seats, linked from the overseas-filing training notice."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import select

from portal.core.db import utcnow
from portal.core.timeutil import today_local
from portal.events.models import Event
from portal.events.queries import to_utc
from portal.events.status import Audience, EventKind, EventStatus
from portal.extensions import db

NOTICE_SLUG = "overseas-filing-training-2026"

DESCRIPTION = """培训面向有出口业务或海外拓展计划的红桥区企业，讲解：

- 马德里商标国际注册；
- PCT专利国际申请；
- 海牙外观设计国际注册；
- 巴黎公约优先权；
- 海外知识产权纠纷应对。

培训免费。详见[培训通知](/notices/overseas-filing-training-2026)。
"""


def ensure_demo_event(now_day=None) -> int:
    """Create the demo training (two weeks ahead) unless one is already linked to the notice."""
    if db.session.scalar(select(Event.id).where(Event.notice_slug == NOTICE_SLUG)) is not None:
        return 0
    day = (now_day or today_local()) + timedelta(days=14)
    starts = to_utc(datetime.combine(day, time(14, 30)))
    db.session.add(
        Event(
            kind=EventKind.TRAINING,
            status=EventStatus.PUBLISHED,
            audience=Audience.PUBLIC,
            title="企业海外知识产权布局专题培训",
            title_en="Training: protecting your IP abroad",
            description=DESCRIPTION,
            description_en="A free afternoon on the Madrid, PCT and Hague systems, Paris Convention priority "
            "and handling IP disputes abroad.",
            starts_at=starts,
            ends_at=starts + timedelta(hours=2, minutes=30),
            place="红桥区市场监督管理局三楼会议室（演示数据）",
            capacity=40,
            max_attendees=2,
            signup_opens_at=to_utc(datetime.combine(today_local(), time(0, 0))),
            signup_closes_at=starts - timedelta(days=3),
            cancel_hours_before=24,
            organiser="红桥区市场监督管理局知识产权科",
            contact="知识产权科（演示数据）",
            gives_certificate=True,
            training_hours=3,
            notice_slug=NOTICE_SLUG,
            published_at=utcnow(),
        )
    )
    return 1
