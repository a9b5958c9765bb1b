"""Rules as data, and the one small engine that runs them.

A rule is declared in the table set::

    [[rules]]
    id = "done-le-total"
    severity = "error"
    code = "rule.exceeds"
    tables = ["附件2"]
    check = "<done row> <= <total row>"
    message = "“{category}”的…{round_text}为 {lhs},超过了… {rhs}。"

The check is a comparison written with the tables' own row labels:

- ``<row>`` is that row of the current table and category; a row with
  rounds and no ``[round]`` is checked in each round, ``<row>[第一次]`` in one;
- ``附件2.<row>`` is a row of another table, same category;
- ``sum(附件1.<row>, block=1)`` adds a row over the categories of a table (or one
  of its printed blocks): a rule made only of sums runs once per unit (表间审核);
- ``<row>[<category>]`` (or ``<row>[<category>, 第一次]``) is that row of one category: a rule
  made only of such references and sums runs once per unit (小计 = the sum of its parts);
- table names, row labels and categories are written as printed, whatever they hold
  (``附件4-1.其中:党员(人)``): the labels of the table set are known before the check is parsed;
- names given in ``let`` can be used in the check and the message;
- ``abs``, ``min``, ``max``, numbers and + - * / are allowed.

``rounds = "due"`` limits a rule to the rounds due in the reporting period; ``categories``
to the categories it names.
Every rule is compiled when the table set loads, so a bad rule stops the
program at start-up, naming the rule, not halfway through a batch.
"""

from __future__ import annotations

import ast
import operator
import re
import string
from dataclasses import dataclass, field
from typing import Callable

SEVERITIES = ("error", "warning")
COMPARE = {ast.LtE: operator.le, ast.Lt: operator.lt, ast.GtE: operator.ge,
           ast.Gt: operator.gt, ast.Eq: operator.eq, ast.NotEq: operator.ne}
ARITH = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv}
FUNCTIONS = {"abs", "min", "max", "sum"}
STANDARD_FIELDS = {"table", "category", "round", "round_text", "lhs", "rhs", "rule"}


class RuleError(ValueError):
    """A rule that cannot be compiled, said in Chinese; ``at``: (key, text) where it is written,
    for the loader to say the line."""

    at: tuple[str, str] = ("", "")


@dataclass(frozen=True)
class Ref:
    """A reference to one row: table, metric, round ("" = the current round or none)."""

    table: str  # "" = the rule's current table
    metric: str
    round: str = ""
    summed: bool = False  # inside sum(): the row over the categories (of ``block``, if not 0)
    block: int = 0
    category: str = ""  # "" = the current category; else this one (<row>[<category>])


@dataclass
class Rule:
    id: str
    severity: str
    code: str
    tables: tuple[str, ...]
    check: str
    message: str
    lets: dict[str, ast.expr]
    tree: ast.Compare
    per_category: bool
    round_refs: bool  # the check names a metric with rounds, without [round]
    due_rounds_only: bool
    refs: list[Ref] = field(default_factory=list)  # the check's, then the lets' (first: the checked cell)
    block: int = 0  # 1-based: a per-category rule over one printed block's categories only
    categories: tuple[str, ...] = ()  # a per-category rule over these categories only (() = all)
    title: str = ""  # what it checks, in a few words (the template's 自查 sheet shows it)
    # compiled once: (function(table, category, round) -> (lets, lhs, rhs), the globals it reads,
    # its lowered trees)
    compiled: tuple = field(default=(), repr=False)
    walks: dict = field(default_factory=dict, repr=False, compare=False)  # rounds -> _walk(...)
    batches: dict = field(default_factory=dict, repr=False, compare=False)  # rounds -> every place's check
    sums: dict = field(default_factory=dict, repr=False, compare=False)  # (table, row, round, block) -> keys
    targets: dict = field(default_factory=dict, repr=False, compare=False)  # a place -> the key it points at

    @property
    def what(self) -> str:
        """What the rule checks, for a reader: its title, else its check in words."""
        if self.title:
            return self.title
        if self.plain:
            return "".join(self.plain)
        return self.check.replace("<=", "≤").replace(">=", "≥")

    @property
    def plain(self) -> tuple[str, str, str] | None:
        """("A", "不能大于", "B") for a check as simple as `A <= B`, for instructions."""
        left, right = self.tree.left, self.tree.comparators[0]
        if not (isinstance(left, ast.Name) and isinstance(right, ast.Name)):
            return None
        words = {ast.LtE: "不能大于", ast.Lt: "要小于", ast.GtE: "不能小于", ast.Gt: "要大于",
                 ast.Eq: "要等于", ast.NotEq: "不能等于"}
        return left.id, words[type(self.tree.ops[0])], right.id


