"""Development mail: printed in the terminal that runs the portal, a copy kept in instance/mail."""

from __future__ import annotations

import re

import pytest

from portal import create_app


@pytest.fixture
def console_app(test_config, tmp_path):
    return create_app({**test_config, "MAIL_BACKEND": "console", "MAIL_FILE_DIR": str(tmp_path)})


def test_console_backend_prints_the_reset_link_and_keeps_a_copy(console_app, app, firm_user, capsys, tmp_path):
    response = console_app.test_client().post("/auth/forgot-password", data={"email": firm_user.email})
    assert response.status_code == 200
    err = capsys.readouterr().err
    link = re.search(r"http://localhost/auth/reset-password/\S+", err)
    assert link, err
    assert f"To: {firm_user.email}" in err and "Subject: 重置密码" in err
    copies = list(tmp_path.glob("*.eml"))
    assert len(copies) == 1 and link.group(0) in copies[0].read_text(encoding="utf-8")
    assert str(copies[0]) in err
