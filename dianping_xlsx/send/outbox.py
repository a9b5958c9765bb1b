"""What goes out after a merge: return files back to the units that sent them, reminders
(催报) to roster units still missing, and the summary up to the next level.

Everything is read from what merge wrote (the summary workbook's 报送情况 and 问题明细 sheets,
the return files' own properties): nothing is computed again. The default is a dry run: the
messages are written as .eml files into OUT/待发邮件/ with a list of who gets what. With
SMTP, each message sent is recorded (to, attachment's hash, time, the server's answer) in
待发邮件/已发送.jsonl, and a second run does not send the same message (subject, text, attachments)
to the same address again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import smtplib
from dataclasses import dataclass, field
from email.policy import compat32
from email.utils import formataddr, formatdate, make_msgid
from pathlib import Path

from ..check.othernotice import CODE as OTHER_NOTICE  # … another notice's tables
from ..model import (HALF_YEARS, OUTBOX, Calendar, Period, RETURN_FOLDER, STATUS_SHEET, SUMMARY_DUE_PROPERTY,
                     SUMMARY_INBOX_PROPERTY,
                     SUMMARY_INCOMPLETE_PROPERTY, SUMMARY_PERIOD_PROPERTY, SUMMARY_RETURNS_PROPERTY,
                     SUMMARY_RUN_PROPERTY, SUMMARY_UNIT_PROPERTY, SUMMARY_VALUES_PROPERTY, UNFINISHED, UNNAMED_UNIT)
from ..manifest import json_lines
from ..read.grids import load_grids
from ..files import atomic_paths, folder_lock, make_folder, open_to_append, remove_tree, safe_filename, unique_files
from ..settings import lock_wait
from ..template.blank import template_filename
from ..report.upward import UPWARD_PREFIX
from ..report.returns import (EVALUATION_PART, LEDGER_PART, RETURN_LEFT_OUT_PROPERTY, RETURN_RUN_PROPERTY, RETURN_SOURCE_PROPERTY,
                              RETURN_SUFFIX, RETURN_UNIT_PROPERTY)
from ..report.workbook import NOT_SENT, PROBLEM_LIST_SHEET
from ..definitions import TableSet
from ..text import reason_zh
from ..intake.nature import MAILER
from .mailrecord import MailLog, find_log
from .remindfiles import ReminderTemplates, reminder_due
from .smtpauth import login

HELD_UP = ("汇总尚不完整({what}),没有准备上报邮件。请等单位补报后重新汇总再上报;"
           "确需先上报的,加 --force(邮件中会写明缺少的单位)。")
SMTP_POLICY = compat32.clone(linesep="\r\n")  # CRLF line ends, as SMTP and .eml files have them
SENT_LOG = "已发送.jsonl"
PLAN = "待发邮件清单.csv"
RESUBMIT = "重报期限.json"  # unit -> the re-submission deadline its last return mail stated: merge judges lateness by it
ABSENT_SHEET = "未报单位"  # the summary's list of roster units without an adopted report, and why
_ADDRESS = re.compile(r"<([^<>@\s]+@[^<>\s]+)>|([^<>\s]+@[^<>\s]+)")


@dataclass
class Outgoing:
    kind: str  # 退回 | 催报 | 上报
    to: str
    unit: str
    subject: str
    body: str
    attachments: list[Path] = field(default_factory=list)
    note: str = ""  # why it cannot go (no address): listed, not sent
    held: str = ""  # the address it would go to, had it not been held back (an incomplete summary)
    chosen: str = ""  # where the address comes from, in words (来件地址 / 名册邮箱), the other one named
    incomplete: str = ""  # held back: what the summary lacks, in words (each face says how to send anyway)
    values: str = ""  # 上报: the digest of what the upward workbook says (SUMMARY_VALUES_PROPERTY), "" if unknown
    repeat: str = ""  # 上报: why it will not go again (the same numbers went up before), in words
    about: str = ""  # 退回: the unit's file sent back and what it is told of it (a new run's return file is new bytes)
    caution: str = ""  # what the clerk should know before it goes (mail to this address bounced), in words

    @property
    def key(self) -> str:
        """The same message to the same address, whenever it is sent: what the unit reads (subject,
        text and attachments; a reminder's template may keep its bytes while its deadline or its
        letter changes). An upward workbook by what it says, and a return by the unit's file it returns
        and the problems it lists, not by its bytes (each run writes new ones: another day's merge of
        the same inbox mailed every return again)."""
        if self.values:
            return f"{self.kind}:{self.to.lower()}:values:{self.values}"
        digest = hashlib.sha256()
        for text in (self.subject, self.body):
            digest.update(text.encode("utf-8") + b"\0")
        if self.about:
            digest.update(self.about.encode("utf-8"))
            return f"{self.kind}:{self.to.lower()}:about:{digest.hexdigest()[:32]}"
        for path in self.attachments:
            digest.update(path.read_bytes())
        return f"{self.kind}:{self.to.lower()}:{digest.hexdigest()[:32]}"


@dataclass
class Summary:
    """What the outbox needs from a merge's outputs."""

    path: Path
    period: str
    unit: str
    senders: dict[str, str]  # inbox file -> address
    problems: dict[str, list[str]]  # inbox file -> "附件1!C5:message" lines (errors first)
    missing: list[tuple[str, str]]  # (unit, kind) of roster units that sent nothing usable
    returns: list[tuple[Path, dict[str, str]]] = field(default_factory=list)  # 退回/*.xlsx, their properties
    upward: Path | None = None  # 上报_<office>_<period>.xlsx, what goes up
    upward_values: str = ""  # the digest of what it says (its SUMMARY_VALUES_PROPERTY; "" for an older one)
    incomplete: str = ""  # what the summary lacked below it, in words ("" when complete)
    unopened: list[tuple[str, str, str]] = field(default_factory=list)  # (file, unit, why) sent back, not opened
    wanting: list[tuple[str, str, str]] = field(default_factory=list)  # (file, unit, what) adopted, a material missing
    without_tables: set[str] = field(default_factory=set)  # of the unopened, files that opened but hold no table
    beyond_limits: set[str] = field(default_factory=set)  # of the unopened, files refused for a reading limit
    other_notice: set[str] = field(default_factory=set)  # of those without tables, files of another notice's tables
    absent: list[tuple[str, str]] = field(default_factory=list)  # (unit, why) every roster unit not adopted
    received: dict[str, str] = field(default_factory=dict)  # inbox file -> when it came (6月22日10:30)
    log: MailLog = field(default_factory=MailLog)  # the inbox's mail manifest, when found
    calendar: Calendar = HALF_YEARS  # the notice's periods, to name the period
    due: dt.date | None = None  # the units' deadline the merge judged lateness by (None: not recorded)

    @property
    def period_name(self) -> str:
        """2011年上半年 (the code, 2011-H1, for a summary whose period cannot be read)."""
        try:
            return Period.parse(self.period, self.calendar).zh
        except ValueError:
            return self.period

    def period_and(self, called: str) -> str:
        """The period's name and a table's, said once where they meet: 2027年年终统计 and 统计表 are
        2027年年终统计表 (not 年终统计统计表), 2011年上半年 and 统计表 2011年上半年统计表."""
        return joined(self.period_name, called)

    def sent_as(self, source: str) -> str:
        """How the unit knows the file ``source``: when it sent it and the name it gave it."""
        return f"{self.received.get(source, '')}报送的“{self.log.sent_name(source) or source}”"