# -- compiling ---------------------------------------------------------------


def compile_rule(raw: dict, tables: dict, rounds: tuple[str, ...]) -> Rule:
    """Compile one rule; ``tables`` maps table key -> Table. Raises RuleError."""
    rid = raw.get("id", "?")
    if not isinstance(raw, dict):
        raise RuleError("每条规则应写成 [[rules]] 表")
    try:
        return _compile(raw, tables, rounds)
    except RuleError as exc:
        said = RuleError(f"规则 {rid}:{exc}")
        said.at = exc.at if exc.at[0] else ("id", str(rid))
        raise said from None
    except (KeyError, TypeError) as exc:
        raise RuleError(f"规则 {rid}:缺少或写错了字段 {exc}") from None


def _compile(raw, tables, rounds) -> Rule:
    severity = raw.get("severity", "error")
    if severity not in SEVERITIES:
        raise RuleError(f"severity 应为 error 或 warning,而不是 {severity!r}")
    rule_tables = tuple(raw.get("tables", ()))
    for t in rule_tables:
        if t not in tables:
            raise RuleError(f"没有表格 {t}")
    labels = _labels(tables, rounds, raw.get("let", {}))
    lets = {}
    for name, text in raw.get("let", {}).items():
        lets[name] = _parse_located(text, labels, tables, rule_tables, name)
    tree = _parse_located(raw["check"], labels, tables, rule_tables, "check")
    if not isinstance(tree, ast.Compare) or len(tree.ops) != 1 or type(tree.ops[0]) not in COMPARE:
        raise RuleError("check 必须是一个比较,如 A <= B")
    checker = _Checker(tables, rule_tables, rounds, set(lets))
    categories = tuple(raw.get("categories", ()))
    if isinstance(raw.get("categories"), str):
        raise RuleError("categories 应写成列表,如 categories = [\"某类别\"]")
    for t in rule_tables:
        missing = [c for c in categories if c not in tables[t].categories]
        if missing:
            raise RuleError(f"{t} 没有类别 {'、'.join(missing)}")
    # the check first: its first value is the cell a failure names (a let's, a total less a count
    # worked out for the message, only when the check reads no value of its own)
    _visit_located(checker, tree, "check", raw["check"])
    for name, expr in lets.items():
        _visit_located(checker, expr, name, raw["let"][name])
    per_category = checker.bare_refs > 0
    if per_category and not rule_tables:
        raise RuleError("按类别检查的规则要写 tables")
    if not per_category and not checker.sums and not checker.fixed:
        raise RuleError("check 中没有引用任何数据")
    if categories and not per_category:
        raise RuleError("categories 只能用于按类别检查的规则")
    fields = {f for _, f, _, _ in string.Formatter().parse(raw["message"]) if f}
    unknown = fields - STANDARD_FIELDS - set(lets)
    if unknown:
        raise RuleError(f"message 中的占位符 {sorted(unknown)} 没有定义")
    code = raw.get("code", "rule.failed")
    if not code.startswith("rule."):
        raise RuleError(f"code 应以 rule. 开头:{code}")
    block = raw.get("block", 0)
    if block and not (per_category and all(1 <= block <= len(tables[t].blocks) for t in rule_tables)):
        raise RuleError(f"block = {block}:只能用于按类别检查的规则,且每张表都要有第 {block} 块")
    rounds_opt = raw.get("rounds", "all")
    if rounds_opt not in ("all", "due"):
        raise RuleError("rounds 应为 all 或 due")
    return Rule(
        id=raw["id"], severity=severity, code=code, tables=rule_tables, check=raw["check"],
        message=raw["message"], lets=lets, tree=tree, per_category=per_category,
        round_refs=checker.round_refs, due_rounds_only=rounds_opt == "due", refs=checker.refs,
        block=block, title=str(raw.get("title", "")), categories=categories,
        compiled=_compile_function(raw["id"], lets, tree, tables, rule_tables, rounds),
    )


