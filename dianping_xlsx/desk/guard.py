"""What every request passes before it reaches a page: a Host of this machine, the token, for a
request that may change something the desk's own page as its origin, a body within its limit; and
the security headers on every answer.

Why the desk has a name of its own (``desk-<random>.localhost``, server.py): a browser sends the
cookies of a host to every port of that host (cookies know no ports, SameSite does not tell ports
apart), so a cookie set by http://127.0.0.1:PORT goes to any other web server on 127.0.0.1 the clerk
visits, and whoever receives it can replay it: any process may send any Cookie, Origin or Referer,
and with the cookie it reads the desk's pages, form tokens included. No check on the desk's side
can tell that replay from the clerk's browser. What closes it is that the browser never sends the
cookie elsewhere: it is set on a host name made at random for this run (browsers resolve every
``*.localhost`` name to this machine and keep a host's cookies to that host), which no other page
knows. The cookie's name is this desk's own (two desks in one browser keep their cookies apart)
and its value is derived from the token, never the token itself. 127.0.0.1 stays open, for a
browser that cannot open such names; on it the cookie is as exposed as any cookie of 127.0.0.1,
and the start window says so."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from html import escape

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse

COOKIE = "dianping_desk"  # the start of each desk's cookie name (cookie_name)
SAFE_METHODS = ("GET", "HEAD")
MAX_BODY = 1024 * 1024 * 1024  # one request: a folder of exported mail at most
SECURITY_HEADERS = [
    (b"content-security-policy", b"default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                                 b"img-src 'self' data:; connect-src 'self'; form-action 'self'; "
                                 b"frame-ancestors 'none'; base-uri 'none'; object-src 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"cache-control", b"no-store"),
]

# a browser without this desk's cookie: where the address is, in the clerk's words (the token changes
# at every start, so an old bookmark or a closed window's address leads here too)
NO_TOKEN = ("请用工作台窗口中的地址打开", "工作台只能从启动时给出的地址打开。请找到启动工作台时出现的窗口(双击“启动工作台.bat”"
            "后出现的黑色窗口),把“请在浏览器中打开:”后面的那一整行地址复制到浏览器的地址栏中打开。那个窗口已经关闭时,"
            "工作台已经结束:请重新双击“启动工作台.bat”。每次启动的地址都不同,以前收藏或记下的地址不能再用。")
SESSION_SECONDS = 12 * 3600  # the login cookie outlives a closed browser while the desk runs (a working day)

FAILED = ("工作台出错了", "这是工作台程序的问题,不是您的操作或文件的问题,已经做完的工作没有受影响。"
          "请回到本期重试;再次出现时,请把工作台窗口中显示的错误信息发给技术支持。")


class TooLarge(Exception):
    pass


def plain_page(title: str, text: str, status_code: int, way_back: bool = True) -> HTMLResponse:
    """A page of the desk's own words (an error, an address it does not have), with the way back
    (none where the desk cannot be reached from this browser yet)."""
    back = '<p><a href="/">回到本期</a></p>' if way_back else ""
    body = (f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{escape(title)} - 工作台</title>'
            f'<link rel="stylesheet" href="/static/desk.css"></head><body><main><h2>{escape(title)}</h2>'
            f'<p>{escape(text)}</p>{back}</main></body></html>')
    return HTMLResponse(body, status_code=status_code)


def cookie_name(token: str) -> str:
    """This desk's cookie name: another desk in the same browser has another (never overwritten)."""
    return f"{COOKIE}_{hashlib.sha256(b'dianping-desk-cookie|' + token.encode()).hexdigest()[:12]}"


def session_value(token: str) -> str:
    """What the cookie holds: made from the token, not the token (the start address stays unknown)."""
    return hmac.new(token.encode(), b"dianping-desk-session", hashlib.sha256).hexdigest()


class Guard:
    """Every request: a Host of this machine, and the token (from the first address, kept in a
    cookie); a request that may change something also comes from the desk's own page (Origin, or
    Referer when a browser sends no Origin). Anything else is refused before it reaches a page.
    Bodies are limited as they arrive; every answer carries the security headers."""

    def __init__(self, app, token: str, hosts: tuple[str, ...]):
        self.app, self.token, self.hosts = app, token.encode(), hosts
        self.cookie, self.session = cookie_name(token), session_value(token).encode()

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        started = False

        async def send_secured(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message = dict(message)
                names = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [
                    (k, v) for k, v in SECURITY_HEADERS if k not in names]
            await send(message)

        async def refuse(text: str, status: int = 403):
            await HTMLResponse(text, status_code=status)(scope, receive, send_secured)

        request = Request(scope)
        host_header = request.headers.get("host") or ""
        host = host_header.rsplit(":", 1)[0].strip("[]") if not host_header.endswith("]") else host_header.strip("[]")
        if host not in self.hosts:
            return await refuse("拒绝访问:只接受本机地址。")
        given = request.query_params.get("token")
        if given is not None and secrets.compare_digest(given.encode(), self.token):
            # back to the same page of this desk, never elsewhere (//host/ would be another site)
            response = RedirectResponse("/" + request.url.path.lstrip("/\\"), status_code=303)
            # kept when the browser closes (Max-Age): the clerk reopens the browser, not the start window's
            # address; worth nothing after the desk stops, whose next start has another token
            response.set_cookie(self.cookie, self.session.decode(), max_age=SESSION_SECONDS, httponly=True,
                                samesite="strict")
            return await response(scope, receive, send_secured)
        if not secrets.compare_digest((request.cookies.get(self.cookie) or "").encode(), self.session):
            return await plain_page(*NO_TOKEN, 403, way_back=False)(scope, receive, send_secured)
        if scope["method"] not in SAFE_METHODS:
            own = f"http://{host_header}"
            origin = request.headers.get("origin")
            referer = request.headers.get("referer")
            if origin is not None:
                ok = origin == own
            else:
                ok = referer is not None and (referer == own or referer.startswith(own + "/"))
            if not ok:
                return await refuse("拒绝:这个请求不是从工作台本身的页面发出的。")
            length = request.headers.get("content-length")
            if length is not None and (not length.isdigit() or int(length) > MAX_BODY):
                return await refuse("上传的内容过大(一次最多 1 GB),请分几次上传。", 413)
        received = 0

        async def limited():
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > MAX_BODY:
                    raise TooLarge
            return message

        try:
            await self.app(scope, limited, send_secured)
        except TooLarge:
            await refuse("上传的内容过大(一次最多 1 GB),请分几次上传。", 413)
        except Exception:
            # a fault of ours: said in Chinese with the security headers, the traceback still logged
            if not started:
                await plain_page(*FAILED, 500)(scope, receive, send_secured)
            raise
