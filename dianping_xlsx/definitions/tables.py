"""Table sets: the official statistics tables of one year and jurisdiction, as data.

A table set (``tablesets/*.toml``) describes titles, category blocks, row labels,
rounds, notes, rules, the header lines, how tables are marked and named in messages,
how unit names are compared with the roster, and the instructions printed in the
template. Nothing in the code names a category or a row; every label comes from here.
"""

from __future__ import annotations

import ast
import datetime as dt
import re
import string
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

from ..problems import NO_POLICY, Policy
from ..text import MAX_COUNT
from .files import SpecError, built_once, fingerprint, read_spec_file
from .rules import Rule, RuleError, compile_rule
from .schema import at_line, lines_of_value, read_definition
from .schema import located as _located

DEFAULT_TABLE_SET = "hunan-2011"
# What the template's instruction lines may name; the line "{rules}" lists the error rules.
INSTRUCTION_FIELDS = {"tables", "count", "unit_label", "date_label", "rounds", "first_round",
                      "last_round", "rules", "year", "due"}
YEAR = "{year}"  # in a title, a note or an instruction: the period's year (2012年), not the file's
# A category printed under one of these names is its table's own total (the summary's 合计 row)
TOTAL_WORDS = ("合计", "总计")
# The most a single unit can count in one value cell, unless the table set says otherwise (``most``:
# of the set, a table or a row); a lower office's summary is never held to it
UNIT_MOST = 100_000
# A value of a unit more than this many times the median of the other units' (non-zero, same
# cell) and at least the floor is a warning at merge (``outlier_ratio``, ``outlier_floor``)
OUTLIER_RATIO, OUTLIER_FLOOR = 50, 1000


class Key(NamedTuple):
    """One input value: table, category, metric and round ("" when none)."""

    table: str
    category: str
    metric: str
    round: str

    def label(self) -> str:
        suffix = f"({self.round})" if self.round else ""
        return f"{self.table}“{self.category}”的{self.metric}{suffix}"


@dataclass(frozen=True)
class Round:
    label: str
    half: str  # "H1" or "H2"


@dataclass(frozen=True)
class Row:
    """One printed row (or pair of rows, when it has rounds) of a table."""

    metric: str
    rounds: tuple[str, ...]  # () when the row has no rounds
    base: bool = False  # the denominator of coverage rates
    rate: str = ""  # the name of this row's coverage rate
    of: str = ""  # the base row its rate divides by ("" = the table's first base row)
    most: int = UNIT_MOST  # the most one unit can count here (a larger value is an error)


class Sum(NamedTuple):
    """One [[tables.sums]]: a category (or row) that is the sum of others, or at least their sum."""

    total: str
    parts: tuple[str, ...]
    severity: str = "error"
    at_least: bool = False  # the total includes more than its parts (合计 含其他): total >= their sum

    def said(self) -> str:
        """The relation as the clerk reads it: 小计 = 甲 + 乙, 合计 ≥ 小计(还含其他)."""
        return f"{self.total} {'≥' if self.at_least else '='} {' + '.join(self.parts)}" + \
            ("(还含其他)" if self.at_least else "")