def _visit_located(checker: "_Checker", tree: ast.expr, key: str, text: str) -> None:
    try:
        checker.visit(tree)
    except RuleError as exc:
        exc.at = (key, str(text).strip())
        raise


def _parse_located(text: str, labels, tables: dict, rule_tables: tuple[str, ...], key: str) -> ast.expr:
    """_parse, its error saying which table lacks a misspelled row (and the row meant, when one
    is close) and carrying where it is written (``at``: the key and its text, for the line)."""
    try:
        return _parse(text, labels)
    except UnknownLabel as exc:
        keys = [exc.table] if exc.table else list(rule_tables)
        if exc.table and exc.table not in tables:
            error = RuleError(f"没有表格 {exc.table}")
        else:
            error = RuleError(f"{'、'.join(keys) or '各表'} 没有“{exc.label}”这一行{_close_row(exc.label, keys, tables)}")
    except RuleError as exc:
        error = exc
    error.at = (key, str(text).strip())
    raise error


def _close_row(label: str, keys: list[str], tables: dict) -> str:
    """"(是不是“…”?)" naming the row of these tables closest to a misspelled one, or ""."""
    import difflib

    rows = [r.metric for k in (keys or tables) for r in tables[k].rows] if all(k in tables for k in keys) else []
    close = difflib.get_close_matches(label, rows, n=1, cutoff=0.6)
    return f"(是不是“{close[0]}”?)" if close else ""


def _labels(tables: dict, rounds: tuple[str, ...], lets: dict) -> tuple[str, ...]:
    """Every name a check may use: tables, rows, categories, rounds and lets, as printed."""
    names = {*tables, *rounds, *lets}
    for table in tables.values():
        names.update(r.metric for r in table.rows)
        names.update(table.categories)
    return tuple(names)


def _parse(text: str, labels: tuple[str, ...]) -> ast.expr:
    """An expression whose names are labels as printed: a label that is no Python name
    (附件4-1, 其中:党员(人)) is put aside before parsing and given back to the tree after.
    A label is put aside only where it stands whole (not the end of a longer, misspelled name);
    a name written with brackets that is no label is said as such (UnknownLabel)."""
    written = str(text).strip()
    odd = sorted((name for name in labels if not name.isidentifier()), key=len, reverse=True)
    stand_in: dict[str, str] = {}  # label -> the Python name it is parsed as
    text = written
    if odd:
        whole = f"(?<![^{_DELIMITERS}])(?:{'|'.join(map(re.escape, odd))})(?![^{_DELIMITERS.replace('(', '')}])"
        text = re.sub(whole, lambda m: f" {stand_in.setdefault(m[0], f'_label{len(stand_in)}_')} ", written).strip()
    aside = {name: label for label, name in stand_in.items()}
    _unbalanced(written)
    _unknown_label(text, aside)
    try:
        tree = ast.parse(text, mode="eval").body
    except SyntaxError as exc:
        raise RuleError(f"表达式 '{written}' 写法有误({_syntax_words(exc)})") from None
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            node.id = aside.get(node.id, node.id)
        elif isinstance(node, ast.Attribute):
            node.attr = aside.get(node.attr, node.attr)
    return tree


_DELIMITERS = r"\s<>=!+\-*/,.()\[\]"  # what may stand on either side of a name in a check
_NAME = re.compile(r"(?:(?P<table>[^\s<>=!+\-*/,.()\[\]]+)\s*\.\s*)?(?P<name>[^\s<>=!+\-*/,.()\[\]]+)(?P<bracket>\([^()]*\))?")


class UnknownLabel(RuleError):
    """A name written with brackets (or other characters no Python name has) that is none of
    the labels: a misspelled row, said as one (the rule's tables are known to the caller)."""

    def __init__(self, label: str, table: str):
        super().__init__(f"没有“{label}”这一行")
        self.label, self.table = label, table


def _unknown_label(text: str, aside: dict[str, str]) -> None:
    """UnknownLabel for the first name like 已兑现数(项) or 已兑现数(项) left in ``text`` after the
    labels were put aside: Python would read the first as a call, the second as a syntax error."""
    for m in _NAME.finditer(text):
        name, bracket = m["name"], m["bracket"] or ""
        misspelled = (bracket and not name.isascii() and name not in FUNCTIONS) or (
            not name.isidentifier() and re.search("[\u4e00-\u9fff]", name))
        if not misspelled:
            continue
        table = aside.get(m["table"] or "", m["table"] or "")
        raise UnknownLabel(name + bracket, table)


