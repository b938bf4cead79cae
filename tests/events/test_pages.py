"""The event pages end to end over HTTP: editor, calendar, sign-ups, waiting list, door, certificate."""

from __future__ import annotations

import io
import re
from datetime import timedelta

from openpyxl import load_workbook

from portal.core.db import utcnow
from tests.fixtures.accounts import PASSWORD
from tests.helpers import error_texts


def _local(moment):
    return (moment + timedelta(hours=8)).strftime("%Y-%m-%dT%H:%M")


def _event_form(**overrides):
    now = utcnow()
    data = {
        "title": "企业海外知识产权布局专题培训",
        "title_en": "Protecting your IP abroad",
        "kind": "training",
        "audience": "public",
        "starts_at": _local(now + timedelta(days=5)),
        "ends_at": _local(now + timedelta(days=5, hours=3)),
        "place": "红桥区市场监督管理局三楼会议室",
        "online_url": "",
        "capacity": "1",
        "max_attendees": "2",
        "signup_opens_at": _local(now - timedelta(hours=1)),
        "signup_closes_at": _local(now + timedelta(days=4)),
        "cancel_hours_before": "24",
        "organiser": "红桥区市场监督管理局知识产权科",
        "contact": "022-00000000",
        "gives_certificate": "y",
        "training_hours": "3",
        "notice_slug": "",
        "description": "## 培训内容\n\n<script>alert(1)</script>马德里体系",
        "description_en": "",
    }
    data.update(overrides)
    return data


def test_editor_creates_and_publishes_an_event(client, create_staff):
    editor = create_staff("editor")
    client.login(editor.email, PASSWORD)
    response = client.post("/staff/events/new", data=_event_form())
    assert response.status_code == 302
    detail = response.headers["Location"]
    event_id = int(detail.rstrip("/").rsplit("/", 1)[1])
    assert f"/events/{event_id}" not in client.get("/events/").get_data(as_text=True)  # a draft is not public
    assert client.get(f"/events/{event_id}").status_code == 404
    assert client.post(f"/staff/events/{event_id}/publish").status_code == 302
    page = client.get_page(f"/events/{event_id}")
    assert "企业海外知识产权布局专题培训" in page.get_text()
    assert page.find("script", string=re.compile("alert")) is None  # description sanitised
    assert page.find("h2", string="培训内容") is not None
    month = (utcnow() + timedelta(days=5, hours=8)).strftime("%Y-%m")
    assert "企业海外知识产权布局专题培训" in client.get_page(f"/events/?view=month&month={month}").get_text()
    feed = client.get("/events/feed.ics")
    assert feed.content_type.startswith("text/calendar")
    assert "BEGIN:VEVENT" in feed.get_data(as_text=True) and f"UID:event-{event_id}@" in feed.get_data(as_text=True)


def test_bad_event_form_keeps_input_and_explains(client, create_staff):
    editor = create_staff("editor")
    client.login(editor.email, PASSWORD)
    data = _event_form(place="", starts_at="not a date", capacity="-3")
    page = client.post_page("/staff/events/new", data, status=200)
    errors = " ".join(error_texts(page))
    assert "place or an online link" in errors or "地点" in errors
    assert page.find(attrs={"name": "title"})["value"] == data["title"]
    data = _event_form(signup_closes_at=_local(utcnow() + timedelta(days=6)))
    page = client.post_page("/staff/events/new", data)
    assert "before the event starts" in page.get_text() or "活动开始前" in page.get_text()


