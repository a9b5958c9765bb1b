"""The mass-evaluation forms as workbooks: 附件4 and 附件5 to print, and the tally sheet.

The forms mirror the notice (header lines, items, the four options, the note
on ticking, the 意见和建议 / 整改落实情况 box of 附件4, one row per member on
附件5), A4, ready to print and hand out. The tally sheet (评议汇总) is where
a unit adds up its forms, per organisation or member, item and option.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import xlsxwriter

from ..definitions import Form, ItemSet, TableSet
from ..files import atomic_path
from ..text import label_word
from .layout import INTEGER_VALIDATION, WORKBOOK_OPTIONS, Formats, text_width, two_lines

BRACKETED = re.compile(r"[(\uff08].*?[)\uff09]")  # (盖章): nothing to stamp on a line that does not print
DATE_GAP = "\u3000" * 4  # room to write a year, a month, a day by hand between 年 / 月 / 日


def form_filename(form: Form) -> str:
    return f"群众评议表_{form.key}.xlsx"


def tally_filename(es: ItemSet) -> str:
    return f"{es.tally_title}.xlsx"


def _book(target: Path, title: str, es: ItemSet):
    wb = xlsxwriter.Workbook(str(target), WORKBOOK_OPTIONS)
    wb.set_properties({"title": title, "author": "dianping-xlsx",
                       "created": dt.datetime.combine(es.published, dt.time())})
    return wb, Formats(wb)


def _print(ws, last_row: int, last_col: int, landscape: bool) -> None:
    ws.set_paper(9)
    if landscape:
        ws.set_landscape()
    ws.fit_to_pages(1, 1)
    ws.center_horizontally()
    ws.print_area(0, 0, last_row, last_col)
    ws.hide_gridlines(2)


def _unit_line(ws, f, ts: TableSet, unit_name: str, row: int) -> None:
    """A unit's name, below the printed form (the notice's forms have no 填报单位 line): what
    tells the summary who sent the forms; none on a blank form."""
    if unit_name:
        ws.write_string(row, 0, f"{BRACKETED.sub('', label_word(ts.unit_label))}:", f.header_label)
        ws.write_string(row, 1, unit_name, f.header_label)  # a text of its own: template/stamp.py stamps it


def date_line(label: str) -> str:
    """The form's date line with room to write: 时间: / 年 / 月 / 日 apart by a few spaces."""
    return DATE_GAP.join(label.split())


def _title(ws, f, form: Form, last: int) -> None:
    """The 附件N line and the form's title across the printed width."""
    ws.write_string(0, 0, form.key, f.marker)
    ws.set_row(1, 36)
    ws.merge_range(1, 0, 1, last, form.title, f.title)
    ws.set_row(2, 28)


def _form_sheet(tmp: Path, es: ItemSet, form: Form, last: int, widths: tuple[float, float]):
    """A form's workbook and sheet: column widths (first, the rest), the 附件N line and the title."""
    wb, f = _book(tmp, form.title, es)
    ws = wb.add_worksheet(form.key)
    ws.set_column(0, 0, widths[0])
    ws.set_column(1, last, widths[1])
    _title(ws, f, form, last)
    return wb, f, ws


def _option_width(es: ItemSet, least: float) -> float:
    """An option column as wide as its label's longer line (比较 / 满意), or ``least``."""
    return max(text_width(two_lines(o), least) for o in es.options)


def write_org_form(es: ItemSet, ts: TableSet, target: Path, unit_name: str = "") -> Path:
    """附件4: one organisation per form; items down, options across; the opinion box."""
    form = es.org
    with atomic_path(target) as tmp:
        n = len(es.options)
        last = n  # column 0: items; 1..n: options
        wb, f, ws = _form_sheet(tmp, es, form, last, (46, max(11, text_width(max(es.options, key=len)))))
        ws.write_string(2, 0, form.name_label, f.header_label)
        ws.merge_range(2, 1, 2, last, date_line(form.date_label), f.header_label)
        ws.set_row(3, 30)
        ws.write_string(3, 0, "项目 \\ 选项", f.label_bold)
        for j, option in enumerate(es.options, start=1):
            ws.write_string(3, j, option, f.label_bold)
        row = 4
        for item in form.items:
            ws.set_row(row, 34)
            ws.write_string(row, 0, item, f.label)
            for j in range(1, n + 1):
                ws.write_blank(row, j, None, f.label)
            row += 1
        ws.set_row(row, 30)
        ws.merge_range(row, 0, row, last, form.opinion_title, f.note)
        row += 1
        ws.write_string(row, 0, form.opinion_columns[0], f.label_bold)
        ws.merge_range(row, 1, row, last, form.opinion_columns[1], f.label_bold)
        row += 1
        ws.set_row(row, 160)
        ws.write_blank(row, 0, None, f.label)
        ws.merge_range(row, 1, row, last, "", f.label)
        row += 2
        ws.write_string(row, 0, es.tick_note, f.note)
        _print(ws, row, last, landscape=False)
        _unit_line(ws, f, ts, unit_name, row + 2)
        wb.close()
    return target