def joined(first: str, second: str) -> str:
    """``first`` then ``second``, the words the end of one and the start of the other share said once."""
    overlap = next((n for n in range(min(len(first), len(second)), 0, -1) if first.endswith(second[:n])), 0)
    return first + second[overlap:]


def read_summary(out: Path, calendar: Calendar = HALF_YEARS, inbox: Path | None = None) -> Summary:
    """The newest 汇总表_*.xlsx in ``out``, as merge wrote it; with the mail manifest of its inbox
    (``inbox``, else found near ``out`` by the digest the summary keeps)."""
    books = sorted(out.glob("汇总表_*.xlsx"), key=lambda p: p.stat().st_mtime)
    if not books:
        from ..intake.account import MailError

        raise MailError(f"“{out}”中没有汇总表(汇总表_期次.xlsx)。请先审核汇总,把结果写到这个文件夹。")
    grids = load_grids(books[-1])
    by_name = {g.name: g.rows for g in grids}
    props = getattr(grids, "properties", {})
    returns = _return_files(out)
    run = props.get(SUMMARY_RUN_PROPERTY, "")
    _check_one_run(out, run, props.get(SUMMARY_RETURNS_PROPERTY), by_name.get(STATUS_SHEET, []), returns)
    upward, up_props = _upward(out, props.get(SUMMARY_PERIOD_PROPERTY, ""), run)
    status = by_name.get(STATUS_SHEET, [])
    return Summary(books[-1], props.get(SUMMARY_PERIOD_PROPERTY, ""), props.get(SUMMARY_UNIT_PROPERTY, ""),
                   _senders(status), _problems(by_name.get(PROBLEM_LIST_SHEET, [])),
                   _missing(status), returns, upward, up_props.get(SUMMARY_VALUES_PROPERTY, ""),
                   up_props.get(SUMMARY_INCOMPLETE_PROPERTY, ""),
                   _unopened(status, by_name.get(PROBLEM_LIST_SHEET, []), returns),
                   _wanting(by_name.get(PROBLEM_LIST_SHEET, [])), _coded(by_name.get(PROBLEM_LIST_SHEET, []), NO_TABLES),
                   absent=_absent(by_name.get(ABSENT_SHEET, [])), received=_received(status),
                   beyond_limits=_coded(by_name.get(PROBLEM_LIST_SHEET, []), (), LIMITS),
                   other_notice=_coded(by_name.get(PROBLEM_LIST_SHEET, []), (OTHER_NOTICE,)),
                   log=find_log(out, props.get(SUMMARY_INBOX_PROPERTY, ""), inbox), calendar=calendar,
                   due=_date(props.get(SUMMARY_DUE_PROPERTY, "")))


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _absent(rows) -> list[tuple[str, str]]:
    """(unit, why) of every roster unit without an adopted report (未报送, 已报送但被退回 …)."""
    cols, body = _table(rows, "序号")
    if "单位名称" not in cols or "情况" not in cols:
        return []
    return [(str(r[cols["单位名称"]]), str(r[cols["情况"]] or "")) for r in body if r and r[cols["单位名称"]]]


def _received(rows) -> dict[str, str]:
    """Inbox file -> when it was received (6月22日10:30), for files that came by mail."""
    cols, body = _table(rows, "序号")
    out = {}
    for row in body if "收到时间" in cols else []:
        try:
            when = dt.datetime.strptime(str(row[cols["收到时间"]] or ""), "%Y-%m-%d %H:%M")
        except ValueError:
            continue
        if row[cols["文件"]]:
            out[str(row[cols["文件"]])] = f"{when.month}月{when.day}日{when:%H:%M}"
    return out


