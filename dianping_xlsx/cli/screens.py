"""What the clerk reads on the console: the merge's closing summary, `dianping check`'s report
(text or JSON) and what a mail fetch or import did. Each renders what the library returned;
nothing is counted here (the coming web page renders the same data its own way)."""

from __future__ import annotations

import json

from ..api import (ERROR, MAIL_FOLDER, SEVERITY_ZH, WARNING, FileReport, MergeResult, Period, kind_of,
                   places, printable)
from .fetchwords import nothing_new_lines

READY, FIX = "可以报送", "请修改后报送"


def no_previous_line(period: Period, ts) -> str:
    """The hint of a later period merged without --previous, in the notice's words: its period
    before, and the rounds reported then (a table set whose rounds all come later: the totals)."""
    before = period.previous.spec.name
    rounds = [r.label for r in ts.rounds if r.half == period.previous.half]
    what = "“" + "”“".join(rounds) + "”的数字" if rounds else "各单位的总数"
    return (f"提示:没有给 --previous({before}的汇总结果文件夹),本次没有与{before}比对{what}。"
            "要比对请加 --previous,如 --previous output。")


def sent_instead_lines(sent: dict[str, str], shown: int = 10) -> list[str]:
    """Roster units whose file lies ignored in the inbox (a .zip, a Word document, a photo): the
    file and what to ask for, the first ``shown`` of them (报送情况 lists every one)."""
    lines = [f"  - {name}:{why}。" for name, why in list(sent.items())[:shown]]
    if len(sent) > shown:
        lines.append(f"  - 另有 {len(sent) - shown} 个单位也是这样(收到的不是统计表),见汇总表“报送情况”。")
    return lines


def merge_lines(result: MergeResult, written) -> list[str]:
    """The closing summary of a merge, in the order a clerk acts on it."""
    s = result.summary
    others = [f"{n} 份只含{what}" for n, what in ((s.evaluations_only, "群众评议"), (s.ledgers_only, "台账")) if n]
    extra = f"(另有 {'、'.join(others)})" if others else ""
    lines = [f"{result.period.zh}:共读取 {s.files} 个文件,采用 {s.units} 个单位{extra},"
             f"退回 {len(s.returned)} 个,被替代 {s.counts['superseded']} 个,忽略 {s.counts['ignored']} 个"
             + (f",台账暂不计入 {s.counts['held']} 个(统计表未采用)" if s.counts["held"] else "")
             + (f",收到材料 {s.counts['material']} 份" if s.counts["material"] else "") + "。"]
    if s.roster_size is not None:
        names = "、".join(u.name for u, _ in s.missing[:10]) + ("等" if len(s.missing) > 10 else "")
        lines.append(f"名册共 {s.roster_size} 个单位,未报(含退回){len(s.missing)} 个"
                     + (f":{names}。" if s.missing else "。"))
        if s.other_period:  # a county that sent last period's file: not nothing, the wrong one
            lines += [f"  - {name}:{why}。" for name, why in s.other_period.items()]
        lines += sent_instead_lines(s.sent_instead)
        if s.off_roster:
            lines.append(off_roster_line(s))
    if s.gone:
        names = "、".join(s.gone[:10]) + ("等" if len(s.gone) > 10 else "")
        lines.append(f"上期汇总表中的 {len(s.gone)} 个单位本期没有报送:{names}。请催报;如已撤销或合并,"
                     "请用名册(--roster)列出本期应报的单位。")
    if s.due is not None:
        lines.append(f"截止日期 {s.due.isoformat()},逾期报送 {len(s.late_units)} 个单位。")
    if s.due_note:
        lines.append(f"注意:{s.due_note}")
    lines += [f"注意:{note}" for note in s.rate_notes]
    if s.evaluation_units:
        lines.append(f"群众评议:{s.evaluation_units} 个单位报送了评议结果;"
                     f"不满意占比超过 {s.threshold:.0%} 的有 {len(s.follow_ups)} 个,见“评议跟进”表。")
    if s.warnings:
        lines.append(f"另有 {s.warnings} 条警告(已采用,但请核对),见“审核问题”表。")
    top = [k for k in s.kinds if k.severity != "info"][:5]
    if top:
        lines.append("主要问题:" + ";".join(f"{k.title}:{k.units} 个单位" for k in top)
                     + ("等" if len([k for k in s.kinds if k.severity != "info"]) > 5 else "") + "。")
    lines += [f"上级对本级上报的审核意见:{e.name}:请按其中的意见修改后重新汇总、上报(这个文件不计入汇总)。"
              for e in s.from_above]
    if s.returned:
        lines.append("退回的文件(请通知报送单位修改后重新报送):")
        lines += [f"  - {e.name}({e.unit}):{e.reason}" for e in s.returned]
    lines.append(f"汇总表:{written.workbook}")
    if getattr(written, "upward", None) is not None:
        lines.append(f"上报上级的文件({result.ts.all_tables},打印盖章后报送;dianping mail send --up 发送的就是它):{written.upward}")
    lines.append(f"汇总数据:{written.csv}")
    if getattr(written, "ledgers", None) is not None:
        lines.append(f"合并台账(各单位的台账记录):{written.ledgers}")
    documents = getattr(written, "documents", {})
    if documents:
        lines.append("汇总后的文书(草稿,可在 Word 或 WPS 中修改后印发):" + "、".join(p.name for p in documents.values())
                     + f"(在 {next(iter(documents.values())).parent})")
        lines += dated_lines(written)
    if written.returns:
        lines.append(f"退回文件(标出了问题,可直接发回给单位修改):{written.returns[0].parent}"
                     f"(共 {len(written.returns)} 个)")
    lines += getattr(written, "left", [])  # what of ours could not be removed from the output folder
    if s.unreadable:
        lines.append(unreadable_line(s))
    beyond = s.beyond_limits
    broken = [e for e in s.unopened if e not in s.without_tables and e not in beyond]
    if broken:
        names = "、".join(e.name for e in broken)
        lines.append(f"另有 {len(broken)} 个退回的文件无法打开,不能生成退回文件,请直接通知单位重新发送:{names}")
    if beyond:
        names = "、".join(e.name for e in beyond)
        lines.append(f"另有 {len(beyond)} 个退回的文件超出了读取的限制(文件或表格范围过大),为安全没有打开,不能生成退回文件;"
                     f"请按上面所列的原因通知单位改正后重新发送:{names}")
    other = s.of_other_notice
    if other:
        names = "、".join(f"{e.name}({e.unit})" for e in other)
        lines.append(f"另有 {len(other)} 个退回的文件是另一个通知的统计表,不是本通知要报的{result.ts.all_tables},"
                     f"不能生成退回文件;请通知单位改用本通知的模板填报(如是本级选错了通知,请用 --notice 更换通知后重新汇总):{names}")
    without = [e for e in s.without_tables if id(e) not in {id(o) for o in other}]
    if without:
        names = "、".join(f"{e.name}({e.unit})" for e in without)
        lines.append(f"另有 {len(without)} 个退回的文件能打开,但其中没有找到统计表({result.ts.all_tables}),"
                     f"不能生成退回文件;如是本次要报的统计表,请通知单位用下发的模板重新填报,其他文件请移出收件文件夹:{names}")
    lines.append(verdict_line(s))
    return lines


