"""发送: the mails a merge calls for, previewed, then sent exactly as previewed.

The page posts what it showed: the digest of the mails it rendered and their period. 发送 works the
mails out again from the roster, settings and period of now and sends only when they are the ones
previewed; otherwise nothing goes, the page says why and shows the mails as they are now. The digest
is of what the clerk read (kind, unit, address, subject, text, attachments), not of what the sent log
says (a report sent before, 未重复发送): a send cut off midway goes on from the same page.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from types import SimpleNamespace

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.routing import Route

from ..api import DianpingError, LinkRefused, mail_said_once, plan_mail, send_mail
from .helpers import china_today, clock, office_named
from .mailsettings import send_account

RESUBMIT_DAYS = 5  # a returned unit's corrected file is asked for within these days
CHANGED = ("没有发送:名册、设置或期次已更改,页面上预览的已不是现在要发的邮件。"
           "已按现在的名册、设置和期次重新准备待发邮件(见上方预览),请逐封核对后再发送。")
NO_PREVIEW = "没有发送:请先点“准备待发邮件(预览)”,逐封核对后再发送。"
OTHER_PERIOD = ("没有发送:这个页面显示的是{shown}的待发邮件,期次已改为{now}(可能是在另一个窗口中改的)。"
                "下面是{now}的待发邮件;要发{shown}的,请先在“本期”页把期次改回{shown},核对后再发送。")
UNFINISHED = ("上次审核汇总没有完成(工作台在写出结果时被关闭或中断),汇总结果文件与记录不一致:"
              "请到“审核汇总”页重新审核汇总,再{what}。")
NO_OFFICE = "{what}前请在“本期”页填写本单位名称(邮件的落款和上报邮件中的单位名称),保存后再{what}。"


def plan_digest(plans, period: str) -> str:
    """What the preview showed, as one digest: each mail's kind, unit, address, subject, text and
    attachments. A report to the level above by the numbers it carries and its address (held back
    or not, a correction or not: the words the sent log decides); why a mail is not sent again is
    left out (the sent log's, when sending)."""
    shown = [period]
    for p in plans:
        names = [Path(a).name for a in p.attachments]
        if p.values:
            shown.append(["values", p.kind, p.to or p.held, p.unit, p.values, names])
        else:
            shown.append([p.kind, p.to, p.held, p.unit, p.subject, p.body, p.note, p.chosen, names])
    return hashlib.sha256(json.dumps(shown, ensure_ascii=False).encode("utf-8")).hexdigest()[:32]


def unsent(plan) -> str:
    """Why a mail of the preview was not sent (no address; the report held back), for the result table."""
    if plan.held:
        return (f"未发送:汇总尚不完整({plan.incomplete})。请等单位补报后重新审核汇总再上报;"
                "确需先上报的,勾选“汇总不完整也上报”后再发送。")
    return f"未发送:{plan.note}" if plan.note else "未发送"


def resubmit_date(settings, due: dt.date | None) -> dt.date:
    """The date by which a returned unit sends its corrected file: the one set, unless past (then
    ``resubmit_default``, and ``resubmit_moved`` says so)."""
    chosen = _resubmit_set(settings)
    return chosen if chosen is not None and chosen >= china_today() else resubmit_default(due)


def resubmit_default(due: dt.date | None) -> dt.date:
    """Today + RESUBMIT_DAYS, or the period's deadline ``due`` when later: a unit whose file went back
    has no less time than one that has not reported yet."""
    soon = china_today() + dt.timedelta(days=RESUBMIT_DAYS)
    return max(soon, due) if due is not None else soon


def resubmit_moved(settings, due: dt.date | None) -> str:
    """What the page says when the 重报截止日期 set is past and the mails ask for another ("" when not)."""
    chosen = _resubmit_set(settings)
    if chosen is None or chosen >= china_today():
        return ""
    used = resubmit_date(settings, due)
    why = "本期的报送截止日期" if used == due else f"今天起 {RESUBMIT_DAYS} 天"
    return (f"填写的重报截止日期 {chosen.isoformat()} 已过,退回和催报邮件中已改为 {used.month}月{used.day}日"
            f"({why});要另定日期,请在下面改填后重新准备待发邮件。")


def _resubmit_set(settings) -> dt.date | None:
    try:
        return dt.date.fromisoformat(settings.resubmit)
    except ValueError:
        return None


class Outbox:
    """The mails last prepared for the send page, and the send page's routes. ``desk`` holds the
    workspace, the tasks and the app's helpers (page, back, posted, run_in_background, desk_now)."""

    def __init__(self, desk: SimpleNamespace):
        self.desk = desk
        self.prepared: dict = {}  # {"results": path, "period": 2011-H1, "plans": [...], "digest": …}

    def plans_of(self, results: Path, now: SimpleNamespace, force: bool = False, dry_run: bool = True):
        s = now.settings
        return plan_mail(results, sender=s.mail_from or "office@example.gov.cn", sender_name=s.office,
                         roster=now.roster, up=s.up or now.notice.up_email, due=resubmit_date(s, now.due), dry_run=dry_run,
                         force=force, notice=now.notice, inbox=self.desk.workspace.inbox(now.period))

    def clear(self) -> None:
        self.prepared.clear()

    def prepare(self, results: Path, now: SimpleNamespace) -> None:
        """The mails written as drafts (.eml) for the preview: a POST's work, never a page's."""
        self.prepared.clear()
        common = dict(results=str(results), period=str(now.period), when=clock(),
                      resubmit=resubmit_date(now.settings, now.due))
        try:
            plans = self.plans_of(results, now)
            once = mail_said_once(now.roster, plans, notice=now.notice)
        except LinkRefused:
            raise  # a link planted among the results: said where the clerk acted (merge, prepare, send)
        except DianpingError as exc:
            self.prepared.update(common, plans=[], problem=str(exc), digest="")
            return
        self.prepared.update(common, plans=plans, problem="", digest=plan_digest(plans, str(now.period)), once=once)

    def refusal(self, now: SimpleNamespace, what: str) -> str:
        """Why no mail may be prepared or sent now ("" when they may)."""
        if not office_named(now.settings.office):
            return NO_OFFICE.format(what=what)
        last = self.desk.workspace.last() or {}
        if last.get("unfinished"):
            return UNFINISHED.format(what=what)
        return last.get("stale", "")

    def routes(self) -> list[Route]:
        posted = self.desk.posted
        return [Route("/send", self.page), Route("/send/prepare", posted(self.prepare_route), methods=["POST"]),
                Route("/send/now", posted(self.send_route), methods=["POST"])]

    async def page(self, request: Request):
        workspace = self.desk.workspace
        results = workspace.results()
        merged = await run_in_threadpool(lambda: any(results.glob("汇总表_*.xlsx")))
        ready = self.prepared if self.prepared.get("results") == str(results) else {}
        now = self.desk.desk_now()
        refused = await run_in_threadpool(self.refusal, now, "准备和发送邮件") if merged else ""
        if refused:
            ready = {}  # mails of a result that no longer holds are not shown, nor what was sent of them
        # a refusal the message above already says (the route's, for 准备待发邮件 or 发送) is said once
        said = {await run_in_threadpool(self.refusal, now, what) for what in ("准备待发邮件", "发送")} if refused else set()
        plans = ready.get("plans", [])
        return self.desk.page(request, "send.html", merged=merged, prepared=ready, plans=plans,
                              refused=refused, said_above=said - {""}, sendable=any(p.to or p.held for p in plans),
                              problem=ready.get("problem", ""), resubmit=resubmit_date(now.settings, now.due).isoformat(),
                              resubmit_moved=resubmit_moved(now.settings, now.due))

    async def prepare_route(self, request: Request, form):
        workspace, back = self.desk.workspace, self.desk.back
        value = str(form.get("resubmit", "")).strip()
        if value:
            try:
                dt.date.fromisoformat(value)
            except ValueError:
                return back("/send", err="重报截止日期写成 2011-07-05。")
            s = workspace.settings
            s.resubmit = value
            await run_in_threadpool(workspace.save, s)
        now = self.desk.desk_now()
        refused = self.refusal(now, "准备待发邮件")
        if refused:
            self.clear()
            return back("/send", err=refused)
        await run_in_threadpool(self.prepare, workspace.contained(workspace.results(now.period)), now)
        if self.prepared.get("problem"):
            return back("/send")  # the page says why, once
        return back("/send", msg="已按最新的汇总结果准备好待发邮件,请逐封核对。" + resubmit_moved(now.settings, now.due))

    async def send_route(self, request: Request, form):
        """The messages previewed, sent: the password typed for this send only, never kept."""
        desk, back = self.desk, self.desk.back
        now = desk.desk_now()
        s = now.settings
        password, force = str(form.get("password", "")), form.get("force") == "1"
        shown, shown_period = str(form.get("plan", "")), str(form.get("period", ""))
        refused = self.refusal(now, "发送")
        if refused:
            return back("/send", err=refused)
        if not (s.mail_from and s.smtp_host):  # no password: a server that needs no login (it says so if it does)
            return back("/send", err="发送前请在“本期”页填写本单位发信邮箱和发信服务器。")
        if desk.tasks.current is not None and not desk.tasks.current.finished:
            return back("/send", err=f"“{desk.tasks.current.name}”还在进行中,请等它完成后再操作。")
        results = desk.workspace.contained(desk.workspace.results(now.period))
        try:
            account = send_account(desk.workspace, s, password)
            plans = await run_in_threadpool(self.checked_plans, results, now, shown, shown_period, force)
        except DianpingError as exc:
            return back("/send", err=str(exc))

        def work(task):
            task.total = len(plans)
            outcomes = send_mail(results, plans, account, sender=s.mail_from, sender_name=s.office)
            self.prepare(results, now)  # the preview says what went now (the 上报 sent: no longer held back)
            task.done = task.total
            said = {id(item): outcome.text for item, outcome in outcomes}
            return [(p.kind, p.unit, p.to or p.held, said.get(id(p)) or unsent(p)) for p in plans]

        return desk.run_in_background("发送邮件", 0, work, "/send", now.period)

    def checked_plans(self, results: Path, now: SimpleNamespace, shown: str, shown_period: str, force: bool):
        """The mails to send: those the page showed (its digest, its period), worked out again now;
        DianpingError, the fresh preview prepared, when they are not the ones shown."""
        if not shown:
            raise DianpingError(NO_PREVIEW)
        if shown_period != str(now.period):
            self.prepare(results, now)
            try:
                said = now.notice.period(shown_period).zh
            except ValueError:
                said = shown_period
            raise DianpingError(OTHER_PERIOD.format(shown=said, now=now.period.zh))
        plans = self.plans_of(results, now, dry_run=False)
        if plan_digest(plans, str(now.period)) != shown:
            self.prepare(results, now)
            raise DianpingError(CHANGED)
        if force and any(p.held for p in plans):  # the report held back in the preview goes up as well
            plans = self.plans_of(results, now, force=True, dry_run=False)
        return plans