def _wanting(problem_rows) -> list[tuple[str, str, str]]:
    """Units whose tables were adopted but that lack a material the notice requires (工作总结)."""
    cols, body = _table(problem_rows, "单位")
    if "代码" not in cols:
        return []
    return [(str(r[cols["文件"]]), str(r[cols["单位"]]), str(r[cols["问题说明"]])) for r in body
            if r and str(r[cols["代码"]]) == MATERIAL_MISSING]


LIMITS = "limit."  # the codes of a file refused for a reading limit: never opened, for safety
_UNOPENED = ("file.", LIMITS)  # the codes of a file that could not be read at all
# … or opened, but holds no statistics table that could be read: none, one made the other way round,
# one whose header was found but none of its rows (a return file answers any other file sent back)
NO_TABLES = ("file.no-tables", OTHER_NOTICE, "table.transposed", "row.missing", "category.missing")


def _coded(problem_rows, codes: tuple[str, ...], prefix: str = "") -> set[str]:
    """The files with an error of one of these codes (or of a code starting with ``prefix``)."""
    cols, body = _table(problem_rows, "单位")
    if "代码" not in cols:
        return set()
    return {str(r[cols["文件"]]) for r in body if r and str(r[cols["级别"]]) == "错误"
            and (str(r[cols["代码"]]) in codes or (prefix and str(r[cols["代码"]]).startswith(prefix)))}


def _unopened(status_rows, problem_rows, returns) -> list[tuple[str, str, str]]:
    """Files sent back that could not be opened (no return file can show them): file, unit, why."""
    answered = {props.get(RETURN_SOURCE_PROPERTY, "") for _, props in returns}
    cols, body = _table(problem_rows, "单位")
    broken = {str(r[cols["文件"]]) for r in body if r and "代码" in cols and r[cols["文件"]]
              and str(r[cols["代码"]]).startswith((*_UNOPENED, *NO_TABLES)) and str(r[cols["级别"]]) == "错误"}
    cols, body = _table(status_rows, "序号")
    if "状态" not in cols:
        return []
    return [(str(r[cols["文件"]]), str(r[cols["单位"]]), str(r[cols["说明"]])) for r in body
            if r and str(r[cols["状态"]]) == "退回" and str(r[cols["文件"]]) in broken
            and str(r[cols["文件"]]) not in answered]


def _upward(out: Path, period: str, run: str) -> tuple[Path | None, dict[str, str]]:
    """The upward workbook the same run wrote (上报_…_<period>.xlsx) and its properties (what it
    says is missing, the digest of what it says)."""
    from ..read.prescan import DEFAULT_LIMITS, Refused, prescan

    for path in sorted(out.glob(f"{UPWARD_PREFIX}*{period}.xlsx")) if period else []:
        try:
            props = prescan(path, DEFAULT_LIMITS).properties
        except Refused:
            continue
        if props.get(SUMMARY_RUN_PROPERTY, "") == run:
            return path, props
    return None, {}


def _return_files(out: Path) -> list[tuple[Path, dict[str, str]]]:
    """Each return file and its properties (read once; {} for one that cannot be read)."""
    from ..read.prescan import DEFAULT_LIMITS, Refused, prescan

    found = []
    for path in sorted((out / RETURN_FOLDER).glob("*.xlsx")):
        try:
            found.append((path, prescan(path, DEFAULT_LIMITS).properties))
        except Refused:
            found.append((path, {}))
    return found


def _check_one_run(out: Path, run: str, expected: str | None, status_rows, returns) -> None:
    """The outputs must come from the run that wrote the summary (a merge stopped between its
    renames leaves them apart; its note says so): never send files that do not go with it."""
    from ..intake.account import MailError

    if (out / UNFINISHED).is_file():  # stopped while replacing its outputs: which are whose, unknown
        raise MailError(f"“{out}”中的结果不是同一次汇总写出的(上次汇总在写出结果时中途停止,"
                        f"见其中的“{UNFINISHED}”)。请重新审核汇总一次,再发送。")
    if not run:
        return  # a summary from before runs were named
    runs = {props.get(RETURN_RUN_PROPERTY, "") for _, props in returns}
    if expected is not None:  # the summary says how many return files its run wrote
        missing = int(expected) != len(returns)
    else:
        cols, body = _table(status_rows, "序号")
        missing = "状态" in cols and any(str(r[cols["状态"]]) == "退回" for r in body if r) and not returns
    if runs - {run} or missing:
        raise MailError(f"“{out}”中的退回文件与汇总表不是同一次汇总写出的(上次汇总可能中途被打断)。"
                        "请重新审核汇总一次,再发送。")


def _table(rows: list[list], first: str) -> tuple[dict[str, int], list[list]]:
    """The header row that starts with ``first`` (its columns by name) and the rows below it."""
    for r, row in enumerate(rows):
        if row and str(row[0]).strip() == first:
            return {str(h).strip(): j for j, h in enumerate(row) if str(h).strip()}, rows[r + 1:]
    return {}, []


def _senders(rows) -> dict[str, str]:
    cols, body = _table(rows, "序号")
    if "发件人" not in cols:
        return {}
    out = {}
    for row in body:
        m = _ADDRESS.search(str(row[cols["发件人"]]))
        if m and row[cols["文件"]]:
            out[str(row[cols["文件"]])] = (m[1] or m[2]).lower()
    return out