def dated_lines(written) -> list[str]:
    """Documents dated by the last file they count, later than the summary's 填报时间 (--date or its
    default): said, with the --date that makes the two agree."""
    note = written.dated_note() if hasattr(written, "dated_note") else ""
    if not note:
        return []
    later = written.documents_later[0].isoformat()
    return [f"注意:{note}如要汇总表的填报时间与文书一致,请加 --date {later}(或更晚的日期)重新汇总。"]


def off_roster_line(s) -> str:
    """Files whose 填报单位 the roster does not know: this office's to-do (its roster), said once."""
    units = s.off_roster_units
    names = "、".join(units[:10]) + ("等" if len(units) > 10 else "")
    return (f"名册外单位 {len(units)} 个({len(s.off_roster)} 个文件,未计入汇总):{names}。"
            "确属本级报送单位的,请在名册中添加该单位或补充别名后重新汇总;见“名册外单位”表。")


def unreadable_line(s) -> str:
    """Files this machine could not read: the clerk's to-do (no mail to the unit), said with why."""
    files = "、".join(e.name + "".join(f"({p.params['reason']})" for p in e.problems if p.code == "file.unreadable")
                     for e in s.unreadable)
    return (f"另有 {len(s.unreadable)} 个文件本机无法读取(不是单位文件的问题,没有退回):{files}。"
            "请检查文件权限、关闭占用该文件的程序(如 Excel、WPS、杀毒软件),确认文件还在收件文件夹中,然后重新汇总。")


def verdict_line(s) -> str:
    """The last word: can the summary be stamped and sent up? (exit code 0 when it can)."""
    if s.complete:
        roster = ",名册中的单位已全部报齐" if s.roster_size is not None else ""
        return f"结论:所有报送均已采用{roster},汇总表可以打印盖章上报。"
    return f"结论:汇总尚不完整({','.join(s.shortfalls)}),请处理后重新汇总。"


