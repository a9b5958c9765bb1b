"""The desk's web app (Starlette + Jinja2 + htmx): each page a step of the half-year.

Safe by construction: the server listens on 127.0.0.1 only (server.py); every request carries
the random token given at start (a cookie set from the first address, SameSite=Strict, so that
another site in the same browser cannot drive it) and a Host of this machine; downloads come only
from the workspace; uploaded names are cleaned and files go through the library as any input.
"""

from __future__ import annotations

import datetime as dt
import io
import threading
import zipfile
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from .. import __version__
from ..api import (CHINA, DianpingError, MailAccount, Period, add_to_inbox, fetch_mail, inbox_files, load_roster,
                   mail_info, merge_inbox, plan_mail, send_mail, write_roster, write_summary, write_templates)
from .state import merge_state, next_step
from .tasks import Tasks
from .workspace import ROSTER, Settings, Workspace

COOKIE = "dianping_desk"
STATIC = Path(__file__).parent / "static"
PAGES = [("/", "本期"), ("/templates", "模板"), ("/inbox", "收件"), ("/merge", "审核汇总"), ("/send", "发送"),
         ("/up", "上级")]


def create_app(workspace: Workspace, token: str, hosts: tuple[str, ...] = ("127.0.0.1", "localhost")) -> Starlette:
    env = Environment(loader=PackageLoader("dianping_xlsx.desk", "templates"), autoescape=select_autoescape())
    tasks = Tasks()

    def page(request: Request, name: str, **context) -> HTMLResponse:
        context.update(china=CHINA, pages=PAGES, here=request.url.path, ws=workspace, settings=workspace.settings,
                       period=workspace.period, version=__version__, task=tasks.current,
                       message=request.query_params.get("msg", ""), error=request.query_params.get("err", ""))
        return HTMLResponse(env.get_template(name).render(**context))

    def back(path: str, msg: str = "", err: str = "") -> RedirectResponse:
        from urllib.parse import urlencode

        query = urlencode({k: v for k, v in (("msg", msg), ("err", err)) if v})
        return RedirectResponse(path + (f"?{query}" if query else ""), status_code=303)

    def run_in_background(name: str, total: int, work, where: str) -> RedirectResponse:
        """Start a task (one at a time) and go back to its page, which shows its progress."""
        try:
            tasks.start(name, total, work)
        except DianpingError as exc:
            return back(where, err=str(exc))
        return back(where)

    async def home(request: Request):
        last = workspace.last()
        return page(request, "home.html", last=last, step=next_step(workspace, last),
                    files=_files(workspace.inbox()))

    async def settings(request: Request):
        form = await request.form()
        values = {k: str(form.get(k, "")).strip() for k in Settings.__dataclass_fields__}
        try:
            Period.parse(values["period"]) if values["period"] else None
            dt.date.fromisoformat(values["due"]) if values["due"] else None
        except ValueError:
            return back("/", err="期次写成 2011-H1(上半年)或 2011-H2(下半年);截止日期写成 2011-06-28。")
        workspace.save(Settings(**values))
        return back("/", msg="已保存。")

    async def roster_upload(request: Request):
        form = await request.form()
        upload = form.get("roster")
        if upload is None or not getattr(upload, "filename", ""):
            return back("/", err="请选择名册文件。")
        data = await upload.read()
        trial = workspace.folder / ".名册-检查中.xlsx"
        trial.write_bytes(data)
        try:
            roster = load_roster(trial)
        except DianpingError as exc:
            trial.unlink()
            return back("/", err=str(exc))
        trial.replace(workspace.folder / ROSTER)
        return back("/", msg=f"名册已更新:{len(roster.units)} 个单位。")

    async def roster_blank(request: Request):
        target = workspace.folder / "空白单位名册.xlsx"
        if not target.exists():
            write_roster(target)
        return _download(target)

    making_templates = threading.Lock()

    async def templates_page(request: Request):
        return page(request, "templates.html", roster=workspace.roster, period_zh=workspace.period.zh)

    def templates_zip(request: Request):
        # a plain function: Starlette runs it in a thread, so the pages stay live while a roster's
        # templates are made (130 units: about 15 s); one at a time, as they share a folder
        per_unit = request.query_params.get("roster") == "1" and workspace.roster is not None
        folder = workspace.templates / ("各单位" if per_unit else "空白")
        roster = load_roster(workspace.roster) if per_unit else None
        with making_templates:
            made, forms = write_templates(folder, roster=roster, force=True, period=workspace.period)
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
                for path in [*made, *forms]:
                    zf.write(path, path.name)
        name = "各单位模板.zip" if per_unit else "空白模板.zip"
        return Response(buffer.getvalue(), media_type="application/zip", headers=_attachment(name))

    async def inbox_page(request: Request):
        last = workspace.last() or {}
        units = {u["file"]: u for u in last.get("units", [])}
        return page(request, "inbox.html", files=_files(workspace.inbox()), units=units,
                    mail=mail_info(workspace.inbox()))

    async def inbox_upload(request: Request):
        form = await request.form()
        saved, refused = [], []
        for upload in form.getlist("files"):
            if not getattr(upload, "filename", ""):
                continue
            if Path(upload.filename).name.startswith((".", "~$")):  # a folder's hidden files, Office lock files
                continue
            try:
                saved += add_to_inbox(workspace.inbox(), upload.filename, await upload.read())
            except DianpingError as exc:
                refused.append(str(exc))
        return back("/inbox", msg=f"已放入收件箱 {len(saved)} 个文件。" if saved else "", err=" ".join(refused))

    async def inbox_fetch(request: Request):
        """The period's mail from the office mailbox into the inbox (read-only, progress shown);
        the password typed for this fetch only, never kept."""
        form = await request.form()
        s = workspace.settings
        password = str(form.get("password", ""))
        if not (s.mail_host and s.mail_from and password):
            return back("/inbox", err="收取前请在“本期”页填写本单位邮箱和收信服务器,并在这里输入邮箱授权码。")
        account = MailAccount(s.mail_host, s.mail_from, password, int(s.mail_port or 0), s.mail_security or "ssl")
        inbox, period = workspace.inbox(), workspace.period

        def work(task):
            def total(n):
                task.total = n

            report = fetch_mail(account, inbox, period=period, progress=task.step, total=total)
            return f"新收取 {len(report.new)} 封邮件,保存表格文件 {len(report.saved)} 个。"

        return run_in_background("收取邮件", 0, work, "/inbox")

    async def merge_page(request: Request):
        return page(request, "merge.html", last=workspace.last())

    async def merge_start(request: Request):
        inbox = workspace.inbox()
        inbox.mkdir(parents=True, exist_ok=True)
        files = inbox_files(inbox)
        settings_now, roster, previous = workspace.settings, workspace.roster, workspace.previous_results
        period, due = workspace.period, workspace.due

        def work(task):
            result = merge_inbox(inbox, period=period, roster=roster, due=due, unit_name=settings_now.office,
                                 previous=previous if period.half == "H2" else None, files=files,
                                 progress=task.step)
            if result.summary.no_reports:
                raise DianpingError("收件箱中没有任何报表:请先到“收件”页放入各单位报来的文件。")
            written = write_summary(result, workspace.results(), unit_name=settings_now.office)
            workspace.remember(merge_state(result, written, workspace.folder))
            return written

        return run_in_background("审核汇总", len(files), work, "/merge")

    async def progress(request: Request):
        return page(request, "progress.html", fragment=True)  # polled by htmx while a task runs

    async def send_page(request: Request):
        results, plans, problem = workspace.results(), [], ""
        s = workspace.settings
        if any(results.glob("汇总表_*.xlsx")):
            try:
                plans = plan_mail(results, sender=s.mail_from or "office@example.gov.cn", sender_name=s.office,
                                  roster=workspace.roster, up=s.up, due=workspace.due, dry_run=True)
            except DianpingError as exc:
                problem = str(exc)
        return page(request, "send.html", plans=plans, problem=problem)

    async def send_now(request: Request):
        """The messages previewed, sent: the password typed for this send only, never kept."""
        form = await request.form()
        s = workspace.settings
        password, force = str(form.get("password", "")), form.get("force") == "1"
        if not (s.mail_from and s.smtp_host and password):
            return back("/send", err="发送前请在“本期”页填写本单位发信邮箱和发信服务器,并在这里输入邮箱授权码。")
        results = workspace.results()

        def work(task):
            plans = plan_mail(results, sender=s.mail_from, sender_name=s.office, roster=workspace.roster,
                              up=s.up, due=workspace.due, dry_run=True, force=force)
            account = MailAccount(s.smtp_host, s.mail_from, password, int(s.smtp_port or 0), s.mail_security or "ssl")
            task.total = len(plans)
            outcomes = send_mail(results, plans, account, sender=s.mail_from, sender_name=s.office)
            task.done = task.total
            return [(item.kind, item.unit, item.to, outcome.text) for item, outcome in outcomes]

        return run_in_background("发送邮件", 0, work, "/send")

    async def up_page(request: Request):
        inbox = workspace.inbox()
        upward = [p for p in _files(inbox) if p.name.startswith("上报_") or p.name.startswith("汇总表_")]
        return page(request, "up.html", upward=upward, last=workspace.last())

    async def download(request: Request):
        path = workspace.inside(request.query_params.get("path", ""))
        if path is None:
            return HTMLResponse("只能下载工作台文件夹中的文件。", status_code=404)
        return _download(path)

    routes = [
        Route("/", home), Route("/settings", settings, methods=["POST"]),
        Route("/roster", roster_upload, methods=["POST"]), Route("/roster/blank", roster_blank),
        Route("/templates", templates_page), Route("/templates/zip", templates_zip),
        Route("/inbox", inbox_page), Route("/inbox/upload", inbox_upload, methods=["POST"]),
        Route("/inbox/fetch", inbox_fetch, methods=["POST"]),
        Route("/merge", merge_page), Route("/merge/start", merge_start, methods=["POST"]),
        Route("/merge/progress", progress), Route("/send", send_page), Route("/send/now", send_now, methods=["POST"]),
        Route("/up", up_page),
        Route("/download", download), Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    app = Starlette(routes=routes)
    app.add_middleware(_Guard, token=token, hosts=hosts)
    return app


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_file()) if folder.is_dir() else []


def _attachment(name: str) -> dict:
    from urllib.parse import quote

    return {"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"}


def _download(path: Path) -> FileResponse:
    return FileResponse(path, headers=_attachment(path.name))


class _Guard:
    """Every request: a Host of this machine, and the token (from the first address, kept in a
    cookie). Anything else is refused before it reaches a page."""

    def __init__(self, app, token: str, hosts: tuple[str, ...]):
        self.app, self.token, self.hosts = app, token, hosts

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        request = Request(scope)
        host = (request.headers.get("host") or "").rsplit(":", 1)[0].strip("[]")
        if host not in self.hosts:
            return await HTMLResponse("拒绝访问:只接受本机地址。", status_code=403)(scope, receive, send)
        if request.query_params.get("token") == self.token:
            response = RedirectResponse(request.url.path, status_code=303)
            response.set_cookie(COOKIE, self.token, httponly=True, samesite="strict")
            return await response(scope, receive, send)
        if request.cookies.get(COOKIE) != self.token:
            return await HTMLResponse("请用启动工作台时显示的地址(带 token)打开本页。", status_code=403)(scope, receive, send)
        return await self.app(scope, receive, send)
