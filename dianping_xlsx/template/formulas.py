"""The table set's checks compiled a second way: as spreadsheet formulas.

``dianping check`` runs the rules in Python (definitions/rules.py); a unit has Excel or
WPS, not Python. This module turns the same rule definitions, and the reading of a value
cell (text.parse_count), into formula text that Excel, WPS and LibreOffice compute alike:
only IF, AND, OR, NOT, SUM, COUNT, COUNTIF, MAX, MIN, ABS, ROUND, INT, N, VALUE, LEN,
LEFT, MID, RIGHT, TRIM, SUBSTITUTE, CHAR, CHOOSE, ISNUMBER, ISERROR, ERROR.TYPE and IFERROR.

It knows no table, category or row: every label comes from the table set. selfcheck.py
places the formulas in the workbook.
"""

from __future__ import annotations

import ast
import string
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable

from ..catalogue import CATALOGUE
from ..definitions import Key, Table
from ..definitions.rules import Ref, Rule, rule_categories, subscript, summed
from ..text import COUNT_UNITS, MAX_COUNT, unit_fits

# Status codes of a checked line (a rule in one category and round, or a category's cells).
PASS, WARN, FAIL = 0, 1, 2
NOT_DUE, INCOMPLETE, NOT_COMPUTABLE = -1, -2, -3
SEVERITY_CODE = {"info": PASS, "warning": WARN, "error": FAIL}

# What the reading of a value cell gives (the Q helper): blank, a number, a number written as
# text (read, with a warning), and the errors text.parse_count reports.
(Q_BLANK, Q_NUMBER, Q_TEXT_NUMBER, Q_NOT_NUMBER, Q_NOT_INTEGER, Q_NEGATIVE, Q_ERROR, Q_TOO_LARGE,
 Q_UNIT_DIFFERS) = range(9)
Q_KINDS = {Q_TEXT_NUMBER: "value.text-number", Q_NOT_NUMBER: "value.not-number",
           Q_NOT_INTEGER: "value.not-integer", Q_NEGATIVE: "value.negative", Q_ERROR: "value.error-cell",
           Q_TOO_LARGE: "value.too-large", Q_UNIT_DIFFERS: "value.unit-differs"}
# text.parse_count says a text of more digits than MAX_COUNT has "too large" before anything else
_TOO_MANY_DIGITS = 10 ** len(str(MAX_COUNT))

_OPS = {ast.LtE: "<=", ast.Lt: "<", ast.GtE: ">=", ast.Gt: ">", ast.Eq: "=", ast.NotEq: "<>",
        ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}
_FULL_WIDTH = {**{chr(0xFF10 + d): str(d) for d in range(10)}, "．": ".", "－": "-", "＋": "+"}
# what text.parse_count takes out of a number typed as text: spaces (a no-break space pasted from a
# web page or a chat, U+00A0, written as itself: CHAR(160) is the code page's character, not
# U+00A0 on Chinese Windows), zero-width ones, tabs and line breaks
_SPACES = ('" "', '"\u3000"', '"\u00a0"', '"\u200b"', '"\ufeff"', "CHAR(9)", "CHAR(10)", "CHAR(13)")


def quote(text: str) -> str:
    """A string literal (Excel limits one literal to 255 characters: longer ones are joined)."""
    parts = [text[i:i + 250] for i in range(0, len(text), 250)] or [""]
    return "&".join('"' + p.replace('"', '""') + '"' for p in parts)


def substitute(expr: str, pairs) -> str:
    for old, new in pairs:
        expr = f"SUBSTITUTE({expr},{old},{new})"
    return expr


def _without_digits(expr: str) -> str:
    return substitute(expr, _DIGITS_OUT)


# what every input cell's helpers substitute, made once (a process's first return file makes the
# helpers of 138 cells)
_DIGITS_OUT = [(f'"{d}"', '""') for d in range(10)]
_SPACES_OUT = [(s, '""') for s in _SPACES]
_FULL_WIDTH_OUT = [(quote(a), quote(b)) for a, b in _FULL_WIDTH.items()]
_CONTROLS_OUT = [(c, '" "') for c in _SPACES[1:]]  # quoted as text.clean_text quotes: one space