def _unbalanced(written: str) -> None:
    """RuleError when a bracket of the check is not closed, or closed without being opened."""
    for opening, closing in (("(", ")"), ("[", "]"), ("(", ")")):
        depth = 0
        for ch in written:
            depth += (ch == opening) - (ch == closing)
            if depth < 0:
                raise RuleError(f"表达式 '{written}' 写法有误(多了一个“{closing}”,前面没有对应的“{opening}”)")
        if depth > 0:
            raise RuleError(f"表达式 '{written}' 写法有误(“{opening}”没有对应的“{closing}”,括号没有闭合)")


def _syntax_words(exc: SyntaxError) -> str:
    """Python's reason for a syntax error, in Chinese."""
    said = str(exc.msg)
    if said.startswith("invalid character"):
        found = re.search(r"'(.)'", said)
        return f"有不能用的字符“{found[1] if found else '?'}”:比较请用 <= >= < > == !=,名称要与表中一致"
    return "不是一个完整的比较,应写成 A <= B,A、B 是表中的行名(或 附件名.行名)、数字及 + - * /"


def subscript(node: ast.Subscript, rounds) -> tuple[str, str]:
    """(round, category) named in the brackets of ``<row>[…]``: a round, a category, or both."""
    items = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
    if not all(isinstance(i, ast.Name) for i in items) or len(items) > 2:
        raise RuleError(f"{ast.unparse(node)}:方括号中应为轮次或类别,如 [第一次]、[某类别]")
    named_rounds = [i.id for i in items if i.id in rounds]
    named_categories = [i.id for i in items if i.id not in rounds]
    if len(named_rounds) > 1 or len(named_categories) > 1:
        raise RuleError(f"{ast.unparse(node)}:方括号中最多写一个轮次和一个类别")
    return (named_rounds or [""])[0], (named_categories or [""])[0]


class _Checker(ast.NodeVisitor):
    """Checks every node of an expression and records what it refers to."""

    def __init__(self, tables, rule_tables, rounds, lets):
        self.tables, self.rule_tables, self.rounds, self.lets = tables, rule_tables, rounds, lets
        self.refs: list[Ref] = []
        self.bare_refs = 0
        self.sums = 0
        self.fixed = 0  # references to one named category
        self.round_refs = False
        self._in_sum = 0

    def generic_visit(self, node):
        allowed = (ast.Compare, ast.BinOp, ast.UnaryOp, ast.USub, ast.Constant, ast.Load,
                   ast.keyword, *COMPARE, *ARITH)
        if not isinstance(node, allowed):
            raise RuleError(f"不支持的写法:{ast.unparse(node)}")
        if isinstance(node, ast.Constant) and not isinstance(node.value, (int, float)):
            raise RuleError(f"只能使用数字常量:{node.value!r}")
        super().generic_visit(node)

    def visit_Call(self, node):
        if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
            raise RuleError(f"不支持的函数:{ast.unparse(node.func)}(可用 {'、'.join(sorted(FUNCTIONS))})")
        if node.func.id == "sum":
            if len(node.args) != 1:
                raise RuleError("sum() 只接受一行数据,如 sum(<表名>.<行名>)")
            for kw in node.keywords:
                if kw.arg != "block" or not isinstance(kw.value, ast.Constant):
                    raise RuleError("sum() 只接受 block=序号")
            self.sums += 1
            self._in_sum += 1
            self.visit(node.args[0])
            self._in_sum -= 1
            ref = self.refs[-1]
            block = next((kw.value.value for kw in node.keywords), None)
            self.refs[-1] = Ref(ref.table, ref.metric, ref.round, summed=True, block=block or 0)
            table = self.tables[ref.table or self.rule_tables[0]]
            if block is not None and not (1 <= block <= len(table.blocks)):
                raise RuleError(f"{table.key} 没有第 {block} 块")
            return
        if node.keywords:
            raise RuleError(f"{node.func.id}() 不接受关键字参数")
        for arg in node.args:
            self.visit(arg)

    def visit_Name(self, node):
        if node.id in self.lets:
            return
        self._ref(Ref("", node.id, ""), node)

    def visit_Attribute(self, node):
        if not isinstance(node.value, ast.Name) or node.value.id not in self.tables:
            raise RuleError(f"没有表格 {ast.unparse(node.value)}")
        self._ref(Ref(node.value.id, node.attr, ""), node)

    def visit_Subscript(self, node):
        inner = node.value
        rnd, category = subscript(node, self.rounds)
        if isinstance(inner, ast.Name):
            self._ref(Ref("", inner.id, rnd, category=category), node)
        elif isinstance(inner, ast.Attribute) and isinstance(inner.value, ast.Name):
            if inner.value.id not in self.tables:
                raise RuleError(f"没有表格 {inner.value.id}")
            self._ref(Ref(inner.value.id, inner.attr, rnd, category=category), node)
        else:
            raise RuleError(f"不支持的写法:{ast.unparse(node)}")

    def _ref(self, ref: Ref, node) -> None:
        tables = [ref.table] if ref.table else list(self.rule_tables)
        if not tables:
            raise RuleError(f"{ast.unparse(node)}:不知道是哪张表的数据(请写 tables 或 附件N.行名)")
        for key in tables:
            rows = {r.metric: r for r in self.tables[key].rows}
            if ref.metric not in rows:
                raise RuleError(f"{key} 没有“{ref.metric}”这一行{_close_row(ref.metric, [key], self.tables)}")
            row = rows[ref.metric]
            if ref.round and not row.rounds:
                raise RuleError(f"{key} 的“{ref.metric}”没有轮次")
            if row.rounds and not ref.round:
                self.round_refs = True
            if ref.category and ref.category not in self.tables[key].categories:
                raise RuleError(f"{key} 没有类别“{ref.category}”(方括号中应为轮次或类别)")
        if ref.category and self._in_sum:
            raise RuleError(f"{ast.unparse(node)}:sum() 中不能指定类别")
        if ref.category:
            self.fixed += 1
        elif not self._in_sum:
            self.bare_refs += 1
        self.refs.append(ref)


