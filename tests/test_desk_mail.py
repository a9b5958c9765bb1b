"""The desk's mail settings (本期) and what fetching and sending say (HTTP level, real servers on
this machine): 不加密 only to a server on this machine; errors name the desk's own fields, never the
command line's options; a mail system's own root certificate (证书文件) uploaded into the workspace
and used for both fetching and sending."""

from __future__ import annotations

import datetime as dt
import json
import re
import ssl
import time

import pytest

pytest.importorskip("starlette", reason="the desk needs starlette (pip install -e .)")
pytest.importorskip("httpx", reason="Starlette's TestClient needs httpx (the [test] extra)")

from .mailcorpus import Attachment, message  # noqa: E402
from .mailservers import dovecot, smtp_login_server  # noqa: E402,F401 - fixture
from .test_desk import ROOT, desk, shown_form, wait_for_task  # noqa: E402,F401 - fixture
from .test_mail_clear_text import remote  # noqa: E402,F401 - fixture

CHINA = dt.timezone(dt.timedelta(hours=8))
COMMAND_LINE = re.compile(r"--[a-z]")  # an option of the command line: never the desk's words

ERR = re.compile(r'<(\w+) class="[^"]*\berr\b[^"]*"[^>]*>(.*?)</\1>', re.S)
SETTINGS = "工作台设置.json"


