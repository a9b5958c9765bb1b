"""What `dianping mail fetch` says it fetches, and why it fetched nothing: the dates it takes
(the period's only when the period decides them); mail outside those dates counted with the
period it belongs to; TLS and certificate failures and a missing password said in Chinese with
what to do. Against a real IMAP server (Dovecot on 127.0.0.1)."""

from __future__ import annotations

import datetime as dt
import re

from click.testing import CliRunner

from dianping_xlsx.cli import main

from .mailcorpus import Attachment, message
from .mailservers import dovecot, smtp_server  # noqa: F401 - the fixtures
from .test_mail_fetch import fetch_args

CHINA = dt.timezone(dt.timedelta(hours=8))
UNITS = ["东坪镇党委", "梅城镇党委", "乐安镇党委", "仙溪镇党委"]
ENGLISH = re.compile(r"[A-Za-z]{4,}")  # a word of English (option names and codes aside: checked by hand)


def _june_mail(dovecot, tmp_path, make_unit) -> None:
    """Four units' tables, received from 3 to 28 June 2011, as a county's inbox holds them."""
    batch = []
    for n, (unit, day) in enumerate(zip(UNITS, (3, 10, 20, 28))):
        path, _ = make_unit(tmp_path / "made", unit, seed=40 + n)
        when = dt.datetime(2011, 6, day, 9, 30, tzinfo=CHINA)
        batch.append((message(unit, f"u{n}@qq.com", f"{unit}报表", when,
                              [Attachment("统计表.xlsx", path.read_bytes())]), when))
    dovecot.deliver(batch)


def _words(output: str) -> str:
    """The screen without option names and values, paths, server names and periods as written."""
    return re.sub(r"--[a-z]+( (ssl|starttls|none))?|/\S+|[a-z0-9.]+\.com|DIANPING_MAIL_PASSWORD|INBOX|\d{4}-H\d",
                  "", output)


def test_since_alone_takes_from_that_day_on_and_says_so(dovecot, tmp_path, make_unit, monkeypatch):
    _june_mail(dovecot, tmp_path, make_unit)
    monkeypatch.setenv("DIANPING_MAIL_PASSWORD", dovecot.password)
    res = CliRunner().invoke(main, fetch_args(dovecot, tmp_path / "收件箱", "--since", "2011-06-01"))
    assert res.exit_code == 0, res.output
    assert "按今天的日期" not in res.output and "没有指定 --period" not in res.output
    assert "收取 2011年6月1日及以后收到的邮件" in res.output
    assert "新收取 4 封邮件,保存表格文件 4 个" in res.output
    assert "--period 期次" in res.output  # the next step: the period is the clerk's to say, not today's
    # --until alone: everything up to that day (it used to start at today's period: nothing at all)
    res = CliRunner().invoke(main, fetch_args(dovecot, tmp_path / "收件箱2", "--until", "2011-06-15"))
    assert res.exit_code == 0, res.output
    assert "收取 2011年6月15日及以前收到的邮件" in res.output and "新收取 2 封邮件" in res.output
    res = CliRunner().invoke(main, fetch_args(dovecot, tmp_path / "收件箱3", "--since", "2011-06-15",
                                              "--until", "2011-06-01"))
    assert res.exit_code == 2 and "--since" in res.output and "晚于" in res.output, res.output


def test_the_period_names_its_dates_when_it_decides_them(dovecot, tmp_path, make_unit, monkeypatch):
    _june_mail(dovecot, tmp_path, make_unit)
    monkeypatch.setenv("DIANPING_MAIL_PASSWORD", dovecot.password)
    res = CliRunner().invoke(main, fetch_args(dovecot, tmp_path / "收件箱", "--period", "2011-H1"))
    assert res.exit_code == 0, res.output
    assert "收取2011年上半年(2011-H1)的邮件:2011年1月1日至2011年7月31日收到的" in res.output
    res = CliRunner().invoke(main, fetch_args(dovecot, tmp_path / "收件箱2", "--period", "2011-H1",
                                              "--since", "2011-06-15"))
    assert "收取 2011年6月15日至2011年7月31日收到的邮件" in res.output and "新收取 2 封邮件" in res.output


def test_mail_outside_the_periods_dates_is_counted_not_blamed_on_fetching_before(dovecot, tmp_path, make_unit,
                                                                               monkeypatch):
    """A new, empty inbox and the wrong half year: nothing was fetched before, so the screen says
    the mail on the server lies outside the period's dates, which period it belongs to, and how
    to take it."""
    _june_mail(dovecot, tmp_path, make_unit)
    monkeypatch.setenv("DIANPING_MAIL_PASSWORD", dovecot.password)
    inbox = tmp_path / "收件箱"
    res = CliRunner().invoke(main, fetch_args(dovecot, inbox, "--period", "2011-H2"))
    assert res.exit_code == 0, res.output
    assert "已收取过" not in res.output, res.output
    assert "的邮件:2011年8月1日至2012年1月31日收到的。" in res.output
    assert "邮箱文件夹“INBOX”中的 4 封邮件都不是这段时间收到的,没有收取" in res.output
    assert "4 封在 2011年8月1日以前(最近一封 2011年6月28日收到)" in res.output
    assert "--period 2011-H1" in res.output and "--since" in res.output
    # the period it names takes them; once more, and they are said to be fetched before
    res = CliRunner().invoke(main, fetch_args(dovecot, inbox, "--period", "2011-H1"))
    assert "新收取 4 封邮件,保存表格文件 4 个" in res.output
    res = CliRunner().invoke(main, fetch_args(dovecot, inbox, "--period", "2011-H1"))
    assert "这段时间收到的 4 封邮件都已收取过,不会重复收取" in res.output and "不是这段时间收到的" not in res.output
    # a period before all of it: the mail is after it
    res = CliRunner().invoke(main, fetch_args(dovecot, tmp_path / "收件箱2", "--period", "2010-H2"))
    assert "4 封在 2011年1月31日以后(最早一封 2011年6月3日收到)" in res.output and "--period 2011-H1" in res.output


