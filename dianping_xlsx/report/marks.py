"""What a summary says about itself in its document properties (read back when it comes
again as an input: a county's summary at the city)."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from xml.sax.saxutils import escape as xml_escape

from ..merge.result import MergeResult
from ..model import (SUMMARY_INBOX_PROPERTY, SUMMARY_INCOMPLETE_PROPERTY, SUMMARY_NEWEST_PROPERTY,
                     SUMMARY_NOTICE_PROPERTY, SUMMARY_OFFICES_PROPERTY, SUMMARY_PERIOD_PROPERTY, SUMMARY_RUN_PROPERTY,
                     SUMMARY_UNIT_PROPERTY, SUMMARY_UNITS_PROPERTY, TOTAL, UNITS_SEPARATOR, Period, SummaryMark)
from ..template.layout import PROPERTY_LIMIT, set_property
from ..text import first_named

# What the numbered properties of the units and of the offices may take (their XML, escaped, as
# custom.xml holds it; a property's own markup counted as PROPERTY_OVERHEAD): a reader takes that part
# up to 1 MB (read/scan_zip.py, .xls alike), with the other properties beside them. The offices of a
# whole country fit (3,000 names of 23 characters); the units, some 15,000 names of 9 characters: a
# city's every unit, a province's or a nation's as many as fit, the farthest below left out.
UNITS_BYTES, OFFICES_BYTES, PROPERTY_OVERHEAD = 512 * 1024, 320 * 1024, 160


def mark_summary(wb, result, unit_name: str, run: str = "") -> None:
    """The marker that tells merge, should this workbook come back as an input, whose summary of
    which period it is and what it lacked below (the summary and the upward workbook carry it alike:
    a county may send either up, and the city must hear of its missing units from both)."""
    set_property(wb, SUMMARY_PERIOD_PROPERTY, str(result.period))
    if unit_name:
        set_property(wb, SUMMARY_UNIT_PROPERTY, unit_name)
    if result.inbox:
        set_property(wb, SUMMARY_INBOX_PROPERTY, result.inbox)
    if result.options.notice is not None:  # a later period's --previous of another notice is told by it
        set_property(wb, SUMMARY_NOTICE_PROPERTY, result.options.notice.id)
    if run:
        set_property(wb, SUMMARY_RUN_PROPERTY, run)
    newest = newest_read(result)
    if newest:
        set_property(wb, SUMMARY_NEWEST_PROPERTY, newest)
    missing = incomplete_text(result)
    if missing:
        set_property(wb, SUMMARY_INCOMPLETE_PROPERTY, missing)


def mark_returned_summary(wb, mark: SummaryMark, period: Period | None) -> None:
    """The return file written for a lower office's summary (its 上报 or 汇总表 sent back) says what
    that summary said of itself: corrected and sent again, it is read as the office's summary once
    more (what it lacked below still said, no unit's material asked of it), not as one unit's report.
    A summary whose properties an office suite dropped was taken for this merge's period."""
    said = mark.period or (str(period) if period is not None else "")
    if not said:
        return
    set_property(wb, SUMMARY_PERIOD_PROPERTY, said)
    for name, value in ((SUMMARY_UNIT_PROPERTY, mark.unit), (SUMMARY_INBOX_PROPERTY, mark.inbox),
                        (SUMMARY_NOTICE_PROPERTY, mark.notice), (SUMMARY_INCOMPLETE_PROPERTY, mark.incomplete),
                        (SUMMARY_NEWEST_PROPERTY, mark.newest)):
        if value:
            set_property(wb, name, value)
    mark_units(wb, mark.units, mark.offices)


def newest_read(result: MergeResult) -> str:
    """When the newest of the reports the run read was last written, in UTC to the second ("" when it
    read none): what the inputs say, never the clock of the run, so re-running gives the same bytes.
    A county that merges again the same day, after a unit's correction came, has read a newer file:
    the level above tells its two summaries of that day apart by it (merge/inbox.py)."""
    times = [e.submission.mtime for e in result.entries
             if e.submission is not None and e.submission.has_tables and e.submission.mtime > 0]
    if not times:
        return ""
    return dt.datetime.fromtimestamp(int(max(times)), dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def mark_units(wb, names, offices=()) -> None:
    """The units a summary's totals are made of, and the lower offices whose summaries they hold, in
    numbered properties (dianping_summary_units_1 …, dianping_summary_offices_1 …): read by the level
    above's pre-scan as our other marks, kept by every office suite's re-save, never a sheet the
    clerk would print."""
    for name, value in (*numbered_properties(SUMMARY_OFFICES_PROPERTY, offices, OFFICES_BYTES),
                        *numbered_properties(SUMMARY_UNITS_PROPERTY, names, UNITS_BYTES)):
        set_property(wb, name, value)


def numbered_properties(base: str, names, budget: int) -> list[tuple[str, str]]:
    """(property, value) of the names, one a line, whole names in each property and none longer than
    a property holds (counted as Excel counts, in UTF-16 units: 𠮷 is two); no more than the budget
    in all, the names last in the list (the farthest below) left out beyond it."""
    parts: list[str] = []
    for name in names:
        joined = f"{parts[-1]}{UNITS_SEPARATOR}{name}" if parts else name
        if parts and _utf16(joined) <= PROPERTY_LIMIT:
            parts[-1] = joined
        else:
            parts.append(name)
    kept, size = [], 0
    for text in parts:
        size += len(xml_escape(text).encode("utf-8")) + PROPERTY_OVERHEAD
        if size > budget:
            break
        kept.append(text)
    return [(f"{base}_{n}", text) for n, text in enumerate(kept, 1)]


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class Held(NamedTuple):
    """What a summary's totals hold, each name once: the lower offices whose summaries were adopted
    (each by the roster's name and the name its file gave itself: the level above knows a forwarded
    file by the latter), then the offices their summaries held, transitively; the units reported
    directly (so named too), then the units the adopted summaries held, the farthest below last."""

    offices: list[str]
    units: list[str]


def units_held(result: MergeResult) -> Held:
    roster = result.options.roster
    order = {u.name: n for n, u in enumerate(roster.units)} if roster is not None else {}
    accepted = sorted(result.accepted, key=lambda s: order.get(s.display_unit, len(order)))  # stable
    summaries = [s for s in accepted if s.summary_mark is not None]
    offices = [*(n for s in summaries for n in (s.display_unit, s.unit, s.summary_mark.unit)),
               *(n for s in summaries for n in s.summary_mark.offices)]
    units = [*(n for s in accepted if s.summary_mark is None for n in (s.display_unit, s.unit)),
             *(n for s in summaries for n in s.summary_mark.units)]
    return Held(_once(offices), _once(units))


def _once(names) -> list[str]:
    return list(dict.fromkeys(name for name in names if name and name != TOTAL))


def incomplete_text(result: MergeResult) -> str:
    """What the summary lacks, in words ("" when complete): said to the level above, with the
    units' names."""
    s = result.summary
    names = first_named(u.name for u, _ in s.missing)
    below = first_named(e.unit for e in s.below)
    gone = first_named(s.gone)
    return ";".join(f"{part}({names})" if part.startswith("名册中") and names
                    else f"{part}({below})" if part.endswith("下级的汇总不完整") and below
                    else f"{part}({gone})" if part.startswith("上期报送") and gone else part
                    for part in s.shortfalls)
