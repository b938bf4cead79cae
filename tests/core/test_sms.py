"""SMS codes (single use, 5 minutes, one a minute and five an hour per number) and the backends,
the same shape as mail: console and file copies by default, a provider adapter by configuration."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from flask import g

from portal.core import sms
from portal.core.errors import ServiceError
from portal.core.validators import mobile_error, normalise_mobile

MOBILE = "13912340000"


def _sent_code() -> str:
    import re

    return re.search(r"(?<!\d)(\d{6})(?!\d)", g.sms_queue[-1].text).group(1)


def test_a_code_works_once(app_ctx):
    sms.send_code(MOBILE, "sign-in")
    code = _sent_code()
    sms.use_code(MOBILE, "sign-in", code)
    with pytest.raises(ServiceError, match="已使用|already used"):
        sms.use_code(MOBILE, "sign-in", code)


def test_a_code_expires_after_five_minutes(app_ctx):
    sent = sms.utcnow()
    sms.send_code(MOBILE, "sign-in", now=sent)
    code = _sent_code()
    with pytest.raises(ServiceError, match="过期|expired"):
        sms.use_code(MOBILE, "sign-in", code, now=sent + timedelta(minutes=5, seconds=1))
    sms.send_code(MOBILE, "sign-in", now=sent + timedelta(minutes=6))
    sms.use_code(MOBILE, "sign-in", _sent_code(), now=sent + timedelta(minutes=10, seconds=59))


def test_a_wrong_code_is_refused_and_the_right_one_still_works(app_ctx):
    sms.send_code(MOBILE, "sign-in")
    code = _sent_code()
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    with pytest.raises(ServiceError, match="不正确|not correct"):
        sms.use_code(MOBILE, "sign-in", wrong)
    sms.use_code(MOBILE, "sign-in", code)


def test_a_code_for_one_purpose_does_not_serve_another(app_ctx):
    sms.send_code(MOBILE, "register")
    with pytest.raises(ServiceError):
        sms.use_code(MOBILE, "sign-in", _sent_code())


def test_one_code_a_minute_and_five_an_hour_per_number(app_ctx):
    start = sms.utcnow()
    sms.send_code(MOBILE, "sign-in", now=start)
    with pytest.raises(ServiceError, match="一分钟|a minute"):
        sms.send_code(MOBILE, "sign-in", now=start + timedelta(seconds=59))
    for minutes in (2, 4, 6, 8):
        sms.send_code(MOBILE, "sign-in", now=start + timedelta(minutes=minutes))
    with pytest.raises(ServiceError, match="过多|Too many"):
        sms.send_code(MOBILE, "sign-in", now=start + timedelta(minutes=10))
    sms.send_code("13912340001", "sign-in", now=start + timedelta(minutes=10))  # another number is not affected
    sms.send_code(MOBILE, "sign-in", now=start + timedelta(minutes=61))  # an hour later


@pytest.mark.parametrize(
    "typed",
    ["139 1234 0000", "１３９１２３４００００", "+86 139-1234-0000", "١٣٩١٢٣٤٠٠٠٠", "१३९१२३४००००", "১৩৯১২৩৪০০০০"],
)
def test_full_width_and_other_scripts_digits_become_ascii(typed):
    assert mobile_error(typed) is None
    assert normalise_mobile(typed) == MOBILE


def test_the_file_backend_keeps_one_text_file_per_message(app_ctx, tmp_path, monkeypatch):
    monkeypatch.setitem(app_ctx.config, "SMS_BACKEND", "file")
    monkeypatch.setitem(app_ctx.config, "SMS_FILE_DIR", str(tmp_path))
    sms.send_now(sms.Sms(MOBILE, "您的验证码是123456"))
    (path,) = list(Path(tmp_path).iterdir())
    assert path.read_text(encoding="utf-8") == f"To: {MOBILE}\n\n您的验证码是123456\n"


def test_the_console_backend_prints_and_keeps_a_copy(app_ctx, tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(app_ctx.config, "SMS_BACKEND", "console")
    monkeypatch.setitem(app_ctx.config, "SMS_FILE_DIR", str(tmp_path))
    sms.send_now(sms.Sms(MOBILE, "hello"))
    assert MOBILE in capsys.readouterr().err and len(list(Path(tmp_path).iterdir())) == 1


class _Answer:
    def __init__(self, status):
        self.status = status

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def test_the_provider_adapter_posts_to_the_configured_gateway(app_ctx, monkeypatch):
    sent = []

    def fake_urlopen(request, timeout):
        sent.append((request, timeout))
        return _Answer(200)

    monkeypatch.setattr("urllib.request.urlopen", fake_urlopen)
    for name, value in {
        "SMS_BACKEND": "http",
        "SMS_HTTP_URL": "https://sms.example.cn/send",
        "SMS_HTTP_TOKEN": "t0ken",
        "SMS_SIGN_NAME": "红桥区知识产权",
        "SMS_HTTP_TIMEOUT": 3,
    }.items():
        monkeypatch.setitem(app_ctx.config, name, value)
    sms.send_now(sms.Sms(MOBILE, "您的验证码是123456"))
    ((request, timeout),) = sent
    assert request.full_url == "https://sms.example.cn/send" and request.get_method() == "POST" and timeout == 3
    assert request.get_header("Authorization") == "Bearer t0ken"
    assert json.loads(request.data) == {"to": MOBILE, "sign": "红桥区知识产权", "text": "您的验证码是123456"}


def test_the_provider_adapter_refuses_a_plain_http_gateway_and_a_failure_is_logged_not_raised(
    app_ctx, monkeypatch, caplog
):
    monkeypatch.setitem(app_ctx.config, "SMS_BACKEND", "http")
    monkeypatch.setitem(app_ctx.config, "SMS_HTTP_URL", "http://sms.example.cn/send")
    with pytest.raises(ValueError, match="https"):
        sms.send_now(sms.Sms(MOBILE, "x"))
    monkeypatch.setattr("urllib.request.urlopen", lambda request, timeout: _Answer(503))
    monkeypatch.setitem(app_ctx.config, "SMS_HTTP_URL", "https://sms.example.cn/send")
    sms.queue_sms(MOBILE, "x")
    sms.flush_queue()  # after commit: an outage must not undo what was committed
    assert "SMS to" in caplog.text


def test_an_unknown_backend_is_named(app_ctx, monkeypatch):
    monkeypatch.setitem(app_ctx.config, "SMS_BACKEND", "carrier-pigeon")
    with pytest.raises(ValueError, match="carrier-pigeon"):
        sms.send_now(sms.Sms(MOBILE, "x"))


def test_every_sms_setting_can_come_from_the_environment():
    from portal.config import setting_defaults, settings_from_environment

    known = setting_defaults()
    environ = {"PORTAL_SMS_BACKEND": "http", "PORTAL_SMS_HTTP_URL": "https://gw", "PORTAL_SMS_HTTP_TIMEOUT": "7"}
    parsed = settings_from_environment(environ, known)
    assert {k: v[1] for k, v in parsed.items()} == {
        "SMS_BACKEND": "http",
        "SMS_HTTP_URL": "https://gw",
        "SMS_HTTP_TIMEOUT": 7,
    }