def among(expr: str, words) -> str:
    """The condition that the text ``expr`` is one of ``words`` (never when it is ""): one
    SUBSTITUTE in a list of them, as short for 35 words as for 3."""
    listed = quote("|" + "|".join(words) + "|")
    return f'LEN(SUBSTITUTE({listed},"|"&{expr}&"|",""))<LEN({listed})'


_UNIT_LENGTHS = sorted({len(w) for w in COUNT_UNITS}, reverse=True)  # text.typed_unit: the longer first


# -- one value cell ------------------------------------------------------------
# A blank cell is 0 (没有的填 0 或留空). Each input cell X gets a row of helper cells; ``h`` names them: h("S") is the cell holding
# S for this X. They follow text.parse_count step by step (NFKC for the full-width digits and
# signs, spaces out, one measure word of text.COUNT_UNITS off, [+-]digits[.digits], integer, not
# negative, not above MAX_COUNT; typed with a measure word that does not fit the unit the cell's
# label prints: read, and said).
# A number it cannot read (a Chinese numeral, 1,234) is flagged as not a number: stricter than
# the merge, never more lenient.


def cell_formulas(x: str, h: Callable[[str], str], unit: str = "") -> dict[str, str]:
    """The helper formulas of one input cell ``x`` (an absolute reference); ``unit``: the unit its
    label prints (text.label_unit), "" when none."""
    spaces_out = substitute(f"{x}&\"\"", _SPACES_OUT)
    normal = substitute(spaces_out, _FULL_WIDTH_OUT)
    s, t, u = h("S"), h("T"), h("U")
    stripped = s
    for n in reversed(_UNIT_LENGTHS):  # the longest tried first: outermost
        words = [w for w in COUNT_UNITS if len(w) == n]
        stripped = f"IF({among(f'RIGHT({s},{n})', words)},LEFT({s},LEN({s})-{n}),{stripped})"
    read = Q_TEXT_NUMBER
    if unit:
        unfit = [w for w in COUNT_UNITS if not unit_fits(w, unit)]
        read = f"IF({among(f'RIGHT({s},LEN({s})-LEN({t}))', unfit)},{Q_UNIT_DIFFERS},{Q_TEXT_NUMBER})"
    bare = f'SUBSTITUTE({u},".","")'
    numeric = (f"AND(LEN({bare})>0,{_without_digits(bare)}=\"\",LEN({u})-LEN({bare})<=1,"
               f"LEFT({u},1)<>\".\",RIGHT({u},1)<>\".\")")
    as_text = (f"IF({numeric},IF(ABS(VALUE({t}))>={_TOO_MANY_DIGITS},{Q_TOO_LARGE},"
               f"IF(VALUE({t})<>INT(VALUE({t})),{Q_NOT_INTEGER},"
               f"IF(VALUE({t})<0,{Q_NEGATIVE},IF(VALUE({t})>{MAX_COUNT},{Q_TOO_LARGE},{read})))),"
               f"{Q_NOT_NUMBER})")
    return {
        "S": f'=IF(ISERROR({x}),"",IF(ISNUMBER({x}),"",{normal}))',
        "T": f"={stripped}",
        "U": f'=IF(OR(LEFT({t},1)="-",LEFT({t},1)="+"),MID({t},2,999),{t})',
        # a number is whole as the cell shows it (15 digits: =50*0.58 shows 29), as text.as_shown
        # has it: compared with its ROUND (INT of 28.999999999999996 is 28 in Excel)
        "Q": (f"=IF(ISERROR({x}),{Q_ERROR},IF(ISNUMBER({x}),IF({x}<>ROUND({x},0),{Q_NOT_INTEGER},"
              f"IF({x}<0,{Q_NEGATIVE},IF({x}>{MAX_COUNT},{Q_TOO_LARGE},{Q_NUMBER}))),IF(LEN({x})=0,{Q_BLANK},"
              f'IF({s}="",{Q_NUMBER},{as_text}))))'),
        "V": (f'=IF({h("Q")}<={Q_NUMBER},ROUND(N({x}),0),'
              f'IF(OR({h("Q")}={Q_TEXT_NUMBER},{h("Q")}={Q_UNIT_DIFFERS}),VALUE({t}),""))'),
        # the text as messages quote it (text.clean_text): single spaces, at most 30 characters
        "R": (f'=IF(ISERROR({x}),{error_text(x)},IF(LEN({h("P")})>30,LEFT({h("P")},29)&"…",{h("P")}))'),
        "P": "=TRIM(" + substitute(f'{x}&""', _CONTROLS_OUT) + ")",
    }


