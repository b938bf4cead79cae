"""Sign-up rules: capacity, waiting list in order, double sign-ups, windows, cut-off, check-in, feedback."""

from __future__ import annotations

from datetime import timedelta

import pytest

from portal.accounts.models import User
from portal.core.db import commit, utcnow
from portal.core.errors import ServiceError
from portal.events import services
from portal.events.models import Event
from portal.extensions import db


@pytest.fixture
def app_ctx(app):
    """A request in English: the refusals below are matched on their (English) message ids."""
    with app.test_request_context("/?lang=en"):
        yield app
        db.session.remove()


def _firms(create_firm_user, count=1):
    """Firm users, created (and committed) before the test's own session writes anything."""
    ids = [create_firm_user().id for _ in range(count)]
    return [db.session.get(User, i) for i in ids]


def _last_code(app):
    import re

    from flask import g

    queued = g.get("sms_queue", [])
    return re.search(r"\d{6}", queued[-1].text).group(0)


def test_firm_sign_up_confirms_then_waits_when_full(app_ctx, make_event, create_firm_user):
    firms = _firms(create_firm_user, 3)
    event = db.session.get(Event, make_event(capacity=3))
    a = services.sign_up_firm(event, firms[0], ["甲", "乙"])
    b = services.sign_up_firm(event, firms[1], ["丙", "丁"])
    c = services.sign_up_firm(event, firms[2], ["戊"])
    assert (a.status, b.status) == ("confirmed", "waiting")
    # no one jumps the queue with a smaller party while someone waits
    assert c.status == "waiting"
    assert a.seats == 2 and a.attendee_names == ["甲", "乙"]


def test_cancellation_promotes_waiting_in_order(app_ctx, make_event, create_firm_user, outbox):
    firms = _firms(create_firm_user, 3)
    event = db.session.get(Event, make_event(capacity=1))
    first = services.sign_up_firm(event, firms[0], ["甲"])
    second = services.sign_up_firm(event, firms[1], ["乙"])
    third = services.sign_up_firm(event, firms[2], ["丙"])
    commit()
    promoted = services.cancel_registration(first)
    commit()
    assert promoted == [second]
    assert (first.status, second.status, third.status) == ("cancelled", "confirmed", "waiting")
    assert any("乙" not in m.body and second.code in m.body for m in outbox)


def test_double_sign_up_is_refused(app_ctx, make_event, create_firm_user):
    firms = _firms(create_firm_user, 1)
    event = db.session.get(Event, make_event())
    user = firms[0]
    services.sign_up_firm(event, user, ["甲"])
    with pytest.raises(ServiceError, match="already signed up"):
        services.sign_up_firm(event, user, ["乙"])


def test_too_many_attendees_and_no_names_are_refused(app_ctx, make_event, create_firm_user):
    firms = _firms(create_firm_user, 1)
    event = db.session.get(Event, make_event(max_attendees=2))
    user = firms[0]
    with pytest.raises(ServiceError, match="At most 2"):
        services.sign_up_firm(event, user, ["甲", "乙", "丙"])
    with pytest.raises(ServiceError, match="at least one"):
        services.sign_up_firm(event, user, ["  "])


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"signup_closes_at": utcnow() - timedelta(hours=1)}, "has closed"),
        ({"signup_opens_at": utcnow() + timedelta(days=1)}, "not opened yet"),
        ({"status": "draft"}, "not open for sign-up"),
    ],
)
def test_closed_windows_are_refused(app_ctx, make_event, create_firm_user, fields, message):
    firms = _firms(create_firm_user, 1)
    event = db.session.get(Event, make_event(**fields))
    with pytest.raises(ServiceError, match=message):
        services.sign_up_firm(event, firms[0], ["甲"])


def test_cancellation_closes_at_the_cut_off(app_ctx, make_event, create_firm_user):
    firms = _firms(create_firm_user, 1)
    event = db.session.get(Event, make_event(cancel_hours_before=24))
    registration = services.sign_up_firm(event, firms[0], ["甲"])
    with pytest.raises(ServiceError, match="Cancellation closed 24 hours"):
        services.cancel_registration(registration, now=event.starts_at - timedelta(hours=23))


def test_public_sign_up_needs_a_valid_single_use_code(app_ctx, make_event):

    event = db.session.get(Event, make_event())
    services.request_public_code(event, "13900000001")
    code = _last_code(app_ctx)
    with pytest.raises(ServiceError, match="not correct"):
        services.sign_up_public(event, "张三", "", "13900000001", "000000" if code != "000000" else "111111")
    registration = services.sign_up_public(event, "张三", "某大学", "13900000001", code)
    assert registration.status == "confirmed" and registration.mobile == "13900000001"
    registration.status = "cancelled"  # even after cancelling, the used code does not work again
    with pytest.raises(ServiceError, match="expired or was already used"):
        services.sign_up_public(event, "张三", "", "13900000001", code)


