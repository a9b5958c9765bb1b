"""本期 → 从通知生成: a notice (Word or a blank workbook) read into a draft definition, shown
beside the document's own tables, and taken as the workspace's notice when the clerk agrees.

The notice is a file from outside: it goes through the library as any input (pre-scanned, limits,
no DOCTYPE); the draft is written into 通知定义/草稿/ and moves into 通知定义/ only when taken."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.routing import Route

from ..api import DianpingError, draft_notice, load_notice
from .helpers import clean_upload_name, said
from .noticefiles import draft_refusal
from .workspace import NOTICES, Workspace

DRAFTS = "草稿"
SUFFIXES = (".docx", ".doc", ".wps", ".rtf", ".odt", ".xlsx", ".xls", ".ods", ".et")
MAX_NOTICE = 20 * 1024 * 1024


def spans(grid) -> list[list[tuple[str, int, int]]]:
    """The document's table as rows of (text, rowspan, colspan): a merged cell once, at its origin."""
    places: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for r, row in enumerate(grid.rows):
        for c, cell in enumerate(row):
            places.setdefault(cell.origin, []).append((r, c))
    first = {min(ps): (max(r for r, _ in ps) - min(r for r, _ in ps) + 1, max(c for _, c in ps) - min(c for _, c in ps) + 1)
             for ps in places.values()}
    return [[(cell.text, *first[(r, c)]) for c, cell in enumerate(row) if (r, c) in first]
            for r, row in enumerate(grid.rows)]


def read_tables(notice) -> list[dict]:
    """What the draft understood of each table, drawn as the template will draw it."""
    out = []
    for table in notice.tables.tables:
        rows = [(row.metric, rnd, row.base) for row in table.rows for rnd in (row.rounds or ("",))]
        out.append({"key": table.key, "title": table.title, "blocks": table.blocks, "rows": rows,
                    "header": table.header or notice.tables.header_label, "rounds": any(r.rounds for r in table.rows),
                    "sums": [s.said() for s in table.sums]})
    return out


def draft_routes(workspace: Workspace, page, back, posted) -> list[Route]:
    state: dict = {}

    async def draft_upload(request: Request, form):
        upload = form.get("document")
        raw = str(getattr(upload, "filename", "") or "")
        name = clean_upload_name(raw)[0] if raw else ""
        if not name or Path(name).suffix.lower() not in SUFFIXES:
            return back("/", err="请选择通知的 Word 文件(.docx、.doc)或它的空白表(.xlsx、.xls)。")
        if (upload.size or 0) > MAX_NOTICE:
            return back("/", err=f"“{name}”超过 20 MB,不像一份通知,没有读取。")
        data = await upload.read()
        try:
            state.update(await run_in_threadpool(_draft, workspace, name, data))
        except DianpingError as exc:
            return back("/", err=said(exc))
        return back("/notice/draft")

    async def draft_page(request: Request):
        if "draft" not in state:
            return back("/", err="还没有从通知生成定义:请在“本期”页选择通知文件。")
        return page(request, "notice_draft.html", **state)

    async def draft_use(request: Request, form):
        if "draft" not in state:
            return back("/", err="还没有从通知生成定义。")
        draft = state["draft"]
        try:  # never over another notice's file in 通知定义, never under another notice's id
            refused, renamed = await run_in_threadpool(draft_refusal, workspace, draft.notice, draft.tables)
        except (DianpingError, OSError) as exc:
            return back("/notice/draft", err=f"草稿无法采用:{exc}")
        if refused:
            return back("/notice/draft", err=refused)
        folder = workspace.contained(workspace.folder / NOTICES)
        for path in (draft.tables, draft.notice):  # the tables first: the notice names them
            path.replace(workspace.contained(folder / path.name))
        settings, chosen = workspace.settings, f"{NOTICES}/{draft.notice.name}"
        try:  # the notice followed until now keeps its folders and deadlines
            settings.dues, settings.other_dues = await run_in_threadpool(
                workspace.notice_switched, settings.dues, settings.other_dues, workspace.load_notice(chosen))
        except DianpingError:
            pass  # said when it is followed (本期: 选定的通知定义无法使用)
        settings.notice, settings.period = chosen, ""
        await run_in_threadpool(workspace.save, settings)
        state.clear()
        return back("/", msg=f"已采用从通知生成的定义:{workspace.notice.name}。{renamed}以后可在 {NOTICES} 文件夹中修改它。")

    return [Route("/notice/draft", draft_page), Route("/notice/draft/upload", posted(draft_upload), methods=["POST"]),
            Route("/notice/draft/use", posted(draft_use), methods=["POST"])]


def _draft(workspace: Workspace, name: str, data: bytes) -> dict:
    """The notice read in a folder of the workspace; the draft written into 通知定义/草稿/."""
    drafts = workspace.contained(workspace.folder / NOTICES / DRAFTS)
    drafts.mkdir(parents=True, exist_ok=True)
    trial = Path(tempfile.mkdtemp(prefix=".tmp-通知-", dir=workspace.folder))
    try:
        source = trial / name
        source.write_bytes(data)
        draft = draft_notice(source, drafts / f"{Path(name).stem}.toml")
    finally:
        shutil.rmtree(trial, ignore_errors=True)
    notice = load_notice(str(draft.notice), within=workspace.folder)
    found = [{"key": f.key, "title": f.title, "where": f.where, "problem": f.problem,
              "rows": spans(f.grid) if f.grid is not None and f.grid.rows else []} for f in draft.found]
    return {"draft": draft, "source": name, "notice": notice, "found": found, "read": read_tables(notice),
            "gaps": draft.told_gaps(), "forms": draft.forms, "guesses": draft.told_guesses(), "kept": draft.kept}