def _problems(rows) -> dict[str, list[str]]:
    cols, body = _table(rows, "单位")
    out: dict[str, list[str]] = {}
    for row in body:
        if not row or not row[cols.get("文件", 1)]:
            continue
        where = "!".join(str(row[cols[c]]) for c in ("工作表", "单元格") if row[cols[c]])
        line = f"[{row[cols['级别']]}] {where + ':' if where else ''}{row[cols['问题说明']]}"
        out.setdefault(str(row[cols["文件"]]), []).append(line)
    return out


def _missing(rows) -> list[tuple[str, str]]:
    """Roster units that sent nothing (状态 未报 in 报送情况); a unit whose file went back gets
    its return file, not a reminder."""
    cols, body = _table(rows, "序号")
    if "状态" not in cols:
        return []
    return [(str(r[cols["单位"]]), str(r[cols["类型"]])) for r in body
            if r and str(r[cols["状态"]]) == NOT_SENT and r[cols["单位"]]]


def address_of(summary: Summary, source: str, unit: str, roster=None) -> tuple[str, str]:
    """Where a unit's answer goes, and why there: the address its file came from when it came by
    mail (the manifest, in 报送情况's 发件人), else the roster's 邮箱 for the unit; the other one is
    named beside the choice. ("", "") when neither is known."""
    sender = summary.senders.get(source, "") or summary.log.sender_of(source)
    listed = ""
    if roster is not None and unit and unit != UNNAMED_UNIT:
        found = roster.match(unit).unit
        listed = found.emails[0] if found is not None and found.emails else ""
    if sender:
        other = f";名册邮箱 {listed}" if listed and listed != sender else ""
        return sender, f"来件地址(文件由邮件报来{other})"
    if listed:
        return listed, "名册邮箱(文件不是从邮箱收取的)"
    return "", ""


MATERIAL_MISSING = "material.missing"  # the problem a unit without a required material has
NO_ROSTER_ADDRESSES = "名册中没有邮箱地址"  # a reminder's note when no unit of the roster has one


def said_once(plans: list[Outgoing], roster) -> str:
    """What each face says once above the planned mails: why no reminder has an address when no unit
    of the roster has one (Roster.no_addresses; each reminder then notes it in three words), else "".
    ``roster``: a callable giving the roster, called only then."""
    if not any(p.note == NO_ROSTER_ADDRESSES for p in plans):
        return ""
    found = roster()
    return found.no_addresses() if found is not None else ""


NO_ADDRESS = "这个文件不是从邮箱收取的,名册中也没有这个单位的邮箱:请在名册“邮箱”列填写后重试,或{how}。"
# A file whose unit cannot be told (unit.unnamed) that did not come by mail: whom to answer is not known
NO_SENDER = ("不知道这个文件是谁报送的(没有填写填报单位,文件名也看不出是哪个单位,又不是从邮箱收取的):"
             "请把附件交给送来这个文件的人,请其填写填报单位后重新报送。")


def plan_returns(out: Path, summary: Summary, due: dt.date | None, office: str, roster=None,
                 called: str = "统计表") -> list[Outgoing]:
    """A return mail per return file: to the address the file came from, else the roster's;
    ``due`` is the date by which the corrected file is asked for (a resubmission deadline)."""
    plans = []
    for path, props in summary.returns:
        source, unit = props.get(RETURN_SOURCE_PROPERTY, ""), props.get(RETURN_UNIT_PROPERTY, path.stem)
        to, chosen = address_of(summary, source, unit, roster)
        lines = summary.problems.get(source, [])
        errors = [line for line in lines if line.startswith("[错误]")] or lines
        unknown = unit == UNNAMED_UNIT  # no unit to greet, nor a roster address to ask for: its sender's
        body = (f"{'您好' if unknown else unit}:\n\n{'您' if unknown else '您单位'}{summary.sent_as(source)}"
                f"经审核有 {len(errors)} 处需要修改,"
                f"未能计入{summary.period_name}汇总:\n\n"
                + "\n".join(f"  {n}. {line}" for n, line in enumerate(errors[:30], start=1))
                + (f"\n  ……共 {len(errors)} 处,详见附件。" if len(errors) > 30 else "")
                + f"\n\n{_how_to_correct(path, props, summary.log.sent_name(source) or source, due)}\n\n"
                + (office or "") + "\n")
        plans.append(Outgoing("退回", to, unit, _return_subject(summary, path, source, unit, called), body, [path],
                              "" if to else NO_SENDER if unknown else NO_ADDRESS.format(how="把附件手工发给单位"),
                              chosen=chosen,
                              about="\n".join([path.name, source, *lines]), caution=summary.log.bounced(to)))
    return plans


def _return_subject(summary: Summary, path: Path, source: str, unit: str, called: str) -> str:
    """【退回修改】东坪镇党委 2011年上半年领导点评和群众评议统计表; a file without tables by the
    name the unit gave it (2011年上半年 公开承诺台账.xlsx)."""
    if unit == UNNAMED_UNIT:  # no unit: the file, by the name its sender gave it
        return f"【退回修改】{summary.period_and(called)}(“{summary.log.sent_name(source) or source}”未填填报单位)"
    if _holds_tables(path):
        return f"【退回修改】{unit} {summary.period_and(called)}"
    return " ".join(filter(None, (f"【退回修改】{unit}", summary.period_name, summary.log.sent_name(source) or source)))


