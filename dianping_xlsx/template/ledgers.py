"""The ledger templates (台账): one workbook per ledger, ready for a few hundred records.

A4 landscape, one page wide, the title and the 填报单位 / 填报时间 line on top, the header row
repeated on every printed page; a drop-down list on each closed column (a list that allows
other values warns instead of refusing), a date check on date columns, the header locked
and the records free (rows may be inserted and deleted).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import xlsxwriter

from ..definitions import Column, Ledger, LedgerSet, TableSet
from ..files import atomic_path
from .layout import WORKBOOK_OPTIONS, Formats, page_setup, safe_filename

WIDTHS = {"number": 6, "date": 12, "choice": 14, "text": 14}
LONG_TEXT = 22  # columns of free text that take a paragraph (点评情况, 整改措施 …) print wider
ROW_HEIGHT = 26  # room to write by hand: many units keep the 台账 on paper and type it in later
PRINTED_ROWS = 36  # ruled rows printed (two pages, the header on each); the rest fill in on screen
HEADER_ROW = 3  # 0 title, 1 填报单位 / 填报时间, 2 the note, 3 the column labels
LISTS_SHEET = "选项"


def ledger_filename(ledger: Ledger, unit_name: str = "") -> str:
    return f"{ledger.title}_{safe_filename(unit_name)}.xlsx" if unit_name else f"{ledger.title}.xlsx"


def write_ledger_templates(ls: LedgerSet, ts: TableSet, folder: Path, unit_name: str = "") -> list[Path]:
    return [write_ledger_template(ls, ledger, ts, folder / ledger_filename(ledger, unit_name), unit_name)
            for ledger in ls.ledgers]


def write_ledger_template(ls: LedgerSet, ledger: Ledger, ts: TableSet, target: Path, unit_name: str = "") -> Path:
    with atomic_path(target) as tmp:
        wb = xlsxwriter.Workbook(str(tmp), WORKBOOK_OPTIONS)
        created = dt.datetime.combine(ls.published or dt.date(2000, 1, 1), dt.time())
        wb.set_properties({"title": ledger.title, "author": "dianping-xlsx", "created": created})
        f = Formats(wb)
        cell = wb.add_format({"font_name": "宋体", "font_size": 11, "border": 1, "text_wrap": True,
                              "valign": "top", "locked": False})
        date = wb.add_format({"font_name": "宋体", "font_size": 11, "border": 1, "valign": "top",
                              "num_format": "yyyy-mm-dd", "locked": False})
        ws = wb.add_worksheet(ledger.title[:31])
        lists = wb.add_worksheet(LISTS_SHEET)  # the drop-down lists (a list over 255 characters must be a range)
        lists.hide()
        last = len(ledger.columns) - 1
        _head(ws, f, ts, ledger, last, unit_name, ls.note)
        for j, column in enumerate(ledger.columns):
            ws.write_string(HEADER_ROW, j, column.label, f.label_bold)
            wide = column.kind == "text" and j > 0 and not column.required
            ws.set_column(j, j, LONG_TEXT if wide else WIDTHS[column.kind], date if column.kind == "date" else cell)
            _check(ws, lists, column, j, ls.rows, ts)
        first, end = HEADER_ROW + 1, HEADER_ROW + ls.rows
        formats = [date if c.kind == "date" else cell for c in ledger.columns]
        for r in range(first, end + 1):  # ruled rows to fill in, by hand or on screen
            ws.set_row(r, ROW_HEIGHT)
            for j, fmt in enumerate(formats):
                ws.write_blank(r, j, None, fmt)
        ws.freeze_panes(first, 0)
        page_setup(ws, ledger.title, repeat_rows=(HEADER_ROW, HEADER_ROW))
        ws.print_area(0, 0, min(end, HEADER_ROW + PRINTED_ROWS), last)
        ws.protect("", {"insert_rows": True, "delete_rows": True, "format_columns": True, "format_rows": True,
                        "sort": True, "autofilter": True})
        wb.close()
    return target


def _head(ws, f, ts: TableSet, ledger: Ledger, last: int, unit_name: str, note: str) -> None:
    """The title, the 填报单位 / 填报时间 line (as on the statistics tables) and the note."""
    ws.set_row(0, 36)
    ws.merge_range(0, 0, 0, last, ledger.title, f.title)
    ws.set_row(1, 28)
    half = max(2, (last + 1) // 2)
    ws.merge_range(1, 0, 1, 1, ts.unit_label, f.header_label)
    if half - 1 > 2:
        ws.merge_range(1, 2, 1, half - 1, "", f.header_input)
    ws.write_string(1, 2, unit_name, f.header_input)
    ws.write_string(1, half, ts.date_label, f.header_label)
    if last > half + 1:
        ws.merge_range(1, half + 1, 1, last, "", f.header_input)
    ws.write_blank(1, half + 1, None, f.header_input)
    ws.merge_range(2, 0, 2, last, note, f.note)


def _check(ws, lists, column: Column, j: int, rows: int, ts: TableSet) -> None:
    first, end = HEADER_ROW + 1, HEADER_ROW + rows
    if column.kind == "choice":
        values = column.values(ts)
        lists.write_string(0, j, column.label)
        for i, value in enumerate(values, start=1):
            lists.write_string(i, j, value)
        letter = xlsxwriter.utility.xl_col_to_name(j)
        ws.data_validation(first, j, end, j, {
            "validate": "list", "source": f"='{LISTS_SHEET}'!${letter}$2:${letter}${len(values) + 1}",
            "error_type": "warning" if column.open else "stop",
            "error_title": column.label,
            "error_message": ("建议从下拉列表中选择。" if column.open else "请从下拉列表中选择:" + "、".join(values))[:255],
        })
    elif column.kind == "date":
        ws.data_validation(first, j, end, j, {
            "validate": "date", "criteria": "between", "minimum": _day(2000), "maximum": _day(2100),
            "error_type": "stop", "error_title": column.label,
            "error_message": "请填写日期,如 2011-06-20。",
        })
    elif column.kind == "number":
        ws.data_validation(first, j, end, j, {"validate": "integer", "criteria": ">=", "value": 1,
                                              "error_type": "warning", "error_title": column.label,
                                              "error_message": "序号填写正整数。"})


def _day(year: int) -> dt.date:
    return dt.date(year, 1, 1)
