"""The self-check formulas computed here, as LibreOffice computes them, to save each with its result.

A file read without recalculating (a mail preview, a phone viewer, Excel's Protected View,
calamine, openpyxl) shows the result saved with a formula. formulas.py writes a small language
(the functions it lists, references, ranges, & + - * / and comparisons); evalparse.py compiles
it once per formula text, and this module computes it over the cells an xlsxwriter workbook
holds, with the spreadsheet's rules: a blank cell is 0 or "", a reference's text is skipped by MAX, SUM and
COUNT, numbers are compared within 15 digits, ROUND rounds half away from zero, a number joined
to text is written as the General format writes it. tests/test_selfcheck_saved.py holds every
saved value against LibreOffice's own recalculation.
"""

from __future__ import annotations

import math

from .evalfuncs import BLANK, Err
from .evalparse import compile_formula


class Memo:
    """Results of the formulas that read one input cell alone (and constants): the same formula
    shape over the same value gives the same result in every cell and every unit's file of a
    table set. ``cells``: a formula cell's (shape, its input cell)."""

    def __init__(self, cells: dict[tuple[str, int, int], tuple[str, tuple[str, int, int]]]):
        self.cells, self.results = cells, {}

    def result(self, book: "Book", at, formula: str):
        """The cell's result: kept, or computed (its formula compiled only then)."""
        shape, source = self.cells[at]
        x = book.cell(*source)
        key = (shape, type(x), repr(x))  # repr: -0.0 is not 0.0, nor "1" 1.0
        if key not in self.results:
            if len(self.results) > 30_000:  # ≈ 5 MB at most (≈ 160 B each); 250 files sent back keep 1,500
                self.results.clear()
            self.results[key] = compile_formula(formula, at[0])(book)
        return self.results[key]


class Book:
    """The cells of an xlsxwriter workbook being written: values as written, formulas computed;
    cells kept outside the worksheets: ``formulas`` (at: formula text) and ``fixed`` (at: value)."""

    def __init__(self, wb, formulas: dict | None = None, memo: Memo | None = None, fixed: dict | None = None):
        self.sheets = {ws.name: ws for ws in wb.worksheets()}
        self.strings = {i: s for s, i in wb.str_table.string_table.items()}
        self.done: dict[tuple[str, int, int], object] = dict(fixed or {})
        self.formulas, self.memo = formulas or {}, memo

    def cell(self, sheet: str, row: int, col: int):
        at = (sheet, row, col)
        value = self.done.get(at, _UNKNOWN)
        if value is not _UNKNOWN:
            return value
        formula = self.formulas.get(at)
        if formula is None:
            value = self._written(sheet, row, col)
            if not isinstance(value, _Formula):
                self.done[at] = value
                return value
            formula = value.text
        self.done[at] = Err("#CIRCULAR")  # a reference back to itself
        if self.memo is not None and at in self.memo.cells:
            value = self.memo.result(self, at, formula)
        else:
            value = compile_formula(formula, sheet)(self)
        self.done[at] = value
        return value

    def _written(self, sheet: str, row: int, col: int):
        ws = self.sheets.get(sheet)
        item = ws.table.get(row, {}).get(col) if ws is not None else None
        kind = type(item).__name__
        if kind == "Formula":
            return _Formula(item.formula)
        if kind in ("Number", "Datetime"):
            return float(item.number)
        if kind == "String":
            return self.strings[item.string] if isinstance(item.string, int) else item.string
        if kind == "RichString":
            return item.raw_string
        if kind == "Boolean":
            return bool(item.boolean)
        return BLANK


_UNKNOWN = object()


class _Formula:
    def __init__(self, text: str):
        self.text = text


def saved_value(value) -> object:
    """A computed value as the file saves it: a blank is 0 (=A1 of an empty A1 shows 0), a whole
    number an int, an error its code."""
    if value is BLANK:
        return 0
    if isinstance(value, Err):
        return value.code
    if isinstance(value, float) and value.is_integer() and not math.isinf(value):
        return int(value)
    return value


def fill_results(wb, sheet_names, memo: Memo | None = None, formulas: dict | None = None,
                 fixed: dict | None = None) -> Book:
    """Save every formula of the named sheets with the value it computes over the workbook;
    ``formulas``, ``fixed``: cells not in the worksheets (Book). Returns the book, to ask for those."""
    book = Book(wb, formulas, memo, fixed)
    for name in sheet_names:
        ws = book.sheets[name]
        for row, cols in ws.table.items():
            for col, item in cols.items():
                if type(item).__name__ == "Formula":
                    cols[col] = item._replace(value=saved_value(book.cell(name, row, col)))
    return book