def test_a_server_that_will_not_search_by_date_counts_the_same(dovecot, tmp_path, make_unit, monkeypatch):
    from .mailservers import ImapFront

    _june_mail(dovecot, tmp_path, make_unit)
    front = ImapFront(dovecot.port, bad_dated_search=True)
    monkeypatch.setenv("DIANPING_MAIL_PASSWORD", dovecot.password)
    try:
        res = CliRunner().invoke(main, ["mail", "fetch", "--inbox", str(tmp_path / "in"), "--host", "127.0.0.1",
                                        "--port", str(front.port), "--security", "none", "--user", dovecot.user,
                                        "--period", "2011-H2"])
    finally:
        front.stop()
    assert res.exit_code == 0, res.output
    assert "已收取过" not in res.output and "中的 4 封邮件都不是这段时间收到的" in res.output, res.output
    assert "最近一封 2011年6月28日收到" in res.output and "--period 2011-H1" in res.output


def test_tls_and_certificate_failures_are_said_in_chinese(dovecot, tmp_path, monkeypatch):
    monkeypatch.setenv("DIANPING_MAIL_PASSWORD", dovecot.password)
    inbox = tmp_path / "收件箱"
    # ssl (the default) at the plain port
    res = CliRunner().invoke(main, ["mail", "fetch", "--inbox", str(inbox), "--host", dovecot.host, "--port",
                                    str(dovecot.port), "--user", dovecot.user, "--period", "2011-H1"])
    assert res.exit_code == 1, res.output
    assert "WRONG_VERSION_NUMBER" not in res.output and "端口与加密方式不符" in res.output, res.output
    assert "--security starttls" in res.output and "--port 993" in res.output
    assert not ENGLISH.search(_words(res.output)), res.output
    # the server's own certificate, no --cafile
    res = CliRunner().invoke(main, ["mail", "fetch", "--inbox", str(inbox), "--host", dovecot.host, "--port",
                                    str(dovecot.ssl_port), "--user", dovecot.user, "--period", "2011-H1"])
    assert res.exit_code == 1, res.output
    assert "self-signed" not in res.output and "服务器的证书不受信任(自签名证书)" in res.output, res.output
    assert "--cafile" in res.output and not ENGLISH.search(_words(res.output)), res.output
    assert not inbox.exists()


def test_sending_says_the_same_in_chinese(dovecot, smtp_server, tmp_path, make_unit, ts, monkeypatch):
    """mail send --send: ssl at a plain SMTP port; a server with a self-signed certificate."""
    from .test_mail_send import _sending, _setup

    out, roster = _setup(tmp_path, make_unit, ts)
    monkeypatch.setenv("DIANPING_MAIL_PASSWORD", "x")
    args = _sending(out, roster, smtp_server)
    args[args.index("--security") + 1] = "ssl"
    res = CliRunner().invoke(main, args)
    assert res.exit_code == 1 and "端口与加密方式不符" in res.output and "--port 465" in res.output, res.output
    args[args.index("--port") + 1] = str(dovecot.ssl_port)  # a TLS server with its own certificate
    res = CliRunner().invoke(main, args)
    assert res.exit_code == 1 and "服务器的证书不受信任(自签名证书)" in res.output and "--cafile" in res.output, res.output
    assert "self-signed" not in res.output



def test_every_certificate_and_handshake_failure_has_its_chinese_words():
    """The failures a test server cannot easily stage (an expired certificate, one for another
    name, a server whose encryption is too old, an unknown code), as OpenSSL raises them."""
    import ssl

    from dianping_xlsx.intake.tls import tls_problem

    def certificate(code, text):
        exc = ssl.SSLCertVerificationError(1, f"[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: {text}")
        exc.verify_code, exc.verify_message = code, text
        return exc

    def handshake(reason):
        exc = ssl.SSLError(1, f"[SSL: {reason}] {reason.lower().replace('_', ' ')} (_ssl.c:1000)")
        exc.reason = reason
        return exc

    ports = {"ssl": 993, "starttls": 143}
    said = {
        "已过期": certificate(10, "certificate has expired"),
        "尚未生效": certificate(9, "certificate is not yet valid"),
        "不是发给“mail.example.cn”的": certificate(62, "Hostname mismatch, certificate is not valid for 'mail.example.cn'."),
        "签发它的机构不在本机信任的根证书中": certificate(20, "unable to get local issuer certificate"),
        "加密方式过旧": handshake("DH_KEY_TOO_SMALL"),
        "服务器断开了": handshake("UNEXPECTED_EOF_WHILE_READING"),
        "原因代码 SOMETHING_NEW": handshake("SOMETHING_NEW"),
    }
    for words, exc in said.items():
        text = tls_problem(exc, "邮件服务器 mail.example.cn:993 ", "mail.example.cn", ports, "imap.qq.com")
        assert words in text and ("--" in text or "日期和时间" in text or "日期或时间" in text), text
        assert not ENGLISH.search(_words(text).replace("SOMETHING_NEW", "").replace("mail.example.cn", "")), text
