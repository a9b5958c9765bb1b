"""The ledger templates (台账): one workbook per ledger, ready for a few hundred records.

A4 landscape, one page wide, the title and the 填报单位 / 填报时间 line on top, two whole pages
of ruled rows with the header row on each; a drop-down list on each closed column (a list that
allows other values warns instead of refusing), a date check on date columns, the header locked
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
HEADER_ROW = 3  # 0 title, 1 填报单位 / 填报时间, 2 the note, 3 the column labels
HEAD_HEIGHTS = (36, 28, 20, 22)  # those rows' heights, points
PRINTED_PAGES = 2  # ruled rows printed: two whole pages, the labels on each; the rest fill in on screen
CHAR_POINTS = 7.2  # a column's width unit printed where the default font is widest (DejaVu Sans for Calibri)
PAGE = ((11.69 - 0.8) * 72, (8.27 - 0.75 - 0.6) * 72)  # A4 landscape within page_setup's margins, points
LISTS_SHEET = "选项"


def ledger_filename(ledger: Ledger, unit_name: str = "") -> str:
    return f"{ledger.title}_{safe_filename(unit_name)}.xlsx" if unit_name else f"{ledger.title}.xlsx"


def write_ledger_templates(ls: LedgerSet, ts: TableSet, folder: Path, unit_name: str = "",
                           example: dt.date | None = None) -> list[Path]:
    return [write_ledger_template(ls, ledger, ts, folder / ledger_filename(ledger, unit_name), unit_name, example)
            for ledger in ls.ledgers]


def write_ledger_template(ls: LedgerSet, ledger: Ledger, ts: TableSet, target: Path, unit_name: str = "",
                          example: dt.date | None = None) -> Path:
    """``example``: the date a date column's hint shows (a day of the period the template is
    for); else the ledger set's own date, of the notice's year."""
    example = example or ls.published
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
        _head(ws, f, _line_formats(wb), ts, ledger, last, unit_name, ls.note)
        for j, column in enumerate(ledger.columns):
            ws.write_string(HEADER_ROW, j, column.label, f.label_bold)
            ws.set_column(j, j, column_width(column, j), date if column.kind == "date" else cell)
            _check(ws, lists, column, j, ls.rows, ts, example)
        ws.set_row(HEADER_ROW, HEAD_HEIGHTS[HEADER_ROW])
        first, end = HEADER_ROW + 1, HEADER_ROW + ls.rows
        formats = [date if c.kind == "date" else cell for c in ledger.columns]
        for r in range(first, end + 1):  # ruled rows to fill in, by hand or on screen
            ws.set_row(r, ROW_HEIGHT)
            for j, fmt in enumerate(formats):
                ws.write_blank(r, j, None, fmt)
        ws.freeze_panes(first, 0)
        page_setup(ws, ledger.title, repeat_rows=(HEADER_ROW, HEADER_ROW), titled=True)
        whole = printed_rows(ledger)
        pages = PRINTED_PAGES if ls.rows >= whole else 1  # a few rows: one page
        ws.print_area(0, 0, min(end, HEADER_ROW + whole), last)
        ws.fit_to_pages(1, pages)  # whole pages: were the estimate a row over, shrunk, not spilled
        ws.protect("", {"insert_rows": True, "delete_rows": True, "format_columns": True, "format_rows": True,
                        "sort": True, "autofilter": True})
        wb.close()
    return target


def column_width(column: Column, j: int) -> float:
    wide = column.kind == "text" and j > 0 and not column.required
    return LONG_TEXT if wide else WIDTHS[column.kind]


def printed_rows(ledger: Ledger, pages: int = PRINTED_PAGES) -> int:
    """The ruled rows that fill ``pages`` A4 landscape pages whole (no few rows alone on the
    last). Counted at the scale that fits the columns' width to the page where a character of
    width is widest (LibreOffice without Calibri: 7.2 points), so that everywhere the rows, not
    the width, set the scale of fit_to_pages(1, pages): the pages are full, never one more."""
    points = sum(column_width(c, j) * CHAR_POINTS + 3.75 for j, c in enumerate(ledger.columns))
    room = PAGE[1] / min(1.0, PAGE[0] / points)
    first = (room - sum(HEAD_HEIGHTS)) // ROW_HEIGHT
    others = (room - HEAD_HEIGHTS[HEADER_ROW]) // ROW_HEIGHT
    return int(first + (pages - 1) * others)


def _line_formats(wb) -> tuple:
    """The 填报单位 / 填报时间 line's label, the date's label (right beside its line) and the
    lines to write on: the words on the line, not floating above it."""
    base = {"font_name": "宋体", "font_size": 11, "valign": "bottom"}
    return (wb.add_format(base), wb.add_format(dict(base, align="right")),
            wb.add_format(dict(base, locked=False, bottom=1, align="left")))


def _head(ws, f, lines, ts: TableSet, ledger: Ledger, last: int, unit_name: str, note: str) -> None:
    """The title, the 填报单位 / 填报时间 line (as on the statistics tables: the unit's line long,
    the date's the last column, its label right beside it) and the note."""
    label, label_right, line = lines
    ws.set_row(0, HEAD_HEIGHTS[0])
    ws.merge_range(0, 0, 0, last, ledger.title, f.title)
    ws.set_row(1, HEAD_HEIGHTS[1])
    date_col = max(last, 4)  # a ledger of few columns: the date's line beyond them
    ws.merge_range(1, 0, 1, 1, ts.unit_label, label)
    _span(ws, 1, 2, date_col - 2, unit_name, line)
    ws.write_string(1, date_col - 1, ts.date_label, label_right)
    ws.write_blank(1, date_col, None, line)
    ws.set_row(2, HEAD_HEIGHTS[2])
    ws.merge_range(2, 0, 2, last, note, f.note)


def _span(ws, row: int, first: int, last: int, text: str, cell_format) -> None:
    if last > first:
        ws.merge_range(row, first, row, last, "", cell_format)
    ws.write_string(row, first, text, cell_format)


def _check(ws, lists, column: Column, j: int, rows: int, ts: TableSet, example: dt.date | None) -> None:
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
            "error_message": f"请填写日期,如 {example.isoformat()}。" if example else "请填写日期(年-月-日)。",
        })
    elif column.kind == "number":
        ws.data_validation(first, j, end, j, {"validate": "integer", "criteria": ">=", "value": 1,
                                              "error_type": "warning", "error_title": column.label,
                                              "error_message": "序号填写正整数。"})


def _day(year: int) -> dt.date:
    return dt.date(year, 1, 1)
