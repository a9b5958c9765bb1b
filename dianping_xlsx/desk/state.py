"""What the desk's pages show of a merge, made once from its result and kept as JSON beside the
period's folders (so that the state at a glance is there when the desk starts again)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..api import (NOTED_UNIT, OFF_ROSTER_STATUS, RETURNED_UNIT, SEVERITY_ZH, UNREADABLE_STATUS, WARNED_UNIT, DianpingError,
                   MergeResult, ranking_of, return_names, upward_sent)
from .helpers import clock, office_named

DOCUMENT_LABELS = (("circular", "情况通报(草稿,可在 Word/WPS 中修改)"), ("posting", "公示(每个单位一页,打印张贴)"),
                   ("ranking", "评先评优(满意率排名,供参考)"))
STATUS_ZH = {"accepted": "已采用", "rejected": "退回", "superseded": "被替代", "ignored": "已忽略", "held": "暂不计入",
             "material": "已收到材料"}


def merge_state(result: MergeResult, written, workspace_folder: Path) -> dict:
    s = result.summary

    def rel(path) -> str:
        return Path(path).resolve().relative_to(workspace_folder).as_posix() if path else ""

    answered = return_names(result)  # each returned file's return file, as merge names them
    returns = {p.name: rel(p) for p in written.returns}
    late = s.late_files
    no_return = _without_return(s)
    units, unread = [], {id(e) for e in s.unreadable}  # the office's to-do: never 退回
    back = {id(e) for e in s.returned}  # the rest of the rejected are the office's to-do too (名册外)
    for e in result.entries:
        sub = e.submission
        errors = sum(1 for p in e.problems if p.severity == "error")
        warnings = sum(1 for p in e.problems if p.severity == "warning")
        units.append({"unit": e.unit, "kind": sub.kind if sub else "", "file": e.name,
                      "date": sub.date.isoformat() if sub and sub.date else "", "status": _status(e, unread, back),
                      "late": "逾期" if e.name in late else "", "errors": errors, "warnings": warnings,
                      "reason": e.reason})
    problems: dict[str, list] = {}
    for row in s.unit_kinds:
        problems.setdefault(row.unit or "(未知单位)", []).append(
            {"severity": SEVERITY_ZH[row.severity], "title": row.title, "count": row.count, "places": row.places,
             "message": row.message, "code": row.code, "files": row.files})
    downloads = [("汇总表(审核用)", written.workbook), (f"上报文件({result.ts.all_tables},打印盖章后报上级)", written.upward),
                 ("明细数据表 summary.csv(供数据分析)", written.csv), ("合并台账", written.ledgers)]
    documents = getattr(written, "documents", {})  # 情况通报 (a draft to edit), 公示, 评先评优
    downloads += [(label, documents.get(kind)) for kind, label in DOCUMENT_LABELS]
    return {
        "period": str(result.period), "period_zh": result.period.zh,
        "when": clock(),
        "complete": s.complete, "verdict": verdict(s),
        "due_note": s.due_note,  # a deadline before the period's reporting window: lateness doubtful
        "rate_notes": list(s.rate_notes),  # a total's rate over 100%: the definition's fault or the data's
        "counts": {"files": s.files, "units": s.units, "returned": len(s.returned),
                   "superseded": s.counts["superseded"], "ignored": s.counts["ignored"], "held": s.counts["held"],
                   "warnings": s.warnings, "late": len(s.late_units)},
        "roster_size": s.roster_size,
        "missing": [{"unit": u.name, "kind": u.kind, "why": why} for u, why in s.missing],
        "gone": list(s.gone),  # without a roster: units of the previous summary not reporting now
        "off_roster": [{"file": e.name, "unit": e.submission.unit, "hint": hint} for e, hint in s.off_roster],
        "returned": [{"unit": e.unit, "file": e.name, "reason": e.reason,
                      "return_file": returns.get(answered.get(e.name, ""), ""), "no_return": no_return.get(id(e), "")}
                     for e in s.returned],  # what goes back to a unit (never a name off the roster)
        "units": units,
        "from_above": [_inside(rel, e) for e in s.from_above],
        "kinds": [{"title": k.title, "severity": SEVERITY_ZH[k.severity], "units": k.units, "count": k.count,
                   "advice": k.advice, "code": k.code} for k in s.kinds],
        "problems": problems,
        "groups": problem_groups(problems, s.outcomes),
        "ranking": ranking_of(result),
        "downloads": [{"label": label, "path": rel(path)} for label, path in downloads if path],
        "left": list(getattr(written, "left", [])),  # what of ours could not be removed from the results folder
        "dated": dated_note(written),  # documents dated by their last file, later than the summary
    }


def dated_note(written) -> str:
    """The documents dated later than the summary's 填报时间, which the desk fills in itself (today, or
    the period's due date when today is outside its reporting window): said, to check before printing."""
    note = written.dated_note() if hasattr(written, "dated_note") else ""
    return (note + "汇总表的填报时间由工作台填写(今天不在本期报送时间内时为本期截止日期);"
            "印发文书、上报汇总表前请核对这两个日期。") if note else ""


def _inside(rel, entry) -> str:
    """An inbox file's path in the workspace, to download it ("" for one outside it)."""
    try:
        return rel(entry.submission.path) if entry.submission else ""
    except ValueError:
        return ""


