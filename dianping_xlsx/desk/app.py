"""The desk's web app (Starlette + Jinja2 + htmx): each page a step of the half-year.

Safe by construction, against another page open on the same machine as much as against the
network: the server listens on 127.0.0.1 only (server.py); every request carries the random token
given at start (a cookie of this desk set from the first address, on a host name made for this run so
that no other web server of this machine is ever sent it: guard.py) and a Host of this machine; a request that
changes anything (every POST; no GET changes anything) must come from the desk's own page (its
Origin, else its Referer, is the desk itself: SameSite cookies do not tell ports apart) and carry
the form's own token (a hidden field, made from a secret of this run and the form's action).
Every path read or written is inside the workspace and reached without a link (workspace.py);
uploaded names are cleaned and files go through the library as any input; bodies are limited
before they are read; each answer says what the browser may run (Content-Security-Policy).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import tempfile
import threading
import zipfile
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlencode

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, RedirectResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from .. import __version__
from ..api import (MAIL_FOLDER, OUTBOX, DianpingError, LinkRefused, fetch_mail, handed_still, inbox_files, make_folder,
                   resubmit_deadlines, summaries_in, load_roster, mail_info, merge_inbox, template_files,
                   templates_state_due, write_file, write_summary, write_templates)
from .drafts import draft_routes
from .guard import Guard, TooLarge, plain_page
from .home import home_routes
from .inbox import fetched_lines, put_uploads
from .mailsettings import fetch_account
from .helpers import clock, download_response, files_of, in_inbox, office_named, plain_file, size_of, when
from .sending import Outbox
from .state import merge_state
from .tasks import Tasks
from .workspace import Outside, Workspace

STATIC = Path(__file__).parent / "static"
PAGES = [("/", "本期"), ("/templates", "模板"), ("/inbox", "收件"), ("/merge", "审核汇总"), ("/send", "发送"),
         ("/up", "上级")]
MAX_FILES = 5000  # files in one upload (a folder)
TOO_MANY_FILES = "Too many files"  # how Starlette's form parser says an upload has more than MAX_FILES
MAX_NOTES = 200  # messages kept for their pages (a page reloaded says its message again)


def create_app(workspace: Workspace, token: str, hosts: tuple[str, ...] = ("127.0.0.1", "localhost")) -> Starlette:
    env = Environment(loader=PackageLoader("dianping_xlsx.desk", "templates"), autoescape=select_autoescape())
    tasks = Tasks()
    secret = hashlib.sha256(b"dianping-desk-forms|" + token.encode() + secrets.token_bytes(32)).digest()
    notes: dict[str, tuple] = {}  # what the desk said after a POST, by a random id: (message, error, form)

    def form_token(action: str) -> str:
        """The token of the form posting to ``action``: only the desk's own pages know it."""
        return hmac.new(secret, action.encode("utf-8"), hashlib.sha256).hexdigest()[:32]

    env.globals["form_token"] = form_token
    env.globals["csrf"] = lambda action: Markup(f'<input type="hidden" name="csrf" value="{form_token(action)}">')

    def page(request: Request, name: str, status_code: int = 200, **context) -> HTMLResponse:
        here, period = _page_of(request.url.path), workspace.period
        message, error, form = notes.get(request.query_params.get("note", ""), ("", "", None))
        form = form or {}
        context.update(clock=clock, pages=PAGES, here=request.url.path, ws=workspace, settings=workspace.settings,
                       period=period, version=__version__, task=tasks.shown(here, str(period)),
                       busy=tasks.busy_elsewhere(here, str(period)), message=message, error=error,
                       typed=form.get("typed", {}), beside=form.get("beside", {}))
        return HTMLResponse(env.get_template(name).render(**context), status_code=status_code)

    def back(path: str, msg: str = "", err: str = "", form: dict | None = None) -> RedirectResponse:
        """Back to ``path``, saying ``msg`` or ``err``: the words stay here, the address carries only
        a random id of them, so that no other page can put its words in the desk's message boxes.
        ``form``: what a form not (wholly) saved shows again: {"typed": the fields as typed,
        "beside": a field's message, said next to it}."""
        if not (msg or err or form):
            return RedirectResponse(path, status_code=303)
        key = secrets.token_urlsafe(12)
        notes[key] = (msg, err, form)
        while len(notes) > MAX_NOTES:
            notes.pop(next(iter(notes)))
        return RedirectResponse(f"{path}?{urlencode({'note': key})}", status_code=303)

    def run_in_background(name: str, total: int, work, where: str, period) -> RedirectResponse:
        """Start a task (one at a time) for ``period`` and go back to its page, which shows its
        progress and outcome (no other page, no other period does)."""
        try:
            tasks.start(name, total, work, page=where, period=period)
        except DianpingError as exc:
            return back(where, err=str(exc))
        return back(where)

    def posted(handler):
        """A POST route: its form read within limits (files spooled to disk, never whole into
        memory) and its token checked; a wrong or missing token is refused."""

        async def checked(request: Request):
            try:
                form = await request.form(max_files=MAX_FILES, max_fields=200)
            except TooLarge:
                raise
            except Exception as exc:  # noqa: BLE001 - a malformed or oversized body: refused, said plainly
                if TOO_MANY_FILES in str(getattr(exc, "detail", exc)):  # a folder too big: its page says so
                    return back(_page_of(request.url.path), err=f"一次最多放入 {MAX_FILES} 个文件,这次选了更多,"
                                "一个也没有放入。请分几次放入:每次选一部分文件,或先把文件夹分成几个小文件夹。")
                return HTMLResponse("请求无法读取(内容不完整或过大)。", status_code=400)
            given = str(form.get("csrf", "")) or request.headers.get("x-desk-token", "")
            if not secrets.compare_digest(given.encode(), form_token(request.url.path).encode()):
                return HTMLResponse("拒绝:这个请求不是从工作台本身的页面发出的(或页面已过期,请刷新后重试)。",
                                    status_code=403)
            try:
                return await handler(request, form)
            except (Outside, LinkRefused) as exc:  # a link planted in the workspace: nothing written through it
                return back(_page_of(request.url.path), err=str(exc))

        return checked

    # -- 模板 ---------------------------------------------------------------------------

    async def templates_page(request: Request):
        notice, identity = workspace.notice, _identity(workspace.notice)
        made, stale = [], 0
        for name in ("空白模板.zip", "各单位模板.zip"):
            # this period's of this notice, else an older desk's one folder's when made for this notice:
            # never another notice's templates
            found = [p for p in (workspace.templates / name, workspace.old_templates / name) if plain_file(workspace, p)]
            mine = [p for p in found if _made_for(p) == identity]
            made += mine[:1]
            stale += bool(found) and not mine
        return page(request, "templates.html", roster=workspace.roster, period_zh=workspace.period.zh, notice=notice,
                    files=template_files(notice), stale=stale, due=workspace.due_text(),
                    states_due=templates_state_due(notice),
                    made=[(p.name, p.relative_to(workspace.folder).as_posix(), when(p)) for p in made])

    def _identity(notice) -> str:  # and the deadline the templates state (填表说明), as set on 本期
        return f"{notice.id}\n{notice.source}\n{workspace.due_text()}"

    def _made_for(archive: Path) -> str:
        """The notice a templates zip was made for (written beside it), "" when not known."""
        beside = archive.with_name(f".{archive.name}.notice")
        try:
            return beside.read_text(encoding="utf-8") if plain_file(workspace, beside) else ""
        except OSError:
            return ""

    async def templates_zip(request: Request, form):
        """The templates made in the background (a county's 130 units take a while), with
        progress; then downloaded as a zip from the page. Made in the period's folder of the notice
        followed (its own 模板/): another notice's, or another period's, neither mixed in nor replaced."""
        per_unit = form.get("roster") == "1" and workspace.roster is not None
        roster_path, period, notice = workspace.roster, workspace.period, workspace.notice
        here = workspace.templates_of(period, notice)
        folder = workspace.contained(here / ("各单位" if per_unit else "空白"))
        archive = workspace.contained(here / ("各单位模板.zip" if per_unit else "空白模板.zip"))
        marker = workspace.contained(archive.with_name(f".{archive.name}.notice"))  # a link there: refused now
        due, identity = workspace.due(period), _identity(notice)  # the deadline set on 本期: 填表说明 states it

        def work(task):
            workspace.mark(period, notice)  # the period's folder is this notice's from now on
            roster = load_roster(roster_path, notice=notice) if per_unit else None
            # the files a unit gets: its tables, two forms and the tally, its ledgers (then the zip)
            each = 1 + 3 * bool(notice.forms) + (len(notice.ledgers.ledgers) if notice.ledgers else 0)
            task.total = (len(roster.units) if roster is not None else 1) * each + 1
            done = threading.Event()

            def count():  # what has been written so far, into the folder's temp folder
                while not done.wait(0.3):
                    task.done = min(task.total - 1, sum(1 for _ in folder.glob(".tmp-*/*")))

            threading.Thread(target=count, daemon=True).start()
            try:
                made, forms = write_templates(folder, roster=roster, force=True, period=period, notice=notice, due=due)
            finally:
                done.set()
            fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=workspace.contained(archive).parent)
            with open(fd, "wb") as fh, zipfile.ZipFile(fh, "w", zipfile.ZIP_DEFLATED) as zf:
                for path in [*made, *forms]:
                    zf.write(path, path.name)
            Path(tmp).replace(workspace.contained(archive))
            write_file(workspace.contained(marker), identity)
            task.done = task.total
            return archive.relative_to(workspace.folder).as_posix()

        return run_in_background("生成模板", 0, work, "/templates", period)

    # -- 收件 ---------------------------------------------------------------------------

    async def inbox_page(request: Request):
        last = await run_in_threadpool(workspace.last) or {}
        units = {u["file"]: u for u in last.get("units", [])}
        inbox = workspace.inbox()
        files = await run_in_threadpool(files_of, inbox, workspace)
        mail = await run_in_threadpool(mail_info, inbox) if files else {}
        taken = await run_in_threadpool(handed_still, inbox) if files else {}  # put in on this page
        named = [(in_inbox(p, inbox), p) for p in files]  # 乡镇/烟溪镇党委/统计表.xlsx, as merge and the records name it
        return page(request, "inbox.html", files=named, units=units, mail=mail, taken=taken,
                    sizes={name: size_of(p) for name, p in named})

    async def inbox_upload(request: Request, form):
        inbox = workspace.contained(workspace.inbox())
        uploads = [u for u in form.getlist("files") if getattr(u, "filename", "")]
        msg, err = await run_in_threadpool(put_uploads, inbox, uploads, workspace.notice,
                                           (workspace.settings.mail_from,))
        return back("/inbox", msg=msg, err=err)

    async def inbox_aside(request: Request, form):
        """A file wrongly put in the inbox moved out of it, into 移出的文件 (never deleted)."""
        name = str(form.get("name", ""))  # its path below the inbox (乡镇/烟溪镇党委/统计表.xlsx)
        inbox = workspace.contained(workspace.inbox())
        parts = name.split("/")
        if not name or "\\" in name or any(p in ("", ".", "..") for p in parts) or parts[0] == MAIL_FOLDER:
            return back("/inbox", err="没有这个文件。")
        try:
            source = workspace.contained(inbox / name)
            missing = not source.is_file() or source.is_symlink()
        except OSError:  # a name longer than any file's (ENAMETOOLONG)
            missing = True
        if missing:
            return back("/inbox", err=f"收件箱中没有“{name}”。")
        aside = workspace.contained(workspace.aside())

        def move() -> Path:
            make_folder(aside)
            stem, suffix = source.stem, source.suffix
            n, target = 1, aside / source.name
            while target.exists():
                n += 1
                target = aside / f"{stem}_{n}{suffix}"
            source.rename(target)
            return target

        target = await run_in_threadpool(move)
        return back("/inbox", msg=f"已把“{name}”移出收件箱,放在“{target.parent}”中(没有删除)。再审核汇总一次,结果就不含它了。")

    async def inbox_fetch(request: Request, form):
        """The period's mail from the office mailbox into the inbox (read-only, progress shown);
        the password typed for this fetch only, never kept."""
        s = workspace.settings
        password = str(form.get("password", ""))
        if not (s.mail_host and s.mail_from and password):
            return back("/inbox", err="收取前请在“本期”页填写本单位邮箱和收信服务器,并在这里输入邮箱授权码。")
        try:
            account = fetch_account(workspace, s, password)
        except DianpingError as exc:
            return back("/inbox", err=str(exc))
        inbox, period, notice = workspace.contained(workspace.inbox()), workspace.period, workspace.notice

        def work(task):
            def total(n):
                task.total = n

            report = fetch_mail(account, inbox, period=period, progress=task.step, total=total, notice=notice)
            return fetched_lines(report)

        return run_in_background("收取邮件", 0, work, "/inbox", period)

    # -- 审核汇总 -------------------------------------------------------------------------

    async def merge_page(request: Request):
        return page(request, "merge.html", last=await run_in_threadpool(workspace.last))

    async def merge_start(request: Request, form):
        # everything the task uses and where it files its results is fixed now: the period or the
        # settings changed while it runs (on this page, in another tab) do not move its results
        if not office_named(workspace.settings.office):
            return back("/merge", err="审核汇总前请在“本期”页填写本单位名称(汇总表和上报文件上的填报单位),保存后再审核汇总。")
        # the period keeps the roster it is merged with: a roster uploaded later for a later period
        # never changes it (nor makes its merge out of date)
        await run_in_threadpool(workspace.keep_roster, workspace.period)
        now = desk_now()
        settings_now, roster, previous, period, notice = now.settings, now.roster, now.previous, now.period, now.notice
        inbox, results = workspace.contained(workspace.inbox(period)), workspace.contained(workspace.results(period))
        workspace.contained(results / OUTBOX)  # where its mails are prepared: a link there refused before anything is written
        due, basis = workspace.due(period), workspace.basis(period)  # the roster and settings this merge is of

        def work(task):
            make_folder(inbox)
            files = inbox_files(inbox)
            read = workspace.inbox_prints(period, files)  # what this merge reads: a file put in later makes it stale
            task.total = len(files)
            result = merge_inbox(inbox, period=period, roster=roster, due=due, unit_name=settings_now.office,
                                 resubmit=resubmit_deadlines(results),
                                 previous=previous if not period.first_of_year else None, files=files,
                                 progress=task.step, notice=notice)
            if result.no_reports:
                raise DianpingError("收件箱中没有任何报表:请先到“收件”页放入各单位报来的文件。")
            written = write_summary(result, results, unit_name=settings_now.office)
            state = merge_state(result, written, workspace.folder)
            # the record names the files it describes, by size and time: a desk stopped between the
            # outputs and this line finds them apart and says the merge did not finish
            state["files"] = workspace.fingerprints(
                [d["path"] for d in state["downloads"]] + [r["return_file"] for r in state["returned"]
                                                           if r["return_file"]])
            state["basis"], state["inbox"] = basis, read
            workspace.remember(state, period, notice)
            outbox.prepare(results, now)  # the mails prepared before were of the last merge
            return written

        return run_in_background("审核汇总", 0, work, "/merge", period)

    async def progress(request: Request):
        task = tasks.shown("/merge", str(workspace.period))
        response = page(request, "progress.html", fragment=True)
        if task is not None and task.finished and not task.error and task.name == "审核汇总":
            response.headers["HX-Redirect"] = "/merge"
        return response

    # -- 发送 ---------------------------------------------------------------------------

    def desk_now() -> SimpleNamespace:
        """What a task works with, read once at its start: the settings, roster, notice, period and its units' deadline."""
        period = workspace.period
        return SimpleNamespace(settings=workspace.settings, roster=workspace.roster, notice=workspace.notice,
                               period=period, previous=workspace.previous_results(period), due=workspace.due(period))

    outbox = Outbox(SimpleNamespace(workspace=workspace, tasks=tasks, page=page, back=back, posted=posted,
                                    run_in_background=run_in_background, desk_now=desk_now))

    # -- 上级, downloads -------------------------------------------------------------------

    async def up_page(request: Request):
        files = await run_in_threadpool(files_of, workspace.inbox(), workspace)
        upward = await run_in_threadpool(lambda: summaries_in(files, notice=workspace.notice))  # by what they are: mail saves them as 0629-1000_…
        return page(request, "up.html", upward=upward, last=await run_in_threadpool(workspace.last),
                    notice=workspace.notice)

    async def download(request: Request):
        relative = request.query_params.get("path", "")
        if "\0" in relative or not relative:
            return HTMLResponse("文件路径无效。", status_code=400)
        try:
            path = workspace.inside(relative)
        except OSError:  # a name longer than any file's (ENAMETOOLONG): no such file
            path = None
        if path is None:
            return HTMLResponse("只能下载工作文件夹中的文件(不经过快捷链接)。", status_code=404)
        return download_response(path)

    async def favicon(request: Request):
        return FileResponse(STATIC / "favicon.svg", media_type="image/svg+xml")

    routes = [
        *home_routes(SimpleNamespace(workspace=workspace, page=page, back=back, posted=posted, pages=PAGES)),
        *draft_routes(workspace, page, back, posted),
        Route("/templates", templates_page), Route("/templates/zip", posted(templates_zip), methods=["POST"]),
        Route("/inbox", inbox_page), Route("/inbox/upload", posted(inbox_upload), methods=["POST"]),
        Route("/inbox/aside", posted(inbox_aside), methods=["POST"]),
        Route("/inbox/fetch", posted(inbox_fetch), methods=["POST"]),
        Route("/merge", merge_page), Route("/merge/start", posted(merge_start), methods=["POST"]),
        Route("/merge/progress", progress), *outbox.routes(),
        Route("/up", up_page), Route("/favicon.ico", favicon),
        Route("/download", download), Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    app = Starlette(routes=routes, exception_handlers={404: not_here, 405: not_here})
    app.state.form_token = form_token  # for the tests, which post as the desk's own pages do
    app.add_middleware(Guard, token=token, hosts=hosts)
    return app


NOT_HERE = {404: ("没有这个页面", "工作台没有这个地址的页面,可能是地址输错了,或者是旧的书签。"),
            405: ("不能直接打开这个地址", "这个地址只接受页面上按钮的提交,不能在地址栏中直接打开。")}


async def not_here(request: Request, exc) -> HTMLResponse:
    """An address the desk does not have, or a form's address opened as a page: said in Chinese."""
    status = getattr(exc, "status_code", 404)
    response = plain_page(*NOT_HERE.get(status, NOT_HERE[404]), status)
    for name, value in (getattr(exc, "headers", None) or {}).items():
        response.headers[name] = value  # 405: which methods it takes (Allow)
    return response


def _page_of(path: str) -> str:
    top = "/" + path.strip("/").split("/")[0]
    return top if top in {p for p, _ in PAGES} else "/"