@dataclass(frozen=True)
class Table:
    key: str  # the 附件N marker printed above the table
    title: str
    short: str
    blocks: tuple[tuple[str, ...], ...]
    rows: tuple[Row, ...]
    notes: tuple[str, ...]
    aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # True when the same person may stand in several blocks: blocks are never added together.
    separate_blocks: bool = False
    block_names: tuple[str, ...] = ()  # how the summary names each block's 合计
    header: str = ""  # the top-left heading of its header rows ("" = the table set's header_label)
    sums: tuple[Sum, ...] = ()  # totals of categories or of rows
    # a two-level header: per block, (group label, how many categories it spans) in order
    groups: tuple[tuple[tuple[str, int], ...], ...] = ()

    @property
    def categories(self) -> tuple[str, ...]:
        return tuple(c for block in self.blocks for c in block)

    @property
    def base_row(self) -> Row:
        """The first base row (the denominator of rates that name none)."""
        return next(r for r in self.rows if r.base)

    @property
    def base_rows(self) -> tuple[Row, ...]:
        return tuple(r for r in self.rows if r.base)

    def base_of(self, row: Row) -> Row:
        """The base row a row's rate divides by."""
        return self.row(row.of) if row.of else self.base_row

    def keys(self) -> list[Key]:
        """Every input value of the table, in print order."""
        out = []
        for category in self.categories:
            for row in self.rows:
                for rnd in row.rounds or ("",):
                    out.append(Key(self.key, category, row.metric, rnd))
        return out

    def row(self, metric: str) -> Row:
        return next(r for r in self.rows if r.metric == metric)

    def addends(self, categories: tuple[str, ...]) -> tuple[str, ...]:
        """The categories a total over ``categories`` adds, so that no unit is counted twice: their
        own total alone where one of them is it (``own_total``); else each subtotal ([[tables.sums]]:
        a category that is the sum of others) left out where its parts are there too, and what a
        total that includes more than its parts (at_least) already holds left out beside it."""
        own = self.own_total(categories)
        if own:
            return (own,)
        among, left_out = set(categories), set()
        for s in self._category_sums:
            if s.total in among and s.at_least:
                left_out |= self.included(s.total)
            elif s.total in among and among.issuperset(s.parts):
                left_out.add(s.total)
        return tuple(c for c in categories if c not in left_out)

    def own_total(self, categories: tuple[str, ...]) -> str:
        """The category among ``categories`` that is itself their total: one printed as a total
        (合计, 总计), or one said to hold more than its parts (at_least) that holds every other;
        "" when none is."""
        named = [c for c in categories if re.sub(r"\s", "", c) in TOTAL_WORDS]
        if named:
            return named[-1]
        wider = {s.total for s in self._category_sums if s.at_least}
        return next((c for c in categories if c in wider and self.included(c) >= set(categories) - {c}), "")

    def included(self, category: str) -> set[str]:
        """The categories a category's value holds by its sums: their parts, theirs, and so on."""
        out: set[str] = set()
        todo = [category]
        while todo:
            current = todo.pop()
            for s in self._category_sums:
                if s.total == current:
                    new = [p for p in s.parts if p not in out and p != category]
                    out.update(new)
                    todo += new
        return out

    @property
    def _category_sums(self) -> tuple[Sum, ...]:
        return tuple(s for s in self.sums if s.total in self.categories)


@dataclass(frozen=True)
class NameRules:
    """How unit names are compared with the roster: the parts a loose match ignores."""

    prefixes: tuple[str, ...] = ()
    county: str = ""  # a regex for a leading place name (县 …), removed when it leaves a name
    suffixes: tuple[str, ...] = ()
    equivalents: tuple[tuple[str, str], ...] = ()  # (written, same as) e.g. 委员会 -> 党委
    # Naming a file without 填报单位: the words of documents (titles, 台账, 更正 …) taken out of
    # its title row or file name leave the unit's name (平口镇党委-公开承诺台账.xlsx -> 平口镇党委)
    document_words: tuple[str, ...] = ()
    title_words: tuple[str, ...] = ()  # a text in a sheet's first rows holding one of these is a title
    place: str = ""  # a regex for the place part of an office's name (某某县), compared at the level above


