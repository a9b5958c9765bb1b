"""What a summary says about itself in its document properties (read back when it comes
again as an input: a county's summary at the city)."""

from __future__ import annotations

from ..merge.result import MergeResult
from ..model import (SUMMARY_INBOX_PROPERTY, SUMMARY_INCOMPLETE_PROPERTY, SUMMARY_NOTICE_PROPERTY,
                     SUMMARY_PERIOD_PROPERTY, SUMMARY_RUN_PROPERTY, SUMMARY_UNIT_PROPERTY, SUMMARY_UNITS_PROPERTY,
                     UNITS_SEPARATOR, Period, SummaryMark)
from ..template.layout import PROPERTY_LIMIT, set_property
from ..text import first_named


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
                        (SUMMARY_NOTICE_PROPERTY, mark.notice), (SUMMARY_INCOMPLETE_PROPERTY, mark.incomplete)):
        if value:
            set_property(wb, name, value)
    mark_units(wb, mark.units)


def mark_units(wb, names) -> None:
    """The units a summary's totals are made of, in numbered properties (dianping_summary_units_1 …):
    read by the level above's pre-scan as our other marks, kept by every office suite's re-save,
    never a sheet the clerk would print."""
    for name, value in units_properties(names):
        set_property(wb, name, value)


def units_properties(names) -> list[tuple[str, str]]:
    """(property, value) of the names, one a line, whole names in each property and none longer than
    a property holds (counted as Excel counts, in UTF-16 units: 𠮷 is two)."""
    parts: list[str] = []
    for name in names:
        joined = f"{parts[-1]}{UNITS_SEPARATOR}{name}" if parts else name
        if parts and _utf16(joined) <= PROPERTY_LIMIT:
            parts[-1] = joined
        else:
            parts.append(name)
    return [(f"{SUMMARY_UNITS_PROPERTY}_{n}", text) for n, text in enumerate(parts, 1)]


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def counted_units(result: MergeResult) -> list[str]:
    """The units whose numbers the totals hold (the accepted reports), in the roster's order; those
    off the roster after, by name."""
    roster = result.options.roster
    order = {u.name: n for n, u in enumerate(roster.units)} if roster is not None else {}
    names = list(dict.fromkeys(s.display_unit for s in result.accepted))
    return sorted(names, key=lambda name: order.get(name, len(order)))  # stable: off the roster by name


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
