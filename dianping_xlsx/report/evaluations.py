"""The mass-evaluation sheets of the summary: 群众评议汇总 and 评议跟进, rendered from the Summary.

满意率 = (the options the item set counts as satisfied) / all ticks of an item; the
不满意 share of an organisation or member is its 不满意 ticks over all its ticks.
"""

from __future__ import annotations

from ..merge.summary import EvalRow, Summary
from ..definitions import ItemSet
from .charts import ChartData, evaluation_chart
from ..template.layout import page_setup, row_height, text_width
from ..text import display_width
from .detail import PRINTABLE_WIDTH, _points

# A4 landscape between the margins page_setup sets (top 0.75 in, bottom 0.6 in), in points
PRINTABLE_HEIGHT = (8.27 - 1.35) * 72
ROW, HEADING_ROW = 15, 20  # a row of 宋体 11 (a chart's rows are counted at it), a heading's of 14


def _share(ws, row, col, value, fmt_pct, fmt_text) -> None:
    if value is None:
        ws.write_string(row, col, "—", fmt_text)
    else:
        ws.write_number(row, col, value, fmt_pct)


def _write_row(ws, st, row: int, line: EvalRow, detail: int) -> None:
    """One unit's (category's, the total's) line: its counts and each item's 满意率 in the printed
    columns; each item's option counts and shares from column ``detail`` on."""
    text, num, pct = (st.total_label, st.total_num, st.total_pct) if line.total else (st.td, st.num, st.pct)
    for j, value in enumerate(line.first):
        ws.write_string(row, j, value, text)
    col = len(line.first)
    ws.write_number(row, col, line.forms, num)
    ws.write_number(row, col + 1, line.unsatisfied, num)
    _share(ws, row, col + 2, line.share, pct, text)
    for k, item in enumerate(line.items):
        _share(ws, row, FIXED + k, item.satisfied, pct, text)
        col = detail + k * 2 * len(item.counts)
        for n in item.counts:
            ws.write_number(row, col, n, num)
            col += 1
        for share in item.shares:
            _share(ws, row, col, share, pct, text)
            col += 1


FIXED = 5  # 单位, the category, the forms, 不满意次数, 不满意占比: the columns before the items'
RATE = "满意率"
DETAIL_NOTE = "各项目各选项的份数和占比(在屏幕上查看,不打印)"


def write_evaluation_sheets(wb, st, summary: Summary, es: ItemSet, period_zh: str, data: ChartData) -> None:
    """群众评议汇总: per form, a line per unit, category and the total with its counts and each
    item's 满意率, one A4 landscape page wide, and the chart of the options' shares; each item's
    option counts and shares to the right of the printed columns (too many to print: 45 a form)."""
    if not summary.evaluations:
        return
    ws = wb.add_worksheet("群众评议汇总")
    ws.write_string(0, 0, f"群众评议汇总({period_zh},{summary.evaluation_units} 个单位报送了评议结果)", st.heading)
    satisfied = "+".join(es.satisfied)
    ws.write_string(1, 0, f"说明:满意率 = ({satisfied})÷ 该项全部评议份数;不满意占比 = 不满意次数 ÷ 全部选项次数。", st.plain)
    widest = max(len(block.form.items) for block in summary.evaluations)
    printed, detail = FIXED + widest, FIXED + widest + 1
    widths = _widths(ws, es, summary, widest, detail)
    row = 3
    for block in summary.evaluations:
        row = _block(wb, ws, st, es, block, data, row, detail)
    ws.set_h_pagebreaks(_section_breaks(summary.evaluations, widths, printed))
    ws.freeze_panes(0, 2)
    page_setup(ws, f"{period_zh} 群众评议汇总", titled=True)
    ws.print_area(0, 0, row, printed - 1)
    _follow_up_sheet(wb, st, summary, es)


def _section_breaks(blocks, widths: list[float], printed: int) -> list[int]:
    """The rows a form's section (heading, table, chart) starts a page at: where the page so far
    would not hold it at the scale that fits the printed columns to the page's width (as Excel
    prints it); a section without a chart, one line, is never cut: the printer moves it whole."""
    room = PRINTABLE_HEIGHT / min(1.0, PRINTABLE_WIDTH / sum(map(_points, widths[:printed])))
    row, used, breaks = 3, HEADING_ROW + 2 * ROW, []
    for block in blocks:
        height = _block_height(block, widths)
        if used + height > room and row > 3 and _charted(block):  # never the title alone on a page
            breaks.append(row)
            used = 0.0
        used += height + (GAP - 1) * ROW * _charted(block)  # the gap below a chart: blank, may fall off the page
        row += 3 + (len(block.rows) + _after_table(block.form) if _charted(block) else 0)  # as _block writes it
    return breaks