# -- running -----------------------------------------------------------------

Get = Callable[[tuple], "int | None"]  # (table, category, metric, round) -> value or None


class _Skip(Exception):
    """A value the rule needs is missing or unusable: the rule does not apply."""


@dataclass
class Outcome:
    rule: Rule
    table: str
    category: str
    round: str
    lhs: float
    rhs: float
    values: dict  # let names -> values
    cell_ref: Ref  # the checked row (the first reference)

    @property
    def params(self) -> dict:
        params = {
            "rule": self.rule.id, "table": self.table, "category": self.category,
            "round": self.round, "round_text": f"({self.round})" if self.round else "",
            "lhs": _show(self.lhs), "rhs": _show(self.rhs),
        }
        if self.values:
            params.update({k: _show(v) for k, v in self.values.items()})
        return params


def _show(x):
    return int(x) if float(x).is_integer() else round(x, 2)


_SKIPPED = (_Skip, KeyError, ZeroDivisionError)  # a value missing (either reader) or a division by 0


def run_rule(rule: Rule, tables: dict, rounds: tuple[str, ...], get: Get | None = None,
             lookup: Callable[[tuple], int] | None = None) -> list[Outcome]:
    """Every failure of a rule over one unit's values; ``get`` finds a value by its key tuple
    (None when missing), or ``lookup`` does (KeyError when missing: a dict's own __getitem__,
    read without a call of ours per value)."""
    instances = rule.walks.get(rounds)
    if instances is None:  # where the rule is checked, made once per set of rounds
        instances = rule.walks[rounds] = _walk(rule, tables, rounds)
    if lookup is not None:
        return _run_batch(rule, tables, rounds, instances, lookup)
    compare = COMPARE[type(rule.tree.ops[0])]
    function, scope, _ = rule.compiled
    scope["_v"], scope["_s"] = _readers(tables, get)
    failures = []
    for tkey, category, rnd in instances:
        try:
            values, lhs, rhs = function(tkey, category, rnd)
        except _SKIPPED:
            continue
        if not compare(lhs, rhs):
            failures.append(Outcome(rule, tkey, category, rnd, lhs, rhs, values, rule.refs[0]))
    return failures


