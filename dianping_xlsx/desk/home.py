"""本期: the office, the period and the mail settings; the roster; the notice followed (a shipped
one, or one uploaded with the sets it names, kept only when it loads whole)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..api import (DEFAULT_LIMITS, DianpingError, definition_text, load_notice, load_roster, toml_loads,
                   write_roster)
from ..errors import NOTICE_DRAFT
from .helpers import REMEDIES, XLSX, attachment, china_today, clean_upload_name, files_of, office_refusal, said
from .mailsettings import SECURITY_ZH, mail_problem
from .noticefiles import upload_refusal
from .state import next_step
from .workspace import NOTICES, Settings

TYPED = ("office", "period_year", "period_half", "due", "up", "mail_from", "mail_host", "mail_port", "smtp_host",
         "smtp_port", "mail_security", "mail_cafile")  # the 本期 form's fields, shown as typed when not saved
NOTICE_DOCUMENTS = (".docx", ".doc", ".wps", ".xlsx", ".xls")  # what 从通知生成 reads (home.html's accept)
MAX_FILE = int(DEFAULT_LIMITS.max_file_mb * 1024 * 1024)  # one uploaded file (a unit's workbook, a roster)


def home_routes(desk) -> list[Route]:
    """The routes of 本期; ``desk`` holds the workspace and the app's helpers (page, back, posted)."""
    workspace, page, back, pages = desk.workspace, desk.page, desk.back, desk.pages

    async def home(request: Request):
        last = await run_in_threadpool(workspace.last)
        files = await run_in_threadpool(files_of, workspace.inbox(), workspace)
        years = list(range(china_today().year + 1, 2009, -1))  # the notice's periods began in 2010
        if workspace.period.year not in years:
            years.append(workspace.period.year)
        notice = workspace.notice
        step = await run_in_threadpool(next_step, workspace, last)  # reads the sent log, the upward workbook
        in_inbox = len(await run_in_threadpool(workspace.inbox_prints))  # as it is now, not as last merged
        return page(request, "home.html", last=last, step=step, files=files, in_inbox=in_inbox, years=years,
                    halves=[(p.half, p.name) for p in notice.calendar.periods], securities=SECURITY_ZH,
                    notice=notice, notices=await run_in_threadpool(workspace.notices),
                    notice_problem=workspace.notice_problem)

    async def settings(request: Request, form):
        """Only the fields the form carries change: what another form sets is kept. A 本单位名称 that
        names nothing is refused alone (said beside it), the rest saved; a form refused is shown as typed."""
        now, before = workspace.settings, str(workspace.period)  # the period the page was shown for
        values = {k: getattr(now, k) for k in Settings.__dataclass_fields__}
        for key in values:
            if key in form and key not in ("dues", "other_dues"):
                values[key] = str(form.get(key, "")).strip()
        if "period_year" in form and "period_half" in form:
            values["period"] = f"{str(form['period_year']).strip()}-{str(form['period_half']).strip()}"
        typed = {key: str(form.get(key, "")) for key in TYPED if key in form}
        refusal = office_refusal(values["office"], workspace.notice.office) if "office" in form else ""
        beside = {"office": refusal} if refusal else {}
        if refusal:  # the 填报单位 of the summary, the name the mails are signed with: the one saved stays
            values["office"] = now.office
        kept = {"typed": typed, "beside": beside}
        changed = values["notice"] != now.notice
        try:
            notice = await run_in_threadpool(workspace.load_notice, values["notice"])
        except DianpingError as exc:
            if changed:
                return back("/", err=str(exc), form=kept)
            notice = workspace.notice  # the saved choice broke since: the default the page says it uses
        cleared = False
        if changed:  # the clerk's year kept; the old notice's deadlines kept aside for it, not the new one's
            if values["period"] == now.period:
                values["period"] = _same_year(notice, now.period)
            cleared = bool(values["dues"]) or bool(values["resubmit"] and values["resubmit"] == now.resubmit)
            values["dues"], values["other_dues"] = await run_in_threadpool(
                workspace.notice_switched, values["dues"], values["other_dues"], notice)
            if values["resubmit"] == now.resubmit:
                values["resubmit"] = ""
        try:
            period = notice.period(values["period"] or None)
        except ValueError as exc:  # in the notice's own words: 应为 2027-H1(年度), 本通知只有…一期
            return back("/", err=f"{exc}。期次请选择年份和通知的期次,没有保存。", form=kept)
        try:
            due = _due_given(form, values, workspace.due_text(), period, before, changed)
            _check_dates_and_ports(values)
        except ValueError:
            return back("/", err=f"日期写成 {period.example_day.isoformat()};端口是 1–65535 的数字(不填用常用端口)。"
                                 "没有保存。", form=kept)
        if due is not None and period.due_refusal(due):  # another period's date: every lateness would be wrong
            return back("/", err=period.due_refusal(due, "报送截止日期") + "没有保存。", form=kept)
        if values["mail_security"] not in SECURITY_ZH:
            values["mail_security"] = "ssl"
        refused = await run_in_threadpool(mail_problem, workspace, values, form)
        if refused:
            return back("/", err=refused, form=kept)
        await run_in_threadpool(workspace.save, Settings(**values))
        said = _saved_words(workspace, notice, period, before, changed, cleared) + _doubt(period, due)
        if beside:  # the rest is kept; the name as typed, its refusal beside it
            said = "除本单位名称外," + said if said.startswith("已保存") else said + "本单位名称没有保存(见下方说明)。"
        target = str(form.get("back", "/")) if str(form.get("back", "")) in {p for p, _ in pages} else "/"
        return back(target, msg=said, form={"typed": {"office": typed["office"]}, "beside": beside} if beside else None)

    async def roster_upload(request: Request, form):
        upload = form.get("roster")
        if upload is None or not getattr(upload, "filename", ""):
            return back("/", err="请选择名册文件。")
        name, _ = clean_upload_name(upload.filename)
        if (upload.size or 0) > MAX_FILE:
            return back("/", err=f"“{name}”超过 {DEFAULT_LIMITS.max_file_mb:g} MB,不像单位名册,没有使用。")
        data = await upload.read()
        period = workspace.period  # the roster is this period's and the following periods'

        def check_and_keep():
            # tried under the upload's own name (what the messages say), in a folder of the workspace
            trial_dir = Path(tempfile.mkdtemp(prefix=".tmp-名册-", dir=workspace.folder))
            try:
                trial = trial_dir / name
                trial.write_bytes(data)
                try:
                    roster = load_roster(trial, notice=workspace.notice)
                except DianpingError as exc:  # said with the upload's own name, not the trial's path
                    raise DianpingError(said(exc).replace(str(trial), name)) from None
                workspace.keep_roster(period, data)
                return roster
            finally:
                shutil.rmtree(trial_dir, ignore_errors=True)

        try:
            roster = await run_in_threadpool(check_and_keep)
        except DianpingError as exc:
            return back("/", err=str(exc))
        return back("/", msg=f"名册已更新:{len(roster.units)} 个单位。这是{period.zh}的名册,以后各期沿用(另行上传的除外);"
                             "已审核汇总的期次仍用汇总时的名册。" + "".join(roster.notes()))

    async def notice_upload(request: Request, form):
        """A notice definition (and the table, form or ledger sets it names, chosen together) kept
        in the workspace's 通知定义 folder and followed from now on — only when it loads whole."""
        uploads = [u for u in form.getlist("notice") if getattr(u, "filename", "")]
        if not uploads:
            return back("/", err="请选择通知定义文件(.toml),可以连同它引用的表格定义文件一起选择。")
        named = []
        for upload in uploads:
            name, _ = clean_upload_name(upload.filename)
            if not name.lower().endswith(".toml") or (upload.size or 0) > 1024 * 1024:
                notice = Path(name).suffix.lower() in NOTICE_DOCUMENTS  # the notice itself: drafted from, never used
                return back("/", err=f"“{name}”不是通知定义文件(.toml,不超过 1 MB),没有使用。"
                                     + (REMEDIES[NOTICE_DRAFT] if notice else ""))
            named.append((name, await upload.read()))
        try:
            chosen = await run_in_threadpool(keep_notice, named)
        except DianpingError as exc:
            return back("/", err=said(exc))
        settings_now, notice = workspace.settings, workspace.load_notice(chosen)
        settings_now.dues, settings_now.other_dues = await run_in_threadpool(
            workspace.notice_switched, settings_now.dues, settings_now.other_dues, notice)
        # the clerk's year kept, as when a notice is chosen from the list (never moved to today's period)
        settings_now.notice, settings_now.period = chosen, _same_year(notice, settings_now.period)
        await run_in_threadpool(workspace.save, settings_now)
        return back("/", msg=f"已采用通知定义:{workspace.notice.name},期次为{workspace.period.zh}。")

    def keep_notice(named: list[tuple[str, bytes]]) -> str:
        """Tried in a folder of its own first: the files move into 通知定义 only when the notice loads."""
        folder = workspace.contained(workspace.folder / NOTICES)
        trial = Path(tempfile.mkdtemp(prefix=".tmp-通知-", dir=workspace.folder))
        try:
            for name, data in named:
                (trial / name).write_bytes(data)
            texts = [definition_text(data, name) for name, data in named]  # not UTF-8: said, naming the file
            notices = [name for (name, _), text in zip(named, texts) if "tables" in text and _names_tables(text)]
            malformed = [name for (name, _), text in zip(named, texts) if _names_tables(text) is None]
            if not notices and malformed:  # not TOML: said as the loader says it, with its line
                _said_without_trial(trial, malformed[0], workspace.folder)
            if len(notices) != 1:
                raise DianpingError("所选文件中应恰好有一个通知定义文件(写有 tables = \"…\" 的那个)。")
            try:
                notice = load_notice(str(trial / notices[0]), within=workspace.folder)
            except DianpingError as exc:
                raise DianpingError(str(exc).replace(str(trial) + os.sep, "")) from None
            refused = upload_refusal(workspace, notice, dict(named))
            if refused:
                raise DianpingError(refused)
            folder.mkdir(exist_ok=True)
            for name, _ in named:
                (trial / name).replace(workspace.contained(folder / name))
            return f"{NOTICES}/{notices[0]}"
        finally:
            shutil.rmtree(trial, ignore_errors=True)

    async def roster_blank(request: Request):
        """A blank roster, made for this download (nothing written into the workspace)."""

        def make() -> bytes:
            with tempfile.TemporaryDirectory() as tmp:
                return write_roster(Path(tmp) / "空白单位名册.xlsx", notice=workspace.notice).read_bytes()

        data = await run_in_threadpool(make)
        return Response(data, media_type=XLSX, headers=attachment("空白单位名册.xlsx"))

    posted = desk.posted
    return [Route("/", home), Route("/settings", posted(settings), methods=["POST"]),
            Route("/roster", posted(roster_upload), methods=["POST"]), Route("/roster/blank", roster_blank),
            Route("/notice", posted(notice_upload), methods=["POST"])]


