"""The official tables as the notice prints them: drawn for the blank template and for the
summary's 附件 sheets alike.

One layout function draws a table (附件N line, title, 填报单位/填报时间 lines, 类别 header, row
labels with 第一次/第二次, notes); ``page_setup`` is how every sheet of ours prints.
"""

from __future__ import annotations

import math
import re

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from ..definitions import Key, Table, TableSet
from ..definitions.ownsheets import INSTRUCTIONS_SHEET  # noqa: F401 - the sheet's name, shared with init
from ..definitions.tables import with_year
from ..files import safe_filename  # noqa: F401 - re-exported: the writers name their files with it
from ..text import MAX_COUNT, display_width

NAME_UNSAFE = re.compile(r"[^\w.]")  # what a defined name may not hold
LABEL_COLS = 2  # column A: row label, column B: round label
CATEGORY_WIDTH = 13.5
LABEL_CHARS = 8  # CJK characters a category header cell prints on one line
INSTRUCTION_WIDTH = 72

# Options that keep any text from an input inert in what we write.
WORKBOOK_OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
}


def wrap_label(text: str, per_line: int) -> str:
    """A category label broken into printed lines at sensible places: after a closing bracket
    or before an opening one, else before 和 / after 、, when the line is at least half full;
    never one character alone on the last line (国有企业 / 和金融机构; 中央和外省 / (区、市) / 在湘单位)."""
    lines, rest = [], text
    while len(rest) > per_line:
        window = range(per_line, per_line // 2 - 1, -1)
        cut = next((i for i in window if rest[i - 1] in ")】" or rest[i] in "(【"), None) \
            or next((i for i in window if rest[i] in "和及与" or rest[i - 1] in "、"), per_line)
        if len(rest) - cut == 1:
            cut -= 1
        lines.append(rest[:cut])
        rest = rest[cut:]
    return "\n".join([*lines, rest])


def row_height(text: str, width: float, line: float = 15) -> float:
    """The height of a row whose wrapped text fills a column ``width`` wide: its lines counted by
    display width (a CJK character two units, a digit or letter one; 2011年6月20日 is 13, not 20),
    each explicit line break starting a line."""
    room = max(4.0, width - 1)  # a cell's padding
    if "\n" not in text:
        if 2 * len(text) <= room:
            return line + 4  # one line even were every character wide: no need to measure it
        return line * max(1, math.ceil(display_width(text) / room)) + 4
    lines = sum(max(1, math.ceil(display_width(part) / room)) for part in text.split("\n"))
    return line * max(1, lines) + 4


def unit_cells(ts: TableSet) -> list[str]:
    """Where each table sheet has its 填报单位 (the line under the title)."""
    return [f"'{t.key}'!${_col(LABEL_COLS)}$3" for t in ts.tables]


UNIT_LINE, DATE_LINE = "填报单位", "填报时间"  # the names of a table's two header lines


def line_name(table: Table, line: str) -> str:
    """The workbook-level name of a table's 填报单位 or 填报时间 cell: <table>_填报单位."""
    return NAME_UNSAFE.sub("", f"{table.key}_{line}")


def defined_name(table: Table, key: Key) -> str:
    """The workbook-level name of one input cell: <table>_类别03_<metric>_<round>."""
    idx = table.categories.index(key.category) + 1
    parts = [table.key, f"类别{idx:02d}", key.metric]
    if key.round:
        parts.append(key.round)
    return NAME_UNSAFE.sub("", "_".join(parts))  # 人数(人), 其中:…: brackets and colons are not allowed


class KnownFunctions(Worksheet):
    """A sheet whose formulas are ours, made of the functions formulas.py lists (its conditional
    formats' too): none of them is one of Excel's newer functions that xlsxwriter would rename
    (_xlfn.), so the pattern substitutions it runs on every formula to find them are skipped
    (thirty a formula: 0.3 s a template; 170 a conditional format: 1 ms a return file)."""

    def _prepare_formula(self, formula, expand_future_functions=False):
        return formula[1:] if formula.startswith("=") else formula


class Formats:
    def __init__(self, wb: xlsxwriter.Workbook):
        base = {"font_name": "宋体", "font_size": 11, "valign": "vcenter"}
        cell = dict(base, border=1, align="center", text_wrap=True)
        self.marker = wb.add_format(dict(base, font_name="黑体", font_size=12))
        self.title = wb.add_format(
            dict(base, font_name="方正小标宋简体", font_size=16, bold=True, align="center")
        )
        self.header_label = wb.add_format(dict(base, font_size=11))
        self.header_input = wb.add_format(dict(base, locked=False, bottom=1, align="left"))
        self.header_text = wb.add_format(dict(base, bottom=1, align="left"))
        self.label = wb.add_format(cell)
        self.label_bold = wb.add_format(dict(cell, bold=True))
        self.input = wb.add_format(dict(cell, locked=False, num_format="0"))
        self.value = wb.add_format(dict(cell, num_format="0"))
        self.marked = wb.add_format(
            dict(cell, locked=False, num_format="0", bg_color="#FFC7CE", font_color="#9C0006")
        )
        self.note = wb.add_format(dict(base, text_wrap=True, valign="top", font_size=10.5))
        self.text = wb.add_format(dict(base, text_wrap=True, valign="top"))
        self.heading = wb.add_format(dict(base, bold=True, font_size=14))


def write_table_sheet(
    wb: xlsxwriter.Workbook,
    fmt: Formats,
    ts: TableSet,
    table: Table,
    *,
    values: dict[Key, object] | None = None,
    form: bool = True,
    marks: dict[Key, str] | None = None,
    painted: set[Key] | None = None,
    unit_name: str = "",
    date_text: str = "",
    lock_unit: bool = False,
    year: int | None = None,
    sheet_class: type | None = None,
    draw=None,
    after_block=None,
) -> dict[Key, str]:
    """Draw one official table; return where each value went (A1).

    ``form``: an input form (the template, or a unit's file sent back): only
    the value cells are unlocked, they accept whole numbers, each has a
    defined name, and the sheet is protected. Otherwise a fixed table of
    ``values`` (the summary). ``marks``: cells with a comment, filled red unless ``painted``
    names the ones to fill (the others the 自查 sheet colours as long as they are wrong).
    ``sheet_class``: the worksheet's (KnownFunctions); ``draw``: what the table is drawn on, made
    of the worksheet (tableframe.py's, for a sheet written from a frame); its ``live`` (if any)
    takes what varies from unit to unit: the values, their comments, the 填报单位 and 填报时间.
    ``after_block(ws, fmt, row, block)``: rows drawn under each block's (the upward workbook's
    rates), returning the row after them.
    """
    # KnownFunctions: the self-check's conditional formats
    ws = wb.add_worksheet(table.key, worksheet_class=sheet_class or KnownFunctions)
    if draw is not None:
        ws = draw(ws)
    width = max(len(b) for b in table.blocks)
    last = LABEL_COLS + width - 1
    ws.set_column(0, 0, 15)
    ws.set_column(1, 1, 8)
    ws.set_column(LABEL_COLS, last, CATEGORY_WIDTH)
    top = _write_header(wb, ws, fmt, ts, table, last, form, unit_name, date_text, lock_unit)
    marks = marks or {}
    painted = set(marks) if painted is None else painted
    places, end = _write_blocks(wb, ws, fmt, ts, table, width, form, values or {}, marks, painted, top,
                                after_block)
    if form:
        ws.data_validation(top + 1, LABEL_COLS, end - 1, last, INTEGER_VALIDATION)
    _write_notes(ws, fmt, table, end + 1, last, width, year or ts.published.year)
    if form:
        ws.protect("", {"format_columns": True, "format_rows": True})
    return places


INTEGER_VALIDATION = {  # up to the largest count a merge reads (text.MAX_COUNT)
    "validate": "integer",
    "criteria": "between",
    "minimum": 0,
    "maximum": MAX_COUNT,
    "ignore_blank": True,
    "input_title": "请填写整数",
    "input_message": "填写人数或个数(不小于0的整数)。没有请填0或留空,不要填写文字、小数或“人”“个”。",
    "error_title": "输入有误",
    "error_message": f"这里只能填写0到{MAX_COUNT}之间的整数(人数或个数)。请不要填写文字、小数或负数。",
    "error_type": "stop",
}


def _write_header(wb, ws, fmt, ts, table, last, form, unit_name, date_text, lock_unit) -> int:
    """附件N, the title, and the line 填报单位(盖章): ____   填报时间: ____ (a table of fewer
    than four categories a block has no room for both on one line: 填报时间 goes on the next).
    Returns the row its header rows start at."""
    ws.write_string(0, 0, table.key, fmt.marker)
    ws.set_row(1, 36)
    _merge(ws, 1, 0, 1, last, table.title, fmt.title)
    line_fmt = fmt.header_input if form else fmt.header_text
    unit_fmt = fmt.header_text if lock_unit else line_fmt
    narrow = last - LABEL_COLS < 3
    date_row, date_label_col = (3, 0) if narrow else (2, last - 2)
    ws.set_row(2, 30)
    ws.merge_range(2, 0, 2, 1, ts.unit_label, fmt.header_label)
    _merge(ws, 2, LABEL_COLS, 2, last if narrow else date_label_col - 1, unit_name, unit_fmt, live=True)
    if narrow:
        ws.set_row(3, 30)
        ws.merge_range(3, 0, 3, 1, ts.date_label, fmt.header_label)
    else:
        ws.write_string(2, date_label_col, ts.date_label, fmt.header_label)
    date_col = LABEL_COLS if narrow else date_label_col + 1
    _merge(ws, date_row, date_col, date_row, last, date_text, line_fmt, live=True)
    if form:
        define_name(wb, line_name(table, UNIT_LINE), f"='{table.key}'!${_col(LABEL_COLS)}$3")
        define_name(wb, line_name(table, DATE_LINE), f"='{table.key}'!${_col(date_col)}${date_row + 1}")
    return date_row + 1


def _merge(ws, first_row, first_col, last_row, last_col, text, cell_format, live: bool = False) -> None:
    """A text over a range of cells (one cell: written, as one cell cannot be merged); ``live``:
    a text that varies from unit to unit."""
    if (first_row, first_col) != (last_row, last_col):
        ws.merge_range(first_row, first_col, last_row, last_col, "", cell_format)
    (_live(ws) if live else ws).write_string(first_row, first_col, text, cell_format)


def _live(ws):
    """What takes the cells that vary from unit to unit: ``draw``'s live, or the worksheet."""
    return getattr(ws, "live", ws)


def _write_blocks(wb, ws, fmt, ts, table, width, form, values, marks, painted, top,
                  after_block=None) -> tuple[dict[Key, str], int]:
    """The 类别 header and rows of each block; returns the value places and the next row."""
    places: dict[Key, str] = {}
    row, names = top, _names(table)
    for n, block in enumerate(table.blocks):
        if table.groups:  # a two-level header: the groups above the categories, 类别 over both rows
            ws.set_row(row, 24)
            ws.merge_range(row, 0, row + 1, 1, table.header or ts.header_label, fmt.label_bold)
            col, alone = LABEL_COLS, set()  # a category under no group: over both rows, as the notice prints it
            for label, span in table.groups[n]:
                if span == 1 and col - LABEL_COLS < len(block) and label == block[col - LABEL_COLS]:
                    alone.add(col - LABEL_COLS)
                _merge(ws, row, col, row + (col - LABEL_COLS in alone), col + span - 1,
                       wrap_label(label, LABEL_CHARS) if col - LABEL_COLS in alone else label, fmt.label_bold)
                col += span
            for j in range(col - LABEL_COLS, width):
                ws.write_blank(row, LABEL_COLS + j, None, fmt.label_bold)
            row += 1
            for j in range(2):
                ws.write_blank(row, j, None, fmt.label_bold)
        else:
            alone = set()
            ws.merge_range(row, 0, row, 1, table.header or ts.header_label, fmt.label_bold)
        ws.set_row(row, 48)
        for j in (j for j in range(width) if j not in alone):
            label = wrap_label(block[j], LABEL_CHARS) if j < len(block) else ""
            ws.write_string(row, LABEL_COLS + j, label, fmt.label_bold)
        row += 1
        for spec in table.rows:
            rounds = spec.rounds or ("",)
            if spec.rounds:
                ws.merge_range(row, 0, row + len(rounds) - 1, 0, spec.metric, fmt.label)
            else:
                ws.merge_range(row, 0, row, 1, spec.metric, fmt.label)
            for rnd in rounds:
                ws.set_row(row, 24)
                if rnd:
                    ws.write_string(row, 1, rnd, fmt.label)
                for j in range(width):
                    col = LABEL_COLS + j
                    if j >= len(block):
                        ws.write_blank(row, col, None, fmt.label)
                        continue
                    key = Key(table.key, block[j], spec.metric, rnd)
                    places[key] = f"{_col(col)}{row + 1}"
                    _write_value(ws, fmt, row, col, values.get(key), form, marks.get(key), key in painted)
                    if form:
                        define_name(wb, names[key], f"='{table.key}'!${_col(col)}${row + 1}")
                row += 1
        if after_block is not None:
            row = after_block(ws, fmt, row, block)
    return places, row


_DEFINED: set[tuple[str, str]] = set()  # (name, formula) xlsxwriter took as a workbook-level name


def define_name(wb, name: str, formula: str) -> None:
    """wb.define_name: a name and formula xlsxwriter took once (its checks are five patterns) are
    added as it adds them (every file of a table set names the same cells)."""
    if (name, formula) in _DEFINED:
        wb.defined_names.append([name, -1, formula.lstrip("="), False])
    elif wb.define_name(name, formula) == 0 and "!" not in name:  # "!": a sheet's own name
        if len(_DEFINED) > 50_000:
            _DEFINED.clear()
        _DEFINED.add((name, formula))


_NAMED: dict[int, tuple[Table, dict[Key, str]]] = {}  # by id(table), the table kept: its id not reused


def _names(table: Table) -> dict[Key, str]:
    """Each value cell's defined name (every file of the table names its cells alike)."""
    kept = _NAMED.get(id(table))
    if kept is None or kept[0] is not table:
        if len(_NAMED) > 64:
            _NAMED.clear()
        kept = _NAMED[id(table)] = (table, {key: defined_name(table, key) for key in table.keys()})
    return kept[1]


def _write_value(ws, fmt, row, col, value, form, mark, paint) -> None:
    ws = _live(ws)
    cell_fmt = fmt.marked if mark and paint else (fmt.input if form else fmt.value)
    if value is None or value == "":
        if form:
            ws.write_blank(row, col, None, cell_fmt)
        else:
            ws.write_number(row, col, 0, cell_fmt)
    elif isinstance(value, int) and not isinstance(value, bool):
        ws.write_number(row, col, value, cell_fmt)
    else:
        ws.write_string(row, col, str(value), cell_fmt)
    if mark:
        ws.write_comment(row, col, mark, {"x_scale": 2.2, "y_scale": 1.6, "author": "审核意见"})


def _write_notes(ws, fmt, table, row, last, width, year: int) -> None:
    """The notes under the table (``{year}``: the period's), and the print settings (A4
    landscape, one page wide)."""
    chars_per_line = max(20, int((15 + 8 + CATEGORY_WIDTH * width) / 2.1))
    for note in (with_year(n, year) for n in table.notes):
        lines = max(1, math.ceil(len(note) / chars_per_line))
        ws.set_row(row, 15 * lines + 3)
        ws.merge_range(row, 0, row, last, note, fmt.note)
        row += 1
    ws.set_paper(9)  # A4
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.center_horizontally()
    ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    ws.print_area(0, 0, row - 1, last)
    ws.hide_gridlines(2)  # no grid on screen or paper: the borders are the table


def page_setup(ws, title: str, *, landscape: bool = True, pages_wide: int = 1, scale: int = 0,
               repeat_rows: tuple[int, int] | None = None, repeat_cols: tuple[int, int] | None = None,
               titled: bool = False) -> None:
    """How a list or summary sheet prints: A4, ``pages_wide`` pages across (or at ``scale`` %),
    the header rows (and the unit column) on every page, 第 N 页,共 M 页 below. On top, the
    title and the sheet's name; ``titled``: the sheet prints its title in its first rows, so the
    page header does not say it again (only the sheet's name, and nothing when that is the title)."""
    ws.set_paper(9)
    if landscape:
        ws.set_landscape()
    if scale:
        ws.set_print_scale(scale)
    else:
        ws.fit_to_pages(pages_wide, 0)
    ws.set_margins(left=0.4, right=0.4, top=0.75, bottom=0.6)
    ws.center_horizontally()
    ws.set_header(_page_header(ws.name, title, titled), {"margin": 0.3})
    ws.set_footer(PAGE_FOOTER, {"margin": 0.3})
    if repeat_rows is not None:
        ws.repeat_rows(*repeat_rows)
    if repeat_cols is not None:
        ws.repeat_columns(*repeat_cols)


PAGE_FOOTER = '&C&"宋体"&9 第 &P 页,共 &N 页'


def _page_header(name: str, title: str, titled: bool) -> str:
    # "&9" sets the size: a space must follow, or the title's digits (2011) join the size
    safe = title.replace("&", "&&")[:100]
    if not titled:
        return f'&L&"宋体"&9 {safe}&R&"宋体"&9 &A'
    return "" if title[:31] == name else '&R&"宋体"&9 &A'


def text_width(text: str, least: float = 0) -> float:
    """A column width that prints each line of ``text`` whole: its display width (a CJK character
    two units) and the cell's padding."""
    return max(least, max(display_width(line) for line in text.split("\n")) + 2)


def two_lines(word: str) -> str:
    """A short label longer than three characters on two lines broken at its middle (as 比较 /
    满意): a column as narrow as a tick box prints it whole words, never three and one."""
    half = len(word) // 2
    return word if len(word) <= 3 or "\n" in word else f"{word[:half]}\n{word[half:]}"


def _col(index: int) -> str:
    return xlsxwriter.utility.xl_col_to_name(index)


PROPERTY_LIMIT = 255  # characters of a custom property's value: xlsxwriter drops a longer one


def set_property(wb, name: str, value: str) -> None:
    """A custom document property, cut to what the format holds (with …): never dropped, as
    xlsxwriter drops a longer value with a warning (a county's list of missing units did)."""
    if len(value) > PROPERTY_LIMIT:
        value = value[:PROPERTY_LIMIT - 1] + "…"
    wb.set_custom_property(name, value)
