"""The values, operators and functions evaluate.py computes, with LibreOffice's rules (Excel's
and WPS's agree on everything formulas.py writes). Each function takes its arguments' values;
a reference's cells, where a function reads them as cells (SUM, COUNT, COUNTIF ...), come as a
tuple of their values."""

from __future__ import annotations

import math
import operator
import re
from dataclasses import dataclass

from ..text import number_text


class _Blank:
    """An empty cell: 0 to arithmetic, "" to text, skipped by MAX, SUM and COUNT."""

    def __repr__(self):
        return "BLANK"


BLANK = _Blank()


@dataclass(frozen=True)
class Err:
    code: str


VALUE_ERROR, DIV_ERROR, NUM_ERROR, NA_ERROR = Err("#VALUE!"), Err("#DIV/0!"), Err("#NUM!"), Err("#N/A")
_NUMBER = re.compile(r"^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[Ee][+-]?[0-9]+)?$")
_CRITERION = re.compile(r"^(<=|>=|<>|<|>|=)?(.*)$", re.S)
_EPSILON = 2.0 ** -48  # rtl::math::approxEqual: numbers equal to 15 digits compare equal


general = number_text  # a number as text, as the merge's messages quote it too (text.py)


def num(v):
    if type(v) is float:
        return v
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


def _rank(v) -> int:
    return 2 if isinstance(v, bool) else 1 if isinstance(v, str) else 0


def _order(a, b) -> int:
    """-1, 0 or 1 as the spreadsheet orders two values: numbers < text < logical values."""
    if type(a) is not float or type(b) is not float:
        if a is BLANK:
            a = "" if isinstance(b, str) else False if isinstance(b, bool) else 0.0
        if b is BLANK:
            b = "" if isinstance(a, str) else False if isinstance(a, bool) else 0.0
        if _rank(a) != _rank(b):
            return -1 if _rank(a) < _rank(b) else 1
        if isinstance(a, str):
            a, b = a.casefold(), b.casefold()
            return (a > b) - (a < b)
        a, b = float(a), float(b)
    if a == b or (a != 0 and b != 0 and abs(a - b) < abs(a) * _EPSILON and abs(a - b) < abs(b) * _EPSILON):
        return 0
    return -1 if a < b else 1


_TESTS = {"=": operator.eq, "<>": operator.ne, "<": operator.lt, ">": operator.gt, "<=": operator.le,
          ">=": operator.ge}


def _comparison(test):
    def compare(a, b):
        if a.__class__ is float and b.__class__ is float and (a == b or (a == 0 or b == 0) and a == a and b == b):
            return test((a > b) - (a < b), 0)  # two numbers, no tolerance to apply: _order's result
        if isinstance(a, Err):
            return a
        if isinstance(b, Err):
            return b
        return test(_order(a, b), 0)
    return compare


def _arithmetic(combine):
    def arith(a, b):
        a, b = num(a), num(b)
        if isinstance(a, Err):
            return a
        if isinstance(b, Err):
            return b
        return _finite(combine(a, b))
    return arith


def _finite(v):
    """A result past the largest number (1E+308 times 100): Excel's #NUM!, never inf."""
    return v if v.__class__ is not float or math.isfinite(v) else NUM_ERROR


def join(a, b):
    a, b = text(a), text(b)
    if isinstance(a, Err):
        return a
    if isinstance(b, Err):
        return b
    return a + b


# the binary operators: each a function of its two operands' values
BINARY = {**{op: _comparison(test) for op, test in _TESTS.items()}, "&": join, "+": _arithmetic(operator.add),
          "-": _arithmetic(operator.sub), "*": _arithmetic(operator.mul),
          "/": _arithmetic(lambda a, b: DIV_ERROR if b == 0 else a / b)}


def negate(v):
    v = num(v)
    return v if isinstance(v, Err) else -v


def choice(v):
    """CHOOSE's index: a whole number, or an error."""
    i = num(v)
    return i if isinstance(i, Err) else int(i)


def _numbers(args, count: bool = False):
    """The numbers of the arguments: a reference's text and blanks skipped, a value's coerced;
    (COUNT: errors not counted, values that are not numbers not counted)."""
    out = []
    for arg in args:
        if type(arg) is tuple:  # a reference's cells
            for v in arg:
                if isinstance(v, Err) and not count:
                    return v
                if isinstance(v, (float, bool)):
                    out.append(float(v))
        elif count:
            if isinstance(arg, (float, bool)):
                out.append(float(arg))
        else:
            v = num(arg)
            if isinstance(v, Err):
                return v
            out.append(v)
    return out


def _aggregate(combine):
    def run(*args):
        values = _numbers(args)
        return values if isinstance(values, Err) else _finite(combine(values))
    return run


