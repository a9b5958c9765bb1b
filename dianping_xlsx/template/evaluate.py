"""The self-check formulas computed here, as LibreOffice computes them, to save each with its result.

A file read without recalculating (a mail preview, a phone viewer, Excel's Protected View,
calamine, openpyxl) shows the result saved with a formula. formulas.py writes a small language
(the functions it lists, references, ranges, & + - * / and comparisons); evalparse.py compiles
it once per formula text, and this module computes it over the cells an xlsxwriter workbook
holds (Book: each cell when asked; Program: a table set's formulas in an order made once), with
the spreadsheet's rules: a blank cell is 0 or "", a reference's text is skipped by MAX, SUM and
COUNT, numbers are compared within 15 digits, ROUND rounds half away from zero, a number joined
to text is written as the General format writes it. tests/test_selfcheck_saved.py holds every
saved value against LibreOffice's own recalculation.
"""

from __future__ import annotations

import math
import re

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
        key = (shape, *value_key(book[source]))
        if key not in self.results:
            if len(self.results) > 30_000:  # ≈ 5 MB at most (≈ 160 B each); 250 files sent back keep 1,500
                self.results.clear()
            self.results[key] = compile_formula(formula, at[0]).run(book)
        return self.results[key]


def value_key(x) -> tuple:
    """A value as a key of what was computed from it: -0.0 is not 0.0, nor "1" 1.0 (repr)."""
    return type(x), repr(x)


class Book:
    """The cells of an xlsxwriter workbook being written: values as written, formulas computed;
    cells kept outside the worksheets: ``formulas`` (at: formula text) and ``fixed`` (at: value)."""

    def __init__(self, wb, formulas: dict | None = None, memo: Memo | None = None, fixed: dict | None = None):
        self.sheets = {ws.name: ws for ws in wb.worksheets()}
        self.strings = {i: s for s, i in wb.str_table.string_table.items()}
        self.done: dict[tuple[str, int, int], object] = dict(fixed or {})
        self.formulas, self.memo = formulas or {}, memo

    def __getitem__(self, at: tuple[str, int, int]):
        """A cell's value (a compiled formula reads its cells so)."""
        value = self.done.get(at, _UNKNOWN)
        if value is not _UNKNOWN:
            return value
        formula = self.formulas.get(at)
        if formula is None:
            value = self.written(*at)
            if not isinstance(value, _Formula):
                self.done[at] = value
                return value
            formula = value.text
        self.done[at] = Err("#CIRCULAR")  # a reference back to itself
        if self.memo is not None and at in self.memo.cells:
            value = self.memo.result(self, at, formula)
        else:
            value = compile_formula(formula, at[0]).run(self)
        self.done[at] = value
        return value

    def written(self, sheet: str, row: int, col: int):
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