def _run_batch(rule: Rule, tables: dict, rounds: tuple[str, ...], instances, lookup) -> list[Outcome]:
    """run_rule with ``lookup``: every place checked by one function (rulebatch.py), made once
    per set of rounds; the same outcomes, in the same order."""
    first = rule.refs[0]
    return [Outcome(rule, *instances[n], lhs, rhs, values, first)
            for n, values, lhs, rhs in failed_places(rule, tables, rounds, lookup)]


def failed_places(rule: Rule, tables: dict, rounds: tuple[str, ...], lookup) -> list[tuple]:
    """run_rule(..., lookup=...)'s failures as they come from the batch, without an Outcome
    each: (the place's index in rule.walks[rounds], lets' values, lhs, rhs), in order."""
    instances = rule.walks.get(rounds)
    if instances is None:
        instances = rule.walks[rounds] = _walk(rule, tables, rounds)
    batch = rule.batches.get(rounds) or _batch(rule, rounds, instances)
    failed: list[tuple] = []
    batch(lookup, _summer(tables, lookup, rule.sums), failed.append)
    return failed


def outcome_params(rule_id: str, place: tuple[str, str, str], lhs, rhs, values: dict) -> tuple[tuple, tuple]:
    """Outcome.params as (names, values) tuples, made without the Outcome: the same names in
    the same order (a let named like a standard name takes its place), the same values."""
    table, category, rnd = place
    shown = (rule_id, table, category, rnd, f"({rnd})" if rnd else "", _show(lhs), _show(rhs))
    if not values:
        return _PARAM_NAMES, shown
    params = dict(zip(_PARAM_NAMES, shown))
    params.update({k: _show(v) for k, v in values.items()})
    return tuple(params), tuple(params.values())


_PARAM_NAMES = ("rule", "table", "category", "round", "round_text", "lhs", "rhs")


def _batch(rule: Rule, rounds: tuple[str, ...], instances):
    """The rule's function over every place of a set of rounds, compiled once and kept."""
    from .rulebatch import compile_batch

    batch = rule.batches[rounds] = compile_batch(rule.id, rule.compiled[2], rule.tree.ops[0], instances, _SKIPPED)
    return batch


def prepare_rule(rule: Rule, tables: dict, rounds: tuple[str, ...]) -> None:
    """Compile what run_rule(..., lookup=...) would on its first call: where the rule is checked
    and its function over every place (a merge does it once, before its workers start)."""
    instances = rule.walks.get(rounds)
    if instances is None:
        instances = rule.walks[rounds] = _walk(rule, tables, rounds)
    if rounds not in rule.batches:
        _batch(rule, rounds, instances)


def _walk(rule: Rule, tables: dict, rounds: tuple[str, ...]) -> list[tuple[str, str, str]]:
    """(table, category, round) of every place the rule is checked in, in order."""
    if rule.per_category:
        def categories(table):
            return rule_categories(rule, table)

        return [(tkey, category, rnd) for tkey in rule.tables for category in categories(tables[tkey])
                for rnd in (rounds if rule.round_refs else ("",))]
    return [(rule.tables[0] if rule.tables else "", "", rnd) for rnd in (rounds if rule.round_refs else ("",))]


def rule_categories(rule: Rule, table) -> tuple[str, ...]:
    """The categories a per-category rule is checked in: a block's, the named ones, or all."""
    categories = table.blocks[rule.block - 1] if rule.block else table.categories
    return tuple(c for c in categories if c in rule.categories) if rule.categories else categories


def summed(table, block: int | None) -> tuple[str, ...]:
    """The categories sum(…) adds: a block's or the table's, each counted once (Table.addends: its own
    合计 alone, a 小计 not beside its parts)."""
    return table.addends(table.blocks[block - 1] if block else table.categories)


def _readers(tables: dict, get: Get):
    """The two functions compiled rules call: one value, and a row's sum over categories."""

    def value(key: tuple):
        found = get(key)
        if found is None:
            raise _Skip
        return found

    def total(table: str, metric: str, rnd: str, block: int | None):
        return sum(value((table, c, metric, rnd)) for c in summed(tables[table], block))

    return value, total


def _summer(tables: dict, lookup: Callable[[tuple], int], made: dict):
    """A row's sum over categories, reading with ``lookup`` (KeyError when a value is missing);
    the keys of each sum made once per rule (``made``: the rule's own)."""

    def total(table: str, metric: str, rnd: str, block: int | None):
        keys = made.get((table, metric, rnd, block))
        if keys is None:
            keys = made[table, metric, rnd, block] = tuple((table, c, metric, rnd) for c in summed(tables[table], block))
        return sum(map(lookup, keys))

    return total