def _logical(combine):
    def run(*args):
        values = _numbers(args)
        if isinstance(values, Err):
            return values
        return combine(v != 0 for v in values) if values else VALUE_ERROR
    return run


def _count(*args):
    return float(len(_numbers(args, count=True)))


def _countif(where: tuple, c):
    op, operand = "=", c
    if isinstance(c, str):
        m = _CRITERION.match(c)
        op, operand = m.group(1) or "=", m.group(2)
        operand = float(operand) if _NUMBER.match(operand) else operand
    test, text_operand, count = _TESTS[op], isinstance(operand, str), 0
    number = operand.__class__ is float
    for v in where:  # a value of the operand's kind (a number, or a text)
        if number and v.__class__ is float and (v == operand or (v == 0 or operand == 0) and v == v and operand == operand):
            count += test((v > operand) - (v < operand), 0)  # no tolerance to apply: _order's result
        elif v is not BLANK and isinstance(v, str) == text_operand and not isinstance(v, (bool, Err)):
            count += test(_order(v, operand), 0)
    return float(count)


def _plain(function, *kinds):
    """A function of values: each argument coerced (n: number, t: text, v: as is), errors passed
    on; (the function, how many arguments it reads)."""
    def run(*args):
        values = []
        for kind, v in zip(kinds, args):
            v = num(v) if kind == "n" else text(v) if kind == "t" else v
            if isinstance(v, Err):
                return v
            values.append(v)
        return function(*values)
    return run, len(kinds)


def _round(x: float, digits: float) -> float:
    """Half away from zero, after rounding to 15 significant digits (rtl::math::round)."""
    scale = 10.0 ** int(digits)
    y = abs(x) * scale
    if not math.isfinite(y):  # a number too large to have those digits: itself
        return x
    y = float("%.15g" % y)
    return math.copysign(math.floor(y + 0.5) / scale, x) + 0.0


def _value(v):
    if isinstance(v, float):
        return v
    v = text(v).strip()
    if not _NUMBER.match(v):
        return VALUE_ERROR
    number = float(v)  # 309 digits and more: no number Excel holds (its VALUE says #VALUE!)
    return number if math.isfinite(number) else VALUE_ERROR


def _mid(s, start, count):
    return VALUE_ERROR if start < 1 or count < 0 else s[int(start) - 1:int(start) - 1 + int(count)]


def _n(v):
    if isinstance(v, (Err, float)):
        return v
    return (1.0 if v else 0.0) if isinstance(v, bool) else 0.0


_ERROR_TYPES = {code: float(i) for i, code in enumerate(
    ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"), start=1)}


def _error_type(v):
    """ERROR.TYPE: an error value's number, 1 to 7; #N/A for any other value (or error)."""
    return _ERROR_TYPES.get(v.code, NA_ERROR) if isinstance(v, Err) else NA_ERROR


CELLS, WHERE = "cells", "where"  # how a function takes references: every argument's cells; the first's
# name: (the function, how it reads its arguments: CELLS, WHERE, or the first n as values); IF,
# CHOOSE and IFERROR are written by evalparse (an argument computed only when chosen)
FUNCTIONS = {
    "COUNT": (_count, CELLS), "COUNTIF": (_countif, WHERE),
    "SUM": (_aggregate(sum), CELLS), "MAX": (_aggregate(lambda v: max(v, default=0.0)), CELLS),
    "MIN": (_aggregate(lambda v: min(v, default=0.0)), CELLS), "AND": (_logical(all), CELLS),
    "OR": (_logical(any), CELLS),
    "NOT": _plain(lambda c: not c, "n"), "ABS": _plain(abs, "n"), "INT": _plain(lambda x: float(math.floor(x)), "n"),
    "ROUND": _plain(_round, "n", "n"), "N": (_n, 1), "VALUE": _plain(_value, "v"),
    "ISNUMBER": (lambda v: isinstance(v, float), 1), "ISERROR": (lambda v: isinstance(v, Err), 1),
    "LEN": _plain(lambda s: float(len(s)), "t"),
    "LEFT": _plain(lambda s, n=1.0: s[:int(n)], "t", "n"), "RIGHT": _plain(lambda s, n=1.0: s[-int(n):] if n >= 1 else "", "t", "n"),
    "MID": _plain(_mid, "t", "n", "n"), "TRIM": _plain(lambda s: re.sub(" +", " ", s).strip(" "), "t"),
    "SUBSTITUTE": _plain(lambda s, old, new: s.replace(old, new) if old else s, "t", "t", "t"),
    "CHAR": _plain(lambda n: chr(int(n)), "n"), "ERROR.TYPE": (_error_type, 1),
}
