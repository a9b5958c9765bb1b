"""Ledger sets: the 台账 every unit keeps (领导点评全程记实台账, 公开承诺台账), as data.

A ledger set (``ledgersets/*.toml``) gives each ledger's title and columns: the printed
label, what a cell holds (text, a date, one of a list, a number), whether it must be filled,
and for a list whether other values are allowed. A new year or county adds a column by
editing the file.
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from dataclasses import dataclass, field, replace

from ..text import normalise
from . import ledgerrules
from .files import SpecError, built_once, read_spec_file
from .ledgerrules import Frequency, Level, Secretary
from .schema import read_definition

DEFAULT_LEDGER_SET = "hunan-2011"
KINDS = ("text", "date", "choice", "number")
CATEGORIES = "categories"  # choices = "categories": the 类别 of the table set's tables


@dataclass(frozen=True)
class Column:
    label: str
    kind: str = "text"
    required: bool = False
    choices: tuple[str, ...] = ()
    open: bool = False  # other values allowed (a note)
    from_categories: bool = False
    aliases: tuple[str, ...] = ()  # other headings units give this column (类别 for 附件类别 …)
    contains: bool = False  # a value containing an option is that option (the longest it contains)

    @property
    def headings(self) -> tuple[str, ...]:
        """Every heading that names this column: its label first, then its aliases."""
        return (self.label, *self.aliases)

    def values(self, ts) -> tuple[str, ...]:
        """A list column's values: its own, or the 类别 of every table of ``ts`` (附件1–3)."""
        return ts.all_categories if self.from_categories else self.choices

    def options(self, ts) -> dict[str, str]:
        """A list column's values in their comparable form -> as printed, longest first (the
        order ``option`` tries them in)."""
        return {normalise(v): v for v in sorted(self.values(ts), key=lambda v: -len(normalise(v)))}

    def option(self, text: str, options: dict[str, str]) -> str | None:
        """The option ``text`` (comparable form) stands for: the option itself, or with ``contains``
        the longest option it contains (山坪村党支部书记 -> 支部书记); None when none."""
        if text in options:
            return options[text]
        if self.contains:
            return next((v for k, v in options.items() if k and k in text), None)
        return None


@dataclass(frozen=True)
class CountRule:
    """Ledger rows of these 对象类别 are counted (distinct persons) into one table row."""

    kinds: tuple[str, ...]
    table: str
    metric: str


@dataclass(frozen=True)
class Counts:
    person: str
    category: str
    date: str
    kind: str
    by_kind: tuple[CountRule, ...]
    above: str = "error"  # a table figure above the ledger: "error" (sent back) or "warning"
    way: str = ""  # the column of the way of appraisal (点评记实情况)
    follow_up: tuple[str, ...] = ()  # columns a record should have filled (整改措施, 落实情况)

    def named(self) -> list[str]:
        """The column labels this block names."""
        return [self.person, self.category, self.date, self.kind, *([self.way] if self.way else []), *self.follow_up]


@dataclass(frozen=True)
class Status:
    column: str
    done: str
    deadline: str
    fulfilled: str
    subject: str
    item: str
    total_words: tuple[str, ...]
    by: tuple[str, ...] = ()  # list columns the commitments are counted by (公开承诺情况)
    start: str = ""  # the column of the day the commitment was made ("" when the ledger has none)
    word: str = ""  # what keeping a commitment is called (兑现, 践诺): 兑现率, 逾期未兑现

    @property
    def verb(self) -> str:
        """What keeping a commitment is called: as written, else ``done`` without its 已
        (已践诺 -> 践诺)."""
        return self.word or self.done.removeprefix("已") or self.done

    def named(self) -> list[str]:
        """The column labels this block names."""
        return [self.column, self.deadline, self.fulfilled, self.subject, self.item, *self.by,
                *([self.start] if self.start else [])]


@dataclass(frozen=True)
class Ledger:
    key: str
    title: str
    columns: tuple[Column, ...]
    counts: Counts | None = None
    status: Status | None = None
    level: Level | None = None  # who may appraise whom (seeds 000, 004)
    frequency: Frequency | None = None  # at least one appraisal every quarter or half-year
    secretary: Secretary | None = None  # 每名书记都要点评
    summary: str = ""  # the summary's sheet of what it counts, as written (else from the title)

    @property
    def summary_sheet(self) -> str:
        """The summary workbook's sheet of this ledger's counts: as the ledger set names it, else
        its title with 情况 for 台账 (某某承诺台账 -> 某某承诺情况)."""
        if self.summary:
            return self.summary[:31]
        return (self.title.removesuffix("台账") + "情况")[:31]

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(c.label for c in self.columns)