@dataclass(frozen=True)
class TableSet:
    id: str
    name_text: str  # the set's name as written, ``{year}`` and all: see ``name`` and ``title``
    unit_label: str
    date_label: str
    header_label: str
    rounds: tuple[Round, ...]
    tables: tuple[Table, ...]
    rules: tuple[Rule, ...]
    published: dt.date
    marker_pattern: str  # the 附件N line above a table; group 1 is its number
    stop_labels: tuple[str, ...]  # a row label starting with one of these ends a table
    all_tables: str  # how messages name the whole set of tables
    previous_change: float  # a total moved by more than this share since the last period: warning
    names: NameRules
    instructions: tuple[str, ...]
    policy: Policy = NO_POLICY  # problem kinds this table set silences or makes errors
    unit_types: tuple[str, ...] = ()
    office_types: tuple[str, ...] = ()  # roster kinds of lower offices (a city's counties): their files are summaries
    file_name: str = "统计表"  # the template's file name: <file_name>_<unit>.xlsx
    called: str = "统计表"  # how sentences (mails, the desk) call the whole set: 催报 … 的{called}
    subject: str = "统计表"  # the template's subject property
    source: str = ""
    text: str = field(default="", repr=False, compare=False)  # the TOML it was built from
    outlier_ratio: float = OUTLIER_RATIO  # 0: no outlier warnings
    outlier_floor: int = OUTLIER_FLOOR

    def __reduce__(self):
        # Compiled rules hold code objects: rebuild from the text (checked once already).
        return (_rebuild, (self.text, self.source))

    @cached_property
    def fingerprint(self) -> str:
        """Identifies the table set across processes (compact values refer to it)."""
        return fingerprint(self.text)

    @cached_property
    def marker(self) -> re.Pattern:
        return re.compile(self.marker_pattern)

    def doubts(self) -> list[str]:
        """What in these tables is read a way the writer should confirm (a rate that may pass 100%), in Chinese."""
        from .ratecheck import rate_doubts

        return rate_doubts(self)

    def table(self, key: str) -> Table:
        for t in self.tables:
            if t.key == key:
                return t
        raise KeyError(key)

    @cached_property
    def keys(self) -> list[Key]:
        return [k for t in self.tables for k in t.keys()]

    @cached_property
    def key_index(self) -> dict[Key, int]:
        return {k: i for i, k in enumerate(self.keys)}

    @cached_property
    def ceilings(self) -> dict[Key, int]:
        """The most one unit can count in each value cell (its row's ``most``)."""
        return {k: t.row(k.metric).most for t in self.tables for k in t.keys()}

    @cached_property
    def lowest_ceiling(self) -> int:
        return min(self.ceilings.values(), default=UNIT_MOST)

    def round_half(self, label: str) -> str:
        return next(r.half for r in self.rounds if r.label == label)

    def round_on(self, day: dt.date) -> str:
        """The round an appraisal made on ``day`` counts in (by its half-year)."""
        half = "H1" if day.month <= 6 else "H2"
        return next((r.label for r in self.rounds if r.half == half), "")

    @cached_property
    def all_categories(self) -> tuple[str, ...]:
        """Every table's 类别, each once, in order."""
        return tuple(dict.fromkeys(c for t in self.tables for c in t.categories))

    @property
    def tables_by_key(self) -> dict[str, Table]:
        return {t.key: t for t in self.tables}

    def title(self, year: int | None = None) -> str:
        """The set's name, the year of the period written in (else the year it was published)."""
        return with_year(self.name_text, year or self.published.year)

    @property
    def name(self) -> str:
        """The set's name with the year it was published (``title(year)`` for a period's)."""
        return self.title()

    def due_rounds(self, half: str) -> tuple[str, ...]:
        """The rounds filled by the end of a half-year: H1 -> the first; H2 -> both."""
        return tuple(r.label for r in self.rounds if r.half <= half)


_LOADED: dict[str, TableSet] = {}  # fingerprint -> table set, for compact values


def by_fingerprint(fingerprint: str) -> TableSet:
    return _LOADED[fingerprint]


def register(ts: TableSet) -> None:
    """Make a table set findable by its fingerprint (compact values refer to it)."""
    _LOADED.setdefault(ts.fingerprint, ts)


def with_year(text: str, year: int) -> str:
    """A title, note or instruction with ``{year}`` written as the period's year."""
    return text.replace(YEAR, str(year))


def table_set_from_text(text: str, source: str = "<内存>") -> TableSet:
    """A table set from TOML text (a file not on disk, or one edited in memory); SpecError if bad."""
    return _rebuild(text, source)


def load_table_set(name_or_path: str = DEFAULT_TABLE_SET) -> TableSet:
    """Load a table set by its id (a file shipped in the package) or a path; SpecError if bad."""
    text, source = read_spec_file("tablesets", name_or_path, "表格定义")
    return _rebuild(text, source)


def _rebuild(text: str, source: str) -> TableSet:
    return built_once(_LOADED, text, source, _parse)


def _parse(text: str, source: str) -> TableSet:
    data = read_definition("tableset", text, source)
    try:
        return _build(data, source, text)
    except KeyError as exc:
        raise SpecError(f"表格定义文件 {source} 有误:缺少 {exc.args[0]}") from exc
    except RuleError as exc:
        at = at_line(text, *exc.at)
        raise SpecError(f"表格定义文件 {source} {at + ',' if at else '的'}审核规则有误:{exc}") from exc
    except re.error as exc:
        raise SpecError(f"表格定义文件 {source} {at_line(text, 'marker_pattern')}:marker_pattern = "
                        f"\"{data.get('marker_pattern')}\" 不是正确的正则表达式({_regex_words(exc)})") from exc
    except (TypeError, ValueError) as exc:
        at = at_line(text, *getattr(exc, "at", ("", "")))
        raise SpecError(f"表格定义文件 {source} {at + ':' if at else '有误:'}{exc}") from exc