def _check_dates_and_ports(values: dict) -> None:
    """ValueError when the re-submission date is no date or a port no port (1–65535)."""
    if values["resubmit"]:
        dt.date.fromisoformat(values["resubmit"])
    for port in ("mail_port", "smtp_port"):
        if values[port] and not (values[port].isdigit() and 0 < int(values[port]) < 65536):
            raise ValueError(port)


def _saved_words(workspace, notice, period, before: str, changed: bool, cleared: bool) -> str:
    """What 本期 says once the settings are saved: the notice now followed, or the period now worked in."""
    if changed:
        return (f"已改用通知“{notice.name}”,期次为{period.zh}"
                + (";原通知的截止日期留给原通知(改回原通知时恢复),本通知的截止日期请按本通知的规定填写"
                   if cleared else "") + "。")
    if str(period) != before:
        shown = workspace.due_text(period)
        return f"已保存。现在是{period.zh}," + (f"本期的报送截止日期为 {shown}。" if shown else
                                             "本期还没有填写报送截止日期(不填时不核对是否逾期)。")
    return "已保存。"


def _doubt(period, due) -> str:
    doubt = period.due_doubt(due)
    return f"注意:{doubt}" if doubt else ""


def _due_given(form, values: dict, shown: str, period, before: str, changed: bool) -> dt.date | None:
    """Files the form's 报送截止日期 under the period it is saved for (``values["dues"]``) and returns
    that period's deadline. A date the form showed for the period it was opened with is that period's:
    switching 期次 leaves it there (the new period keeps its own, or the notice's). ValueError if it is no date."""
    key = str(period)
    given = str(form.get("due", "")).strip() if "due" in form else None
    moved = changed or key != before
    if given is not None and not (moved and given == shown):
        dues = dict(values["dues"])
        if given:
            dues[key] = dt.date.fromisoformat(given).isoformat()
        else:
            dues.pop(key, None)
        values["dues"] = dues
        values["period"] = values["period"] or key  # the period the date is filed under
    text = values["dues"].get(key, "") or (period.unit_due.isoformat() if period.unit_due else "")
    return dt.date.fromisoformat(text) if text else None


def _names_tables(text: str) -> bool | None:
    """A notice definition names its tables as a text (tables = "…"); a table set lists them. None:
    not TOML."""
    import tomllib

    try:
        return isinstance(toml_loads(text).get("tables"), str)
    except tomllib.TOMLDecodeError:
        return None


def _said_without_trial(trial: Path, name: str, within: Path) -> None:
    """The loader's DianpingError for the file ``name`` (in ``trial``), naming it without the trial's folder."""
    try:
        load_notice(str(trial / name), within=within)
    except DianpingError as exc:
        raise DianpingError(str(exc).replace(str(trial) + os.sep, "")) from None


def _same_year(notice, period: str) -> str:
    """The new notice's period in the year the clerk worked in (its period of the same code, else
    its first of that year); with no year yet, the one around today."""
    year, _, code = period.partition("-")
    if not year.isdigit():
        return str(notice.period(None))
    halves = notice.calendar.halves
    return f"{year}-{code if code in halves else halves[0]}"
