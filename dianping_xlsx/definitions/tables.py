"""Table sets: the official statistics tables of one year and jurisdiction, as data.

A table set (``tablesets/*.toml``) describes titles, category blocks, row labels,
rounds, notes, rules, the header lines, how tables are marked and named in messages,
how unit names are compared with the roster, and the instructions printed in the
template. Nothing in the code names a category or a row; every label comes from here.
"""

from __future__ import annotations

import datetime as dt
import re
import string
import tomllib
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

from ..problems import NO_POLICY, Policy
from .files import SpecError, built_once, fingerprint, read_spec_file
from .rules import Rule, RuleError, compile_rule

DEFAULT_TABLE_SET = "hunan-2011"
# What the template's instruction lines may name; the line "{rules}" lists the error rules.
INSTRUCTION_FIELDS = {"tables", "count", "unit_label", "date_label", "rounds", "first_round",
                      "last_round", "rules"}


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

    @property
    def categories(self) -> tuple[str, ...]:
        return tuple(c for block in self.blocks for c in block)

    @property
    def base_row(self) -> Row:
        return next(r for r in self.rows if r.base)

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
    name: str
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
    source: str = ""
    text: str = field(default="", repr=False, compare=False)  # the TOML it was built from

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

    def due_rounds(self, half: str) -> tuple[str, ...]:
        """The rounds filled by the end of a half-year: H1 -> the first; H2 -> both."""
        return tuple(r.label for r in self.rounds if r.half <= half)


_LOADED: dict[str, TableSet] = {}  # fingerprint -> table set, for compact values


def by_fingerprint(fingerprint: str) -> TableSet:
    return _LOADED[fingerprint]


def register(ts: TableSet) -> None:
    """Make a table set findable by its fingerprint (compact values refer to it)."""
    _LOADED.setdefault(ts.fingerprint, ts)


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
    try:
        return _build(tomllib.loads(text), source, text)
    except RuleError as exc:
        raise SpecError(f"表格定义文件 {source} 的审核规则有误:{exc}") from exc
    except (tomllib.TOMLDecodeError, KeyError, TypeError, ValueError, re.error) as exc:
        raise SpecError(f"表格定义文件 {source} 有误:{exc}") from exc


def _build(data: dict, source: str, text: str) -> TableSet:
    rounds = tuple(Round(r["label"], r["half"]) for r in data["rounds"])
    for r in rounds:
        if r.half not in ("H1", "H2"):
            raise ValueError(f"round {r.label}: half must be H1 or H2")
    round_labels = tuple(r.label for r in rounds)
    tables = tuple(_table(t, round_labels) for t in data["tables"])
    by_key = {t.key: t for t in tables}
    rules = []
    for raw in data.get("rules", []):
        rule = compile_rule(raw, by_key, round_labels)
        if rule.id in {r.id for r in rules}:
            raise RuleError(f"规则 {rule.id} 重复定义")
        rules.append(rule)
    names = data.get("names", {})
    for line in data["instructions"]:
        unknown = {f for _, f, _, _ in string.Formatter().parse(line) if f} - INSTRUCTION_FIELDS
        if unknown:
            raise ValueError(f"instructions: unknown placeholder {sorted(unknown)} in {line!r}")
    marker = data["marker_pattern"]
    if re.compile(marker).groups < 1:
        raise ValueError("marker_pattern must have a group for the table's number")
    return TableSet(
        id=data["id"], name=data["name"], unit_label=data["unit_label"],
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
        unit_types=tuple(data.get("unit_types", ())), source=source, text=text,
    )


def _table(t: dict, round_labels: tuple[str, ...]) -> Table:
    rows = tuple(
        Row(metric=r["metric"], rounds=round_labels if r.get("rounds") else (),
            base=bool(r.get("base")), rate=r.get("rate", ""))
        for r in t["rows"]
    )
    if sum(r.base for r in rows) != 1:
        raise ValueError(f"table {t['key']}: exactly one row must have base = true")
    blocks = tuple(tuple(b) for b in t["blocks"])
    cats = [c for b in blocks for c in b]
    if len(set(cats)) != len(cats):
        raise ValueError(f"table {t['key']}: a category is listed twice")
    aliases = {k: tuple(v) for k, v in t.get("aliases", {}).items()}
    for k in aliases:
        if k not in cats:
            raise ValueError(f"table {t['key']}: alias for unknown category {k}")
    block_names = tuple(t.get("block_names", ()))
    separate = bool(t.get("separate_blocks", False))
    if (block_names or separate) and len(block_names) != len(blocks):
        raise ValueError(f"table {t['key']}: block_names must name every block")
    return Table(key=t["key"], title=t["title"], short=t.get("short", t["key"]), blocks=blocks,
                 rows=rows, notes=tuple(t.get("notes", ())), aliases=aliases,
                 separate_blocks=separate, block_names=block_names)
