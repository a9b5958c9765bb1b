"""`dianping desk`: the desk on 127.0.0.1, a free port and a random token; the default browser
opened on it, and the address printed so that it can be opened by hand. Ctrl-C ends it."""

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


def serve(folder: str | Path | None = None, port: int = 0, browser: bool = True, echo=print) -> None:
    import uvicorn

    from .app import create_app

    workspace = Workspace(folder or DEFAULT_FOLDER)
    token = secrets.token_urlsafe(24)
    port = port or free_port()
    url = f"http://127.0.0.1:{port}/?token={token}"
    app = create_app(workspace, token)
    echo(f"工作台已启动。工作文件夹:{workspace.folder}")
    echo(f"如果浏览器没有自动打开,请在浏览器中打开:{url}")
    echo("关闭本窗口或按 Ctrl-C 结束工作台。")
    if browser:
        threading.Timer(1.0, webbrowser.open, args=(url,)).start()
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")