# the error values ERROR.TYPE numbers 1 to 7, as check quotes them (the text the file holds)
ERROR_VALUES = ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A")


def error_text(x: str) -> str:
    """The error value ``x`` holds, as text (another, an office suite's own: #错误值)."""
    return f'IFERROR(CHOOSE(ERROR.TYPE({x}),{",".join(quote(e) for e in ERROR_VALUES)}),"#错误值")'


def cell_status(h: Callable[[str], str], early: str, most: int | None = None) -> str:
    """G: the cell's own status: an unreadable value FAIL, a number as text WARN; ``early`` is a
    condition (a second-round figure in a first-half report) that is a WARN, or ""; a value above
    ``most`` (no unit can have it) FAIL."""
    codes = ",".join(str(_q_status(q)) for q in range(len(Q_KINDS) + 2))
    own = f"CHOOSE({h('Q')}+1,{codes})"
    extra = ([f"IF({early},{WARN},0)"] if early else []) + ([f"IF({above(h, most)},{FAIL},0)"] if most else [])
    return f"=MAX({own},{','.join(extra)})" if extra else f"={own}"


def above(h: Callable[[str], str], most: int) -> str:
    """The condition that a cell's value (read as text.parse_count reads it) is above ``most``."""
    return f"N({h('V')})>{most}"


def _q_status(q: int) -> int:
    if q in (Q_BLANK, Q_NUMBER):
        return PASS
    return SEVERITY_CODE[CATALOGUE[Q_KINDS[q]].severity]


def cell_message(h: Callable[[str], str], key: Key, where: str, early: tuple[str, dict] | None,
                 most: int | None = None, unit: str = "") -> str:
    """M: what is wrong with the cell, in the sentences ``dianping check`` prints ("" if nothing);
    ``unit``: the unit its label prints."""
    typed = Piece(f'RIGHT({h("S")},LEN({h("S")})-LEN({h("T")}))')
    params = {"text": Piece(h("R")), "value": Piece(h("V")), "label": key.label(), "typed": typed, "printed": unit}
    choices = ",".join(render(CATALOGUE[Q_KINDS[q]].template, params) for q in sorted(Q_KINDS))
    listed = min(q for q in Q_KINDS if CATALOGUE[Q_KINDS[q]].severity != "info")  # a note is counted, not listed
    said = [f'IF({h("Q")}>={listed},{quote(where + ":")}&CHOOSE({h("Q")}-1,{choices})&" ","")']
    if most:  # in the order check says them: the value's own, then the period's
        text = render(CATALOGUE["value.implausible"].template, {**params, "most": most})
        said.append(f'IF({above(h, most)},{quote(where + ":")}&{text}&" ","")')
    if early is not None:
        condition, early_params = early
        text = render(CATALOGUE["period.second-round-early"].template, {**early_params, "value": Piece(h("V"))})
        said.append(f'IF({condition},{quote(where + ":")}&{text}&" ","")')
    return "=" + "&".join(said)


# -- a 填报单位 cell --------------------------------------------------------------
# check (naming.not_a_name) takes a 填报单位 made of nothing but digits, the words of a date and
# symbols for no name, as a number or a date cell: it says so (unit.not-a-name), or, every such cell
# blank once its spaces are out, that none is filled in (unit.from-filename). A formula cannot ask
# what every character is: it takes out the spaces, the digits and what a date is written with,
# and what is left is no name when it is nothing or one symbol of a list. One formula: a helper
# holding the text would save the unit's name as its result, which a roster's stamped templates
# (stamp.py) cannot hold (their saved results are the same for every unit).
UNIT_BLANK, UNIT_NAMED, UNIT_NOT_A_NAME = 0, 1, 2
_DATE_NOISE = [*"0123456789", *"-/.\u5e74\u6708\u65e5"]  # 年月日
_LONE_SYMBOLS = ("", *"!\"#$%&'()*+,:;<=>?@[\\]^_`{}~\u00b7\u00d7\u2013\u2014\u2018\u2019\u201c\u201d\u2026"
                 "\u2192\u221a\u25a0\u25a1\u25b2\u25b3\u25cb\u25cf\u2605\u2606\u3001\u3002\u3007\u3008\u3009"
                 "\u300a\u300b\u300c\u300d\u3010\u3011\u96f6\uff01\uff03\uff05\uff06\uff08\uff09\uff0a\uff0b"
                 "\uff0c\uff0d\uff0e\uff0f\uff1a\uff1b\uff1c\uff1d\uff1e\uff1f\uff3b\uff3d\uff3e\uff40\uff5b"
                 "\uff5d\uff5e\uffe5", "\u2014\u2014", "\u2026\u2026", "**", "***", "\uff0d\uff0d", "\uff5e\uff5e")