def plan_unopened(summary: Summary, due: dt.date | None, office: str, roster=None) -> list[Outgoing]:
    """A short notice to each unit whose file could not be opened (no return file can be made):
    which file, why, and to send it again; no attachment."""
    plans = []
    for source, unit, why in summary.unopened:
        if source in summary.other_notice:  # the tables of another notice: this notice's template is asked for
            subject, what, todo = "报送的不是本通知的统计表", "是另一个通知的统计表", "改用本通知的模板填写统计表后"
        elif source in summary.without_tables:  # it opened: what it lacks, not 无法打开
            subject, what, todo = "报送的文件中没有统计表", "中没有找到统计表", "用下发的模板填写统计表后"
        elif source in summary.beyond_limits:  # never opened, for safety: the problem says which limit, what to do
            subject, what, todo = "报送的文件超出了读取的限制", "超出了读取的限制,为安全没有打开", "按上面的说明改正后"
        else:
            subject, what, todo = "报送的文件无法打开", "无法打开", "用 Excel 或 WPS 打开原表,另存为 .xlsx 后"
        period = summary.period_name
        plans.append(_notice_mail(summary, roster, "退回", source, unit or source,
                                  f"【退回重报】{unit or source} {period}{subject}",
                                  f"{unit or '您好'}:\n\n您单位{summary.sent_as(source)}{what},未能计入{period}汇总:"
                                  f"\n\n  {why}\n\n{_deadline(due)}{todo}重新发送到本邮箱。", office))
    return plans


def plan_materials(summary: Summary, due: dt.date | None, office: str, roster=None) -> list[Outgoing]:
    """One reminder to each unit whose tables were adopted but that did not send every material
    the notice requires (a 工作总结, a 台账): each one missing listed, and to send them; no attachment."""
    wanted: dict[str, list[tuple[str, str, str]]] = {}
    for source, unit, what in summary.wanting:
        wanted.setdefault(unit or source, []).append((source, unit, what))
    plans = []
    for items in wanted.values():
        source, unit, _ = items[0]
        whats = list(dict.fromkeys(what for _, _, what in items))
        listed = (f"还缺一份材料:\n\n  {whats[0]}" if len(whats) == 1 else f"还缺 {len(whats)} 份材料:\n\n"
                  + "\n".join(f"  {n}. {what}" for n, what in enumerate(whats, start=1)))
        plans.append(_notice_mail(summary, roster, "催报", source, unit, f"【补报材料】{unit} {summary.period_name}".rstrip(),
                                  f"{unit}:\n\n您单位{summary.sent_as(source)}已计入{summary.period_name}汇总,但{listed}\n\n"
                                  f"{_deadline(due)}发送到本邮箱。已经发送的请忽略本邮件。", office))
    return plans


def _holds_tables(path: Path) -> bool:
    """Whether a return file holds the unit's tables (else it answers a file of ledgers or of
    evaluations alone: its 审核意见 sheet only)."""
    return not path.name.endswith((LEDGER_PART + RETURN_SUFFIX, EVALUATION_PART + RETURN_SUFFIX))


def _how_to_correct(path: Path, props: dict, sent: str, due: dt.date | None) -> str:
    if left_out := props.get(RETURN_LEFT_OUT_PROPERTY, ""):  # the unit's ledger sheets are not in the return file
        return (f"附件“{path.name}”的“审核意见”表逐条列出了每处问题在原文件中的位置,统计表中的问题也已在附件中标红。"
                f"原文件“{sent}”中的台账工作表(“{left_out}”)不在附件中:{_deadline(due)}按“审核意见”表开头的说明"
                f"在原文件“{sent}”中改正,把改好的原文件整个重新发送到本邮箱(不要只发送附件,否则台账就没有了)。")
    if _holds_tables(path):
        return (f"附件“{path.name}”中标红的单元格即为问题所在(“审核意见”表逐条列出)。{_deadline(due)}"
                "在附件中修改后重新发送到本邮箱。")
    return (f"附件“{path.name}”的“审核意见”表逐条列出了每处问题在原文件中的位置。{_deadline(due)}"
            f"在原文件“{sent}”中改正,把改好的原文件重新发送到本邮箱(不要发送附件本身)。")


def _deadline(due: dt.date | None) -> str:
    return f"请于{due.month}月{due.day}日前" if due else "请尽快"


def _notice_mail(summary: Summary, roster, kind: str, source: str, unit: str, subject: str, text: str,
                 office: str) -> Outgoing:
    """A mail without attachment to the unit a file came from (its sender, else the roster's 邮箱)."""
    to, chosen = address_of(summary, source, unit, roster)
    body = text + "\n\n" + (office or "") + "\n"
    return Outgoing(kind, to, unit, subject, body, [], "" if to else NO_ADDRESS.format(how="电话通知"), chosen=chosen)


def _period(summary: Summary) -> Period | None:
    try:
        return Period.parse(summary.period, summary.calendar)
    except ValueError:  # a summary from before periods were recorded: the unit picks it
        return None


