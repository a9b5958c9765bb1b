"""Sending with a mailbox password (授权码) or user name that is not ASCII: smtplib's login()
encodes ASCII only, so the AUTH exchange carries the UTF-8 bytes itself (RFC 4616 PLAIN, else
LOGIN); a refused login is said in Chinese, never a crash."""

from __future__ import annotations

import smtplib

import pytest
from click.testing import CliRunner

from dianping_xlsx.cli import main
from dianping_xlsx.send.smtpauth import login

from .mailservers import smtp_login_server  # noqa: F401 - fixture
from .test_mail_send import _setup


def _send(out, roster, server, monkeypatch, password: str):
    monkeypatch.setenv("DIANPING_MAIL_PASSWORD", password)
    return CliRunner().invoke(main, ["mail", "send", str(out), "--from", server.user, "--name", "安化县委创先办",
                                     "--roster", str(roster), "--up", "city@yiyang.gov.cn", "--force", "--send",
                                     "--host", server.host, "--port", str(server.port), "--security", "none",
                                     "--user", server.user])


def test_a_chinese_password_logs_in_with_plain(tmp_path, make_unit, ts, smtp_login_server, monkeypatch):
    out, roster = _setup(tmp_path, make_unit, ts)
    res = _send(out, roster, smtp_login_server, monkeypatch, "授权码-abc123")
    assert res.exit_code == 0, res.output
    assert smtp_login_server.logins == [("PLAIN", "office@example.gov.cn", True)]
    assert sorted(to[0] for _, to, _ in smtp_login_server.received) == ["city@yiyang.gov.cn", "la@163.com", "mc@qq.com"]


def test_a_wrong_chinese_password_is_said_in_chinese(tmp_path, make_unit, ts, smtp_login_server, monkeypatch):
    out, roster = _setup(tmp_path, make_unit, ts)
    res = _send(out, roster, smtp_login_server, monkeypatch, "授权码-错的")
    assert res.exit_code == 1, res.output
    assert "发信服务器登录失败" in res.output and "Traceback" not in res.output and "内部出错" not in res.output
    assert smtp_login_server.received == []


@pytest.mark.parametrize("smtp_login_server", [("PLAIN",)], indirect=True)
def test_a_server_without_plain_is_logged_in_with_login(smtp_login_server):
    _login(smtp_login_server, "授权码-abc123")
    assert smtp_login_server.logins == [("LOGIN", "office@example.gov.cn", True)]


def test_an_ascii_password_still_logs_in_through_smtplib(smtp_login_server):
    smtp_login_server.password = "abc-123"
    _login(smtp_login_server, "abc-123")
    assert [accepted for _, _, accepted in smtp_login_server.logins] == [True]
    with pytest.raises(smtplib.SMTPAuthenticationError):
        _login(smtp_login_server, "abc-999")


def _login(server, password: str) -> None:
    smtp = smtplib.SMTP(server.host, server.port, timeout=10)
    try:
        login(smtp, server.user, password)
    finally:
        smtp.quit()