def _block(wb, ws, st, es: ItemSet, block, data: ChartData, row: int, detail: int) -> int:
    """One form's heading, table and chart from ``row``; the row after them."""
    form = block.form
    ws.write_string(row, 0, f"{form.key} {form.title}", st.heading)
    row += 1
    if not _charted(block):  # no form of this kind: no zeros, no empty chart
        ws.write_string(row, 0, "本期没有单位报送这种评议表。", st.plain)
        return row + 2
    ws.write_string(row - 1, detail, DETAIL_NOTE, st.plain)
    _headings(ws, st, es, form, row, detail)
    row += 2
    for line in block.rows:
        _write_row(ws, st, row, line, detail)
        row += 1
    evaluation_chart(wb, ws, data, es, block, row + 1)
    return row + _after_table(form)


def _after_table(form) -> int:
    """The rows a form's chart and the gap below it take under its table (a row 20 pixels)."""
    return GAP + _chart_rows(form)


GAP = 5  # rows: one above the chart, the rest below it


def _chart_rows(form) -> int:
    return (60 + 40 * len(form.items)) // 20


def _charted(block) -> bool:
    """A form some unit reported: its section has a table and a chart (else one line says none came)."""
    return bool(next(r for r in block.rows if r.total).forms)


def _block_height(block, widths: list[float]) -> float:
    """The points a form's section prints in, as _block writes it, to the foot of its chart: its
    heading, the two heading rows, a line per unit (its name wrapped in its column), its chart."""
    if not _charted(block):
        return HEADING_ROW + ROW
    lines = sum(max(row_height(text, width) - 4 for text, width in zip(line.first, widths)) for line in block.rows)
    return HEADING_ROW + 15 * _lines(block.form.items) + 6 + 21 + lines + (1 + _chart_rows(block.form)) * ROW


def _headings(ws, st, es: ItemSet, form, row: int, detail: int) -> None:
    """Two heading rows: the fixed ones over both, each item over its 满意率 (printed) and over
    its options' counts and shares (not printed)."""
    ws.set_row(row, 15 * _lines(form.items) + 6)
    ws.set_row(row + 1, 21)
    for j, h in enumerate(_fixed(es)):
        ws.merge_range(row, j, row + 1, j, h, st.th)
    per_item = [*es.options, *(f"{o}占比" for o in es.options)]
    for k, item in enumerate(form.items):
        ws.write_string(row, FIXED + k, item, st.th)
        ws.write_string(row + 1, FIXED + k, RATE, st.th)
        col = detail + k * len(per_item)
        ws.merge_range(row, col, row, col + len(per_item) - 1, item, st.th)
        for j, heading in enumerate(per_item):
            ws.write_string(row + 1, col + j, heading, st.th)


ITEM_WIDTH = 15  # an item's 满意率 column: its name on a few lines above


def _fixed(es: ItemSet) -> list[str]:
    return ["单位", es.category, es.forms_count, "不满意次数", "不满意占比"]


def _lines(items) -> int:
    """The lines the longest item name takes in its column (a CJK character two units)."""
    return max(-(-display_width(item) // (ITEM_WIDTH - 2)) for item in items)


def _widths(ws, es: ItemSet, summary: Summary, widest: int, detail: int) -> list[float]:
    """Each column as wide as its heading or its texts (a unit's name up to 30: it wraps); the
    printed columns' widths."""
    fixed = _fixed(es)
    lines = [line.first for block in summary.evaluations for line in block.rows]
    widths = [min(30, max(text_width(text, 12) for text in [fixed[j], *(f[j] for f in lines if len(f) > j)]))
              for j in range(2)]
    widths += [max(text_width(h) for h in fixed[2:])] * (FIXED - 2) + [ITEM_WIDTH] * widest
    for j, width in enumerate(widths):
        ws.set_column(j, j, width)
    ws.set_column(detail - 1, detail - 1, 3)
    options = [*es.options, *(f"{o}占比" for o in es.options)]
    ws.set_column(detail, detail + len(options) * widest - 1, max(text_width(o) for o in options))
    return widths


def _follow_up_sheet(wb, st, summary: Summary, es: ItemSet) -> None:
    ws = wb.add_worksheet("评议跟进")
    rows = summary.follow_ups
    ws.write_string(0, 0, f"不满意占比超过 {summary.threshold:.0%} 的党组织和党员({len(rows)} 个),请督促整改", st.heading)
    headings = ["单位", "评议表", "评议对象", es.category, es.forms_count, "不满意次数", "不满意占比"]
    for j, h in enumerate(headings):
        ws.write_string(2, j, h, st.th)
    for i, f in enumerate(rows, start=3):
        who = f"{f.tally.object}({f.tally.branch})" if f.tally.branch else f.tally.object  # a member and its branch
        for j, text in enumerate([f.unit, f.tally.form, who, f.tally.category]):
            ws.write_string(i, j, text, st.td)
        ws.write_number(i, 4, f.tally.forms, st.num)
        ws.write_number(i, 5, f.unsatisfied, st.num)
        ws.write_number(i, 6, f.share, st.pct)
    ws.set_column(0, 3, 18)
    ws.set_column(4, 6, 12)
    ws.freeze_panes(3, 0)
    page_setup(ws, f"{summary.period_zh} 评议跟进", repeat_rows=(2, 2))
