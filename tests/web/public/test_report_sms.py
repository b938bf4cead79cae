"""A named reporter who gave a mobile number can be told the outcome of the report by SMS."""

from __future__ import annotations

from portal.core.timeutil import today_local
from tests.helpers import error_texts
from tests.web.public.test_reports import file_via_web, report_data, reviewer_client  # noqa: F401 the fixture


def test_a_named_reporter_gets_the_transfer_by_sms_without_the_tracking_code(app, client, reviewer_client):  # noqa: F811
    reference, code = file_via_web(
        client, reporter_name="李举报", reporter_phone="１３９ ３３３３ ４４４４", notify_sms="y", kind="piracy"
    )
    assert app.extensions.get("sms_outbox", []) == []  # filing itself sends nothing
    reviewer_client.post(
        f"/staff/reports/{reference}/actions/transfer",
        data={"body": "天津市文化市场综合执法总队", "on": today_local().isoformat()},
        expect=302,
    )
    (message,) = app.extensions.get("sms_outbox", [])
    assert message.mobile == "13933334444"
    assert reference in message.text and "天津市文化市场综合执法总队" in message.text and "已转办" in message.text
    assert code not in message.text and "商标" not in message.text  # never the code nor what was reported


def test_sms_needs_a_name_and_a_number_and_otherwise_nothing_is_texted(app, client, reviewer_client):  # noqa: F811
    page = client.post_page("/report/", report_data(reporter_phone="13933334444", notify_sms="y"))
    assert any("姓名和手机号码" in e for e in error_texts(page))
    assert page.select_one("input[name=reporter_phone]")["value"] == "13933334444"  # nothing typed is lost
    reference, _code = file_via_web(client, reporter_name="王", reporter_phone="13933335555")  # did not ask
    reviewer_client.post(f"/staff/reports/{reference}/actions/accept", data={}, expect=302)
    assert app.extensions.get("sms_outbox", []) == []
