"""Counts and coverage rates of each table, by category and by kind of unit (the 分类汇总 and
按类型汇总 sheets); the exact sums they are made of."""

from __future__ import annotations

from dataclasses import dataclass
from operator import add
from os.path import commonprefix
from typing import TYPE_CHECKING, Iterable

from ..check.compact import MISSING, compact_data, in_order
from ..model import TOTAL, Submission
from ..definitions import Key, Table, TableSet
from ..definitions.ratecheck import over_whole_note

if TYPE_CHECKING:
    from .result import MergeResult

UNKNOWN_KIND = "未分类"


def sum_values(ts: TableSet, submissions: Iterable[Submission]) -> dict[Key, int]:
    """The exact sum of every value (Python integers: no overflow, no rounding). Compact values
    (check/compact.py) are summed a column at a time, a block of units at once (zip and sum in C;
    a missing value, -1 there, counted back to 0); any other one by one."""
    totals = [0] * len(ts.keys)
    block: list = []
    for sub in submissions:
        data = compact_data(sub.values, ts.keys)
        if data is None:
            totals = list(map(add, totals, in_order(sub.values, ts.keys)))
            continue
        block.append(data)
        if len(block) == _BLOCK:
            totals = _added(totals, block)
    return dict(zip(ts.keys, _added(totals, block) if block else totals))


_BLOCK = 512  # units summed at once: their columns, transposed, hold 512 numbers each


def _added(totals: list[int], block: list) -> list[int]:
    """``totals`` plus a block of units' compact values, column by column; the block emptied."""
    sums = [sum(column) + column.count(MISSING) for column in zip(*block)]
    block.clear()
    return list(map(add, totals, sums))


@dataclass
class RateRow:
    label: str
    cells: list[int | float | None]  # a count, a rate, or None for a rate without a base ("—")
    total: bool = False


@dataclass
class RateSheet:
    """Counts and coverage rates of one table, one row per category (or kind of unit)."""

    table: Table
    title: str
    first: str  # the heading of the label column
    headings: list[str]
    kinds: list[str]  # per column: "n" (a count) or "rate"
    rows: list[RateRow]

    @property
    def word(self) -> str:
        return rate_word(self.table)


COVERAGE = "覆盖率"  # the rate of those covered: a count of people or organisations over their total
RATE = "比率"  # what rates of different kinds are called together


def rate_word(table: Table) -> str:
    """What the summary calls a table's rates (a note, a chart's title): the word their names end in
    alike (覆盖率 of 点评覆盖率 and 群众评议覆盖率, 践诺率), a lone name not ending in 率 as it is,
    else 比率."""
    names = list(dict.fromkeys(row.rate for row in table.rows if row.rate))
    shared = commonprefix([name[::-1] for name in names])[::-1]
    if len(shared) >= 2 and shared.endswith("率"):
        return shared[-3:]  # a rate's word is two characters and 率: 积分管理覆盖率 is a 覆盖率
    return names[0] if len(names) == 1 else RATE


def rate_columns(table: Table) -> list[tuple[str, Key, str]]:
    """Columns of a rate sheet: (heading, key with an empty category, kind) in the notice's order of
    its rows (a base row where the notice has it, not first), a rate after its count."""
    cols = []
    for row in table.rows:
        if row.base:
            cols.append((row.metric, Key(table.key, "", row.metric, ""), "n"))
            continue
        for rnd in row.rounds or ("",):
            suffix = f"({rnd})" if rnd else ""
            cols.append((f"{row.metric}{suffix}", Key(table.key, "", row.metric, rnd), "n"))
            if row.rate:
                cols.append((f"{row.rate}{suffix}", Key(table.key, "", row.metric, rnd), "rate"))
    return cols


def _rate_row(table: Table, label: str, values: dict[Key, int], cats, due: tuple[str, ...],
              total=False) -> RateRow:
    """Counts and rates over ``cats``; a rate of a round not yet due (第二次 in H1) is "—"."""
    cells: list[int | float | None] = []
    for _, tmpl, kind in rate_columns(table):
        value = sum(values[tmpl._replace(category=c)] for c in cats)
        if kind == "n":
            cells.append(value)
            continue
        base = table.base_of(table.row(tmpl.metric)).metric  # the base row this rate divides by
        denominator = sum(values[Key(table.key, c, base, "")] for c in cats)
        cells.append(value / denominator if denominator and (not tmpl.round or tmpl.round in due) else None)
    return RateRow(label, cells, total)


def _rate_sheet(table: Table, title: str, first: str, rows: list[RateRow]) -> RateSheet:
    cols = rate_columns(table)
    return RateSheet(table, title, first, [h for h, _, _ in cols], [k for _, _, k in cols], rows)


def _groups(table: Table) -> list[tuple[str, tuple[str, ...]]]:
    """What may be added up: the whole table, or each block when the same person stands in several."""
    if table.separate_blocks:
        return [(f"{TOTAL}({name})", block) for name, block in zip(table.block_names, table.blocks)]
    return [(TOTAL, table.categories)]


def by_category(result: "MergeResult", table: Table) -> RateSheet:
    due = result.ts.due_rounds(result.period.half)
    rows = []
    for total_label, cats in _groups(table):
        own = table.own_total(cats)  # a category that is the total itself (合计): its row is the total row
        rows += [_rate_row(table, c, result.totals, (c,), due, total=c == own) for c in cats]
        if not own:
            rows.append(_rate_row(table, total_label, result.totals, table.addends(cats), due, total=True))
    title = f"{table.key} {table.title} 分类汇总({result.period.zh},{len(result.accepted)} 个单位)"
    return _rate_sheet(table, title, "类别名称", rows)


def by_kind(result: "MergeResult", table: Table) -> RateSheet:
    """The same by kind of unit (the roster's 类型), per block where blocks are not added up."""
    due = result.ts.due_rounds(result.period.half)
    kinds: dict[str, list[Submission]] = {}
    for sub in result.accepted:
        kinds.setdefault(sub.kind or UNKNOWN_KIND, []).append(sub)
    order = dict.fromkeys(k for k in (*result.ts.unit_types, *sorted(kinds)) if k in kinds)
    sums = {k: sum_values(result.ts, kinds[k]) for k in order}
    rows = []
    for total_label, cats in _groups(table):
        prefix = total_label[len(TOTAL):]  # "(书记)" for a block, "" for the whole table
        added = table.addends(cats)
        rows += [_rate_row(table, f"{k}({len(kinds[k])} 个单位){prefix}", sums[k], added, due) for k in order]
        rows.append(_rate_row(table, total_label, result.totals, added, due, total=True))
    title = f"{table.key} {table.title} 按单位类型汇总({result.period.zh})"
    return _rate_sheet(table, title, "单位类型", rows)


def over_whole(result: "MergeResult") -> list[str]:
    """A total's rate over 100% (its part larger than its base), said with whose fault it is: the
    definition's when no rule keeps the part within that base, else the data's."""
    due = result.ts.due_rounds(result.period.half)
    out = []
    for table in result.ts.tables:
        for total_label, cats in _groups(table):
            added, label = table.addends(cats), table.own_total(cats) or total_label
            for row in (r for r in table.rows if r.rate):
                base = table.base_of(row).metric
                whole = sum(result.totals[Key(table.key, c, base, "")] for c in added)
                for rnd in [r for r in row.rounds if r in due] if row.rounds else [""]:
                    part = sum(result.totals[Key(table.key, c, row.metric, rnd)] for c in added)
                    if whole and part > whole:
                        out.append(over_whole_note(result.ts, table, row.metric, rnd, base, label, part, whole))
    return out