def errors(page: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", e).strip() for _, e in ERR.findall(page)]


def finished(client, page: str, busy: str) -> str:
    """The page once the background task (正在收取, 正在发送) is over."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and busy in (text := client.get(page).text):
        time.sleep(0.2)
    return text


def test_unencrypted_mail_only_to_this_machine(desk, remote):  # noqa: F811
    client, workspace = desk
    client.post("/settings", data={"office": "安化县委创先办", "mail_from": "czb@example.gov.cn",
                                   "mail_host": "imap.qq.com", "mail_security": "ssl"})
    kept = (workspace.folder / SETTINGS).read_bytes()
    page = client.post("/settings", data={"mail_from": "czb@example.gov.cn", "mail_host": remote.host,
                                          "mail_port": str(remote.port), "mail_security": "none"})
    said = " ".join(errors(page.text))
    assert f"收信服务器 {remote.host} 不在本机" in said and "没有保存" in said, said
    assert "加密方式“SSL”、收信端口 993" in said and "--" not in said
    assert (workspace.folder / SETTINGS).read_bytes() == kept
    page = client.post("/settings", data={"smtp_host": remote.host, "mail_host": "", "mail_security": "none"})
    assert "发信服务器" in " ".join(errors(page.text)) and (workspace.folder / SETTINGS).read_bytes() == kept
    # settings an older desk kept: fetching and sending refuse before any connection
    settings = json.loads(kept)
    settings.update(mail_host=remote.host, mail_port=str(remote.port), smtp_host=remote.host,
                    smtp_port=str(remote.port), mail_security="none")
    (workspace.folder / SETTINGS).write_text(json.dumps(settings, ensure_ascii=False), encoding="utf-8")
    client.post("/inbox/fetch", data={"password": "MySecretAuthCode123"})
    said = " ".join(errors(finished(client, "/inbox", "正在收取")))
    assert "不在本机" in said and "没有连接" in said and "--" not in said, said
    assert remote.connections == 0 and b"MySecret" not in remote.heard


def test_unencrypted_to_this_machine_is_kept(desk):  # noqa: F811
    client, workspace = desk
    for host in ("127.0.0.1", "localhost", "::1"):
        page = client.post("/settings", data={"mail_host": host, "smtp_host": host, "mail_security": "none"})
        assert not errors(page.text) and workspace.settings.mail_host == host


def test_fetch_errors_name_the_desks_fields(desk, dovecot):  # noqa: F811
    """STARTTLS at the SSL port (a clerk's usual slip): the page says which 加密方式 and 收信端口 to
    choose, never --security or --port."""
    client, _ = desk
    client.post("/settings", data={"mail_from": dovecot.user, "mail_host": dovecot.host,
                                   "mail_port": str(dovecot.ssl_port), "mail_security": "starttls"})
    client.post("/inbox/fetch", data={"password": dovecot.password})
    said = " ".join(errors(finished(client, "/inbox", "正在收取")))
    assert "端口与加密方式不符" in said and "加密方式“SSL”、收信端口 993" in said, said
    assert not COMMAND_LINE.search(said), said


def test_a_mail_systems_own_certificate_uploaded_on_the_desk(desk, dovecot, tmp_path, make_unit):  # noqa: F811
    """A county's mail with its own certificate authority: refused until its root certificate is
    uploaded as 证书文件 (the advice names that field, not --cafile); then the mail comes in."""
    client, workspace = desk
    path, _ = make_unit(tmp_path / "made", "东坪镇党委", seed=3)
    when = dt.datetime(2011, 6, 25, 10, 0, tzinfo=CHINA)
    dovecot.deliver([(message("东坪镇党委", "dp@qq.com", "报表", when, [Attachment("统计表.xlsx", path.read_bytes())]),
                      when)])
    client.post("/settings", data={"office": "安化县委创先办", "period_year": "2011", "period_half": "H1",
                                   "mail_from": dovecot.user, "mail_host": dovecot.host,
                                   "mail_port": str(dovecot.ssl_port), "mail_security": "ssl"})
    client.post("/inbox/fetch", data={"password": dovecot.password})
    said = " ".join(errors(finished(client, "/inbox", "正在收取")))
    assert "服务器的证书不受信任(自签名证书)" in said and "“证书文件”处上传" in said and "“收信服务器”" in said, said
    assert not COMMAND_LINE.search(said), said
    # not a certificate, and a file outside the workspace: refused, nothing kept
    page = client.post("/settings", data={"mail_security": "ssl", "mail_cafile": ""},
                       files=[("mail_cafile_file", ("根证书.pem", b"not a certificate"))])
    assert "不是 PEM 格式的证书" in " ".join(errors(page.text)) and workspace.settings.mail_cafile == ""
    page = client.post("/settings", data={"mail_security": "ssl", "mail_cafile": dovecot.cafile})
    assert "不在工作文件夹中" in " ".join(errors(page.text)) and workspace.settings.mail_cafile == ""
    assert not (workspace.folder / "证书").exists()
    page = client.post("/settings", data={"mail_security": "ssl", "mail_cafile": ""},
                       files=[("mail_cafile_file", ("单位根证书.pem", open(dovecot.cafile, "rb").read()))])
    assert not errors(page.text) and workspace.settings.mail_cafile == "证书/单位根证书.pem"
    assert 'value="证书/单位根证书.pem"' in page.text
    client.post("/inbox/fetch", data={"password": dovecot.password})
    page = finished(client, "/inbox", "正在收取")
    assert "新收取 1 封邮件,保存表格文件 1 个" in page, errors(page)
    assert (workspace.inbox() / "0625-1000_东坪镇党委_统计表.xlsx").read_bytes() == path.read_bytes()


def test_sending_uses_the_certificate_and_says_the_desks_words(desk, dovecot):  # noqa: F811
    """发送 over SMTPS to a server with the mail system's own certificate: the advice names 发信服务器
    and 证书文件; with the certificate uploaded the mail goes out."""
    from aiosmtpd.controller import Controller  # the [test] extra

    from .mailservers import free_port

    received = []

    class Keep:
        async def handle_DATA(self, _server, _session, envelope):
            received.append(envelope.rcpt_tos)
            return "250 OK"

    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(dovecot.folder / "cert.pem", dovecot.folder / "key.pem")
    port = free_port()
    controller = Controller(Keep(), hostname="127.0.0.1", port=port, ssl_context=context)
    controller.start()
    try:
        client, workspace = desk
        client.post("/settings", data={"office": "安化县委创先办", "period_year": "2011", "period_half": "H1",
                                       "mail_from": "czb@anhua.gov.cn", "smtp_host": "127.0.0.1", "smtp_port": str(port),
                                       "mail_security": "ssl", "up": "city@yiyang.gov.cn"})
        files = [("files", (p.name, p.read_bytes())) for p in sorted((ROOT / "examples" / "2011-H1").glob("*.xlsx"))
                 if not p.name.startswith("~$")]
        client.post("/inbox/upload", files=files)
        client.post("/merge/start")
        wait_for_task(client)
        client.get("/send")
        client.post("/send/now", data={**shown_form(client.get("/send").text), "password": "x", "force": "1"})
        said = " ".join(errors(finished(client, "/send", "正在发送")))
        assert "服务器的证书不受信任" in said and "“发信服务器”" in said and "“证书文件”处上传" in said, said
        assert not COMMAND_LINE.search(said) and not received, said
        client.post("/settings", data={"mail_security": "ssl", "mail_cafile": ""},
                    files=[("mail_cafile_file", ("根证书.crt", open(dovecot.cafile, "rb").read()))])
        client.post("/send/now", data={**shown_form(client.get("/send").text), "password": "x", "force": "1"})
        page = finished(client, "/send", "正在发送")
        assert "<td>city@yiyang.gov.cn</td><td>已发送</td>" in page, errors(page)
        assert received == [["city@yiyang.gov.cn"]]
    finally:
        controller.stop()


def test_every_tls_failure_in_the_desks_words():
    """The failures a test server cannot easily stage, said for the desk: its fields, never an option."""
    from dianping_xlsx.desk.mailsettings import FETCH_WORDS, SEND_WORDS
    from dianping_xlsx.intake.tls import tls_problem

    def certificate(code, text):
        exc = ssl.SSLCertVerificationError(1, f"certificate verify failed: {text}")
        exc.verify_code, exc.verify_message = code, text
        return exc

    def handshake(reason):
        exc = ssl.SSLError(1, f"[SSL: {reason}] {reason.lower()}")
        exc.reason = reason
        return exc

    failures = [certificate(18, "self-signed certificate"), certificate(62, "Hostname mismatch"),
                certificate(99, "something else"), handshake("WRONG_VERSION_NUMBER"), handshake("DH_KEY_TOO_SMALL"),
                handshake("UNEXPECTED_EOF_WHILE_READING"), handshake("SOMETHING_NEW")]
    for words, ports, kind in ((FETCH_WORDS, {"ssl": 993, "starttls": 143}, "收信"),
                               (SEND_WORDS, {"ssl": 465, "starttls": 587}, "发信")):
        for exc in failures:
            text = tls_problem(exc, "邮件服务器 mail.example.cn:993 ", "mail.example.cn", ports, "imap.qq.com", words)
            assert not COMMAND_LINE.search(text), text
            assert f"“{kind}服务器”" in text or f"{kind}端口 {ports['ssl']}" in text or "日期" in text, text


def test_a_chinese_password_sends_from_the_desk(desk, smtp_login_server, make_unit, tmp_path):  # noqa: F811
    """发送 with a 授权码 that has Chinese characters: logged in with AUTH PLAIN carrying UTF-8
    (it crashed with 程序内部出错); a wrong one is said in Chinese."""
    client, _ = desk
    client.post("/settings", data={"office": "安化县委创先办", "period_year": "2011", "period_half": "H1",
                                   "mail_from": smtp_login_server.user, "smtp_host": "127.0.0.1",
                                   "smtp_port": str(smtp_login_server.port), "mail_security": "none",
                                   "up": "city@yiyang.gov.cn"})
    path, _ = make_unit(tmp_path / "made", "东坪镇党委", seed=3)
    client.post("/inbox/upload", files=[("files", ("东坪镇党委.xlsx", path.read_bytes()))])
    client.post("/merge/start")
    wait_for_task(client)
    client.get("/send")
    client.post("/send/now", data={**shown_form(client.get("/send").text), "password": "授权码-不对", "force": "1"})
    said = " ".join(errors(finished(client, "/send", "正在发送")))
    assert "发信服务器登录失败" in said and "内部出错" not in said and not smtp_login_server.received, said
    client.post("/send/now", data={**shown_form(client.get("/send").text), "password": smtp_login_server.password, "force": "1"})
    page = finished(client, "/send", "正在发送")
    assert "<td>city@yiyang.gov.cn</td><td>已发送</td>" in page, errors(page)
    assert smtp_login_server.logins[-1] == ("PLAIN", smtp_login_server.user, True)


def test_a_fetched_file_already_handed_over_is_kept_once(desk, dovecot, make_unit, tmp_path):  # noqa: F811
    """A unit's file put into the inbox on the desk, then the same bytes fetched from the mailbox:
    stored once, and the fetch says so."""
    client, workspace = desk
    path, _ = make_unit(tmp_path / "made", "江南镇党委", seed=3)
    client.post("/settings", data={"office": "安化县委创先办", "period_year": "2011", "period_half": "H2",
                                   "mail_from": dovecot.user, "mail_host": dovecot.host,
                                   "mail_port": str(dovecot.port), "mail_security": "none"})
    client.post("/inbox/upload", files=[("files", ("江南镇党委.xlsx", path.read_bytes()))])
    when = dt.datetime(2011, 12, 21, 10, 0, tzinfo=CHINA)
    dovecot.deliver([(message("江南镇党委", "jn@qq.com", "报表", when,
                              [Attachment("江南镇党委统计表.xlsx", path.read_bytes())]), when)])
    client.post("/inbox/fetch", data={"password": dovecot.password})
    page = finished(client, "/inbox", "正在收取")
    assert "新收取 1 封邮件,保存表格文件 0 个(另有 1 个与收件箱中已有的文件完全相同,未重复保存)。" in page, errors(page)
    assert sorted(p.name for p in workspace.inbox().glob("*.xlsx")) == ["江南镇党委.xlsx"]