def no_reports_lines(result: MergeResult) -> list[str]:
    """An inbox with nothing to merge: said as the library says it (write_summary refuses it)."""
    return result.no_reports_lines()


def verdict(report: FileReport) -> str:
    if report.ignored:
        return "不是报表文件,未检查"
    if report.ok:
        warnings = report.count(WARNING)
        return READY + (f"(有 {warnings} 条警告,请核对)" if warnings else "")
    return f"{FIX}({report.count(ERROR)} 个错误,{report.count(WARNING)} 条警告)"


def _grouped(problems):
    """(level, code, problems) in the order of the sorted problems, one group per kind."""
    groups: dict[tuple[str, str], list] = {}
    for p in problems:
        groups.setdefault((p.severity, p.code), []).append(p)
    return [(level, code, group) for (level, code), group in groups.items()]


def _problem_line(level: str, code: str, group) -> str:
    """One problem as it is; several of a kind on one line, their cells listed together."""
    first = group[0]
    if len(group) == 1:
        where = f"{first.position}  " if first.position else ""
        return f"  {SEVERITY_ZH[level]}  {where}{first.message}"
    title = kind_of(code)[0]
    where = places(group)
    return (f"  {SEVERITY_ZH[level]}  {title}(共 {len(group)} 处){':' + where if where else ''}"
            f"\n        例:{first.message}")


def render_text(reports: list[FileReport], period: Period) -> str:
    lines = [f"按{period.zh}({period})的要求检查:", ""]
    for r in reports:
        unit = f"(单位:{r.submission.unit})" if r.submission else ""
        lines.append(f"{printable(str(r.path))}{unit}")
        for level, code, group in _grouped(r.problems):
            lines.append(_problem_line(level, code, group))
        if not r.problems:
            lines.append("  没有发现问题。")
        lines.append(f"  结论:{verdict(r)}")
        lines.append("")
    if len(reports) > 1:
        checked = [r for r in reports if not r.ignored]
        ready = sum(r.ok for r in checked)
        lines.append(f"共检查 {len(checked)} 个文件:{ready} 个{READY},{len(checked) - ready} 个{FIX}。")
    return "\n".join(lines).rstrip()


def render_json(reports: list[FileReport], period: Period) -> str:
    data = {
        "period": str(period),
        "files": [
            {
                "file": printable(str(r.path)),
                "unit": r.submission.unit if r.submission else "",
                "date": r.submission.date.isoformat() if r.submission and r.submission.date else None,
                "ok": r.ok,
                "ignored": r.ignored,
                "verdict": verdict(r),
                "problems": [p.to_dict() for p in r.problems],
            }
            for r in reports
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


_WORKBOOKS = (".xlsx", ".xlsm", ".xls", ".ods", ".et")


def intake_lines(report, period=None, belongs=None, notice: str = "") -> list[str]:
    """What a fetch or an import did; ``belongs(day)`` names the period of a day's mail, for a
    fetch that found mail outside its dates only."""
    new = report.new
    saved = report.saved
    duplicates = len(report.duplicates)
    documents = sum(1 for _, file in saved if not str(file).lower().endswith(_WORKBOOKS))  # a 工作总结 …
    lines = [f"新收取 {len(new)} 封邮件,保存表格文件 {len(saved) - documents} 个"
             + (f"、材料 {documents} 个" if documents else "")
             + (f"(另有 {duplicates} 个与收件箱中已有的文件完全相同,未重复保存)" if duplicates else "")
             + f";收件文件夹中共记录 {report.total} 封邮件。"]
    if not new:
        lines += nothing_new_lines(getattr(report, "mailbox", None), belongs)
    for record in new:
        lines += [f"  已保存:{a.file}(发件人 {record.sender_name or record.sender})" + (f":{a.reason}" if a.reason else "")
                  for a in record.saved]
    for record, item in report.duplicates:
        lines.append(f"  未重复保存:{record.sender_name or record.sender} 的“{item.name}”{item.reason}")
    problems = report.problem_lines
    if problems:
        lines.append(f"有 {len(problems)} 处需要留意:")
        lines += [f"  {line}" for line in problems]
    if report.book:
        lines.append(f"邮件清单:{report.book}")
        also = f" --notice {notice}" if notice else ""
        lines.append(f"下一步:dianping merge {report.inbox} --period {period or '期次'}{also} …(“{MAIL_FOLDER}”文件夹会被自动跳过)")
    return lines