class _Lower(ast.NodeTransformer):
    """Rewrite row references into calls with the value's key:
    <row>[第一次] -> _v((_t, _c, "<row>", "第一次")), where _t, _c, _r are the current table,
    category and round (the compiled function's arguments)."""

    def __init__(self, lets, tables, rule_tables, rounds):
        self.lets, self.tables, self.rule_tables, self.rounds = lets, tables, rule_tables, rounds

    def _round(self, ref: Ref):
        """The round to read: the named one, the current one (_r), or "" for a row without."""
        if ref.round:
            return ast.Constant(ref.round)
        table = self.tables[ref.table or self.rule_tables[0]]
        return ast.Name("_r", ast.Load()) if table.row(ref.metric).rounds else ast.Constant("")

    @staticmethod
    def _table(ref: Ref):
        return ast.Constant(ref.table) if ref.table else ast.Name("_t", ast.Load())

    def _value(self, ref: Ref, rnd):
        category = ast.Constant(ref.category) if ref.category else ast.Name("_c", ast.Load())
        key = ast.Tuple([self._table(ref), category, ast.Constant(ref.metric), rnd], ast.Load())
        return ast.Call(ast.Name("_v", ast.Load()), [key], [])

    def visit_Name(self, node):
        if node.id in self.lets:
            return node
        ref = Ref("", node.id, "")
        return self._value(ref, self._round(ref))

    def visit_Attribute(self, node):
        ref = _ref_of(node, self.rounds)
        return self._value(ref, self._round(ref))

    def visit_Subscript(self, node):
        ref = _ref_of(node, self.rounds)
        return self._value(ref, ast.Constant(ref.round) if ref.round else self._round(ref))

    def visit_Call(self, node):
        if node.func.id == "sum":
            ref = _ref_of(node.args[0], self.rounds)
            block = next((kw.value.value for kw in node.keywords), None)
            args = [self._table(ref), ast.Constant(ref.metric), self._round(ref), ast.Constant(block)]
            return ast.Call(ast.Name("_s", ast.Load()), args, [])
        node.args = [self.visit(a) for a in node.args]
        return node


def _compile_function(rule_id: str, lets: dict, tree: ast.Compare, tables, rule_tables, rounds) -> tuple:
    """One plain function per rule, compiled once from its checked tree:
    def _rule(_t, _c, _r): <lets>; return {lets}, <lhs>, <rhs>; with the scope it reads and its
    lowered trees (lets, lhs, rhs: rulebatch.py makes them a function of every place at once)."""
    import copy

    def lower(node):
        return _Lower(set(lets), tables, rule_tables, rounds).visit(copy.deepcopy(node))

    body = [ast.Assign([ast.Name(name, ast.Store())], lower(expr)) for name, expr in lets.items()]
    lowered = (tuple(copy.deepcopy(body)), lower(tree.left), lower(tree.comparators[0]))  # for rulebatch.py
    found = ast.Dict([ast.Constant(n) for n in lets], [ast.Name(n, ast.Load()) for n in lets])
    body.append(ast.Return(ast.Tuple([found, lower(tree.left), lower(tree.comparators[0])], ast.Load())))
    args = ast.arguments(posonlyargs=[], args=[ast.arg(a) for a in ("_t", "_c", "_r")], kwonlyargs=[],
                         kw_defaults=[], defaults=[])
    function = ast.FunctionDef("_rule", args, body, [], None)
    module = ast.fix_missing_locations(ast.Module([function], []))
    scope = {"__builtins__": {}, "abs": abs, "min": min, "max": max}
    exec(compile(module, f"<rule {rule_id}>", "exec"), scope)  # noqa: S102 - built from a checked tree
    return scope["_rule"], scope, lowered


def _ref_of(node, rounds=()) -> Ref:
    if isinstance(node, ast.Name):
        return Ref("", node.id, "")
    if isinstance(node, ast.Attribute):
        return Ref(node.value.id, node.attr, "")
    if isinstance(node, ast.Subscript):
        inner = _ref_of(node.value, rounds)
        rnd, category = subscript(node, rounds)
        return Ref(inner.table, inner.metric, rnd, category=category)
    raise _Skip