def _status(entry, unread: set[int], back: set[int]) -> str:
    """A file's status as 报送情况 says it: 无法读取 and 名册外 are this office's, never 退回."""
    if id(entry) in unread:
        return UNREADABLE_STATUS
    if entry.status == "rejected" and id(entry) not in back:
        return OFF_ROSTER_STATUS
    return STATUS_ZH[entry.status]


def _without_return(s) -> dict[int, str]:
    """Why a returned file has no return file, and what the clerk tells its unit, by the entry's id:
    a file beyond a reading limit was not opened (its reason says which limit and what to change),
    one without a table opened, the rest could not be opened."""
    beyond, no_tables = {id(e) for e in s.beyond_limits}, {id(e) for e in s.without_tables}
    other = {id(e) for e in s.of_other_notice}
    said = {}
    for e in s.unopened:
        if id(e) in other:
            said[id(e)] = ("是另一个通知的统计表,不能生成退回文件:请通知单位改用本通知的模板填写后重新发送"
                           "(如是本级选错了通知,请在“本期”页更换通知后重新汇总)")
        elif id(e) in beyond:
            said[id(e)] = "超出了读取的限制,为安全没有打开,不能生成退回文件:请按“原因”通知单位改正后重新发送"
        elif id(e) in no_tables:
            said[id(e)] = "其中没有找到统计表,不能生成退回文件:请通知单位用下发的模板填写后重新发送"
        else:
            said[id(e)] = "无法打开,不能生成退回文件:请直接通知单位重新发送"
    return said


# the units of 各单位的问题 as 审核问题 counts them (Summary.outcomes), each group's heading
GROUPS = (("returned", "有错误的单位(已退回)"), ("warned", "报表有警告的单位(已采用,请核实)"),
          ("noted", "报表无问题、缺少报送材料或逾期的单位(已采用,请提醒)"),
          ("clean", "只有提示的单位(已采用,无需处理)"), ("other", "名册外单位和无法读取的文件(本级处理,未计入汇总)"))


def problem_groups(problems: dict, outcomes: dict[str, str]) -> list[dict]:
    """The units with problems, grouped by their outcome as the summary's 审核问题 counts them."""
    key = {RETURNED_UNIT: "returned", WARNED_UNIT: "warned", NOTED_UNIT: "noted"}
    grouped: dict[str, list[str]] = {}
    for unit in problems:
        outcome = outcomes.get(unit)
        grouped.setdefault("other" if outcome is None else key.get(outcome, "clean"), []).append(unit)
    return [{"key": k, "title": title, "units": grouped[k]} for k, title in GROUPS if grouped.get(k)]


def verdict(s) -> str:
    if s.complete:
        return "所有报送均已采用" + (",名册中的单位已全部报齐" if s.roster_size is not None else "") + ",可以打印盖章上报。"
    return f"汇总尚不完整({','.join(s.shortfalls)}):请退回、催报,单位重报后再汇总。"


def next_step(workspace, last: dict | None) -> str:
    """What the clerk does next, in one sentence."""
    settings = workspace.settings
    if not office_named(settings.office):
        return "先在下面填写本单位名称、期次和截止日期。"
    if workspace.roster is None:
        return "上传单位名册(没有名册可先下载空白名册填写),以便知道谁已报、谁未报。"
    inbox = workspace.inbox()
    if not inbox.is_dir() or not any(p.is_file() for p in inbox.iterdir()):
        return "到“模板”页下载各单位的模板发给单位;单位报来后,到“收件”页放入收到的文件。"
    if last is None:
        return "到“审核汇总”页运行审核汇总。"
    if last.get("unfinished"):
        return "上次审核汇总没有完成:到“审核汇总”页重新审核汇总。"
    if last.get("stale"):
        if last.get("inbox_news"):  # files put in, changed or taken out since the merge
            changed = f"{last['stale_what']}已更改," if last.get("stale_what") else ""
            return f"{changed}{last['inbox_news']},请先到“审核汇总”页重新审核汇总,再到“发送”页发邮件。"
        return f"{last['stale_what']}已更改:到“审核汇总”页重新审核汇总,再到“发送”页发邮件。"
    went = _upward_went(workspace)
    if last.get("complete"):
        if went:
            return (f"本期汇总完整,上报文件已于{went['when']}发给上级({went['to']})。单位再报来文件时,放入收件箱"
                    "重新审核汇总;汇总数字有变动时,到“发送”页发送更正。")
        return "汇总完整:到“审核汇总”页下载上报文件打印盖章,或到“发送”页把上报邮件发给上级。"
    if went:
        return (f"汇总尚不完整,上报文件已于{went['when']}先行发给上级({went['to']})。到“发送”页发出退回和催报邮件;"
                "单位重报后,把新文件放入收件箱再审核汇总一次,再到“发送”页把更正的上报发给上级。")
    return "到“发送”页发出退回和催报邮件;单位重报后,把新文件放入收件箱,再审核汇总一次。"


def _upward_went(workspace) -> dict | None:
    """The sent log's line of this period's upward workbook, when it went up (None when not, or unknown)."""
    try:
        went = upward_sent(workspace.results(), notice=workspace.notice)
    except (DianpingError, OSError):
        return None
    if went is None:
        return None
    try:  # said by the desk's one clock, as every other time on its pages
        return {**went, "when": clock(dt.datetime.fromisoformat(str(went.get("sent", ""))))}
    except ValueError:
        return went