@dataclass(frozen=True)
class LedgerSet:
    id: str
    name: str
    rows: int
    note: str
    ledgers: tuple[Ledger, ...]
    published: dt.date | None = None
    source: str = ""
    text: str = field(default="", repr=False, compare=False)

    def __reduce__(self):
        return (_rebuild, (self.text, self.source))

    def ledger(self, key: str) -> Ledger:
        return next(x for x in self.ledgers if x.key == key)

    @cached_property
    def heading_labels(self) -> dict[str, dict[str, str]]:
        """Ledger key -> {a heading in its comparable form: the column's label}."""
        return {ledger.key: {normalise(h): c.label for c in ledger.columns for h in c.headings}
                for ledger in self.ledgers}

    @cached_property
    def all_headings(self) -> frozenset[str]:
        """Every ledger's headings, in their comparable form."""
        return frozenset(h for labels in self.heading_labels.values() for h in labels)


_LOADED: dict[str, LedgerSet] = {}


def load_ledger_set(name_or_path: str = DEFAULT_LEDGER_SET) -> LedgerSet:
    """Load a ledger set by its id (a file shipped in ledgersets/) or a path; SpecError if bad."""
    text, source = read_spec_file("ledgersets", name_or_path, "台账定义")
    return _rebuild(text, source)


def _rebuild(text: str, source: str) -> LedgerSet:
    return built_once(_LOADED, text, source, _build)


def _column(c: dict) -> Column:
    kind = c.get("kind", "text")
    if kind not in KINDS:
        raise ValueError(f"列“{c.get('label')}”的 kind 应为 {'、'.join(KINDS)} 之一,而不是 {kind!r}")
    choices = c.get("choices", ())
    from_categories = choices == CATEGORIES
    if kind == "choice" and not choices:
        raise ValueError(f"列“{c['label']}”是 choice,要写 choices")
    contains = c.get("contains", False)
    if contains not in (True, False) or (contains and kind != "choice"):
        raise ValueError(f"列“{c['label']}”的 contains 只用于 choice 列,应为 true 或 false")
    return Column(c["label"], kind, bool(c.get("required", False)),
                  () if from_categories else tuple(choices), bool(c.get("open", False)), from_categories,
                  tuple(c.get("aliases", ())), contains)


def _ledger(x: dict) -> Ledger:
    counts = x.get("counts")
    if counts is not None:
        rules = tuple(CountRule(tuple(r["kinds"]), r["table"], r["metric"]) for r in counts["by_kind"])
        above = counts.get("above", "error")
        if above not in ("error", "warning"):
            raise ValueError(f"counts.above 应为 error 或 warning,而不是 {above!r}")
        counts = Counts(counts["person"], counts["category"], counts["date"], counts["kind"], rules, above,
                        counts.get("way", ""), tuple(counts.get("follow_up", ())))
    status = x.get("status")
    if status is not None:
        status = Status(status["column"], status["done"], status["deadline"], status["fulfilled"],
                        status["subject"], status["item"], tuple(status.get("total_words", ())),
                        tuple(status.get("by", ())), status.get("start", ""), status.get("word", ""))
    ledger = Ledger(x["key"], x["title"], tuple(_column(c) for c in x["columns"]), counts, status,
                    summary=x.get("summary", ""))
    named = [name for part in (counts, status) if part is not None for name in part.named()]
    named += [x[block]["post"] for block in ("level", "secretary") if block in x]
    unknown = [n for n in named if n not in ledger.labels]
    if unknown:
        raise ValueError(f"“{ledger.title}”中没有列 {'、'.join(unknown)}")
    return _with_rules(ledger, x)


def _with_rules(ledger: Ledger, x: dict) -> Ledger:
    """The notices' rules of appraisal (level, frequency, secretary), where written: each reads
    the counted columns (counts), so it needs them."""
    written = [block for block in ("level", "frequency", "secretary") if block in x]
    if not written:
        return ledger
    if ledger.counts is None:
        raise ValueError(f"“{ledger.title}”的 {'、'.join(written)} 要与 counts 一起写(用其中的对象类别、日期列)")
    kind = next(c for c in ledger.columns if c.label == ledger.counts.kind)
    return replace(ledger,
                   level=ledgerrules.level(x["level"], ledger.columns, kind.choices) if "level" in x else None,
                   frequency=ledgerrules.frequency(x["frequency"]) if "frequency" in x else None,
                   secretary=ledgerrules.secretary(x["secretary"], ledger.columns) if "secretary" in x else None)


def _build(text: str, source: str) -> LedgerSet:
    d = read_definition("ledgerset", text, source)
    try:
        ledgers = tuple(_ledger(x) for x in d["ledgers"])
        result = LedgerSet(d["id"], d["name"], int(d.get("rows", 300)), d.get("note", ""), ledgers,
                           d.get("published"), source, text)
    except (KeyError, TypeError, ValueError) as exc:
        raise SpecError(f"台账定义 {source} 有误:{exc}") from exc
    for ledger in result.ledgers:
        headings = [normalise(h) for c in ledger.columns for h in c.headings]
        if len(set(headings)) != len(headings):
            twice = sorted({h for h in headings if headings.count(h) > 1})
            raise SpecError(f"台账定义 {source}:“{ledger.title}”的列名或别名重复:{'、'.join(twice)}")
    return result
