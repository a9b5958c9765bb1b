"""The self-check formulas computed here, as LibreOffice computes them, to save each with its result.

A file read without recalculating (a mail preview, a phone viewer, Excel's Protected View,
calamine, openpyxl) shows the result saved with a formula. formulas.py writes a small language
(the functions it lists, references, ranges, & + - * / and comparisons); this module parses it
once per formula text and computes it over the cells an xlsxwriter workbook holds, with the
spreadsheet's rules: a blank cell is 0 or "", a reference's text is skipped by MAX, SUM and
COUNT, numbers are compared within 15 digits, ROUND rounds half away from zero, a number joined
to text is written as the General format writes it. tests/test_selfcheck_saved.py holds every
saved value against LibreOffice's own recalculation.
"""

from __future__ import annotations

import math
import re
from typing import Callable

from xlsxwriter.utility import xl_cell_to_rowcol

from . import evalfuncs as fn
from .evalfuncs import BLANK, Err, Range, Ref

_TOKEN = re.compile(r"""\s*(?:
    (?P<str>"(?:[^"]|"")*")
  | (?P<ref>(?:'(?:[^']|'')+'!)?\$?[A-Z]{1,3}\$?[0-9]+(?::\$?[A-Z]{1,3}\$?[0-9]+)?)(?![A-Za-z0-9_(])
  | (?P<num>[0-9]+(?:\.[0-9]*)?(?:[Ee][+-]?[0-9]+)?)
  | (?P<func>[A-Z][A-Z0-9.]*)\(
  | (?P<op><=|>=|<>|[-+*/&=<>(),])
  | (?P<name>TRUE|FALSE)
)""", re.X)

Node = Callable[["Book"], object]


def tokens(formula: str) -> list[tuple[str, str]]:
    out, pos, text = [], 0, formula.lstrip("=")
    while pos < len(text.rstrip()):
        m = _TOKEN.match(text, pos)
        if not m:
            raise ValueError(f"cannot compute {formula!r} at {pos}")
        out.append((m.lastgroup, m.group(m.lastgroup)))
        pos = m.end()
    return out


class _Parser:
    """Recursive descent, lowest precedence first: comparison, &, + -, * /, unary minus."""

    def __init__(self, toks, sheet: str):
        self.toks, self.i, self.sheet = toks, 0, sheet

    def peek(self):
        return self.toks[self.i] if self.i < len(self.toks) else ("end", "")

    def take(self, value=None):
        tok = self.peek()
        if value is not None and tok[1] != value:
            raise ValueError(f"expected {value!r}, got {tok!r}")
        self.i += 1
        return tok

    def binary(self, ops, lower):
        left = lower()
        while self.peek()[0] == "op" and self.peek()[1] in ops:
            op = self.take()[1]
            right = lower()
            left = fn.binary(op, left, right)
        return left

    def compare(self):
        return self.binary(("=", "<>", "<", ">", "<=", ">="), self.concat)

    def concat(self):
        return self.binary(("&",), self.additive)

    def additive(self):
        return self.binary(("+", "-"), self.term)

    def term(self):
        return self.binary(("*", "/"), self.unary)

    def unary(self):
        if self.peek() == ("op", "-"):
            self.take()
            return fn.negate(self.unary())
        if self.peek() == ("op", "+"):
            self.take()
            return self.unary()
        return self.atom()

    def atom(self):
        kind, text = self.take()
        if kind == "num":
            value = float(text)
            return lambda book: value
        if kind == "str":
            value = text[1:-1].replace('""', '"')
            return lambda book: value
        if kind == "name":
            value = text == "TRUE"
            return lambda book: value
        if kind == "ref":
            return self.reference(text)
        if kind == "func":
            args = []
            while self.peek() != ("op", ")"):
                args.append(self.compare())
                if self.peek() == ("op", ","):
                    self.take()
            self.take(")")
            return fn.call(text, args)
        if (kind, text) == ("op", "("):
            inner = self.compare()
            self.take(")")
            return inner
        raise ValueError(f"unexpected {text!r}")

    def reference(self, text: str):
        sheet = self.sheet
        if "!" in text:
            sheet, text = text.rsplit("!", 1)
            sheet = sheet[1:-1].replace("''", "'") if sheet.startswith("'") else sheet
        corners = [xl_cell_to_rowcol(part.replace("$", "")) for part in text.split(":")]
        if len(corners) == 1:
            return Ref(sheet, *corners[0])
        (r0, c0), (r1, c1) = corners
        return Range([(sheet, r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)])


_COMPILED: dict[tuple[str, str], Node] = {}


def compile_formula(formula: str, sheet: str) -> Node:
    """A formula as a function of the book (cached by its text: every unit's file has the same)."""
    key = (sheet, formula)
    if key not in _COMPILED:
        if len(_COMPILED) > 200_000:
            _COMPILED.clear()
        parser = _Parser(tokens(formula), sheet)
        node = parser.compare()
        if parser.i != len(parser.toks):
            raise ValueError(f"cannot compute {formula!r}: {parser.peek()!r} left over")
        _COMPILED[key] = node
    return _COMPILED[key]


class Book:
    """The cells of an xlsxwriter workbook being written: values as written, formulas computed."""

    def __init__(self, wb):
        self.sheets = {ws.name: ws for ws in wb.worksheets()}
        self.strings = {i: s for s, i in wb.str_table.string_table.items()}
        self.done: dict[tuple[str, int, int], object] = {}

    def cell(self, sheet: str, row: int, col: int):
        at = (sheet, row, col)
        if at in self.done:
            return self.done[at]
        ws = self.sheets.get(sheet)
        item = ws.table.get(row, {}).get(col) if ws is not None else None
        kind = type(item).__name__
        if kind == "Formula":
            self.done[at] = Err("#CIRCULAR")  # a reference back to itself
            value = compile_formula(item.formula, sheet)(self)
        elif kind in ("Number", "Datetime"):
            value = float(item.number)
        elif kind == "String":
            value = self.strings[item.string] if isinstance(item.string, int) else item.string
        elif kind == "RichString":
            value = item.raw_string
        elif kind == "Boolean":
            value = bool(item.boolean)
        else:
            value = BLANK
        self.done[at] = value
        return value


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


def fill_results(wb, sheet_names) -> None:
    """Save every formula of the named sheets with the value it computes over the workbook."""
    book = Book(wb)
    for name in sheet_names:
        ws = book.sheets[name]
        for row, cols in ws.table.items():
            for col, item in cols.items():
                if type(item).__name__ == "Formula":
                    cols[col] = item._replace(value=saved_value(book.cell(name, row, col)))
