"""`dianping desk`: the desk on 127.0.0.1, a free port and a random token; the default browser
opened on it, and the address printed so that it can be opened by hand. Ctrl-C ends it.

The address names the desk by a host name made at random for this run (desk-….localhost, which
browsers resolve to this machine): its cookie then goes to this desk only, never to another web
server on 127.0.0.1 (guard.py says why). The 127.0.0.1 address is printed as well, for a browser
that cannot open such names."""

from __future__ import annotations

import errno
import os
import secrets
import socket
import threading
import webbrowser
from pathlib import Path

from ..api import DianpingError, UsageProblem, hold_lock
from .workspace import Workspace

LOCK = ".desk.lock"  # in the workspace: held by the desk running on it, its address inside

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
    held = claim(workspace.folder)
    try:
        sock = listening(port)
        token = secrets.token_urlsafe(24)
        hosts, url, plain = addresses(sock.getsockname()[1], token)
        held.write(f"{url}\n".encode("utf-8"))
        held.flush()
        app = create_app(workspace, token, hosts)
        echo(f"工作台已启动。工作文件夹:{workspace.folder}")
        echo(f"如果浏览器没有自动打开,请在浏览器中打开:{url}")
        echo(f"较旧的浏览器打不开上面的地址时,可改用 {plain} (用这个地址时,本机其他网页程序可能取得工作台的登录凭据,用完请关闭工作台)")
        echo("关闭本窗口或按 Ctrl-C 结束工作台。")
        if browser:
            threading.Timer(1.0, webbrowser.open, args=(url,)).start()
        uvicorn.Server(uvicorn.Config(app, log_level="warning")).run(sockets=[sock])
    finally:
        held.close()


def claim(folder: Path):
    """The workspace's lock, held (its file emptied, for this desk's address): UsageProblem naming
    the running desk's address when another desk holds it."""
    held = hold_lock(folder / LOCK)
    if held is None:
        try:
            said = (folder / LOCK).read_text(encoding="utf-8", errors="replace").split()
        except OSError:
            said = []
        where = (f"请在浏览器中打开正在运行的工作台:{said[0]}" if said and said[0].startswith("http://")
                 else "请回到已打开工作台的窗口,在浏览器中打开那里显示的地址")
        raise DianpingError(f"工作文件夹“{folder}”已有一个工作台在运行,不能再打开一个(两个工作台同时汇总、发送邮件会互相冲突)。"
                           f"{where};要重新打开,请先关闭那个工作台的窗口(或在其中按 Ctrl-C)。")
    held.seek(0)
    held.truncate()
    return held


def listening(port: int) -> socket.socket:
    """A socket bound to 127.0.0.1:``port`` (a free port when 0), listening; UsageProblem in
    Chinese when the port cannot be had."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if os.name == "nt":  # Windows lets another socket take a port in use unless it is exclusive
        sock.setsockopt(socket.SOL_SOCKET, getattr(socket, "SO_EXCLUSIVEADDRUSE", socket.SO_REUSEADDR), 1)
    else:  # a desk just closed leaves its port waiting (TIME_WAIT): open it again at once
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(("127.0.0.1", port))
        sock.listen(128)
    except OSError as exc:
        sock.close()
        raise UsageProblem(_port_problem(port, exc)) from None
    return sock


def _port_problem(port: int, exc: OSError) -> str:
    other = free_port()
    instead = f"请换一个端口(例如 --port {other}),或不写 --port,由工作台自动选一个空闲的端口。"
    if exc.errno in (errno.EADDRINUSE, getattr(errno, "WSAEADDRINUSE", -1)):
        return f"端口 {port} 已被其他程序占用,工作台没有启动。{instead}"
    return f"无法使用端口 {port}(系统不允许本程序使用这个端口),工作台没有启动。{instead}"