# ("": nothing left; a symbol typed twice: ——, ……)


def unit_kind(c: str) -> str:
    """The kind of the 填报单位 cell ``c``: UNIT_BLANK, UNIT_NAMED or UNIT_NOT_A_NAME (an error
    value is a name: check reads its text)."""
    spaced = substitute(f'{c}&""', _SPACES_OUT)
    left = substitute(spaced, [(quote(ch), '""') for ch in _DATE_NOISE])
    return (f"=IF(ISERROR({c}),{UNIT_NAMED},IF(ISNUMBER({c}),{UNIT_NOT_A_NAME},IF(LEN({spaced})=0,{UNIT_BLANK},"
            f"IF({among(left, _LONE_SYMBOLS)},{UNIT_NOT_A_NAME},{UNIT_NAMED}))))")


@dataclass(frozen=True)
class Piece:
    """A formula to put into a message where a placeholder stands."""

    formula: str


def render(template: str, params: dict) -> str:
    """A message template as a formula: literal text joined with the formulas of its fields."""
    parts = []
    for literal, name in _parsed(template):
        if literal:
            parts.append(literal)
        if name is None:
            continue
        value = params[name]
        parts.append(value.formula if isinstance(value, Piece) else quote(str(value)))
    return "&".join(parts) or '""'


@lru_cache(maxsize=1024)
def _parsed(template: str) -> tuple[tuple[str, str | None], ...]:
    """A message template's literal texts, quoted, each with the name of the field after it (a
    process's first return file renders the same few templates for each of 138 cells)."""
    return tuple((quote(literal) if literal else "", name) for literal, name, _, _ in string.Formatter().parse(template))


# -- rules -----------------------------------------------------------------------


class Missing(Exception):
    """A value the rule reads has no cell (a category one table has and another lacks)."""


@dataclass
class Instance:
    """One rule in one table, category and round, as formulas."""

    rule: Rule
    table: str
    category: str  # "" for a rule over whole tables (made of sums)
    round: str
    compare: str  # lhs <op> rhs, TRUE when the rule holds
    message: str  # the failure's sentence, as a formula
    reads: list[str] = field(default_factory=list)  # the value cells read (helper references)
    about: list[Key] = field(default_factory=list)  # the cells to colour when it fails


def instances(rule: Rule, tables: dict[str, Table], rounds: tuple[str, ...],
              value: Callable[[Key], str | None]) -> list[Instance]:
    """Every table, category and round the rule is checked in, as ``run_rule`` walks them;
    ``value`` gives the helper cell holding a key's value (None: no such cell)."""
    if rule.per_category:
        walk = [(t, c, r) for t in rule.tables
                for c in rule_categories(rule, tables[t])
                for r in (rounds if rule.round_refs else ("",))]
    else:
        walk = [(rule.tables[0] if rule.tables else "", "", r) for r in (rounds if rule.round_refs else ("",))]
    out = []
    for table, category, rnd in walk:
        try:
            out.append(_instance(rule, tables, value, table, category, rnd))
        except Missing:  # the Python engine skips it too: a value it reads is never there
            continue
    return out


