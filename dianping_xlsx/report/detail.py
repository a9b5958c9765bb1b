"""The summary's 明细: one row per accepted unit and every value, its numbers spliced in as XML
rows (report/bulk.py), a table per band of printed pages."""

from __future__ import annotations

import collections
import datetime as dt

from ..check.compact import in_order
from ..merge.previous import PERIOD_HEADING, PREVIOUS_LABEL
from ..merge.result import MergeResult
from ..merge.summary import TOTAL
from ..model import DETAIL_SHEET
from ..template.layout import page_setup, row_height
from .problemsheets import fast_display_width

# 明细 prints a table per band of pages, each band as wide as the page: the scale that makes the
# widest band fit A4 landscape between the margins (points)
PRINTABLE_WIDTH = (11.69 - 0.8) * 72
DETAIL_VALUE_WIDTH = 6
# LibreOffice draws these column widths up to 1.4 times as wide as Excel's pixels (measured on the
# sample: at the scale computed for Excel a band spilled 8 of its 46 columns onto another page)
SCALE_ROOM = 0.7


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
            texts.update({PERIOD_HEADING: PREVIOUS_LABEL, "文件": "", "填报时间": "" if before is not None else "上期无数据"})
            yield [*(texts[h] or None for h in fixed), *(in_order(before, keys) if before is not None else ())], previous


def _fixed_widths(result: MergeResult, fixed: list[str]) -> list[float]:
    """明细's text columns as wide as their longest text (a CJK character two units; 8 to 60): a
    long file name or 2011年12月20日 on one line, never wrapped over the row below."""
    texts = {"单位": [s.display_unit for s in result.accepted], "类型": [s.kind for s in result.accepted],
             PERIOD_HEADING: [str(result.period), PREVIOUS_LABEL], "文件": [s.name for s in result.accepted],
             "填报时间": [date_text(s.date) for s in result.accepted if s.date]}
    return [min(60, max(8, *(w + 2 for w in map(fast_display_width, [h, *texts[h]])))) for h in fixed]


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
    header = [[key.table for key in keys], [key.category for key in keys],
              [f"{key.metric}({key.round})" if key.round else key.metric for key in keys]]
    for r in (1, 2):  # the categories and the rows, wrapped in the narrow value columns
        ws.set_row(r, max(row_height(text, DETAIL_VALUE_WIDTH) for text in header[r]))
    for r, texts in enumerate(header):
        for j, h in enumerate(fixed):
            ws.write_string(r, j, h if r == 0 else "", st.th)
        for j, text in enumerate(texts, start=len(fixed)):
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
    widths = _fixed_widths(result, fixed)
    for j, width in enumerate(widths):  # one line each: no text over the next row
        ws.set_column(j, j, width)
    ws.set_column(len(fixed), len(fixed) - 1 + len(keys), DETAIL_VALUE_WIDTH)
    ws.freeze_panes(3, 1)
    # one table per printed band: a page break where each table's columns begin
    starts = [len(fixed) + i for i, k in enumerate(keys) if i and k.table != keys[i - 1].table]
    ws.set_v_pagebreaks(starts)
    page_setup(ws, f"{result.period.zh} {DETAIL_SHEET}", scale=_detail_scale(widths, keys),
               repeat_rows=(0, 2), repeat_cols=(0, 0))


def _detail_scale(fixed_widths: list[float], keys) -> int:
    """The print scale at which each table's band of 明细 (the unit column repeated) fits the
    page's width."""
    def points(width: float) -> float:  # a column's width in pixels as Excel draws it, as points
        return (int(width * 7 + 0.5) + 5) * 0.75

    bands = collections.Counter(k.table for k in keys)
    first = sum(points(w) for w in fixed_widths) + bands[keys[0].table] * points(DETAIL_VALUE_WIDTH)
    others = [points(fixed_widths[0]) + n * points(DETAIL_VALUE_WIDTH) for t, n in bands.items() if t != keys[0].table]
    return max(10, min(100, int(PRINTABLE_WIDTH / max([first, *others]) * 100 * SCALE_ROOM)))
