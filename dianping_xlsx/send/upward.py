"""The mail that takes the upward workbook (上报_…) to the level above.

Each merge writes the workbook anew (new bytes, the run's own id), so a report is known by what
it says: the digest of the numbers the file holds when it is sent, read as the level above reads
it (a 上报 corrected by hand, or re-saved by an office suite, says what it now holds; the digest
merge wrote into it, SUMMARY_VALUES_PROPERTY, would still say what merge wrote), against the last
one sent up to the same address (the sent log): the same numbers are not sent again; other numbers
go as a correction (更正), the mail saying which earlier report it replaces.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..definitions import TableSet
from ..model import (HALF_YEARS, Calendar, Period, SUMMARY_PERIOD_PROPERTY, SUMMARY_RUN_PROPERTY,
                     SUMMARY_UNIT_PROPERTY, SUMMARY_VALUES_PROPERTY)
from ..merge.reporting import SENT_BLANK, SENT_REJECTED, SENT_UNREADABLE
from ..report.upward import digest_of
from ..report.workbook import NOTHING_SENT
from ..problems import ERROR
from .outbox import HELD_UP, Outgoing, Summary, _upward, repeat_text, sent_up


def plan_up(summary: Summary, to: str, office: str, force: bool = False, called: str = "统计表",
            out=None, ts: TableSet | None = None) -> list[Outgoing]:
    """The upward workbook (附件1–3 alone) to the level above; an incomplete summary only with
    ``force`` (the mail then says what is missing; without it the mail is planned whole, a correction
    said as one, its address held back), unless these numbers went up before (said as not sent
    again). ``out``: the folder whose sent log tells what went up before (the summary's own folder
    when None). ``ts``: the tables it holds, read now to know what it says (without it, the digest
    merge wrote into it)."""
    from ..intake.account import MailError

    if not to:
        return []
    if summary.upward is None:
        raise MailError(f"“{summary.path.parent}”中没有与汇总表同一次写出的上报文件(上报_单位_期次.xlsx)。"
                        "请重新审核汇总一次,再发送。")
    unit = summary.unit or office
    earlier = sent_up(out or summary.path.parent).get(to.lower())
    subject = f"【上报】{unit} {summary.period_and(called)}汇总"
    body = f"报上{unit}{summary.period_and(called)}汇总,请查收。{_what_lacks(summary)}\n\n{office or unit}\n"
    values, caution = held_values(summary, ts) if ts is not None else (summary.upward_values, "")
    item = Outgoing("上报", to, unit, subject, body, [summary.upward], values=values, caution=caution)
    if earlier is not None:
        if values and earlier.get("values") == values:
            item.repeat = repeat_text(earlier)
        elif earlier.get("key") != item.key:  # other numbers (or, from an older version, another file)
            item.subject, item.body = _correction(summary, unit, office, called, earlier)
    if summary.incomplete and not force and not item.repeat:  # listed with why, never sent; the rest goes on
        # as it would go with force (a correction said so): only its address is held back
        item.to, item.held, item.incomplete = "", to, summary.incomplete
        item.note = HELD_UP.format(what=summary.incomplete)
    return [item]


def sent_report(out: Path, ts: TableSet | None = None, calendar: Calendar = HALF_YEARS) -> dict | None:
    """When the upward workbook of the last merge into ``out`` went up, as the sent log says: its
    last line of a 上报 with the numbers that workbook holds (as merge wrote them, else as read now
    with ``ts``), to any address, the time in words (``when``); None when it has not gone up."""
    from ..manifest import when_zh

    ups = [entry for entry in sent_up(out).values() if entry.get("values")]
    summary = _last_upward(out, calendar) if ups else None
    if summary is None:
        return None
    entry = _last_of(ups, summary.upward_values)
    if entry is None and ts is not None:  # changed by hand since merge wrote it: what it holds now
        entry = _last_of(ups, held_values(summary, ts)[0])
    return None if entry is None else {**entry, "when": when_zh(str(entry.get("sent", "")))}


def _last_of(entries: list[dict], values: str) -> dict | None:
    """The last line of the sent log that took these numbers up."""
    went = [entry for entry in entries if values and entry["values"] == values]
    return max(went, key=lambda e: str(e.get("sent", ""))) if went else None


def _last_upward(out: Path, calendar: Calendar) -> Summary | None:
    """The newest summary of ``out`` with no more than its upward workbook (the one its run wrote)."""
    from ..read.prescan import DEFAULT_LIMITS, Refused, prescan

    books = sorted(out.glob("汇总表_*.xlsx"), key=lambda p: p.stat().st_mtime)
    try:
        props = prescan(books[-1], DEFAULT_LIMITS).properties if books else {}
    except Refused:
        return None
    period, run = props.get(SUMMARY_PERIOD_PROPERTY, ""), props.get(SUMMARY_RUN_PROPERTY, "")
    upward, up_props = _upward(out, period, run)
    if upward is None or not run:
        return None
    return Summary(books[-1], period, props.get(SUMMARY_UNIT_PROPERTY, ""), {}, {}, [], upward=upward,
                   upward_values=up_props.get(SUMMARY_VALUES_PROPERTY, ""), calendar=calendar)


def held_values(summary: Summary, ts: TableSet) -> tuple[str, str]:
    """The digest of what the upward workbook holds now, read as the level above reads it (its
    numbers, 填报单位, what it says it lacks), and what the clerk should know before it goes: a
    number the level above will send back (text typed into a cell by hand, a file no longer readable)."""
    from ..check.workbook import check_workbook

    try:
        period = Period.parse(summary.period, summary.calendar)
    except ValueError:
        period = None
    sub = check_workbook(summary.upward, ts, period)
    mark = sub.summary_mark
    unit = sub.unit if sub.unit_cell is not None and sub.unit else summary.unit
    digest = digest_of(summary.period, unit, mark.incomplete if mark is not None else "", sub.values)
    wrong = next((p for p in sub.problems if p.severity == ERROR), None)
    if wrong is None:
        return digest, ""
    where = f"{wrong.position}:" if wrong.position else ""
    return digest, (f"上报文件“{summary.upward.name}”{where}{wrong.message.rstrip('。')}。上级汇总时会退回;"
                    "请改正这个文件(或重新审核汇总一次)后再发送。")


def _correction(summary: Summary, unit: str, office: str, called: str, earlier: dict) -> tuple[str, str]:
    """The subject and body of a report that replaces one sent up before."""
    from ..manifest import when_zh

    when = when_zh(str(earlier.get("sent", "")))
    why = "汇总数字有变动" if earlier.get("values") else "汇总结果有变动"
    return (f"【更正】【上报】{unit} {summary.period_and(called)}汇总(重新报送)",
            f"报上{unit}{summary.period_and(called)}汇总(更正),请查收。\n\n"
            f"本单位已于{when}报送过{summary.period_and(called)}汇总,因{why},现重新报送。"
            f"本次报送的替代{when}报送的,请以本次为准。{_what_lacks(summary)}\n\n{office or unit}\n")


def _what_lacks(summary: Summary) -> str:
    """An incomplete summary sent up: what it lacks, every unit missing named (by why, in the
    roster's order) rather than the ten the summary's own note names."""
    if not summary.incomplete:
        return ""
    if not summary.absent:
        return f"\n\n说明:本次汇总尚不完整({summary.incomplete}),补齐后另行报送。"
    why: dict[str, list[str]] = {}
    for unit, reason in summary.absent:
        why.setdefault(_group(reason), []).append(unit)
    return (f"\n\n说明:本次汇总尚不完整({_FIRST_NAMES.sub('', summary.incomplete)}),补齐后另行报送。"
            f"缺少以下 {len(summary.absent)} 个单位:\n"
            + "\n".join(f"  {reason}({len(units)} 个):{'、'.join(units)}" for reason, units in why.items()))


UNREAD_HERE = "已报送但本级未能读取"  # a unit whose file this office's machine could not read (SENT_UNREADABLE)


def _group(reason: str) -> str:
    """What the level above is told of a unit missing: 未报送, 已报送但被退回 (a blank table too: it went
    back), or 已报送但本级未能读取; never the 未报单位 sheet's details for the clerk (which mail came
    without an attachment, which file was of another period)."""
    if reason in (SENT_REJECTED, SENT_BLANK):
        return SENT_REJECTED
    return UNREAD_HERE if reason == SENT_UNREADABLE else NOTHING_SENT


_FIRST_NAMES = re.compile(r"[(\uff08][^()\uff08\uff09]*等[)\uff09]")  # the summary's note names the first ten units: all are listed below