def _instance(rule, tables, value, table, category, rnd) -> Instance:
    excel = _Excel(rule, tables, value, table, category, rnd)
    lets = {}
    for name, expr in rule.lets.items():
        lets[name] = excel.formula(expr, lets)
    of_lets = excel.keys[:]
    excel.keys.clear()
    lhs = excel.formula(rule.tree.left, lets)
    rhs = excel.formula(rule.tree.comparators[0], lets)
    excel.keys += of_lets  # the check's values first, as rules.Rule.refs
    op = _OPS[type(rule.tree.ops[0])]
    shown = {n: Piece(f"ROUND({f},2)") for n, f in lets.items()}
    params = {"rule": rule.id, "table": table, "category": category, "round": rnd,
              "round_text": f"({rnd})" if rnd else "", "lhs": Piece(f"ROUND({lhs},2)"),
              "rhs": Piece(f"ROUND({rhs},2)"), **shown}
    # the cell ``dianping check`` points at (the first value the check reads, else its lets'), or every cell
    # a rule over whole tables adds up
    about = excel.keys[:1] if rule.per_category else list(dict.fromkeys(excel.keys))
    return Instance(rule, table, category, rnd, f"({lhs}){op}({rhs})", render(rule.message, params),
                    list(dict.fromkeys(excel.reads)), about)


class _Excel:
    """One rule's expression tree as formula text, for one table, category and round (the
    same reading of references as rules._Lower)."""

    def __init__(self, rule, tables, value, table, category, rnd):
        self.rule, self.tables, self.value = rule, tables, value
        self.table, self.category, self.round = table, category, rnd
        self.rounds = tuple(r for t in tables.values() for row in t.rows for r in row.rounds)
        self.reads: list[str] = []
        self.keys: list[Key] = []

    def formula(self, node, lets: dict[str, str]) -> str:
        method = getattr(self, "_" + type(node).__name__)
        return method(node, lets)

    def _Constant(self, node, lets):
        return repr(node.value)

    def _UnaryOp(self, node, lets):
        return f"(-{self.formula(node.operand, lets)})"

    def _BinOp(self, node, lets):
        return f"({self.formula(node.left, lets)}{_OPS[type(node.op)]}{self.formula(node.right, lets)})"

    def _Call(self, node, lets):
        if node.func.id == "sum":
            return self._sum(node)
        args = ",".join(self.formula(a, lets) for a in node.args)
        return f"{node.func.id.upper()}({args})"

    def _Name(self, node, lets):
        if node.id in lets:
            return f"({lets[node.id]})"
        return self._read(Ref("", node.id, ""), self.category)

    def _Attribute(self, node, lets):
        return self._read(Ref(node.value.id, node.attr, ""), self.category)

    def _Subscript(self, node, lets):
        inner = node.value
        table = inner.value.id if isinstance(inner, ast.Attribute) else ""
        metric = inner.attr if isinstance(inner, ast.Attribute) else inner.id
        rnd, category = subscript(node, self.rounds)
        return self._read(Ref(table, metric, rnd), category or self.category)

    def _sum(self, node) -> str:
        ref = _ref(node.args[0])
        block = next((kw.value.value for kw in node.keywords), None)
        table = self.tables[ref.table or self.table]
        return "SUM(" + ",".join(self._read(ref, c) for c in summed(table, block)) + ")"

    def _read(self, ref: Ref, category: str) -> str:
        table = ref.table or self.table
        rnd = ref.round or (self.round if self.tables[table].row(ref.metric).rounds else "")
        key = Key(table, category, ref.metric, rnd)
        cell = self.value(key)
        if cell is None:
            raise Missing(key)
        self.reads.append(cell)
        self.keys.append(key)
        return cell


def _ref(node) -> Ref:
    if isinstance(node, ast.Subscript):  # inside sum(): a round only
        inner = _ref(node.value)
        return Ref(inner.table, inner.metric, node.slice.id)
    if isinstance(node, ast.Attribute):
        return Ref(node.value.id, node.attr, "")
    return Ref("", node.id, "")


def status(instance: Instance, due: str) -> str:
    """The line's status code: NOT_DUE, INCOMPLETE (a value unreadable: the Python engine
    skips the rule too; a blank cell is 0, as the instructions say), PASS, or the rule's severity when it fails."""
    count = f"COUNT({','.join(instance.reads)})<{len(instance.reads)}"
    checked = f"IF({count},{INCOMPLETE},IF({instance.compare},{PASS},{SEVERITY_CODE[instance.rule.severity]}))"
    if due:
        checked = f"IF(NOT({due}),{NOT_DUE},{checked})"
    return f"=IFERROR({checked},{NOT_COMPUTABLE})"