def write_member_form(es: ItemSet, ts: TableSet, target: Path, unit_name: str = "") -> Path:
    """附件5: one row per member; each item with its four options."""
    form = es.member
    with atomic_path(target) as tmp:
        n = len(es.options)
        last = len(form.items) * n
        wb, f, ws = _form_sheet(tmp, es, form, last, (12, _option_width(es, 5.2)))
        ws.merge_range(2, 0, 2, last // 2, form.name_label, f.header_label)
        ws.merge_range(2, last // 2 + 1, 2, last, date_line(form.date_label), f.header_label)
        ws.set_row(3, 48)
        ws.merge_range(3, 0, 4, 0, form.object_label, f.label_bold)
        for i, item in enumerate(form.items):
            ws.merge_range(3, 1 + i * n, 3, n + i * n, item, f.label_bold)
            for j, option in enumerate(es.options):
                ws.write_string(4, 1 + i * n + j, two_lines(option), f.label)
        ws.set_row(4, 40)
        for r in range(5, 5 + form.rows):
            ws.set_row(r, 22)
            for col in range(0, last + 1):
                ws.write_blank(r, col, None, f.label)
        row = 5 + form.rows + 1
        ws.merge_range(row, 0, row, last, es.tick_note, f.note)
        _print(ws, row, last, landscape=True)
        _unit_line(ws, f, ts, unit_name, row + 2)
        wb.close()
    return target


def write_tally(es: ItemSet, ts: TableSet, target: Path, unit_name: str = "", rows: int = 30) -> Path:
    """The tally sheet: per organisation and per member, the count of each option.
    Its 填报单位 line is the table set's."""
    with atomic_path(target) as tmp:
        wb, f = _book(tmp, es.tally_title, es)
        ws = wb.add_worksheet(es.tally_mark)
        n = len(es.options)
        widest = max(len(form.items) for form in es.forms) * n + 2
        ws.set_column(0, 1, 16)
        ws.set_column(2, 2, 9)
        ws.set_column(3, widest, _option_width(es, 5.5))
        ws.merge_range(0, 0, 0, widest, es.tally_title, f.title)
        ws.write_string(1, 0, ts.unit_label, f.header_label)
        ws.merge_range(1, 1, 1, 6, "", f.header_input)
        ws.write_string(1, 1, unit_name, f.header_input)
        row = 3
        breaks = []
        for form in es.forms:
            if row > 3:
                breaks.append(row)  # each form's block starts a page: never split from its header
            ws.write_string(row, 0, f"{form.key} {form.title} {es.tally_mark}", f.heading)
            row += 1
            ws.set_row(row, 60)
            ws.merge_range(row, 0, row + 1, 0, form.object_label, f.label_bold)
            ws.merge_range(row, 1, row + 1, 1, es.category, f.label_bold)
            ws.merge_range(row, 2, row + 1, 2, es.forms_count, f.label_bold)
            for i, item in enumerate(form.items):
                ws.merge_range(row, 3 + i * n, row, 2 + n + i * n, item, f.label_bold)
                for j, option in enumerate(es.options):
                    ws.write_string(row + 1, 3 + i * n + j, two_lines(option), f.label)
            ws.set_row(row + 1, 15 * max(o.count("\n") + 1 for o in map(two_lines, es.options)) + 6)
            first = row + 2
            for r in range(first, first + rows):
                ws.write_blank(r, 0, None, f.input)
                ws.write_blank(r, 1, None, f.input)
                for col in range(2, 3 + len(form.items) * n):
                    ws.write_blank(r, col, None, f.input)
            ws.data_validation(first, 2, first + rows - 1, 2 + len(form.items) * n, _counts_validation(es))
            row = first + rows + 2
        note = (f"说明:每行一个{es.org.object_label}或党员;{es.forms_count}是收回的有效评议表数,"
                f"每个项目各选项的份数之和应等于{es.forms_count}。{es.category}可不填,填写时请用统计表中的类别名称。")
        ws.merge_range(row, 0, row, widest, note, f.note)  # across the page, wrapped: never cut off
        ws.set_row(row, 34)
        ws.set_h_pagebreaks(breaks)
        ws.set_landscape()
        ws.set_paper(9)
        ws.fit_to_pages(1, 0)
        ws.print_area(0, 0, row, widest)
        wb.close()
    return target


def write_evaluation_templates(es: ItemSet, ts: TableSet, folder: Path, unit_name: str = "") -> list[Path]:
    return [write_org_form(es, ts, folder / form_filename(es.org), unit_name),
            write_member_form(es, ts, folder / form_filename(es.member), unit_name),
            write_tally(es, ts, folder / tally_filename(es), unit_name)]


def _counts_validation(es: ItemSet) -> dict:
    """The tally's number cells hold forms (份数) and an option's count of them, not persons."""
    return {**INTEGER_VALIDATION,
            "input_message": f"填写{es.forms_count}或选该项的份数(不小于0的整数)。没有请填0或留空,不要填写文字、小数或“份”。",
            "error_message": INTEGER_VALIDATION["error_message"].replace("(人数或个数)", "(份数)")}