def test_firm_public_waiting_list_check_in_and_certificate(
    app, client, create_staff, create_firm_user, make_event, outbox
):
    editor = create_staff("editor")
    firm = create_firm_user()
    event = make_event(capacity=1)

    client.login(firm.email, PASSWORD)
    response = client.post(f"/firm/events/{event}/sign-up", data={"attendees": "王经理\n"})
    assert response.status_code == 302
    firm_code = response.headers["Location"].split("/registrations/")[1].split("?")[0]
    page = client.get_page(response.headers["Location"])
    assert firm_code in page.get_text() and page.find("img", src=re.compile("qr.svg"))
    assert client.get(f"/events/registrations/{firm_code}/qr.svg").content_type.startswith("image/svg+xml")
    again = client.post_page(f"/firm/events/{event}/sign-up", {"attendees": "李四"}, status=400)
    assert "已报名本活动" in again.get_text()
    client.logout()

    # a member of the public: code first, then the sign-up lands on the waiting list
    mobile = "13912345678"
    client.post_page(f"/events/{event}/sign-up", {"name": "赵六", "mobile": mobile, "action": "code"})
    code = re.search(r"\d{6}", app.extensions["sms_outbox"][-1].text).group(0)
    wrong = client.post_page(
        f"/events/{event}/sign-up",
        {"name": "赵六", "mobile": mobile, "sms_code": "12345", "action": "sign-up"},
        status=400,
    )
    assert error_texts(wrong) and wrong.find(attrs={"name": "name"})["value"] == "赵六"
    response = client.post(
        f"/events/{event}/sign-up", data={"name": "赵六", "mobile": mobile, "sms_code": code, "action": "sign-up"}
    )
    assert response.status_code == 302
    public_code = response.headers["Location"].split("/registrations/")[1].split("?")[0]
    assert client.get_page(response.headers["Location"]).find(class_="alert-warning") is not None
    with app.app_context():
        from portal.events.queries import registration_by_code

        assert registration_by_code(public_code).status == "waiting"

    # the firm cancels; the public sign-up is promoted and told by SMS
    client.login(firm.email, PASSWORD)
    assert client.post(f"/events/registrations/{firm_code}/cancel").status_code == 302
    client.logout()
    with app.app_context():
        assert registration_by_code(public_code).status == "confirmed"
    assert any(public_code in m.text and m.mobile == mobile for m in app.extensions["sms_outbox"])

    # the door: unknown code, good code, reused code
    client.login(editor.email, PASSWORD)
    page = client.post_page(f"/staff/events/{event}/check-in", {"code": "NOPE2345"}, status=400)
    assert "NOPE2345" in " ".join(error_texts(page))
    assert client.post(f"/staff/events/{event}/check-in", data={"code": public_code.lower()}).status_code == 302
    page = client.post_page(f"/staff/events/{event}/check-in", {"code": public_code}, status=400)
    assert "不能重复使用" in " ".join(error_texts(page))
    assert client.post(f"/staff/events/{event}/walk-in", data={"walkin-name": "钱七"}).status_code == 302
    export = client.get(f"/staff/events/{event}/attendance.xlsx")
    sheet = load_workbook(io.BytesIO(export.data)).active
    names = [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert names == ["王经理", "赵六", "钱七"]
    client.logout()

    # the certificate and its public check
    pdf = client.get(f"/events/registrations/{public_code}/certificate.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF") and pdf.content_type == "application/pdf"
    assert b"/FontFile2" in pdf.data or b"STSong" in pdf.data  # a Chinese font, not Helvetica boxes
    page = client.get_page(f"/events/registrations/{public_code}/certificate")
    cert = page.find(id="certificate-code").get_text()
    assert client.get_page(f"/events/certificates/?code={cert}").find(id="certificate-valid") is not None
    bad = client.get_page("/events/certificates/?code=XXXX")
    assert bad.find(id="certificate-valid") is None and bad.find(class_="invalid-feedback")


def test_notice_links_its_event(app, client, make_item, make_event):
    notice = make_item("notice")
    event = make_event(notice_slug=notice.slug)
    page = client.get_page(f"/notices/{notice.slug}")
    link = page.find(id="event-sign-up").find("a")
    assert link["href"].startswith(f"/events/{event}")


def test_full_event_and_closed_window_messages(client, create_firm_user, make_event):
    firm = create_firm_user()
    closed = make_event(signup_closes_at=utcnow() - timedelta(hours=1))
    client.login(firm.email, PASSWORD)
    page = client.get_page(f"/events/{closed}")
    assert "closed" in page.find(id="sign-up").get_text() or "截止" in page.find(id="sign-up").get_text()
    page = client.post_page(f"/firm/events/{closed}/sign-up", {"attendees": "甲"}, status=400)
    summary = page.find(id="error-summary").get_text()
    assert "has closed" in summary or "已截止" in summary
    full = make_event(capacity=0)
    assert client.get_page(f"/events/{full}").find(id="sign-up").find(class_="alert-warning") is not None


def test_firm_sees_its_sign_ups_and_training_hours(app, client, create_firm_user, create_staff, make_event):
    firm = create_firm_user()
    event = make_event(training_hours=3)
    client.login(firm.email, PASSWORD)
    client.post(f"/firm/events/{event}/sign-up", data={"attendees": "甲\n乙"})
    with app.app_context():
        from portal.accounts.models import User
        from portal.core.db import commit
        from portal.events import services
        from portal.events.models import Event
        from portal.extensions import db

        ev = db.session.get(Event, event)
        services.check_in(ev, ev.registrations[0].code, db.session.get(User, create_staff("editor").id))
        commit()
    page = client.get_page("/firm/events")
    assert page.find(id="training-hours").get_text() == "6"


def test_quarterly_event_figures_on_open_data_and_staff_stats(app, client, create_firm_user, create_staff, make_event):
    firm, supervisor = create_firm_user(), create_staff("supervisor")
    event = make_event()
    with app.app_context():
        from portal.accounts.models import User
        from portal.core.db import commit
        from portal.events import services
        from portal.events.models import Event
        from portal.extensions import db

        ev = db.session.get(Event, event)
        registration = services.sign_up_firm(ev, db.session.get(User, firm.id), ["甲", "乙"])
        services.check_in(ev, registration.code, db.session.get(User, supervisor.id))
        services.rate(registration, 4, "", now=ev.ends_at + timedelta(hours=1))
        commit()
        quarter = ((ev.starts_at + timedelta(hours=8)).month - 1) // 3 + 1
        year = (ev.starts_at + timedelta(hours=8)).year
    if year != (utcnow() + timedelta(hours=8)).year:
        return  # the event fell into next year's first quarter; the table shows this year
    for url, login in (("/data/", None), ("/staff/stats", supervisor)):
        if login:
            client.login(login.email, PASSWORD)
        page = client.get_page(url)
        table = next(t for t in page.find_all("table") if "4.00" in t.get_text())
        row = table.find_all("tr")[quarter]
        assert [c.get_text(strip=True) for c in row.find_all(["td", "th"])][1:] == ["1", "2", "1", "4.00"]
