"""A lower office's summary and its own units' files in one inbox (a county sends its 汇总表 or its
上报 and forwards its units' files as well): a unit the adopted summary counted (a 汇总表's 明细
lists it, an upward workbook's properties name it: SummaryMark.units) is not counted a second
time, nor sent back, nor listed off the roster. A unit the office sent back is in neither: its own
file is counted here, on its own."""

from __future__ import annotations

from ..model import ACCEPTED, DETAIL_SHEET, IGNORED, REJECTED, SUMMARY_BOOK, Entry
from ..problems import Problem
from ..text import normalise

INSIDE = "unit.inside-summary"
# how the summary says it counted the unit: a 汇总表 in its 明细, any other (an upward workbook, a
# return file of either) in the list its properties carry, which no printed page shows
LISTED, MARKED = f"其“{DETAIL_SHEET}”表列有该单位", "该文件记有其汇总所含的各单位,其中有该单位"


def counted_below(entries: list[Entry]) -> None:
    """Each unit's file (adopted or sent back) whose unit an adopted summary of the inbox lists:
    set aside (已忽略), saying which summary holds its numbers."""
    holders: dict[str, Entry] = {}
    for e in entries:
        mark = e.submission.summary_mark if e.submission is not None else None
        if e.status == ACCEPTED and mark is not None:
            for unit in mark.units:
                holders.setdefault(normalise(unit), e)
    if not holders:
        return
    for e in entries:
        sub = e.submission
        if e.status not in (ACCEPTED, REJECTED) or sub is None or sub.summary_mark is not None or not sub.has_tables:
            continue
        holder = holders.get(normalise(sub.unit)) or holders.get(normalise(sub.display_unit))
        if holder is None:
            continue
        mark = holder.submission.summary_mark
        note = Problem(INSIDE, file=e.name, unit=sub.display_unit,
                       params={"unit": sub.display_unit, "summary": holder.name,
                               "office": mark.unit or holder.submission.display_unit,
                               "basis": LISTED if mark.what == SUMMARY_BOOK else MARKED})
        sub.problems = [note]  # its own problems are the office's below, which adopted its numbers
        e.status, e.reason, e.problems = IGNORED, note.message, [note]