_REGEX_WORDS = (("unterminated character set", "“[”没有对应的“]”"),
                ("missing ), unterminated subpattern", "“(”没有对应的“)”"),
                ("unbalanced parenthesis", "多了一个“)”"),
                ("nothing to repeat", "* + ? 前面没有可重复的内容"),
                ("bad escape", "反斜杠 \\ 后面的字母不认识"))


def _regex_words(exc: re.error) -> str:
    """Why a regular expression is wrong, in Chinese, with the character it happened at."""
    said = next((words for english, words in _REGEX_WORDS if str(exc.msg).startswith(english)), "写法有误")
    return f"{said},在第 {exc.pos + 1} 个字符处" if exc.pos is not None else said


def _build(data: dict, source: str, text: str) -> TableSet:
    rounds = tuple(Round(r["label"], r["half"]) for r in data.get("rounds", []))
    for r in rounds:
        if r.half not in ("H1", "H2"):
            raise ValueError(f"轮次“{r.label}”的 half 应为 H1 或 H2,而不是 {r.half!r}")
    round_labels = tuple(r.label for r in rounds)
    most = _most(data, UNIT_MOST, "文件开头")
    tables = tuple(_table_at(t, round_labels, most) for t in data["tables"])
    by_key = {t.key: t for t in tables}
    if len(by_key) < len(tables):
        twice = next(t.key for t in tables if sum(u.key == t.key for u in tables) > 1)
        lines = "、".join(map(str, lines_of_value(text, "key", f'"{twice}"')))
        raise _located(f"有两张表的 key 都是“{twice}”{f'(第 {lines} 行)' if lines else ''}:每张表的 key 要不同"
                       f"(如 附表一、附表二)", "key", f'"{twice}"')
    rules = []
    for raw in [*data.get("rules", []), *(r for t in tables for r in sum_rules(t))]:
        rule = compile_rule(raw, by_key, round_labels)
        if rule.id in {r.id for r in rules}:
            raise RuleError(f"规则 {rule.id} 重复定义")
        rules.append(rule)
    rules = _distinct_checks(rules)
    names = data.get("names", {})
    for line in data["instructions"]:
        unknown = {f for _, f, _, _ in string.Formatter().parse(line) if f} - INSTRUCTION_FIELDS
        if unknown:
            raise ValueError(f"instructions 中的 {{{'}、{'.join(sorted(unknown))}}} 不认识:{line!r}"
                             f"(可用 {'、'.join('{' + f + '}' for f in sorted(INSTRUCTION_FIELDS))})")
    marker = data["marker_pattern"]
    if re.compile(marker).groups < 1:
        raise ValueError("marker_pattern 要有一组圆括号,括住附件的编号,如 \"附件(\\\\d+)\"")
    return TableSet(
        id=data["id"], name_text=data["name"], unit_label=data["unit_label"],
        date_label=data["date_label"], header_label=data["header_label"], rounds=rounds,
        tables=tables, rules=tuple(rules), published=data["published"],
        marker_pattern=marker, stop_labels=tuple(data.get("stop_labels", ())),
        all_tables=data["all_tables"], previous_change=float(data["previous_change"]),
        names=NameRules(
            prefixes=tuple(names.get("prefixes", ())), county=names.get("county", ""),
            suffixes=tuple(names.get("suffixes", ())),
            equivalents=tuple(names.get("equivalents", {}).items()),
            document_words=tuple(names.get("document_words", ())),
            title_words=tuple(names.get("title_words", ())), place=names.get("place", ""),
        ),
        instructions=tuple(data["instructions"]),
        policy=Policy(frozenset(data.get("problems", {}).get("ignore", ())),
                      frozenset(data.get("problems", {}).get("raise", ()))),
        unit_types=tuple(data.get("unit_types", ())), office_types=tuple(data.get("office_types", ())),
        file_name=data.get("file_name", "统计表"),
        subject=data.get("subject", "统计表"), called=data.get("called", "统计表"), source=source, text=text,
        **_outliers(data),
    )


def _most(raw: dict, default: int, where: str) -> int:
    """The ``most`` written in a part of the file (the set, a table, a row), else ``default``."""
    most = raw.get("most", default)
    if type(most) is not int or not 0 < most <= MAX_COUNT:
        raise _located(f"{where} 的 most = {most!r} 应为 1 到 {MAX_COUNT} 之间的整数(一个单位一格最多填多少),"
                       f"不加引号,如 most = {UNIT_MOST}", "most", str(most))
    return most