class Program:
    """A table set's formulas (``formulas``, ``fixed``: as Book's) computed for workbook after
    workbook over a list of values, each formula after the cells it reads: the cells of the
    ``given`` sheets are known (blank if neither), the others read are read from each workbook.
    The helpers ``memo`` names are kept by their input cell's value, those of a cell together (a
    value not kept yet: a Book computes them, as the memo keeps them). A formula that reads
    itself (through others), or a cell read that holds a formula: a Book computes every cell."""

    KEPT = 5_000  # input cells' helpers kept (≈ 1 kB each): ≈ 5 MB at most

    def __init__(self, formulas: dict, fixed: dict, given: tuple[str, ...], memo: Memo):
        self.formulas, self.fixed, self.memo, self.kept = formulas, fixed, memo, {}
        helpers = {at: memo.cells[at][1] for at in formulas if at in memo.cells and at not in fixed}
        helpers = {at: x for at, x in helpers.items() if x not in formulas and x not in fixed and x[0] not in given}
        compiled = {at: compile_formula(text, at[0]) for at, text in formulas.items()
                    if at not in fixed and at not in helpers}
        order = _ordered(compiled)
        self.ordered = order is not None
        if self.ordered:
            self._lay_out(compiled, order, helpers, given)

    def _lay_out(self, compiled: dict, order: list, helpers: dict, given: tuple[str, ...]) -> None:
        """The values' list: the cells that are no formula's first (as every workbook starts it),
        then each input cell's helpers, then the other formulas, in order."""
        known = {at for f in compiled.values() for at in f.reads() if at not in compiled and at not in helpers}
        known |= (self.fixed.keys() & self.formulas.keys()) | set(helpers.values())
        groups: dict = {}
        for at, x in helpers.items():
            groups.setdefault(x, []).append(at)
        cells = [*known, *(at for ats in groups.values() for at in ats), *order]
        index = {at: i for i, at in enumerate(cells)}
        self.start = [self.fixed.get(at, BLANK) for at in cells]
        self.inputs = [(index[at], at) for at in known if at not in self.fixed and at[0] not in given]
        self.groups, first = [], len(known)
        for x, ats in groups.items():
            self.groups.append((index[x], first, first + len(ats), ats))
            first += len(ats)
        self.rest = [(index[at], compiled[at].bound(index)) for at in order]
        self.asked = [index[at] for at in self.formulas]

    def results(self, wb) -> list:
        """Each formula's value, in the order of ``formulas``."""
        book = Book(wb, self.formulas, self.memo, self.fixed)
        values = self._computed(book) if self.ordered else None
        if values is None:
            return [book[at] for at in self.formulas]
        return list(map(values.__getitem__, self.asked))

    def _computed(self, book: Book) -> list | None:
        v = self.start.copy()
        for i, at in self.inputs:
            v[i] = book.written(*at)
            if isinstance(v[i], _Formula):
                return None
        kept = self.kept
        if len(kept) > self.KEPT:
            kept.clear()
        for source, first, end, ats in self.groups:
            key = (source, *value_key(v[source]))
            if key not in kept:
                kept[key] = [book[at] for at in ats]
            v[first:end] = kept[key]
        for i, run in self.rest:
            v[i] = run(v)
        return v


def _ordered(compiled: dict) -> list | None:
    """The formulas' cells, each after those it reads (None: one reads itself, through others)."""
    order, state = [], {}

    def visit(at) -> bool:
        if state.get(at) == 2:
            return True
        if state.get(at) == 1:
            return False
        state[at] = 1
        if not all(visit(c) for c in compiled[at].reads() if c in compiled):
            return False
        state[at] = 2
        order.append(at)
        return True

    return order if all(visit(at) for at in compiled) else None


class _Formula:
    def __init__(self, text: str):
        self.text = text


def saved_value(value) -> object:
    """A computed value as the file saves it: a blank is 0 (=A1 of an empty A1 shows 0), a whole
    number an int, an error its code."""
    if type(value) is str:  # most results: a text
        return xml_text(value) if _SPECIAL.search(value) else value
    if value is BLANK:
        return 0
    if isinstance(value, Err):
        return value.code
    if isinstance(value, float) and value.is_integer() and not math.isinf(value):
        return int(value)
    return value


_SPECIAL = re.compile("[\x00-\x08\x0b-\x1f\ufffe\uffff]|_x[0-9a-fA-F]{4}_")
_ESCAPED = re.compile("(_x[0-9a-fA-F]{4}_)")
_CONTROL = re.compile("([\x00-\x08\x0b-\x1f\ufffe\uffff])")


def xml_text(text: str) -> str:
    """A text as a cell's XML holds it (ST_Xstring), escaped as Excel and xlsxwriter escape a
    shared string: a control character (a unit's text pasted from Word) as _xHHHH_, which XML
    cannot hold raw, and a literal _xHHHH_ protected as _x005F_xHHHH_. xlsxwriter leaves a
    formula's saved result unescaped: a raw control character there made the file unreadable."""
    return _CONTROL.sub(lambda m: f"_x{ord(m.group(1)):04X}_", _ESCAPED.sub(r"_x005F\1", text))


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
                    cols[col] = item._replace(value=saved_value(book[(name, row, col)]))
    return book
