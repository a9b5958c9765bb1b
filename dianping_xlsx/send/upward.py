"""The mail that takes the upward workbook (上报_…) to the level above.

Each merge writes the workbook anew (new bytes, the run's own id), so a report is known by what
it says (the digest merge writes into it, SUMMARY_VALUES_PROPERTY), against the last one sent up
to the same address (the sent log): the same numbers are not sent again; other numbers go as a
correction (更正), the mail saying which earlier report it replaces.
"""

from __future__ import annotations

import re

from ..report.workbook import NOTHING_SENT
from .outbox import HELD_UP, Outgoing, Summary, repeat_text, sent_up


def plan_up(summary: Summary, to: str, office: str, force: bool = False, called: str = "统计表",
            out=None) -> list[Outgoing]:
    """The upward workbook (附件1–3 alone) to the level above; an incomplete summary only with
    ``force`` (the mail then says what is missing). ``out``: the folder whose sent log tells what
    went up before (the summary's own folder when None)."""
    from ..intake.account import MailError

    if not to:
        return []
    if summary.upward is None:
        raise MailError(f"“{summary.path.parent}”中没有与汇总表同一次写出的上报文件(上报_单位_期次.xlsx)。"
                        "请重新审核汇总一次,再发送。")
    unit = summary.unit or office
    if summary.incomplete and not force:  # listed with why, never sent; the rest goes on
        return [Outgoing("上报", "", unit, "", "", [summary.upward], HELD_UP.format(what=summary.incomplete), to,
                         incomplete=summary.incomplete)]
    earlier = sent_up(out or summary.path.parent).get(to.lower())
    subject = f"【上报】{unit} {summary.period_and(called)}汇总"
    body = f"报上{unit}{summary.period_and(called)}汇总,请查收。{_what_lacks(summary)}\n\n{office or unit}\n"
    item = Outgoing("上报", to, unit, subject, body, [summary.upward], values=summary.upward_values)
    if earlier is None:
        return [item]
    if summary.upward_values and earlier.get("values") == summary.upward_values:
        item.repeat = repeat_text(earlier)
    elif earlier.get("key") != item.key:  # other numbers (or, from an older version, another file)
        item.subject, item.body = _correction(summary, unit, office, called, earlier)
    return [item]


def _correction(summary: Summary, unit: str, office: str, called: str, earlier: dict) -> tuple[str, str]:
    """The subject and body of a report that replaces one sent up before."""
    from ..manifest import when_zh

    when = when_zh(str(earlier.get("sent", "")))
    why = "汇总数字有变动" if summary.upward_values and earlier.get("values") else "汇总结果有变动"
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
        why.setdefault(reason or NOTHING_SENT, []).append(unit)
    return (f"\n\n说明:本次汇总尚不完整({_FIRST_NAMES.sub('', summary.incomplete)}),补齐后另行报送。"
            f"缺少以下 {len(summary.absent)} 个单位:\n"
            + "\n".join(f"  {reason}({len(units)} 个):{'、'.join(units)}" for reason, units in why.items()))


_FIRST_NAMES = re.compile(r"[(\uff08][^()\uff08\uff09]*等[)\uff09]")  # the summary's note names the first ten units: all are listed below
