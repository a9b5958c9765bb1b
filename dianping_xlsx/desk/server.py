"""`dianping desk`: the desk on 127.0.0.1, a free port and a random token; the default browser
opened on it, and the address printed so that it can be opened by hand. Ctrl-C ends it.

The address names the desk by a host name made at random for this run (desk-….localhost, which
browsers resolve to this machine): its cookie then goes to this desk only, never to another web
server on 127.0.0.1 (guard.py says why). The 127.0.0.1 address is printed as well, for a browser
that cannot open such names."""

from __future__ import annotations

import secrets
import socket
import threading
import webbrowser
from pathlib import Path

from .workspace import Workspace

DEFAULT_FOLDER = Path.home() / "领导点评统计工作台"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def addresses(port: int, token: str, name: str | None = None) -> tuple[tuple[str, ...], str, str]:
    """The Hosts the desk answers to, its address (on a host name of its own) and the plain one."""
    name = name or f"desk-{secrets.token_hex(8)}.localhost"
    return ((name, "127.0.0.1", "localhost"), f"http://{name}:{port}/?token={token}",
            f"http://127.0.0.1:{port}/?token={token}")


def serve(folder: str | Path | None = None, port: int = 0, browser: bool = True, echo=print) -> None:
    import uvicorn

    from .app import create_app

    workspace = Workspace(folder or DEFAULT_FOLDER)
    token = secrets.token_urlsafe(24)
    port = port or free_port()
    hosts, url, plain = addresses(port, token)
    app = create_app(workspace, token, hosts)
    echo(f"工作台已启动。工作文件夹:{workspace.folder}")
    echo(f"如果浏览器没有自动打开,请在浏览器中打开:{url}")
    echo(f"较旧的浏览器打不开上面的地址时,可改用 {plain} (用这个地址时,本机其他网页程序可能取得工作台的登录凭据,用完请关闭工作台)")
    echo("关闭本窗口或按 Ctrl-C 结束工作台。")
    if browser:
        threading.Timer(1.0, webbrowser.open, args=(url,)).start()
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")
