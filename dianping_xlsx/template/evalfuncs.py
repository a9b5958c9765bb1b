"""The values, operators and functions evaluate.py computes, with LibreOffice's rules (Excel's
and WPS's agree on everything formulas.py writes)."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass


class _Blank:
    """An empty cell: 0 to arithmetic, "" to text, skipped by MAX, SUM and COUNT."""

    def __repr__(self):
        return "BLANK"


BLANK = _Blank()


@dataclass(frozen=True)
class Err:
    code: str


VALUE_ERROR, DIV_ERROR = Err("#VALUE!"), Err("#DIV/0!")
_NUMBER = re.compile(r"^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[Ee][+-]?[0-9]+)?$")
_EPSILON = 2.0 ** -48  # rtl::math::approxEqual: numbers equal to 15 digits compare equal


class Ref:
    """A reference to one cell: as a node, its value; a function may also ask for the cell."""

    def __init__(self, sheet: str, row: int, col: int):
        self.at = (sheet, row, col)

    def __call__(self, book):
        return book.cell(*self.at)

    def values(self, book) -> list:
        return [book.cell(*self.at)]


class Range(Ref):
    def __init__(self, cells: list[tuple[str, int, int]]):
        self.cells = cells

    def __call__(self, book):
        return VALUE_ERROR

    def values(self, book) -> list:
        return [book.cell(*at) for at in self.cells]


def general(x: float) -> str:
    """A number as the General format shows it (15 significant digits)."""
    if x == 0:
        return "0"
    if x.is_integer() and abs(x) < 1e15:
        return str(int(x))
    return ("%.15g" % x).replace("e", "E")


def num(v):
    if isinstance(v, bool):
        return 1.0 if v else 0.0
    if isinstance(v, float):
        return v
    if v is BLANK:
        return 0.0
    if isinstance(v, str):
        return float(v) if _NUMBER.match(v) else VALUE_ERROR
    return v  # an Err


def text(v):
    if isinstance(v, str) or isinstance(v, Err):
        return v
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if v is BLANK:
        return ""
    return general(v)


def truth(v):
    if isinstance(v, (Err, bool)):
        return v
    if v is BLANK:
        return False
    if isinstance(v, str):
        return VALUE_ERROR
    return v != 0


def _first_error(*values):
    return next((v for v in values if isinstance(v, Err)), None)


def _order(a, b) -> int:
    """-1, 0 or 1 as the spreadsheet orders two values: numbers < text < logical values."""
    if a is BLANK:
        a = "" if isinstance(b, str) else False if isinstance(b, bool) else 0.0
    if b is BLANK:
        b = "" if isinstance(a, str) else False if isinstance(a, bool) else 0.0
    rank = lambda v: 2 if isinstance(v, bool) else 1 if isinstance(v, str) else 0  # noqa: E731
    if rank(a) != rank(b):
        return -1 if rank(a) < rank(b) else 1
    if isinstance(a, str):
        a, b = a.casefold(), b.casefold()
        return (a > b) - (a < b)
    a, b = float(a), float(b)
    if a == b or (a != 0 and b != 0 and abs(a - b) < abs(a) * _EPSILON and abs(a - b) < abs(b) * _EPSILON):
        return 0
    return -1 if a < b else 1


_COMPARE = {"=": lambda o: o == 0, "<>": lambda o: o != 0, "<": lambda o: o < 0, ">": lambda o: o > 0,
            "<=": lambda o: o <= 0, ">=": lambda o: o >= 0}


def _arith(op, a, b):
    a, b = num(a), num(b)
    error = _first_error(a, b)
    if error:
        return error
    if op == "/":
        return DIV_ERROR if b == 0 else a / b
    return a + b if op == "+" else a - b if op == "-" else a * b


def binary(op, left, right):
    if op in _COMPARE:
        test = _COMPARE[op]

        def compare(book):
            a, b = left(book), right(book)
            return _first_error(a, b) or test(_order(a, b))
        return compare
    if op == "&":
        def join(book):
            a, b = text(left(book)), text(right(book))
            return _first_error(a, b) or a + b
        return join
    return lambda book: _arith(op, left(book), right(book))


def negate(node):
    def minus(book):
        v = num(node(book))
        return v if isinstance(v, Err) else -v
    return minus


def _numbers(args, book, count: bool = False):
    """The numbers of the arguments: a reference's text and blanks skipped, a value's coerced;
    (COUNT: errors not counted, values that are not numbers not counted)."""
    out = []
    for arg in args:
        if isinstance(arg, Ref):
            for v in arg.values(book):
                if isinstance(v, Err) and not count:
                    return v
                if isinstance(v, (float, bool)):
                    out.append(float(v))
        else:
            v = arg(book)
            if count:
                if isinstance(v, (float, bool)):
                    out.append(float(v))
                continue
            v = num(v)
            if isinstance(v, Err):
                return v
            out.append(v)
    return out


def _aggregate(combine):
    def make(args):
        def run(book):
            values = _numbers(args, book)
            return values if isinstance(values, Err) else combine(values)
        return run
    return make


def _logical(combine):
    def make(args):
        def run(book):
            values = _numbers(args, book)
            if isinstance(values, Err):
                return values
            return combine(v != 0 for v in values) if values else VALUE_ERROR
        return run
    return make


def _count(args):
    return lambda book: float(len(_numbers(args, book, count=True)))


def _countif(args):
    where, criterion = args

    def run(book):
        c = criterion(book)
        op, operand = "=", c
        if isinstance(c, str):
            m = re.match(r"^(<=|>=|<>|<|>|=)?(.*)$", c, re.S)
            op, operand = m.group(1) or "=", m.group(2)
            operand = float(operand) if _NUMBER.match(operand) else operand
        test = _COMPARE[op]
        same = lambda v: isinstance(v, str) == isinstance(operand, str) and not isinstance(v, bool)  # noqa: E731
        return float(sum(1 for v in where.values(book) if v is not BLANK and same(v) and test(_order(v, operand))))
    return run


def _if(args):
    cond, yes = args[0], args[1]
    no = args[2] if len(args) > 2 else (lambda book: False)

    def run(book):
        c = truth(cond(book))
        if isinstance(c, Err):
            return c
        return yes(book) if c else no(book)
    return run


def _choose(args):
    def run(book):
        i = num(args[0](book))
        if isinstance(i, Err):
            return i
        i = int(i)
        return args[i](book) if 1 <= i < len(args) else VALUE_ERROR
    return run


def _iferror(args):
    def run(book):
        v = args[0](book)
        return args[1](book) if isinstance(v, Err) else v
    return run


def _plain(function, *kinds):
    """A function of values: each argument coerced (n: number, t: text, v: as is), errors passed on."""
    def make(args):
        def run(book):
            values = []
            for kind, arg in zip(kinds, args):
                v = arg(book)
                v = num(v) if kind == "n" else text(v) if kind == "t" else v
                if isinstance(v, Err):
                    return v
                values.append(v)
            return function(*values)
        return run
    return make


def _round(x: float, digits: float) -> float:
    """Half away from zero, after rounding to 15 significant digits (rtl::math::round)."""
    scale = 10.0 ** int(digits)
    y = abs(x) * scale
    y = float("%.15g" % y)
    return math.copysign(math.floor(y + 0.5) / scale, x) + 0.0


def _value(v):
    if isinstance(v, float):
        return v
    v = text(v).strip()
    return float(v) if _NUMBER.match(v) else VALUE_ERROR


def _mid(s, start, count):
    return VALUE_ERROR if start < 1 or count < 0 else s[int(start) - 1:int(start) - 1 + int(count)]


def _n(args):
    def run(book):
        v = args[0](book)
        if isinstance(v, (Err, float)):
            return v
        return (1.0 if v else 0.0) if isinstance(v, bool) else 0.0
    return run


def _isnumber(args):
    return lambda book: isinstance(args[0](book), float)


def _iserror(args):
    return lambda book: isinstance(args[0](book), Err)


FUNCTIONS = {
    "IF": _if, "CHOOSE": _choose, "IFERROR": _iferror, "COUNT": _count, "COUNTIF": _countif,
    "SUM": _aggregate(sum), "MAX": _aggregate(lambda v: max(v, default=0.0)),
    "MIN": _aggregate(lambda v: min(v, default=0.0)), "AND": _logical(all), "OR": _logical(any),
    "NOT": _plain(lambda c: not c, "n"), "ABS": _plain(abs, "n"), "INT": _plain(lambda x: float(math.floor(x)), "n"),
    "ROUND": _plain(_round, "n", "n"), "N": _n, "VALUE": _plain(_value, "v"), "ISNUMBER": _isnumber,
    "ISERROR": _iserror, "LEN": _plain(lambda s: float(len(s)), "t"),
    "LEFT": _plain(lambda s, n=1.0: s[:int(n)], "t", "n"), "RIGHT": _plain(lambda s, n=1.0: s[-int(n):] if n >= 1 else "", "t", "n"),
    "MID": _plain(_mid, "t", "n", "n"), "TRIM": _plain(lambda s: re.sub(" +", " ", s).strip(" "), "t"),
    "SUBSTITUTE": _plain(lambda s, old, new: s.replace(old, new) if old else s, "t", "t", "t"),
    "CHAR": _plain(lambda n: chr(int(n)), "n"),
}


def call(name: str, args: list):
    if name not in FUNCTIONS:
        raise ValueError(f"{name} is not a function the self-check computes")
    return FUNCTIONS[name](args)
