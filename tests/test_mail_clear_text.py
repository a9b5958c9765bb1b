"""Unencrypted mail (--security none, the desk's 不加密) is for a server on this machine only: a
password never goes in clear text to another machine. A listener on this machine's own network
address (not loopback) stands for the remote server: it must hear nothing, not even a connection."""

from __future__ import annotations

import socket
import threading

import pytest
from click.testing import CliRunner

import dianping_xlsx as api
from dianping_xlsx.cli import main
from dianping_xlsx.intake.account import is_loopback

from .mailservers import smtp_server  # noqa: F401 - fixture


def own_address() -> str | None:
    """This machine's address on its network (what another machine would reach), if it has one."""
    found = []
    try:
        found += [info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)]
    except OSError:
        pass
    for target in ("192.0.2.1", "10.1.1.1", "8.8.8.8"):  # a UDP "connection" sends nothing: only the route is chosen
        try:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
                probe.connect((target, 9))
                found.append(probe.getsockname()[0])
        except OSError:
            continue
    return next((a for a in found if not a.startswith("127.") and a != "0.0.0.0"), None)


class Listener:
    """A TCP server on ``host`` that greets as IMAP and SMTP servers do and keeps every byte sent to it."""

    def __init__(self, host: str):
        self.server = socket.create_server((host, 0))
        self.host, self.port = host, self.server.getsockname()[1]
        self.connections, self.heard = 0, b""
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            self.connections += 1
            client.sendall(b"* OK IMAP4rev1 ready\r\n")
            client.settimeout(2)
            try:
                while data := client.recv(4096):
                    self.heard += data
                    client.sendall(data.split(b" ")[0] + b" NO go away\r\n")
            except OSError:
                pass
            client.close()

    def close(self) -> None:
        self.server.close()


@pytest.fixture
def remote():
    address = own_address()
    if address is None:
        pytest.skip("this machine has no network address besides loopback")
    listener = Listener(address)
    yield listener
    listener.close()


def test_only_this_machine_counts_as_this_machine():
    for host in ("localhost", "LOCALHOST.", "127.0.0.1", "127.3.4.5", "::1", "[::1]", " 127.0.0.1 "):
        assert is_loopback(host), host
    for host in ("192.0.2.2", "10.0.0.1", "mail.example.gov.cn", "127.0.0.1.nip.io", "localhost.example.com",
                 "0.0.0.0", "::", ""):
        assert not is_loopback(host), host


def test_fetch_refuses_clear_text_to_another_machine(remote, tmp_path, monkeypatch):
    monkeypatch.setenv("DIANPING_MAIL_PASSWORD", "MySecretAuthCode123")
    res = CliRunner().invoke(main, ["mail", "fetch", "--inbox", str(tmp_path / "收件箱"), "--host", remote.host,
                                    "--port", str(remote.port), "--security", "none", "--user", "czb@example.gov.cn",
                                    "--period", "2011-H1"])
    assert res.exit_code == 1, res.output
    assert f"邮件服务器 {remote.host} 不在本机" in res.output and "明文" in res.output, res.output
    assert "--security ssl --port 993" in res.output and "--security starttls --port 143" in res.output
    assert remote.connections == 0 and b"MySecret" not in remote.heard


def test_send_refuses_clear_text_login_to_another_machine(remote, tmp_path, make_unit, ts, monkeypatch):
    from .test_mail_send import _setup

    out, roster = _setup(tmp_path, make_unit, ts)
    monkeypatch.setenv("DIANPING_MAIL_PASSWORD", "MySecretAuthCode123")
    args = ["mail", "send", str(out), "--from", "czb@example.gov.cn", "--roster", str(roster), "--send", "--host",
            remote.host, "--port", str(remote.port), "--security", "none", "--user", "czb@example.gov.cn"]
    res = CliRunner().invoke(main, args)
    assert res.exit_code == 1, res.output
    assert f"发信服务器 {remote.host} 不在本机" in res.output and "--security ssl --port 465" in res.output, res.output
    assert remote.connections == 0 and b"MySecret" not in remote.heard


def test_clear_text_to_this_machine_still_works(smtp_server, tmp_path, make_unit, ts, monkeypatch):  # noqa: F811
    """The local test servers (and a relay asking for no login) keep working unencrypted."""
    from .test_mail_send import _setup

    out, roster = _setup(tmp_path, make_unit, ts)
    monkeypatch.setenv("DIANPING_MAIL_PASSWORD", "x")
    res = CliRunner().invoke(main, ["mail", "send", str(out), "--from", "czb@example.gov.cn", "--roster", str(roster),
                                    "--send", "--host", "localhost", "--port", str(smtp_server.port),
                                    "--security", "none", "--user", "czb@example.gov.cn"])
    assert "不在本机" not in res.output and smtp_server.received, res.output


def test_the_library_refuses_too(remote, tmp_path):
    account = api.MailAccount(remote.host, "czb@example.gov.cn", "MySecretAuthCode123", remote.port, "none")
    with pytest.raises(api.MailError, match="不在本机"):
        api.fetch_mail(account, tmp_path / "收件箱", period="2011-H1")
    assert remote.connections == 0