def test_sms_code_expires_after_five_minutes_and_is_rate_limited(app_ctx, make_event):
    from portal.core import sms

    event = db.session.get(Event, make_event())
    sent = utcnow() - timedelta(minutes=6)
    sms.send_code("13900000002", services.SMS_PURPOSE, sent)
    code = _last_code(app_ctx)
    with pytest.raises(ServiceError, match="expired"):
        services.sign_up_public(event, "李四", "", "13900000002", code)
    sms.send_code("13900000002", services.SMS_PURPOSE)
    with pytest.raises(ServiceError, match="less than a minute ago"):
        sms.send_code("13900000002", services.SMS_PURPOSE)


def test_firms_only_event_refuses_the_public(app_ctx, make_event):
    event = db.session.get(Event, make_event(audience="firms"))
    with pytest.raises(ServiceError, match="registered firms"):
        services.request_public_code(event, "13900000003")


def test_check_in_unknown_reused_and_waiting_codes(app_ctx, make_event, create_firm_user, create_staff):
    staff = db.session.get(User, create_staff("editor").id)
    firms = _firms(create_firm_user, 2)
    event = db.session.get(Event, make_event(capacity=1))
    first = services.sign_up_firm(event, firms[0], ["甲"])
    waiting = services.sign_up_firm(event, firms[1], ["乙"])
    with pytest.raises(ServiceError, match="No registration"):
        services.check_in(event, "ZZZZZZZZ", staff)
    with pytest.raises(ServiceError, match="not confirmed"):
        services.check_in(event, waiting.code, staff)
    checked = services.check_in(event, first.code.lower(), staff)
    assert checked.checked_in_at is not None and checked.certificate_code
    with pytest.raises(ServiceError, match="already used"):
        services.check_in(event, first.code, staff)


def test_walk_in_is_recorded_as_attending(app_ctx, make_event, create_staff):
    staff = db.session.get(User, create_staff("editor").id)
    event = db.session.get(Event, make_event())
    walk_in = services.record_walk_in(event, "王五", "某社区", "", staff)
    assert walk_in.walk_in and walk_in.checked_in_at is not None


def test_feedback_only_after_the_event_and_only_once(app_ctx, make_event, create_firm_user, create_staff):
    firms = _firms(create_firm_user, 1)
    staff = db.session.get(User, create_staff("editor").id)
    event = db.session.get(Event, make_event())
    registration = services.sign_up_firm(event, firms[0], ["甲"])
    with pytest.raises(ServiceError, match="Only people who attended"):
        services.rate(registration, 5, "", now=event.ends_at + timedelta(hours=1))
    services.check_in(event, registration.code, staff)
    with pytest.raises(ServiceError, match="after it has ended"):
        services.rate(registration, 5, "")
    services.rate(registration, 4, "很有帮助", now=event.ends_at + timedelta(hours=1))
    with pytest.raises(ServiceError, match="already rated"):
        services.rate(registration, 5, "", now=event.ends_at + timedelta(hours=2))


def test_reminders_go_the_day_before_once(app_ctx, make_event, create_firm_user, outbox):
    firms = _firms(create_firm_user, 1)
    event = db.session.get(Event, make_event())
    services.sign_up_firm(event, firms[0], ["甲"])
    commit()
    assert services.send_reminders(now=event.starts_at - timedelta(days=3)) == 0
    assert services.send_reminders(now=event.starts_at - timedelta(days=1)) == 1
    commit()
    assert services.send_reminders(now=event.starts_at - timedelta(days=1)) == 0
    assert any("Reminder" in m.body or "提醒" in m.body for m in outbox)


def test_capacity_cannot_drop_below_confirmed_seats(app_ctx, make_event, create_firm_user, create_staff):
    firms = _firms(create_firm_user, 1)
    staff = db.session.get(User, create_staff("editor").id)
    event = db.session.get(Event, make_event(capacity=2))
    services.sign_up_firm(event, firms[0], ["甲", "乙"])
    values = {name: getattr(event, name) for name in services.EDITABLE_FIELDS}
    with pytest.raises(ServiceError, match="2 seats are already confirmed"):
        services.save_event(event, {**values, "capacity": 1}, staff)


def test_more_seats_promote_the_waiting_list(app_ctx, make_event, create_firm_user, create_staff):
    staff = db.session.get(User, create_staff("editor").id)
    firms = _firms(create_firm_user, 2)
    event = db.session.get(Event, make_event(capacity=1))
    services.sign_up_firm(event, firms[0], ["甲"])
    waiting = services.sign_up_firm(event, firms[1], ["乙"])
    values = {name: getattr(event, name) for name in services.EDITABLE_FIELDS}
    services.save_event(event, {**values, "capacity": 2}, staff)
    assert waiting.status == "confirmed" and waiting.promoted_at is not None
