"""The self-check's formula language parsed once per shape and compiled into Python functions.

formulas.py writes a small language (the functions it lists, references, ranges, & + - * / and
comparisons). Most of a workbook's ≈ 1,750 formulas are a few shapes with different references
and texts (each value cell's helpers; each line's verdict): a formula's tokens with its literals
and references taken out are its shape, parsed once into a tree (recursive descent, lowest
precedence first: comparison, &, + -, * /, unary minus) and written as the source of one Python
function per shape, compiled once::

    def make(L0, L1):                 # the shape's literals: numbers, texts, cells, ranges
        def run(v):                   # v[cell]: a cell's value (evaluate.py's Book or Program)
            return op0(v[L0], L1)     # e.g. =A1="x", evalfuncs' operators and functions
        return run

Each formula is its shape's ``make`` given its own literals (evaluate.py runs it).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable

from xlsxwriter.utility import xl_cell_to_rowcol

from . import evalfuncs as fn

_TOKEN = re.compile(r"""(\s*)(?:
    ("[^"]*(?:""[^"]*)*")
  | ((?:'(?:[^']|'')[^']*(?:''[^']*)*'!)?\$?[A-Z]{1,3}\$?[0-9]+(?::\$?[A-Z]{1,3}\$?[0-9]+)?)(?![A-Za-z0-9_(])
  | ([0-9]+(?:\.[0-9]*)?(?:[Ee][+-]?[0-9]+)?)
  | ([A-Z][A-Z0-9.]*\()
  | (<=|>=|<>|[-+*/&=<>(),])
  | (TRUE|FALSE)
  | (.)
)""", re.X | re.S)  # each token: its spaces, then the one of str ref num func op name (or another character);
# a quoted text or sheet name as runs of other characters between its doubled quotes (one
# character at a time, an alternation each, was most of a first return file's tokenizing)
_LITERALS = ("str", "ref", "range", "num")  # a shape's parameters

Node = Callable[[object], object]


def tokens(formula: str) -> list[tuple[str, str]]:
    """The formula's tokens (a reference to more than one cell: "range")."""
    text, out = formula.lstrip("=").rstrip(), []
    found = _TOKEN.findall(text)  # one scan: the tokens follow each other (a character not one: "other")
    for i, (_, string, ref, number, func, op, name, other) in enumerate(found):
        if op:
            out.append(("op", op))
        elif ref:
            out.append(("range" if ":" in ref.rsplit("!", 1)[-1] else "ref", ref))
        elif string:
            out.append(("str", string))
        elif number:
            out.append(("num", number))
        elif func:
            out.append(("func", func[:-1]))
        elif name:
            out.append(("name", name))
        else:
            raise ValueError(f"cannot compute {formula!r} at {sum(len(part) for t in found[:i] for part in t)}")
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


def _fold(value, *rest):
    """a op b op c …: ``rest`` the operators and their right operands in turn."""
    for i in range(0, len(rest), 2):
        value = rest[i](value, rest[i + 1])
    return value


def _python_name(function: str) -> str:
    """A function's name in a shape's source (ERROR.TYPE: F_ERROR_TYPE)."""
    return "F_" + function.replace(".", "_")


_OPS = {op: f"op{i}" for i, op in enumerate(fn.BINARY)}  # the operators' names in a shape's source
_SCOPE = {"__builtins__": {}, "isinstance": isinstance, "tuple": tuple, "map": map, "Err": fn.Err,
          "VALUE_ERROR": fn.VALUE_ERROR, "truth": fn.truth, "negate": fn.negate, "choice": fn.choice,
          "fold": _fold, **{name: fn.BINARY[op] for op, name in _OPS.items()},
          **{_python_name(name): function for name, (function, _) in fn.FUNCTIONS.items()}}


class _Source:
    """A shape's tree as a Python expression of ``v`` and its literals L0, L1 … (``kinds``)."""

    def __init__(self, kinds: tuple[str, ...]):
        self.kinds, self.temps = kinds, 0

    def value(self, tree) -> str:
        kind = tree[0]
        if kind == "lit":
            literal = self.kinds[tree[1]]
            return f"v[L{tree[1]}]" if literal == "ref" else "VALUE_ERROR" if literal == "range" else f"L{tree[1]}"
        if kind == "name":
            return repr(tree[1])
        if kind == "neg":
            return f"negate({self.value(tree[1])})"
        if kind == "bin":
            return self.chain(tree)
        return self.call(tree[1], tree[2])

    def chain(self, tree) -> str:
        """A run of operators down the left (a & b & c …) as one fold, as deep as one of them."""
        rest = []
        while tree[0] == "bin":
            rest[:0] = [_OPS[tree[1]], self.value(tree[3])]
            tree = tree[2]
        if len(rest) == 2:
            return f"{rest[0]}({self.value(tree)}, {rest[1]})"
        return f"fold({self.value(tree)}, {', '.join(rest)})"

    def call(self, name: str, args: list) -> str:
        lazy = {"IF": self.if_, "CHOOSE": self.choose, "IFERROR": self.iferror}.get(name)
        if lazy is not None:  # an argument computed only when chosen
            self.temps += 1
            return lazy(f"_t{self.temps}", args)
        if name not in fn.FUNCTIONS:
            raise ValueError(f"{name} is not a function the self-check computes")
        how = fn.FUNCTIONS[name][1]
        if how == fn.CELLS:
            parts = [self.cells(a) if self.is_ref(a) else self.value(a) for a in args]
        elif how == fn.WHERE:
            where, criterion = args
            if not self.is_ref(where):
                raise ValueError(f"{name} reads the cells of a reference")
            parts = [self.cells(where), self.value(criterion)]
        else:
            parts = [self.value(a) for a in args[:how]]
        return f"{_python_name(name)}({', '.join(parts)})"

    def if_(self, t: str, args: list) -> str:
        yes, no = self.value(args[1]), self.value(args[2]) if len(args) > 2 else "False"
        return f"({t} if isinstance({t} := truth({self.value(args[0])}), Err) else {yes} if {t} else {no})"

    def iferror(self, t: str, args: list) -> str:
        return f"({self.value(args[1])} if isinstance({t} := {self.value(args[0])}, Err) else {t})"

    def choose(self, t: str, args: list) -> str:
        options = "".join(f"{self.value(a)} if {t} == {i} else " for i, a in enumerate(args[1:], start=1))
        return f"({t} if isinstance({t} := choice({self.value(args[0])}), Err) else {options}VALUE_ERROR)"

    def is_ref(self, tree) -> bool:
        return tree[0] == "lit" and self.kinds[tree[1]] in ("ref", "range")

    def cells(self, tree) -> str:
        """A reference's cells' values, as a tuple."""
        i = tree[1]
        return f"(v[L{i}],)" if self.kinds[i] == "ref" else f"tuple(map(v.__getitem__, L{i}))"


class Compiled:
    """A formula: its shape's ``make`` and its literals, each reference as its cell (sheet, row,
    column), each range as a tuple of cells; ``run``: the formula over cells so named."""

    __slots__ = ("make", "kinds", "literals", "run")

    def __init__(self, make, kinds: tuple[str, ...], literals: tuple):
        self.make, self.kinds, self.literals = make, kinds, literals
        self.run: Node = make(*literals)

    def reads(self) -> list[tuple[str, int, int]]:
        """The cells it reads."""
        out = []
        for kind, literal in zip(self.kinds, self.literals):
            if kind == "ref":
                out.append(literal)
            elif kind == "range":
                out.extend(literal)
        return out

    def bound(self, index: dict) -> Node:
        """The formula over cells named as ``index`` names them (a cell: its name)."""
        return self.make(*(index[x] if kind == "ref" else tuple(index[c] for c in x) if kind == "range" else x
                           for kind, x in zip(self.kinds, self.literals)))


_SHAPES: dict[str, Callable] = {}
_COMPILED: dict[tuple[str, str], Compiled] = {}


def compile_formula(formula: str, sheet: str) -> Compiled:
    """A formula compiled (cached by its text: every unit's file has the same)."""
    key = (sheet, formula)
    if key not in _COMPILED:
        if len(_COMPILED) > 200_000:
            _COMPILED.clear()
            _SHAPES.clear()
        toks, parts, kinds, literals = tokens(formula), [], [], []
        for kind, text in toks:
            if kind in _LITERALS:
                kinds.append(kind)
                literals.append(_literal(kind, text, sheet))
                parts.append(kind)
            else:
                parts.append(kind + text)
        shape = "\x1f".join(parts)  # the tokens, each literal as its kind
        make = _SHAPES.get(shape) or _make(formula, toks, shape)
        _COMPILED[key] = Compiled(make, tuple(kinds), tuple(literals))
    return _COMPILED[key]


def forget(formulas) -> None:
    """Let go of these (sheet, formula text) compiled, once what runs them is bound elsewhere
    (evaluate.Program: ≈ 0.6 MB a table set's 自查 kept twice)."""
    for key in formulas:
        _COMPILED.pop(key, None)


def _make(formula: str, toks, shape: str) -> Callable:
    """The shape's ``make``: its tree written as a Python function, compiled once."""
    parser = _Parser([(kind, "" if kind in _LITERALS else text) for kind, text in toks])
    tree = parser.compare()
    if parser.i != len(toks):
        raise ValueError(f"cannot compute {formula!r}: {parser.peek()!r} left over")
    kinds = tuple(kind for kind, _ in toks if kind in _LITERALS)
    params = ", ".join(f"L{i}" for i in range(len(kinds)))
    source = f"def make({params}):\n    def run(v):\n        return {_Source(kinds).value(tree)}\n    return run\n"
    scope = dict(_SCOPE)
    exec(compile(source, "<self-check formula>", "exec"), scope)  # noqa: S102 - made of our own tree
    _SHAPES[shape] = scope["make"]
    return _SHAPES[shape]


def _literal(kind: str, text: str, sheet: str):
    """A literal as ``make`` takes it: a number, a text, a cell or a range's cells."""
    if kind in ("ref", "range"):
        return _reference(text, sheet)
    return float(text) if kind == "num" else text[1:-1].replace('""', '"')


@lru_cache(maxsize=65536)
def _reference(text: str, sheet: str):
    """A reference's cell (sheet, row, column), or a range's cells (a tuple of them)."""
    if "!" in text:
        sheet, text = text.rsplit("!", 1)
        sheet = sheet[1:-1].replace("''", "'") if sheet.startswith("'") else sheet
    corners = [xl_cell_to_rowcol(part.replace("$", "")) for part in text.split(":")]
    if len(corners) == 1:
        return (sheet, *corners[0])
    (r0, c0), (r1, c1) = corners
    return tuple((sheet, r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1))
