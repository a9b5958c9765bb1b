"""The summary's 明细: one row per accepted unit and every value, its numbers spliced in as XML
rows (report/bulk.py), a table per band of printed pages."""

from __future__ import annotations

import datetime as dt
import re

from ..check.compact import in_order
from ..merge.previous import PERIOD_HEADING, PREVIOUS_LABEL
from ..merge.result import MergeResult
from ..merge.summary import TOTAL
from ..model import DETAIL_SHEET
from ..template.layout import page_setup, row_height, text_width
from ..text import display_width

# 明细 prints a table per band of pages, each band as wide as the page: the scale that makes the
# widest band fit A4 landscape between the margins (points)
PRINTABLE_WIDTH = (11.69 - 0.8) * 72
DETAIL_VALUE_WIDTH = 6
# LibreOffice draws these column widths up to 1.4 times as wide as Excel's pixels (measured on the
# sample: at the scale computed for Excel a band spilled 8 of its 46 columns onto another page)
SCALE_ROOM = 0.7
# the smallest print scale 明细 uses: below it a band is printed over several pages across, a page
# break between two categories (never inside one), the unit column on every page
LEAST_SCALE = 50


def date_text(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _detail_rows(result: MergeResult, fixed: list[str], keys, current: tuple, previous: tuple):
    """明细's rows: the fixed texts (an empty one a bordered blank), then every value (plain
    numbers: 明细 is a data sheet, and it is the big one); with --previous, the last period's
    row under each unit's."""
    for sub in result.accepted:
        texts = {"单位": sub.display_unit, "类型": sub.kind, PERIOD_HEADING: str(result.period),
                 "文件": sub.name, "填报时间": date_text(sub.date) if sub.date else ""}
        yield [*(texts[h] or None for h in fixed), *in_order(sub.values, keys)], current
        if result.options.previous is not None:
            before = result.previous_values.get(sub.display_unit)
            texts.update({PERIOD_HEADING: PREVIOUS_LABEL, "文件": result.previous_notes.get(sub.display_unit, ""),
                          "填报时间": "" if before is not None else "上期无数据"})
            yield [*(texts[h] or None for h in fixed), *(in_order(before, keys) if before is not None else ())], previous


def _fixed_widths(result: MergeResult, fixed: list[str]) -> list[float]:
    """明细's text columns as wide as their longest text (a CJK character two units; 8 to 60): a
    long file name or 2011年12月20日 on one line, never wrapped over the row below."""
    texts = {"单位": [s.display_unit for s in result.accepted], "类型": [s.kind for s in result.accepted],
             PERIOD_HEADING: [str(result.period), PREVIOUS_LABEL],
             "文件": [s.name for s in result.accepted] + list(result.previous_notes.values()),
             "填报时间": [date_text(s.date) for s in result.accepted if s.date]}
    return [min(60, max(8, *(w + 2 for w in map(display_width, [h, *texts[h]])))) for h in fixed]


def detail_sheet(wb, st, result: MergeResult) -> None:
    """One row per accepted unit and every value (with --previous, the last period's row under it)."""
    ws = wb.add_worksheet(DETAIL_SHEET)
    keys = result.ts.keys
    fixed = ["单位"]
    if result.options.roster is not None:
        fixed.append("类型")
    if result.options.previous is not None:
        fixed.append(PERIOD_HEADING)
    fixed += ["文件", "填报时间"]
    # row by row (constant-memory mode): the fixed headings in the first header row, with
    # header-coloured cells under them (a merge across rows cannot be written row by row)
    metrics, value_widths = value_headings(keys)
    # one table per printed band: a page break where each table's columns begin, and where a band
    # is wider than a page at a readable scale, between its categories (a category wider than a
    # page in parts, each under its own heading)
    widths = _fixed_widths(result, fixed)
    scale = _detail_scale(widths, keys, value_widths)
    breaks = _breaks(widths, keys, value_widths, scale)
    spans = category_spans(keys, breaks)
    ws.set_row(1, max(row_height(text, sum(value_widths[j:j + n])) for text, j, n in spans))
    ws.set_row(2, max(row_height(text, width) for text, width in zip(metrics, value_widths)))
    for r in range(3):
        for j, h in enumerate(fixed):
            ws.write_string(r, j, h if r == 0 else "", st.th)
        if r == 1:
            for text, j, n in spans:  # a category once over its columns
                if n > 1:
                    ws.merge_range(1, len(fixed) + j, 1, len(fixed) + j + n - 1, text, st.th)
                else:
                    ws.write_string(1, len(fixed) + j, text, st.th)
            continue
        for j, text in enumerate([k.table for k in keys] if r == 0 else metrics, start=len(fixed)):
            ws.write_string(r, j, text, st.th)
    current, previous = (st.cell,) * len(fixed) + (None,) * len(keys), (st.plain,) * len(fixed) + (None,) * len(keys)
    lines = 2 if result.options.previous is not None else 1
    count = lines * len(result.accepted)
    wb.bulk.rows(ws, 3, count, len(fixed) + len(keys), _detail_rows(result, fixed, keys, current, previous),
                 [current, previous])
    row = 3 + count
    ws.write_string(row, 0, TOTAL, st.total_label)
    for j in range(1, len(fixed)):
        ws.write_blank(row, j, None, st.total_label)
    for j, key in enumerate(keys, start=len(fixed)):
        ws.write_number(row, j, result.totals[key], st.total_num)
    for j, width in enumerate(widths):  # one line each: no text over the next row
        ws.set_column(j, j, width)
    for j, width in enumerate(value_widths, start=len(fixed)):
        ws.set_column(j, j, width)
    ws.freeze_panes(3, 1)
    ws.set_v_pagebreaks([len(fixed) + j for j in breaks])
    page_setup(ws, f"{result.period.zh} {DETAIL_SHEET}", scale=scale, repeat_rows=(0, 2), repeat_cols=(0, 0))


def _points(width: float) -> float:
    """A column's width in pixels as Excel draws it, as points."""
    return (int(width * 7 + 0.5) + 5) * 0.75


def _detail_scale(fixed_widths: list[float], keys, value_widths: list[float]) -> int:
    """The print scale at which each table's band of 明细 (the unit column repeated) fits the
    page's width, never below LEAST_SCALE (then a band takes several pages across)."""
    points = _points
    bands: dict[str, float] = {}
    for key, width in zip(keys, value_widths):
        bands[key.table] = bands.get(key.table, 0.0) + points(width)
    first = sum(points(w) for w in fixed_widths) + bands[keys[0].table]
    others = [points(fixed_widths[0]) + w for t, w in bands.items() if t != keys[0].table]
    return max(LEAST_SCALE, min(100, int(PRINTABLE_WIDTH / max([first, *others]) * 100 * SCALE_ROOM)))


def _breaks(fixed_widths: list[float], keys, value_widths: list[float], scale: int) -> list[int]:
    """The value columns (0 = the first) a printed page begins with: each table's first, and a
    category's first where the page so far would not hold it whole at ``scale`` (the first
    category too, when it fits a page of its own but not beside the fixed columns); a category
    wider than a page starts a page and is cut where the page is full, its last part never a lone
    column (category_spans heads each part)."""
    room = PRINTABLE_WIDTH * SCALE_ROOM * 100 / scale
    unit = _points(fixed_widths[0])
    used, out = sum(_points(w) for w in fixed_widths), []
    for _, first, n in category_spans(keys):
        cols = [_points(w) for w in value_widths[first:first + n]]
        new_table = first and keys[first].table != keys[first - 1].table
        if new_table or (used + sum(cols) > room and (first or unit + sum(cols) <= room or used + sum(cols[:2]) > room)):
            out.append(first)
            used = unit
        cuts = _cuts(cols, room - used, room - unit)
        out += [first + c for c in cuts]
        used = (unit if cuts else used) + sum(cols[cuts[-1] if cuts else 0:])
    return out


def _cuts(cols: list[float], left: float, room: float) -> list[int]:
    """Where a category of these column widths is cut (its columns, 1 on) when the page holds
    ``left`` more and each page after it ``room``: none when it fits; a last part of one column
    takes one more of the part before it (a lone column reads as belonging to nothing)."""
    cuts, used = [], 0.0
    for j, width in enumerate(cols):
        if j and used + width > (left if not cuts else room):
            cuts.append(j)
            used = 0.0
        used += width
    if cuts and cuts[-1] == len(cols) - 1 and cuts[-1] - (cuts[-2] if len(cuts) > 1 else 0) > 2:
        cuts[-1] -= 1
    return cuts


def broken(text: str) -> str:
    """A heading on the lines it is read in: a new line before each bracket (a count /
    (第一次)), never a break inside one."""
    return re.sub(r"(?<=[^\n])(?=[(\uff08])", "\n", text)


def value_headings(keys) -> tuple[list[str], list[float]]:
    """The value columns' row headings and their widths, each as wide as its heading's longest
    line, so that no word is broken: a new line before the bracket, and before a row's name
    that ends a longer one (已被点评 / a row's name, after that row)."""
    names = {k.metric for k in keys}
    metrics = [broken(_before_name(k.metric, names) + (f"({k.round})" if k.round else "")) for k in keys]
    return metrics, [text_width(text, DETAIL_VALUE_WIDTH) for text in metrics]


def _before_name(metric: str, names: set[str]) -> str:
    ends = [n for n in names if n != metric and metric.endswith(n)]
    return f"{metric[:-len(max(ends, key=len))]}\n{max(ends, key=len)}" if ends else metric


def category_spans(keys, breaks=()) -> list[tuple[str, int, int]]:
    """(category heading, first value column, columns): a category once over its columns of a
    table, and once over each part of it where a page break (value columns ``breaks``) cuts it."""
    spans: list[tuple[str, int, int]] = []
    cut = set(breaks)
    for j, key in enumerate(keys):
        if j and j not in cut and (key.table, key.category) == (keys[j - 1].table, keys[j - 1].category):
            text, first, n = spans[-1]
            spans[-1] = (text, first, n + 1)
        else:
            spans.append((broken(key.category), j, 1))
    return spans
