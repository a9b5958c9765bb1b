"""Table definitions, loaded from data files in ``tablesets/``.

A table set describes the official tables of one year and one jurisdiction:
titles, category blocks, row labels, rounds, notes and rules. Nothing in the
code names a category or a row; every label comes from here.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import NamedTuple

from .rules import Rule, RuleError, compile_rule

DEFAULT_TABLE_SET = "hunan-2011"


class TableSetError(ValueError):
    """A table set file is missing or malformed."""


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
    key: str  # "附件1"
    title: str
    short: str
    blocks: tuple[tuple[str, ...], ...]
    rows: tuple[Row, ...]
    notes: tuple[str, ...]
    aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)

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
    unit_types: tuple[str, ...] = ()
    source: str = ""

    def table(self, key: str) -> Table:
        for t in self.tables:
            if t.key == key:
                return t
        raise KeyError(key)

    @cached_property
    def keys(self) -> list[Key]:
        return [k for t in self.tables for k in t.keys()]

    def round_half(self, label: str) -> str:
        return next(r.half for r in self.rounds if r.label == label)

    @property
    def tables_by_key(self) -> dict[str, Table]:
        return {t.key: t for t in self.tables}

    def due_rounds(self, half: str) -> tuple[str, ...]:
        """The rounds filled by the end of a half-year: H1 -> 第一次; H2 -> both."""
        return tuple(r.label for r in self.rounds if r.half <= half)


def available(folder: str) -> list[str]:
    """The data files shipped in a folder of the package (tablesets, evalsets), by id."""
    root = resources.files("dianping_xlsx") / folder
    return sorted(p.name[:-5] for p in root.iterdir() if p.name.endswith(".toml"))


def read_data_file(folder: str, name_or_path: str, what: str) -> tuple[str, str]:
    """The text and location of a data file: a .toml path, or an id shipped in ``folder``."""
    path = Path(name_or_path)
    if path.suffix == ".toml" and path.exists():
        return path.read_text(encoding="utf-8"), str(path)
    res = resources.files("dianping_xlsx") / folder / f"{name_or_path}.toml"
    if not res.is_file():
        raise TableSetError(f"找不到{what} {name_or_path!r}(可用:{'、'.join(available(folder))})")
    return res.read_text(encoding="utf-8"), str(res)


def load_table_set(name_or_path: str = DEFAULT_TABLE_SET) -> TableSet:
    """Load a table set by its id (a file shipped in the package) or a path."""
    text, source = read_data_file("tablesets", name_or_path, "表格定义")
    try:
        data = tomllib.loads(text)
        return _build(data, source)
    except RuleError as exc:
        raise TableSetError(f"表格定义文件 {source} 的审核规则有误:{exc}") from exc
    except (tomllib.TOMLDecodeError, KeyError, TypeError, ValueError) as exc:
        raise TableSetError(f"表格定义文件 {source} 有误:{exc}") from exc


def _build(data: dict, source: str) -> TableSet:
    rounds = tuple(Round(r["label"], r["half"]) for r in data["rounds"])
    round_labels = tuple(r.label for r in rounds)
    for r in rounds:
        if r.half not in ("H1", "H2"):
            raise ValueError(f"round {r.label}: half must be H1 or H2")
    tables = []
    for t in data["tables"]:
        rows = tuple(
            Row(
                metric=r["metric"],
                rounds=round_labels if r.get("rounds") else (),
                base=bool(r.get("base")),
                rate=r.get("rate", ""),
            )
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
        tables.append(
            Table(
                key=t["key"],
                title=t["title"],
                short=t.get("short", t["key"]),
                blocks=blocks,
                rows=rows,
                notes=tuple(t.get("notes", ())),
                aliases=aliases,
            )
        )
    by_key = {t.key: t for t in tables}
    rules = []
    for raw in data.get("rules", []):
        rule = compile_rule(raw, by_key, round_labels)
        if rule.id in {r.id for r in rules}:
            raise RuleError(f"规则 {rule.id} 重复定义")
        rules.append(rule)
    return TableSet(
        id=data["id"],
        name=data["name"],
        unit_label=data["unit_label"],
        date_label=data["date_label"],
        header_label=data["header_label"],
        rounds=rounds,
        tables=tuple(tables),
        rules=tuple(rules),
        published=data["published"],
        unit_types=tuple(data.get("unit_types", ())),
        source=source,
    )