def _outliers(data: dict) -> dict:
    """outlier_ratio and outlier_floor as written (checked), else their defaults."""
    ratio, floor = data.get("outlier_ratio", OUTLIER_RATIO), data.get("outlier_floor", OUTLIER_FLOOR)
    if type(ratio) not in (int, float) or not (ratio == 0 or ratio > 1):
        raise _located(f"outlier_ratio = {ratio!r} 应为大于 1 的数(如 50),或 0(不比较)", "outlier_ratio")
    if type(floor) is not int or floor < 0:
        raise _located(f"outlier_floor = {floor!r} 应为不小于 0 的整数(如 1000)", "outlier_floor")
    return {"outlier_ratio": float(ratio), "outlier_floor": floor}


def _table_at(t: dict, round_labels: tuple[str, ...], most: int = UNIT_MOST) -> Table:
    """_table, its error written at the table's key unless it knows a nearer line."""
    try:
        return _table(t, round_labels, most)
    except ValueError as exc:
        if not getattr(exc, "at", None):
            exc.at = ("key", f'"{t.get("key", "")}"')
        raise


def _table(t: dict, round_labels: tuple[str, ...], most: int = UNIT_MOST) -> Table:
    key = t["key"]
    if YEAR in t["title"]:  # printed as written (a template, the summary's sheets): the year is the name's
        raise _located(f"{key} 的 title = \"{t['title']}\" 中不能写 {YEAR}:表格标题原样印在表上。年份随期次写在"
                       f"文件开头的 name 中(如 name = \"{YEAR}年…统计表\"),title 去掉年份,写成"
                       f"“{t['title'].replace(YEAR + '年', '').replace(YEAR, '')}”", "title", t["title"])
    most = _most(t, most, key)
    rows = tuple(
        Row(metric=r["metric"], rounds=round_labels if r.get("rounds") else (),
            base=bool(r.get("base")), rate=r.get("rate", ""), of=r.get("of", ""),
            most=_most(r, most, f"{key}“{r['metric']}”"))
        for r in t["rows"]
    )
    metrics = [r.metric for r in rows]
    if len(set(metrics)) != len(metrics):
        raise ValueError(f"{key}:有两行的名称相同")
    if not any(r.base for r in rows):
        raise ValueError(f"{key}:至少要有一行写 base = true(总数行,覆盖率的分母)")
    for r in rows:
        if r.of and r.of not in {b.metric for b in rows if b.base}:
            raise ValueError(f"{key} 的“{r.metric}”:of = \"{r.of}\" 不是这张表的总数行(base = true 的行)")
    blocks = tuple(tuple(b) for b in t["blocks"])
    if not blocks or not all(blocks):
        raise ValueError(f"{key}:blocks 中每块至少要有一个类别")
    cats = [c for b in blocks for c in b]
    if len(set(cats)) != len(cats):
        twice = next(c for c in cats if cats.count(c) > 1)
        raise _located(f"{key}:类别“{twice}”在 blocks 中写了两次", "blocks", twice)
    aliases = {k: tuple(v) for k, v in t.get("aliases", {}).items()}
    for k in aliases:
        if k not in cats:
            raise ValueError(f"{key}:aliases 中的“{k}”不是这张表的类别")
    block_names = tuple(t.get("block_names", ()))
    separate = bool(t.get("separate_blocks", False))
    if (block_names or separate) and len(block_names) != len(blocks):
        raise ValueError(f"{key}:block_names 要为每一块起名(有 {len(blocks)} 块)")
    return Table(key=key, title=t["title"], short=t.get("short", key), blocks=blocks,
                 rows=rows, notes=tuple(t.get("notes", ())), aliases=aliases,
                 separate_blocks=separate, block_names=block_names, header=t.get("header", ""),
                 sums=_sums(key, t.get("sums", []), cats, metrics), groups=_groups(key, t.get("groups", []), blocks))