def plan_reminders(out: Path, summary: Summary, roster, ts: TableSet, due: dt.date | None,
                   office: str, notice_id: str = "") -> list[Outgoing]:
    """One reminder per roster unit still missing, with its pre-filled template (marked with
    ``notice_id``, the notice it is for); to a unit whose mail came but could not be saved (a .rar,
    no attachment), what came and why it was not read. The mail and its template's 填表说明 state
    one deadline (reminder_due: ``due``, not before the merge's)."""
    if roster is None:
        return []
    due = reminder_due(due, summary.due)
    templates = ReminderTemplates(out / OUTBOX / "催报模板", ts, _period(summary), summary.calendar, notice_id)
    plans = []
    # ABC公司 and abc公司 are one name to Windows and macOS: each its own template, and one left
    # by an earlier run taken again only under exactly its name (never the other unit's file)
    names = unique_files(template_filename(unit, ts) for unit, _kind in summary.missing)
    none_listed = bool(roster.no_addresses())  # said once by each face (Roster.no_addresses), not per unit
    for (unit, _kind), name in zip(summary.missing, names):
        found = roster.match(unit).unit
        emails = found.emails if found is not None else ()
        template = templates.template(name, unit, due)
        unsaved = summary.log.unsaved(emails, lambda name: found is not None and roster.match(name).unit is found)
        to, chosen = (emails[0], "名册邮箱") if emails else (unsaved[-1][0] if unsaved else "", "来件地址")
        bounced = summary.log.bounced(to)
        subject, body = _unsaved_letter(unit, [line for _, line in unsaved], summary.period_and(ts.called), due) if unsaved else (
            f"【催报】{unit} {summary.period_and(ts.called)}",
            f"{unit}:\n\n本级尚未收到您单位的{summary.period_and(ts.called)}。请在附件(已填好单位名称)中填写后,"
            f"于{_day(due)}前发送到本邮箱。已经报送的请忽略本邮件。")
        plans.append(Outgoing("催报", to, unit, subject, body + "\n\n" + (office or "") + "\n", [template],
                              "" if to else NO_ROSTER_ADDRESSES if none_listed else
                              "名册中没有这个单位的邮箱,请在名册“邮箱”列填写后重试,或电话催报。",
                              chosen=chosen if to else "", caution=bounced))
    templates.save()
    return plans


def _unsaved_letter(unit: str, unsaved: list[str], called: str, due: dt.date | None) -> tuple[str, str]:
    """A reminder to a unit whose mail came but whose report could not be read from it."""
    return (f"【请重新报送】{unit} {called}(来件未能读取)",
            f"{unit}:\n\n本级收到了您单位的邮件,但没有能计入汇总的{called}:\n\n"
            + "\n".join(f"  {n}. {line}" for n, line in enumerate(unsaved, start=1))
            + f"\n\n请把{called}以 .xlsx 或 .xls 文件直接作为附件发送(文件较多时可压缩为 .zip,不要用 .rar、.7z),"
              f"于{_day(due)}前重新发送到本邮箱。附件是已填好单位名称的空白表,可直接填写。已经重新报送的请忽略本邮件。")


def _day(due: dt.date | None) -> str:
    return f"{due.month}月{due.day}日" if due else "规定时间"


