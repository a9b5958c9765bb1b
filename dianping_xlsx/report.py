"""Writing the merge's outputs: the summary workbook and summary.csv.

The summary workbook holds the official tables filled with the totals (ready
to print, stamp and send up), a summary by category with coverage rates per
table, 报送情况 (every file and what became of it), 审核问题 (every problem)
and 明细 (every accepted unit's values). All writes are atomic.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import xlsxwriter

from .definitions import Key, Table, TableSet
from .files import atomic_path
from .merge import ACCEPTED, REJECTED, STATUS_ZH, MergeResult
from .problems import ERROR, SEVERITY_ZH, WARNING, by_unit
from .returns import write_return_files
from .template import WORKBOOK_OPTIONS, Formats, row_height, write_table_sheet

TOTAL = "合计"
CSV_COLUMNS = ["unit", "table", "category", "metric", "round", "value"]


def summary_filename(period) -> str:
    return f"汇总表_{period}.xlsx"


def date_text(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def write_outputs(result: MergeResult, out: Path, unit_name: str, day: dt.date) -> dict[str, Path]:
    workbook = out / summary_filename(result.period)
    write_summary_workbook(result, workbook, unit_name, day)
    table = out / "summary.csv"
    write_csv(result, table)
    rejected = [e.submission for e in result.by_status(REJECTED)]
    returns = write_return_files(rejected, result.ts, out, day)
    return {"workbook": workbook, "csv": table, "returns": returns}


# -- the workbook ------------------------------------------------------------


class _Styles(Formats):
    def __init__(self, wb):
        super().__init__(wb)
        base = {"font_name": "宋体", "font_size": 11, "valign": "vcenter", "border": 1}
        self.th = wb.add_format(dict(base, bold=True, align="center", text_wrap=True, bg_color="#DDEBF7"))
        self.td = wb.add_format(dict(base, text_wrap=True))
        self.num = wb.add_format(dict(base, num_format="0"))
        self.pct = wb.add_format(dict(base, num_format="0.0%"))
        self.total_label = wb.add_format(dict(base, bold=True))
        self.total_num = wb.add_format(dict(base, bold=True, num_format="0"))
        self.total_pct = wb.add_format(dict(base, bold=True, num_format="0.0%"))
        self.bad = wb.add_format(dict(base, text_wrap=True, font_color="#C00000"))
        self.plain = wb.add_format({"font_name": "宋体", "font_size": 10, "italic": True})


def write_summary_workbook(result: MergeResult, target: Path, unit_name: str, day: dt.date) -> None:
    ts = result.ts
    with atomic_path(target) as tmp:
        wb = xlsxwriter.Workbook(str(tmp), WORKBOOK_OPTIONS)
        wb.set_properties(
            {
                "title": f"{ts.name} 汇总({result.period.zh})",
                "author": "dianping-xlsx",
                "created": dt.datetime.combine(day, dt.time()),
            }
        )
        st = _Styles(wb)
        for table in ts.tables:
            write_table_sheet(wb, st, ts, table, values=result.totals, form=False,
                              unit_name=unit_name, date_text=date_text(day))
        for table in ts.tables:
            _category_sheet(wb, st, table, result)
        _status_sheet(wb, st, result)
        _problems_sheet(wb, st, result)
        _detail_sheet(wb, st, result)
        wb.close()


def rate_columns(table: Table) -> list[tuple[str, Key | None, str]]:
    """Columns of a category summary: (heading, key template, kind) in order."""
    base = table.base_row
    cols: list[tuple[str, Key | None, str]] = [(base.metric, Key(table.key, "", base.metric, ""), "n")]
    for row in table.rows:
        if row.base:
            continue
        for rnd in row.rounds or ("",):
            suffix = f"({rnd})" if rnd else ""
            cols.append((f"{row.metric}{suffix}", Key(table.key, "", row.metric, rnd), "n"))
            if row.rate:
                cols.append((f"{row.rate}{suffix}", Key(table.key, "", row.metric, rnd), "rate"))
    return cols


def _category_sheet(wb, st: _Styles, table: Table, result: MergeResult) -> None:
    ws = wb.add_worksheet(f"{table.key}分类汇总")
    cols = rate_columns(table)
    base = table.base_row.metric
    ws.write_string(0, 0, f"{table.key} {table.title} 分类汇总({result.period.zh},"
                          f"{len(result.accepted)} 个单位)", st.heading)
    ws.write_string(1, 0, "类别名称", st.th)
    for j, (heading, _, _) in enumerate(cols, start=1):
        ws.write_string(1, j, heading, st.th)
    rows = [(cat, cat) for cat in table.categories] + [(TOTAL, None)]
    for i, (label, cat) in enumerate(rows, start=2):
        cats = [cat] if cat else list(table.categories)
        total_row = cat is None
        ws.write_string(i, 0, label, st.total_label if total_row else st.td)
        denominator = sum(result.totals[Key(table.key, c, base, "")] for c in cats)
        for j, (_, tmpl, kind) in enumerate(cols, start=1):
            value = sum(result.totals[tmpl._replace(category=c)] for c in cats)
            if kind == "n":
                ws.write_number(i, j, value, st.total_num if total_row else st.num)
            elif denominator:
                ws.write_number(i, j, value / denominator, st.total_pct if total_row else st.pct)
            else:
                ws.write_string(i, j, "—", st.td)
    note_row = len(rows) + 3
    ws.write_string(note_row, 0, f"说明:覆盖率 = 对应人数(个数) ÷ {base};{base}为 0 的类别不计算覆盖率(显示“—”)。", st.plain)
    ws.set_column(0, 0, 34)
    ws.set_column(1, len(cols), 14)
    ws.set_row(1, 45)
    ws.freeze_panes(2, 1)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)


def _status_sheet(wb, st: _Styles, result: MergeResult) -> None:
    ws = wb.add_worksheet("报送情况")
    headings = ["序号", "文件", "单位", "填报时间", "状态", "说明"]
    for j, h in enumerate(headings):
        ws.write_string(0, j, h, st.th)
    for i, entry in enumerate(result.entries, start=1):
        sub = entry.submission
        ws.write_number(i, 0, i, st.num)
        ws.write_string(i, 1, entry.name, st.td)
        ws.write_string(i, 2, entry.unit, st.td)
        ws.write_string(i, 3, date_text(sub.date) if sub and sub.date else "", st.td)
        ws.write_string(i, 4, STATUS_ZH[entry.status], st.bad if entry.status == "rejected" else st.td)
        ws.write_string(i, 5, entry.reason, st.td)
    ws.set_column(0, 0, 6)
    ws.set_column(1, 2, 32)
    ws.set_column(3, 4, 14)
    ws.set_column(5, 5, 80)
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(1, len(result.entries)), len(headings) - 1)


def _problems_sheet(wb, st: _Styles, result: MergeResult) -> None:
    """Every problem, grouped by unit, errors first; a first line says how many units are clean."""
    ws = wb.add_worksheet("审核问题")
    ws.write_string(0, 0, problems_headline(result), st.heading)
    headings = ["单位", "文件", "工作表", "单元格", "级别", "问题说明", "代码"]
    for j, h in enumerate(headings):
        ws.write_string(2, j, h, st.th)
    row = 3
    for unit, problems in by_unit(result.problems).items():
        for p in problems:
            fmt = st.bad if p.severity == ERROR else st.td
            cells = [p.unit, p.file, p.sheet, p.cell, SEVERITY_ZH[p.severity], p.message, p.code]
            for j, text in enumerate(cells):
                ws.write_string(row, j, text, fmt)
            ws.set_row(row, row_height(p.message, MESSAGE_WIDTH))
            row += 1
    ws.set_column(0, 1, 26)
    ws.set_column(2, 4, 8)
    ws.set_column(5, 5, MESSAGE_WIDTH)
    ws.set_column(6, 6, 22)
    ws.freeze_panes(3, 0)
    ws.autofilter(2, 0, max(3, row - 1), len(headings) - 1)


def problems_headline(result: MergeResult) -> str:
    """共 N 个单位:M 个无问题,X 个有错误(已退回),Y 个只有警告."""
    subs = [e.submission for e in result.entries if e.status in (ACCEPTED, REJECTED)]
    units = len(subs)
    errors = sum(1 for s in subs if not s.ok)
    warned = sum(1 for s in subs if s.ok and any(p.severity == WARNING for p in s.problems))
    clean = units - errors - warned
    return f"共 {units} 个单位报送:{clean} 个无问题,{warned} 个有警告(已采用),{errors} 个有错误(已退回)。"


MESSAGE_WIDTH = 80


def _detail_sheet(wb, st: _Styles, result: MergeResult) -> None:
    ws = wb.add_worksheet("明细")
    keys = result.ts.keys
    fixed = ["单位", "文件", "填报时间"]
    for j, h in enumerate(fixed):
        ws.merge_range(0, j, 2, j, h, st.th)
    for j, key in enumerate(keys, start=len(fixed)):
        ws.write_string(0, j, key.table, st.th)
        ws.write_string(1, j, key.category, st.th)
        ws.write_string(2, j, f"{key.metric}({key.round})" if key.round else key.metric, st.th)
    subs = result.accepted
    for i, sub in enumerate(subs, start=3):
        ws.write_string(i, 0, sub.unit, st.td)
        ws.write_string(i, 1, sub.name, st.td)
        ws.write_string(i, 2, date_text(sub.date) if sub.date else "", st.td)
        for j, key in enumerate(keys, start=len(fixed)):
            ws.write_number(i, j, sub.values.get(key, 0), st.num)
    total_row = 3 + len(subs)
    ws.write_string(total_row, 0, TOTAL, st.total_label)
    ws.write_blank(total_row, 1, None, st.total_label)
    ws.write_blank(total_row, 2, None, st.total_label)
    for j, key in enumerate(keys, start=len(fixed)):
        ws.write_number(total_row, j, result.totals[key], st.total_num)
    ws.set_column(0, 1, 28)
    ws.set_column(2, 2, 14)
    ws.set_column(3, 2 + len(keys), 12)
    ws.set_row(1, 60)
    ws.set_row(2, 45)
    ws.freeze_panes(3, 1)


# -- the CSV -----------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(text: str) -> str:
    """Text that no spreadsheet will run as a formula when it opens the CSV."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_rows(result: MergeResult):
    yield CSV_COLUMNS
    for sub in result.accepted:
        for key in result.ts.keys:
            yield [csv_safe(sub.unit), *key, sub.values.get(key, 0)]
    for key in result.ts.keys:
        yield [TOTAL, *key, result.totals[key]]


def write_csv(result: MergeResult, target: Path) -> None:
    with atomic_path(target) as tmp:
        with open(tmp, "w", encoding="utf-8-sig", newline="") as fh:
            csv.writer(fh).writerows(csv_rows(result))
