"""A firm registers, signs out, signs back in, switches to English and sees its dashboard."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser


def test_register_logout_login_switch_language(page, shot, live_app):
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    page.get_by_role("link", name="注册", exact=True).first.click()
    page.fill("#firm_name", "天津红桥浏览器测试有限公司")
    page.fill("#credit_code", "91120106103000011G")
    page.fill("#contact_name", "周测试")
    page.fill("#mobile", "13912340000")
    # the mobile number is proved by a texted code before anything else is sent
    with page.expect_navigation():
        page.get_by_role("button", name="发送验证码").click()
    texted = [m for m in live_app.extensions.get("sms_outbox", []) if m.mobile == "13912340000"][-1]
    page.fill("#sms_code", re.search(r"(?<!\d)(\d{6})(?!\d)", texted.text).group(1))
    assert page.input_value("#firm_name") == "天津红桥浏览器测试有限公司"  # nothing typed is lost
    page.fill("#email", "browser-firm@example.cn")
    page.fill("#password", "Browser-Pass-2026")
    page.fill("#confirm", "Browser-Pass-2026")
    page.check("#consent")
    shot(page, "register-filled-zh")
    page.get_by_role("button", name="注册").click()
    page.get_by_role("heading", name="请查收邮件").wait_for()
    shot(page, "registration-sent-zh")
    # the mailed link confirms the address and signs in
    mail = [m for m in live_app.extensions.get("mail_outbox", []) if m.to == "browser-firm@example.cn"][-1]
    page.goto(re.search(r"https?://[^/\s]+(/auth/sign-in-link/\S+)", mail.body).group(1))
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/firm/")
    assert "天津红桥浏览器测试有限公司" in page.content()

    page.get_by_role("button", name="退出登录").click()
    page.wait_for_url("**/")
    page.get_by_role("link", name="登录", exact=True).first.click()
    page.fill("#email", "browser-firm@example.cn")
    page.fill("#password", "Browser-Pass-2026")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/firm/")
    shot(page, "dashboard-zh")

    with page.expect_navigation():
        page.get_by_role("link", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="My cases").count() >= 1
    shot(page, "dashboard-en")
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "en"  # remembered
    shot(page, "home-en")