def compose(item: Outgoing, sender: str, sender_name: str = ""):
    """A message as QQ mail and Outlook display it: UTF-8 text, attachment names in RFC 2231
    (filename*=) with an RFC 2047 name= beside it for clients that read only that (built with
    the email package's compat32 classes, which write parameters as given)."""
    from email.header import Header
    from email.mime.application import MIMEApplication
    from email.mime.multipart import MIMEMultipart
    from email.mime.text import MIMEText

    msg = MIMEMultipart()
    msg["From"] = formataddr((str(Header(sender_name, "utf-8")), sender)) if sender_name else sender
    msg["To"] = item.to
    msg["Subject"] = Header(item.subject, "utf-8")
    msg["Date"] = formatdate(localtime=True)
    msg["Message-ID"] = make_msgid(domain=sender.split("@")[-1] or "dianping.local")
    msg["X-Mailer"] = MAILER  # its copy (a Cc to the office, a bounce) is known as the office's own on the way in
    msg.attach(MIMEText(item.body, "plain", "utf-8"))
    for path in item.attachments:
        part = MIMEApplication(path.read_bytes(), "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        part.set_param("name", _rfc2047(path.name))
        part.add_header("Content-Disposition", "attachment", filename=("utf-8", "", path.name))
        msg.attach(part)
    return msg


def _rfc2047(name: str) -> str:
    import base64

    return f"=?UTF-8?B?{base64.b64encode(name.encode('utf-8')).decode('ascii')}?="


def record_resubmit(out: Path, units: list[str], due: dt.date | None) -> None:
    """Remember the deadline the return mails to ``units`` state (a later mail's replaces an
    earlier one's), for the next merge into ``out`` to tell a correction on time from a late one. A file
    whose unit could not be told names none: its correction comes under the unit's own name."""
    units = [u for u in units if u != UNNAMED_UNIT]
    if due is None or not units:
        return
    known = {unit: day.isoformat() for unit, day in resubmit_recorded(out).items()}
    now = {**known, **{unit: due.isoformat() for unit in units}}
    if now == known:
        return
    folder = out / OUTBOX
    make_folder(folder)  # never through a link planted in the desk's folder
    with atomic_paths([folder / RESUBMIT]) as (tmp,):
        Path(tmp).write_text(json.dumps(dict(sorted(now.items())), ensure_ascii=False, indent=1), encoding="utf-8")


def resubmit_recorded(out: Path) -> dict[str, dt.date]:
    """Unit -> the re-submission deadline recorded (record_resubmit); {} when none is, or the record is damaged."""
    try:
        data = json.loads((Path(out) / OUTBOX / RESUBMIT).read_text(encoding="utf-8"))
        return {str(unit): dt.date.fromisoformat(day) for unit, day in data.items()}
    except (OSError, ValueError, TypeError, AttributeError):
        return {}


def sent_keys(out: Path) -> set[str]:
    keys = set()
    for entry in json_lines(out / OUTBOX / SENT_LOG):
        try:
            keys.add(entry["key"])
        except (KeyError, TypeError):
            continue
    return keys


def sent_up(out: Path) -> dict[str, dict]:
    """The last upward workbook sent to each address (lower case): its line of the sent log."""
    last: dict[str, dict] = {}
    for entry in json_lines(out / OUTBOX / SENT_LOG):
        try:
            if entry.get("kind") == "上报":
                last[str(entry["to"]).lower()] = entry
        except (KeyError, TypeError, AttributeError):
            continue
    return last


def record_sent(out: Path, item: Outgoing, answer: str) -> None:
    folder = out / OUTBOX
    make_folder(folder)  # never through a link planted in the desk's folder
    line = {"key": item.key, "kind": item.kind, "to": item.to, "unit": item.unit, "subject": item.subject,
            "attachments": [p.name for p in item.attachments],
            "sent": dt.datetime.now().astimezone().isoformat(timespec="seconds"), "answer": answer}
    if item.values:
        line["values"] = item.values
    with open_to_append(folder / SENT_LOG) as fh:
        fh.write(json.dumps(line, ensure_ascii=False) + "\n")
        fh.flush()
        os.fsync(fh.fileno())


def write_dry_run(out: Path, plans: list[Outgoing], sender: str, sender_name: str) -> list[Path]:
    """Each ready message as an .eml (double-click opens it in the mail client) and the list, in
    place of those an earlier dry run wrote (its numbered .eml files of ours go; a clerk's other
    files stay): all are written complete first, then switched in together."""
    import csv
    import io

    folder = out / OUTBOX
    make_folder(folder)  # never through a link planted in the desk's folder
    ready = [(n, item) for n, item in enumerate(plans, start=1) if item.to and not item.repeat]
    written = [folder / f"{n:03d}_{item.kind}_{safe_filename(item.unit, 120)}.eml" for n, item in ready]
    text = io.StringIO()
    table = csv.writer(text)
    table.writerow(["类别", "单位", "收件人", "主题", "附件", "说明"])
    for item in plans:
        table.writerow([item.kind, item.unit, item.to, item.subject, "、".join(p.name for p in item.attachments),
                        item.note or item.repeat or item.caution])
    stale = [p for p in _our_drafts(folder) if p not in written]
    with atomic_paths([*written, folder / PLAN], before=lambda: [remove_tree(p) for p in stale]) as temps:
        for (_, item), tmp in zip(ready, temps):
            Path(tmp).write_bytes(compose(item, sender, sender_name).as_bytes(policy=SMTP_POLICY))
        Path(temps[-1]).write_text(text.getvalue(), encoding="utf-8-sig")  # Excel reads UTF-8 with the BOM
    return written


_DRAFT = re.compile(r"\d{3}_(?:退回|催报|上报)_.*\.eml")  # the name write_dry_run gives a message


def _our_drafts(folder: Path) -> list[Path]:
    """The .eml files a dry run wrote into ``folder``: named as it names them and sent by this tool
    (its X-Mailer among the headers); a clerk's own files, however named, are not."""
    mark = f"\nX-Mailer: {MAILER}".encode("ascii")
    found = []
    for path in sorted(folder.glob("*.eml")):
        if not _DRAFT.fullmatch(path.name) or not path.is_file() or path.is_symlink():
            continue
        try:
            with open(path, "rb") as fh:
                head = fh.read(16384).split(b"\r\n\r\n", 1)[0].replace(b"\r\n", b"\n")
        except OSError:
            continue
        if mark in head:
            found.append(path)
    return found


@dataclass(frozen=True)
class Outcome:
    """What became of one planned message when sending: a code (mail.*) and the words for the clerk."""

    code: str  # mail.sent | mail.already-sent | mail.refused | mail.interrupted
    text: str  # in Chinese: 已发送, or why not (a refusal quotes the server's words)
    answer: str = ""  # the server's reply to a message sent (250 Ok: queued as …), kept in the sent log

    @property
    def sent(self) -> bool:
        return self.code == SENT

    @property
    def failed(self) -> bool:
        return self.code in (REFUSED, INTERRUPTED)


SENT, ALREADY_SENT, REFUSED, INTERRUPTED = "mail.sent", "mail.already-sent", "mail.refused", "mail.interrupted"


def send(out: Path, plans: list[Outgoing], account, sender: str, sender_name: str = "") -> list[tuple[Outgoing, Outcome]]:
    """Send over SMTP what was not sent before; an Outcome for each. A refused message does not
    stop the others (the transaction is reset); a connection dropped midway leaves the rest for
    the next run (each message sent is recorded as it goes). One send at a time into ``out``, across
    processes (a desk and `dianping mail send` beside it, two desks): the sent log is read under the
    lock, so what another sent just before is not sent again."""
    from ..intake.account import MailError

    busy = (f"另一个窗口(工作台或命令行)正在发送“{out}”的邮件,等了 {lock_wait():g} 秒还没有发完。"
            "请等它发完后再发送:已发送的都有记录,不会重复发送。")
    with folder_lock(out, SEND_LOCK, lambda: MailError(busy)):
        return _send(out, plans, account, sender, sender_name)


SEND_LOCK = "dianping-send.lock"


def _send(out: Path, plans: list[Outgoing], account, sender: str, sender_name: str) -> list[tuple[Outgoing, Outcome]]:
    said = _said_before(out)
    todo = [p for p in plans if p.to and not said(p)]
    results = [(p, Outcome(ALREADY_SENT, said(p))) for p in plans if p.to and said(p)]
    if not todo:
        return results
    smtp = _connect(account)
    try:
        for n, item in enumerate(todo):
            message = compose(item, sender, sender_name)
            try:
                answer = _deliver(smtp, sender, item.to, message.as_bytes(policy=SMTP_POLICY))
            except smtplib.SMTPRecipientsRefused as exc:
                code, text = next(iter(exc.recipients.values()), (0, b""))
                results.append((item, Outcome(REFUSED, f"未发送:收件人地址 {item.to} 被拒({code} {_text(text)})。"
                                                       + _recipient_advice(item))))
                _reset(smtp)
                continue
            except smtplib.SMTPResponseException as exc:
                results.append((item, Outcome(REFUSED, _refusal(exc, account))))
                _reset(smtp)
                continue
            except (smtplib.SMTPServerDisconnected, OSError):
                why = "未发送:发信服务器中途断开了连接。已发送的都已记录,重新运行会接着发送其余的。"
                results += [(rest, Outcome(INTERRUPTED, why)) for rest in todo[n:]]
                break
            record_sent(out, item, answer)
            results.append((item, Outcome(SENT, "已发送", answer)))
    finally:
        try:
            smtp.quit()
        except (smtplib.SMTPException, OSError):
            pass
    return results


def _recipient_advice(item: Outgoing) -> str:
    """What to do of an address the server refused (550 User unknown), by where it came from."""
    again = "其余已发送的不会重复发送。"
    if item.kind == "上报":
        return f"请核对上级的邮箱地址后重新发送,{again}"
    if item.chosen.startswith("来件地址"):  # the address the unit's file came from: the roster does not change it
        return f"这是单位发来文件的地址,请电话联系该单位核实,或把附件另行发给单位;{again}"
    return f"请核对名册中该单位的邮箱后重新运行,{again}"


def _refusal(exc: smtplib.SMTPResponseException, account) -> str:
    """A message the server refused, in words: a server that wants a login, reached without one, says so."""
    said = f"{exc.smtp_code} {_text(exc.smtp_error)}"
    if not account.user and exc.smtp_code == 530:  # 5.7.0 Authentication required
        return (f"未发送:发信服务器要求先登录({said})。请填写发信邮箱的登录名和密码(授权码)后再发送"
                "(QQ、163 邮箱要用“授权码”)。")
    return f"未发送:服务器拒收({said})"


def _said_before(out: Path):
    """Why a planned message is not sent again ("" when it goes), as the sent log says now: the
    same file to the same address; an upward workbook whose numbers are those last sent up to that
    address (another run's bytes, the same report). A correction goes: its numbers differ."""
    done, up = sent_keys(out), sent_up(out)

    def said(item: Outgoing) -> str:
        if item.values:
            last = up.get(item.to.lower(), {})
            return repeat_text(last) if last.get("values") == item.values else ""
        return "以前已发送,未重复发送" if item.key in done else ""

    return said


def mark_sent_before(out: Path, plans: list[Outgoing]) -> None:
    """Say on each planned message that ``send`` will skip why (``repeat``), as the sent log says
    now: the dry run never offers as to be sent a message that went before."""
    said = _said_before(out)
    for item in plans:
        if item.to and not item.repeat:
            item.repeat = said(item)


def repeat_text(entry: dict) -> str:
    """与6月30日10:20已发送的上报内容相同,未重复发送"""
    from ..manifest import when_zh

    return f"与{when_zh(str(entry.get('sent', '')))}已发送的上报内容相同,未重复发送"


def _reset(smtp) -> None:
    """RSET after a refusal, so that the next message starts a transaction of its own (without
    it, a server answers every following MAIL with 503 nested MAIL command)."""
    try:
        smtp.rset()
    except (smtplib.SMTPException, OSError):
        pass


def _deliver(smtp, sender: str, to: str, data: bytes) -> str:
    smtp.ehlo_or_helo_if_needed()
    code, resp = smtp.mail(sender)
    if code != 250:
        raise smtplib.SMTPSenderRefused(code, resp, sender)
    code, resp = smtp.rcpt(to)
    if code not in (250, 251):
        raise smtplib.SMTPRecipientsRefused({to: (code, resp)})
    code, resp = smtp.data(data)
    if code != 250:
        raise smtplib.SMTPDataError(code, resp)
    return f"{code} {_text(resp)}"


def _text(resp) -> str:
    return resp.decode("utf-8", "replace") if isinstance(resp, bytes) else str(resp)


def _connect(account):
    import socket
    import ssl

    from ..intake.account import SMTP_PORTS as ports
    from ..intake.account import MailError
    from ..intake.tls import tls_problem

    port = account.port or ports[account.security]
    try:
        smtp, port = account.open(
            ports,
            lambda host, port, context: smtplib.SMTP_SSL(host, port, context=context, timeout=account.timeout),
            lambda host, port: smtplib.SMTP(host, port, timeout=account.timeout),
            lambda conn, context: conn.starttls(context=context), "发信服务器")
        smtp.ehlo_or_helo_if_needed()
        if account.user and smtp.has_extn("auth"):  # a relay inside an office network may ask for none
            login(smtp, account.user, account.password)  # UTF-8 when not ASCII (smtplib's login is ASCII only)
    except smtplib.SMTPAuthenticationError:
        raise MailError(f"发信服务器登录失败:{account.user} 的用户名或密码(授权码)不对。QQ、163 邮箱要用“授权码”,"
                        "并在邮箱设置中开启 SMTP 服务。") from None
    except ssl.SSLError as exc:
        raise MailError(tls_problem(exc, f"发信服务器 {account.host}:{port} ", account.host, ports, "smtp.qq.com",
                                    account.words)) from None
    except (smtplib.SMTPException, socket.gaierror, OSError) as exc:
        raise MailError(f"连不上发信服务器 {account.host}:{port}({reason_zh(exc)})。请检查服务器地址、端口和加密方式;"
                        "QQ邮箱为 smtp.qq.com(465 端口,ssl)。") from None
    return smtp
