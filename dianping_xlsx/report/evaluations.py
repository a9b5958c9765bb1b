"""The mass-evaluation sheets of the summary: 群众评议汇总 and 评议跟进, rendered from the Summary.

满意率 = (the options the item set counts as satisfied) / all ticks of an item; the
不满意 share of an organisation or member is its 不满意 ticks over all its ticks.
"""

from __future__ import annotations

from ..merge.summary import EvalRow, Summary
from ..definitions import ItemSet
from .charts import ChartData, evaluation_chart
from ..template.layout import page_setup


def _share(ws, row, col, value, fmt_pct, fmt_text) -> None:
    if value is None:
        ws.write_string(row, col, "—", fmt_text)
    else:
        ws.write_number(row, col, value, fmt_pct)


def _write_row(ws, st, row: int, line: EvalRow) -> None:
    text, num, pct = (st.total_label, st.total_num, st.total_pct) if line.total else (st.td, st.num, st.pct)
    for j, value in enumerate(line.first):
        ws.write_string(row, j, value, text)
    col = len(line.first)
    ws.write_number(row, col, line.forms, num)
    ws.write_number(row, col + 1, line.unsatisfied, num)
    _share(ws, row, col + 2, line.share, pct, text)
    col += 3
    for item in line.items:
        for n in item.counts:
            ws.write_number(row, col, n, num)
            col += 1
        for share in item.shares:
            _share(ws, row, col, share, pct, text)
            col += 1
        _share(ws, row, col, item.satisfied, pct, text)
        col += 1


def write_evaluation_sheets(wb, st, summary: Summary, es: ItemSet, period_zh: str, data: ChartData) -> None:
    if not summary.evaluations:
        return
    ws = wb.add_worksheet("群众评议汇总")
    ws.write_string(0, 0, f"群众评议汇总({period_zh},{summary.evaluation_units} 个单位报送了评议结果)", st.heading)
    satisfied = "+".join(es.satisfied)
    ws.write_string(1, 0, f"说明:满意率 = ({satisfied})÷ 该项全部评议份数;不满意占比 = 不满意次数 ÷ 全部选项次数。", st.plain)
    row = 3
    per_item = [*es.options, *(f"{o}占比" for o in es.options), "满意率"]
    for block in summary.evaluations:
        form = block.form
        ws.write_string(row, 0, f"{form.key} {form.title}", st.heading)
        row += 1
        if not next(r for r in block.rows if r.total).forms:  # no form of this kind: no zeros, no empty chart
            ws.write_string(row, 0, "本期没有单位报送这种评议表。", st.plain)
            row += 2
            continue
        ws.set_row(row, 30)  # an item's name and 比较满意占比 wrap: two lines
        ws.set_row(row + 1, 30)
        fixed = ["单位", es.category, es.forms_count, "不满意次数", "不满意占比"]
        for j, h in enumerate(fixed):
            ws.merge_range(row, j, row + 1, j, h, st.th)
        col = len(fixed)
        for item in form.items:
            ws.merge_range(row, col, row, col + len(per_item) - 1, item, st.th)
            for k, heading in enumerate(per_item):
                ws.write_string(row + 1, col + k, heading, st.th)
            col += len(per_item)
        row += 2
        for line in block.rows:
            _write_row(ws, st, row, line)
            row += 1
        evaluation_chart(wb, ws, data, es, block, row + 1)
        row += 4 + (60 + 40 * len(form.items)) // 20
    ws.set_column(0, 1, 18)
    ws.set_column(2, 4, 10)
    ws.set_column(5, 5 + 5 * (2 * len(es.options) + 1), 7)
    ws.freeze_panes(0, 2)
    page_setup(ws, f"{period_zh} 群众评议汇总", pages_wide=2, repeat_cols=(0, 1))
    _follow_up_sheet(wb, st, summary, es)


def _follow_up_sheet(wb, st, summary: Summary, es: ItemSet) -> None:
    ws = wb.add_worksheet("评议跟进")
    rows = summary.follow_ups
    ws.write_string(0, 0, f"不满意占比超过 {summary.threshold:.0%} 的党组织和党员({len(rows)} 个),请督促整改", st.heading)
    headings = ["单位", "评议表", "评议对象", es.category, es.forms_count, "不满意次数", "不满意占比"]
    for j, h in enumerate(headings):
        ws.write_string(2, j, h, st.th)
    for i, f in enumerate(rows, start=3):
        for j, text in enumerate([f.unit, f.tally.form, f.tally.object, f.tally.category]):
            ws.write_string(i, j, text, st.td)
        ws.write_number(i, 4, f.tally.forms, st.num)
        ws.write_number(i, 5, f.unsatisfied, st.num)
        ws.write_number(i, 6, f.share, st.pct)
    ws.set_column(0, 3, 18)
    ws.set_column(4, 6, 12)
    ws.freeze_panes(3, 0)
    page_setup(ws, f"{summary.period_zh} 评议跟进", repeat_rows=(2, 2))
