"""A lower office's summary and its own units' files in one inbox (a county sends its 汇总表 or its
上报 and forwards its units' files as well): a unit the adopted summary counted (a 汇总表's 明细
lists it, an upward workbook's properties name it: SummaryMark.units) is not counted a second
time, nor sent back, nor listed off the roster. A unit the office sent back is in neither: its own
file is counted here, on its own.

The same one level up: a county's own 上报 (or 汇总表) beside its city's 上报, which names the county
among what its totals hold (and, transitively, the county's units), is set aside as well. A summary
another adopted summary of the inbox lists is never a holder itself when an outer one holds the
same unit: the file named is the one whose numbers are counted."""

from __future__ import annotations

from ..model import ACCEPTED, DETAIL_SHEET, IGNORED, REJECTED, SUMMARY_BOOK, Entry
from ..problems import Problem
from ..text import normalise

INSIDE, SUMMARY_INSIDE = "unit.inside-summary", "unit.summary-inside-summary"
# how the summary says it counted the unit: a 汇总表 in its 明细, any other (an upward workbook, a
# return file of either) in the list its properties carry, which no printed page shows
LISTED, MARKED = f"其“{DETAIL_SHEET}”表列有该单位", "该文件记有其汇总所含的各单位,其中有该单位"


def counted_below(entries: list[Entry]) -> None:
    """Each file (a unit's, or a lower office's summary; adopted or sent back) whose unit an adopted
    summary of the inbox lists: set aside (已忽略), saying which summary holds its numbers."""
    summaries = [e for e in entries if e.status == ACCEPTED and e.submission is not None
                 and e.submission.summary_mark is not None]
    held = {id(e): _held(e) for e in summaries}  # each list normalised once: a city's may hold thousands
    inner = {id(e) for e in summaries if any(h is not e and _holds(held[id(h)], e) for h in summaries)}
    holders: dict[str, Entry] = {}
    for e in sorted(summaries, key=lambda e: id(e) in inner):  # stable: the outermost first
        for unit in held[id(e)]:
            holders.setdefault(unit, e)
    if not holders:
        return
    for e in entries:
        sub = e.submission
        if e.status not in (ACCEPTED, REJECTED) or sub is None or not sub.has_tables:
            continue
        holder = next((h for name in _names(sub) if (h := holders.get(name)) is not None and h is not e), None)
        if holder is None or (sub.summary_mark is not None
                              and (id(holder) in inner or id(e) in held and _holds(held[id(e)], holder))):
            continue  # a summary is set aside by an outer one only (never two listing each other)
        note = _note(e, holder)
        sub.problems = [note]  # its own problems are the office's below, which adopted its numbers
        e.status, e.reason, e.problems = IGNORED, note.message, [note]


def _names(sub) -> list[str]:
    """The names a file goes by: its 填报单位, the roster's name for it, a summary's own office."""
    mark = sub.summary_mark
    names = (sub.unit, sub.display_unit, mark.unit if mark is not None else "")
    return list(dict.fromkeys(normalise(n) for n in names if n))


def _holds(listed: dict[str, None], entry: Entry) -> bool:
    """Whether an adopted summary (the names it holds) lists the unit of another file of the inbox."""
    return any(name in listed for name in _names(entry.submission))


def _held(summary: Entry) -> dict[str, None]:
    """The names an adopted summary says it holds, in its order: the lower offices (transitively),
    the units."""
    mark = summary.submission.summary_mark
    return dict.fromkeys(normalise(name) for name in (*mark.offices, *mark.units))


def _note(e: Entry, holder: Entry) -> Problem:
    sub, mark = e.submission, holder.submission.summary_mark
    params = {"unit": sub.display_unit, "summary": holder.name, "office": mark.unit or holder.submission.display_unit,
              "basis": LISTED if mark.what == SUMMARY_BOOK else MARKED}
    if sub.summary_mark is None:
        return Problem(INSIDE, file=e.name, unit=sub.display_unit, params=params)
    return Problem(SUMMARY_INSIDE, file=e.name, unit=sub.display_unit, params={**params, "what": sub.summary_mark.what})
