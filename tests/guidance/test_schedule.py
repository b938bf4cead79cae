"""Date-effective content: scheduled items appear and expire by themselves, checked on every read."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.guidance import loader, schedule
from portal.guidance.models import ContentItem
from tests.fixtures.accounts import PASSWORD

BEFORE_2027 = datetime(2026, 12, 31, 15, 59)  # 23:59 on 31 December 2026, Beijing time, as naive UTC
FROM_2027 = datetime(2026, 12, 31, 16, 0)  # 00:00 on 1 January 2027, Beijing time


@pytest.fixture
def clock(monkeypatch):
    """clock(moment) sets the time the visibility checks read (naive UTC)."""

    def _set(moment: datetime):
        monkeypatch.setattr("portal.guidance.models.utcnow", lambda: moment)

    return _set


def test_beijing_dates_are_stored_as_utc():
    assert schedule.to_utc(datetime(2027, 1, 1).date()) == FROM_2027
    assert schedule.to_utc("2027-01-01T08:00") == datetime(2027, 1, 1, 0, 0)
    assert schedule.to_beijing(FROM_2027) == datetime(2027, 1, 1, 0, 0)


def test_the_2027_trademark_texts_take_over_at_midnight_on_new_year(client, shipped_content, clock):
    clock(BEFORE_2027)
    page = client.get("/guidance/trademark-registration")
    assert page.status_code == 200 and "适用至2026年12月31日" in page.get_data(as_text=True)
    assert client.get("/guidance/trademark-registration-2027").status_code == 404
    notices = client.get("/notices/").get_data(as_text=True)
    assert "trademark-law-2027-reminder" in notices and "trademark-law-2027-in-force" not in notices
    assert "trademark-registration-2027" not in client.get("/search?q=商标").get_data(as_text=True)

    clock(FROM_2027)
    moved = client.get("/guidance/trademark-registration")
    assert moved.status_code == 302 and moved.headers["Location"].endswith("/guidance/trademark-registration-2027")
    new = client.get("/guidance/trademark-registration-2027").get_data(as_text=True)
    assert "2个月" in new and "待公布" in new
    assert (
        client.get("/notices/trademark-law-2027-reminder")
        .headers["Location"]
        .endswith("/notices/trademark-law-2027-in-force")
    )
    notices = client.get("/notices/").get_data(as_text=True)
    assert "trademark-law-2027-in-force" in notices and "trademark-law-2027-reminder" not in notices


def test_an_expired_item_without_a_replacement_is_gone(client, make_item, app, clock):
    item = make_item("notice", slug="short-lived")
    with app.app_context():
        db.session.get(ContentItem, item.id).expire_at = FROM_2027
        db.session.commit()
    clock(BEFORE_2027)
    assert client.get("/notices/short-lived").status_code == 200
    clock(FROM_2027)
    assert client.get("/notices/short-lived").status_code == 404


def test_the_2027_holiday_notice_ships_as_a_draft_with_a_reminder(client, shipped_content, app, editor):
    with app.app_context():
        item = db.session.scalar(select(ContentItem).where(ContentItem.slug == "holiday-arrangements-2027"))
        assert item.status == "draft" and "工作日历" in item.editor_note and item.published_on is None
        item_id = item.id
    assert client.get("/notices/holiday-arrangements-2027").status_code == 404
    client.login(editor.email, PASSWORD)
    view = client.get(f"/staff/content/{item_id}").get_data(as_text=True)
    assert "工作日历" in view and "国务院办公厅" in view


def test_an_editor_schedules_an_item_in_beijing_time(client, editor, make_item, app, clock):
    item = make_item("notice", slug="scheduled-notice")
    client.login(editor.email, PASSWORD)
    form = {
        "slug": "scheduled-notice",
        "title_zh": "定时通知",
        "body_zh": "正文",
        "publish_at": "2027-01-01T00:00",
        "expire_at": "2026-12-01T00:00",
    }
    refused = client.post(f"/staff/content/{item.id}/edit", data=form).get_data(as_text=True)
    assert "必须晚于" in refused
    form["expire_at"] = ""
    client.post(f"/staff/content/{item.id}/edit", data=form, expect=302)
    with app.app_context():
        assert db.session.get(ContentItem, item.id).publish_at == FROM_2027
    clock(BEFORE_2027)
    assert client.get("/notices/scheduled-notice").status_code == 404
    assert "2027-01-01 00:00" in client.get(f"/staff/content/{item.id}").get_data(as_text=True)
    clock(FROM_2027)
    assert client.get("/notices/scheduled-notice").status_code == 200


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ('replaced_by = "newer"\n', "'replaced_by' needs an 'expire_at'"),
        ("publish_at = 2027-01-02\nexpire_at = 2027-01-01\n", "'expire_at' must be after 'publish_at'"),
        ('status = "archived"\n', "'status' must be 'draft' or 'published'"),
    ],
)
def test_bad_schedule_keys_are_named(tmp_path, extra, message):
    path = tmp_path / "x.toml"
    path.write_text(
        f'slug = "x"\npublished = 2026-11-01\n{extra}[zh]\ntitle = "标题"\nsummary = "摘要"\nbody = "正文"\n'
        '[en]\ntitle = "T"\nsummary = "S"\nbody = "B"\n',
        encoding="utf-8",
    )
    with pytest.raises(loader.ContentFileError, match=message):
        loader.parse_file(path, loader.ContentType.NOTICE)
