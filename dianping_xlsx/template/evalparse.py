"""The self-check's formula language parsed once per shape and compiled into closures.

formulas.py writes a small language (the functions it lists, references, ranges, & + - * / and
comparisons). Most of a workbook's ≈ 1,750 formulas are a few shapes with different references
and texts (each value cell's helpers; each line's verdict): a formula's tokens with its literals
and references taken out are its shape, parsed once into a tree (recursive descent, lowest
precedence first: comparison, &, + -, * /, unary minus); each formula is that tree built into
closures over its own literals and references (evaluate.py runs them).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable

from xlsxwriter.utility import xl_cell_to_rowcol

from . import evalfuncs as fn
from .evalfuncs import Range, Ref

_TOKEN = re.compile(r"""\s*(?:
    (?P<str>"(?:[^"]|"")*")
  | (?P<ref>(?:'(?:[^']|'')+'!)?\$?[A-Z]{1,3}\$?[0-9]+(?::\$?[A-Z]{1,3}\$?[0-9]+)?)(?![A-Za-z0-9_(])
  | (?P<num>[0-9]+(?:\.[0-9]*)?(?:[Ee][+-]?[0-9]+)?)
  | (?P<func>[A-Z][A-Z0-9.]*)\(
  | (?P<op><=|>=|<>|[-+*/&=<>(),])
  | (?P<name>TRUE|FALSE)
)""", re.X)
_LITERALS = ("str", "ref", "num")  # a shape's parameters

Node = Callable[[object], object]


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
    """A shape's tree: ("lit", i) the i-th literal, ("func", name, args), ("bin", op, l, r),
    ("neg", x), ("name", True/False)."""

    def __init__(self, toks):
        self.toks, self.i, self.literal = toks, 0, 0

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
            left = ("bin", op, left, lower())
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
            return ("neg", self.unary())
        if self.peek() == ("op", "+"):
            self.take()
            return self.unary()
        return self.atom()

    def atom(self):
        kind, text = self.take()
        if kind in _LITERALS:
            self.literal += 1
            return ("lit", self.literal - 1)
        if kind == "name":
            return ("name", text == "TRUE")
        if kind == "func":
            args = []
            while self.peek() != ("op", ")"):
                args.append(self.compare())
                if self.peek() == ("op", ","):
                    self.take()
            self.take(")")
            return ("func", text, args)
        if (kind, text) == ("op", "("):
            inner = self.compare()
            self.take(")")
            return inner
        raise ValueError(f"unexpected {text!r}")


_SHAPES: dict[tuple, tuple] = {}
_COMPILED: dict[tuple[str, str], Node] = {}


def compile_formula(formula: str, sheet: str) -> Node:
    """A formula as a function of the book (cached by its text: every unit's file has the same)."""
    key = (sheet, formula)
    if key not in _COMPILED:
        if len(_COMPILED) > 200_000:
            _COMPILED.clear()
            _SHAPES.clear()
        toks = tokens(formula)
        literals = [(kind, text) for kind, text in toks if kind in _LITERALS]
        _COMPILED[key] = _build(_shape(formula, toks), [_literal(kind, text, sheet) for kind, text in literals])
    return _COMPILED[key]


def _shape(formula: str, toks) -> tuple:
    shape = tuple((kind, "" if kind in _LITERALS else text) for kind, text in toks)
    if shape not in _SHAPES:
        parser = _Parser(shape)
        tree = parser.compare()
        if parser.i != len(shape):
            raise ValueError(f"cannot compute {formula!r}: {parser.peek()!r} left over")
        _SHAPES[shape] = tree
    return _SHAPES[shape]


def _literal(kind: str, text: str, sheet: str):
    """A literal as a node: a number, a text, a reference (the book's cell) or a range."""
    if kind == "ref":
        return _reference(text, sheet)
    value = float(text) if kind == "num" else text[1:-1].replace('""', '"')
    return lambda book: value


def _build(tree: tuple, literals: list) -> Node:
    kind = tree[0]
    if kind == "lit":
        return literals[tree[1]]
    if kind == "name":
        value = tree[1]
        return lambda book: value
    if kind == "neg":
        return fn.negate(_build(tree[1], literals))
    if kind == "bin":
        return fn.binary(tree[1], _build(tree[2], literals), _build(tree[3], literals))
    return fn.call(tree[1], [_build(arg, literals) for arg in tree[2]])


@lru_cache(maxsize=65536)
def _reference(text: str, sheet: str):
    """A reference as a node (the same one for every formula that names the cell or range)."""
    if "!" in text:
        sheet, text = text.rsplit("!", 1)
        sheet = sheet[1:-1].replace("''", "'") if sheet.startswith("'") else sheet
    corners = [xl_cell_to_rowcol(part.replace("$", "")) for part in text.split(":")]
    if len(corners) == 1:
        return Ref(sheet, *corners[0])
    (r0, c0), (r1, c1) = corners
    return Range([(sheet, r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)])
