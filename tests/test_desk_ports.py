"""The desk's cookie and the other web servers of this machine, in a real browser (the system's
Chromium): a browser sends a host's cookies to every port of it, so the desk's address is a host
name of its own (server.addresses). Another local server the clerk visits receives no credential
of the desk, and two desks open in one browser keep their cookies apart."""

from __future__ import annotations

import http.server
import threading
import time

import pytest

pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed ([test] extra)")
pytest.importorskip("uvicorn", reason="the desk needs uvicorn (pip install -e .)")

from .test_desk_browser import page  # noqa: E402,F401 - fixture


def start_desk(folder, token):
    """A desk as `dianping desk` starts it: its hosts and address from server.addresses."""
    import uvicorn

    from dianping_xlsx.desk.app import create_app
    from dianping_xlsx.desk.server import addresses, free_port
    from dianping_xlsx.desk.workspace import Workspace

    port = free_port()
    hosts, url, plain = addresses(port, token)
    server = uvicorn.Server(uvicorn.Config(create_app(Workspace(folder), token, hosts), host="127.0.0.1",
                                           port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    return server, url, plain


class Listener(http.server.BaseHTTPRequestHandler):
    """Another local web server: it keeps every Cookie header it is sent."""

    cookies: list[str] = []

    def do_GET(self):  # noqa: N802 - http.server's name
        Listener.cookies.append(self.headers.get("Cookie") or "")
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"<title>other</title>")

    def log_message(self, *args):
        pass


def test_no_other_local_server_gets_the_desks_cookie_and_two_desks_keep_theirs(page, tmp_path):  # noqa: F811
    from dianping_xlsx.desk.server import free_port

    first, url_a, _ = start_desk(tmp_path / "甲", "token-of-desk-a")
    second, url_b, _ = start_desk(tmp_path / "乙", "token-of-desk-b")
    port = free_port()
    other = http.server.ThreadingHTTPServer(("127.0.0.1", port), Listener)
    threading.Thread(target=other.serve_forever, daemon=True).start()
    Listener.cookies = []
    try:
        page.goto(url_a)
        assert page.locator("h1").inner_text() == "领导点评和群众评议统计 工作台"
        tab = page.context.new_page()
        tab.goto(url_b)  # a second desk in the same browser
        assert tab.locator("h1").inner_text() == "领导点评和群众评议统计 工作台"
        for host in ("127.0.0.1", "localhost"):
            tab.goto(f"http://{host}:{port}/attack.html")
        assert len(Listener.cookies) >= 2 and not any(Listener.cookies), Listener.cookies  # pages, icons
        # the first desk still knows its browser: not logged out by the second
        page.goto(url_a.split("?")[0] + "inbox")
        assert "请用工作台窗口中的地址打开" not in page.inner_text("body") and page.locator("nav a.here").inner_text() == "收件"
        tab.goto(url_b.split("?")[0] + "merge")
        assert page.context.cookies()[0]["value"] not in ("token-of-desk-a", "token-of-desk-b")
    finally:
        other.shutdown()
        first.should_exit = second.should_exit = True
