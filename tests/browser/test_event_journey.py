"""An editor publishes a training; a firm signs up and takes the only seat; a member of the public
joins the waiting list and is promoted when the firm cancels; staff check the attendee in by code;
the attendee downloads a certificate that verifies."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from portal.core import sms
from portal.core.db import utcnow
from tests.browser.test_case_journeys import sign_in, sign_out

pytestmark = pytest.mark.browser


def _local(moment):
    return (moment + timedelta(hours=8)).strftime("%Y-%m-%dT%H:%M")


def test_training_from_publication_to_verified_certificate(page, shot, monkeypatch, firm_user, create_staff):
    sent = []
    monkeypatch.setattr(sms, "send_now", sent.append)  # the live server runs in this process
    page.on("dialog", lambda dialog: dialog.accept())
    editor = create_staff("editor")
    now = utcnow()

    sign_in(page, editor.email)
    page.goto("/staff/events")
    page.get_by_role("link", name="新建活动").first.click()
    page.fill("#title", "企业海外知识产权布局专题培训")
    page.select_option("#kind", "training")
    page.select_option("#audience", "public")
    page.fill("#starts_at", _local(now + timedelta(days=5)))
    page.fill("#ends_at", _local(now + timedelta(days=5, hours=3)))
    page.fill("#place", "红桥区市场监督管理局三楼会议室")
    page.fill("#capacity", "1")
    page.fill("#signup_opens_at", _local(now - timedelta(hours=1)))
    page.fill("#signup_closes_at", _local(now + timedelta(days=4)))
    page.fill("#organiser", "红桥区市场监督管理局知识产权科")
    page.fill("#contact", "知识产权科")
    page.check("#gives_certificate")
    page.fill("#training_hours", "3")
    page.fill("#description", "## 培训内容\n\n马德里体系、PCT和海外纠纷应对。")
    with page.expect_navigation():
        page.get_by_role("button", name="保存活动").click()
    with page.expect_navigation():
        page.get_by_role("button", name="发布").click()
    assert "活动已发布" in page.content()
    event_url = page.get_by_role("link", name="公开页面").get_attribute("href")
    shot(page, "events-published")
    sign_out(page)

    # the firm takes the only seat
    sign_in(page, firm_user.email)
    page.goto("/events/")
    page.get_by_role("link", name="企业海外知识产权布局专题培训").first.click()
    page.fill("#attendees", "王经理")
    with page.expect_navigation():
        page.get_by_role("button", name="提交企业报名").click()
    assert "报名成功，名额已确认" in page.content()
    firm_code = page.inner_text("#registration-code")
    shot(page, "events-firm-signed-up")
    sign_out(page)

    # a member of the public: SMS code, then the waiting list
    page.goto(event_url)
    assert "名额已满" in page.content()
    page.fill("#name", "赵六")
    page.fill("#mobile", "13912345678")
    with page.expect_navigation():
        page.get_by_role("button", name="发送验证码").click()
    code = re.search(r"\d{6}", sent[-1].text).group(0)
    page.fill("#sms_code", code)
    with page.expect_navigation():
        page.get_by_role("button", name="报名", exact=True).click()
    assert "候补名单中排第1位" in page.content()
    public_url = page.url.split("?")[0]
    public_code = page.inner_text("#registration-code")
    shot(page, "events-public-waiting")

    # the firm cancels; the waiting sign-up is promoted and told by SMS
    sign_in(page, firm_user.email)
    page.goto("/firm/events")
    page.get_by_role("link", name="企业海外知识产权布局专题培训").click()
    with page.expect_navigation():
        page.get_by_role("button", name="取消报名").click()
    assert f"报名{firm_code}已取消" in page.content()
    sign_out(page)
    assert any(public_code in m.text and "候补转为正式报名" in m.text for m in sent)
    page.goto(public_url)
    assert "报名成功" in page.inner_text("main")

    # the door: staff type the code
    sign_in(page, editor.email)
    page.goto("/staff/events")
    page.get_by_role("link", name="企业海外知识产权布局专题培训").click()
    page.get_by_role("link", name="现场签到").click()
    page.set_viewport_size({"width": 390, "height": 844})  # a phone at the door
    page.fill("#code", public_code.lower())
    with page.expect_navigation():
        page.get_by_role("button", name="签到", exact=True).click()
    assert "已签到：赵六" in page.content()
    page.fill("#code", public_code)
    with page.expect_navigation():
        page.get_by_role("button", name="签到", exact=True).click()
    assert "不能重复使用" in page.content()
    shot(page, "events-check-in")
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_out(page)

    # the attendee's certificate, and its public check
    page.goto(public_url)
    with page.expect_download() as download:
        page.get_by_role("link", name="下载证书（PDF）").click()
    assert download.value.path().read_bytes().startswith(b"%PDF")
    with page.expect_navigation():
        page.get_by_role("link", name="打印证书").click()
    certificate = page.inner_text("#certificate-code")
    shot(page, "events-certificate")
    page.goto("/events/certificates/")
    page.fill("#code", certificate)
    with page.expect_navigation():
        page.get_by_role("button", name="查验").click()
    assert "该证书真实有效" in page.inner_text("#certificate-valid")
    shot(page, "events-certificate-verified")