def _groups(key: str, raw: list, blocks) -> tuple:
    """Two-level headers: per block, (label, span) pairs covering its categories exactly."""
    if not raw:
        return ()
    if len(raw) != len(blocks):
        raise ValueError(f"{key}:groups 要为每一块写一组(有 {len(blocks)} 块)")
    out = []
    for n, (groups, block) in enumerate(zip(raw, blocks), start=1):
        pairs = tuple((str(label), int(span)) for label, span in groups)
        if sum(span for _, span in pairs) != len(block) or any(span < 1 for _, span in pairs):
            raise ValueError(f"{key}:第 {n} 块的 groups 跨的列数之和应为 {len(block)}(这一块的类别数)")
        out.append(pairs)
    return tuple(out)


def _sums(key: str, raw: list, cats: list[str], metrics: list[str]) -> tuple:
    out = []
    for n, item in enumerate(raw, start=1):
        total, parts = item["total"], tuple(item["parts"])
        where = f"{key} 的 sums 第 {n} 项"
        names = cats if total in cats else metrics if total in metrics else None
        if names is None:
            raise _located(f"{where}:total = \"{total}\" 既不是这张表的类别,也不是它的行。类别有 {'、'.join(cats)};"
                           f"行有 {'、'.join(metrics)}。{_close(total, cats + metrics)}", "total", f'"{total}"')
        what, other = ("类别", "行") if names is cats else ("行", "类别")
        if not parts:
            raise _located(f"{where}:parts 是空的,要写出“{total}”是哪几个{what}之和", "parts")
        for x in parts:
            if x == total:
                raise _located(f"{where}:parts 中的“{x}”就是 total 自己,“{total}”不能是它自己的一部分", "parts", f'"{x}"')
            if x not in names:
                hint = (f"“{x}”是这张表的{other},而“{total}”是{what}:一项之和只能由同一种组成。"
                        if x in cats + metrics else _close(x, names))
                raise _located(f"{where}:parts 中的“{x}”不是这张表的{what}。{what}有 {'、'.join(names)}。{hint}",
                               "parts", f'"{x}"')
        at_least = item.get("at_least", False)
        if not isinstance(at_least, bool):
            written = f'"{at_least}"' if isinstance(at_least, str) else at_least
            raise _located(f"{where}:at_least = {written} 只能写 true 或 false(不加引号):true 表示“{total}”"
                           f"除{'、'.join(parts)}外还含其他,不小于它们之和", "at_least")
        out.append(Sum(total, parts, item.get("severity", "error"), at_least))
    return tuple(out)


def _close(label: str, names: list[str]) -> str:
    """"是不是“…”?" naming the label closest to a misspelled one, or ""."""
    import difflib

    close = difflib.get_close_matches(label, names, n=1, cutoff=0.5)
    return f"是不是“{close[0]}”?" if close else ""


def _distinct_checks(rules: list[Rule]) -> list[Rule]:
    """The first of rules that check the same thing (the same tables, check, lets and categories):
    a second would report each problem it finds twice at the same cell."""
    seen, out = set(), []
    for rule in rules:
        same = (rule.tables, ast.dump(rule.tree), tuple((k, ast.dump(v)) for k, v in sorted(rule.lets.items())),
                rule.block, rule.categories)
        if same not in seen:
            seen.add(same)
            out.append(rule)
    return out


def sum_rules(table: Table) -> list[dict]:
    """The rules a table's sums state (小计 = its parts; 合计 >= them when it holds more), written
    as any rule is: a total that is a row is checked in every category; one that is a category, in
    every row."""
    out = []
    for total, parts, severity, at_least in table.sums:
        words = "、".join(parts)
        base = {"severity": severity, "code": "rule.failed", "tables": [table.key],
                "title": f"“{total}”{'不小于' if at_least else '等于'}{words}之和"}
        relation, wrong = (">=", f"小于{words}之和 {{rhs}}(“{total}”除{words}外还含其他,应不小于它们之和)") \
            if at_least else ("==", f"不等于{words}之和 {{rhs}}")
        if total in table.categories:
            for row in table.rows:
                check = f"{row.metric}[{total}] {relation} " + " + ".join(f"{row.metric}[{p}]" for p in parts)
                message = f"{table.key}“{total}”的{row.metric}{{round_text}}为 {{lhs}},{wrong}。请核对后修改。"
                out.append({**base, "id": f"{table.key}-{total}-{row.metric}-sum", "check": check, "message": message})
        else:
            message = f"{table.key}“{{category}}”的{total}{{round_text}}为 {{lhs}},{wrong}。请核对后修改。"
            out.append({**base, "id": f"{table.key}-{total}-sum", "check": f"{total} {relation} " + " + ".join(parts),
                        "message": message})
    return out
