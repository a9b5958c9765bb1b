"""The desk's mail settings (本期) and what fetching and sending say (HTTP level, real servers on
this machine): 不加密 only to a server on this machine; errors name the desk's own fields, never the
command line's options; a mail system's own root certificate (证书文件) uploaded into the workspace
and used for both fetching and sending."""

from __future__ import annotations

import json
import re
import time

import pytest

pytest.importorskip("starlette", reason="the desk needs starlette (pip install -e .)")
pytest.importorskip("httpx", reason="Starlette's TestClient needs httpx (the [test] extra)")

from .test_desk import desk  # noqa: E402,F401 - fixture
from .test_mail_clear_text import remote  # noqa: E402,F401 - fixture

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
