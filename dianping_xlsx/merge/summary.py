"""Everything the outputs show, computed once from a merge result.

Totals by category and by kind of unit with coverage rates, status counts, missing and
off-roster units, late files, the problems headline, evaluation counts and shares, and
the organisations and members to follow up. The workbook, the CSV and the console
summary render a ``Summary``; none of them counts anything again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable

from ..check.compact import in_order
from ..model import (ACCEPTED, HELD, IGNORED, REJECTED, SUPERSEDED, TOTAL, Entry, RosterUnit,
                     Submission, Tally)
from ..problems import SEVERITY_ORDER, WARNING, Problem, kind_of, places, sorted_problems
from ..definitions import ItemSet, Key, Table, TableSet

if TYPE_CHECKING:
    from .ledgers import LedgerSummary
    from ..definitions import Form
    from .result import MergeResult

UNKNOWN_KIND = "未分类"
NOT_SENT, SENT_REJECTED, SENT_BLANK = "未报送", "已报送但被退回", "报送的是空白表(已退回)"
SENT_OTHER = "只报送了{what},没有报送统计表"  # a unit whose files hold no statistics tables


def sum_values(ts: TableSet, submissions: Iterable[Submission]) -> dict[Key, int]:
    """The exact sum of every value (Python integers: no overflow, no rounding)."""
    totals = [0] * len(ts.keys)
    for sub in submissions:
        totals = [a + b for a, b in zip(totals, in_order(sub.values, ts.keys))]
    return dict(zip(ts.keys, totals))


# -- counts and coverage rates -------------------------------------------------


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


def rate_columns(table: Table) -> list[tuple[str, Key, str]]:
    """Columns of a rate sheet: (heading, key with an empty category, kind) in order."""
    base = table.base_row
    cols = [(base.metric, Key(table.key, "", base.metric, ""), "n")]
    for row in table.rows:
        if row.base:
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
    base = table.base_row.metric
    denominator = sum(values[Key(table.key, c, base, "")] for c in cats)
    cells: list[int | float | None] = []
    for _, tmpl, kind in rate_columns(table):
        value = sum(values[tmpl._replace(category=c)] for c in cats)
        if kind == "n":
            cells.append(value)
        else:
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
        rows += [_rate_row(table, c, result.totals, (c,), due) for c in cats]
        rows.append(_rate_row(table, total_label, result.totals, cats, due, total=True))
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
        rows += [_rate_row(table, f"{k}({len(kinds[k])} 个单位){prefix}", sums[k], cats, due) for k in order]
        rows.append(_rate_row(table, total_label, result.totals, cats, due, total=True))
    title = f"{table.key} {table.title} 按单位类型汇总({result.period.zh})"
    return _rate_sheet(table, title, "单位类型", rows)


# -- mass evaluation -----------------------------------------------------------


def combine(tallies: Iterable[Tally], form: str) -> Tally:
    total = Tally(form, "", "", 0, {})
    for t in tallies:
        if t.form == form:
            total.add(t)
    return total


def by_object(tallies: Iterable[Tally]) -> list[Tally]:
    """Forms of the same organisation or member added up (filled forms come one per evaluator)."""
    merged: dict[tuple, Tally] = {}
    for t in tallies:
        key = (t.form, t.object, t.category)
        if key not in merged:
            merged[key] = Tally(t.form, t.object, t.category, 0, {})
        merged[key].add(t)
    return list(merged.values())


def satisfied_rate(es: ItemSet, counts: list[int]) -> float | None:
    total = sum(counts)
    if not total:
        return None
    return sum(counts[es.options.index(o)] for o in es.satisfied) / total


def unsatisfied(es: ItemSet, tally: Tally) -> tuple[int, float | None]:
    i = es.options.index(es.unsatisfied)
    bad = sum(c[i] for c in tally.counts.values())
    ticks = sum(sum(c) for c in tally.counts.values())
    return bad, (bad / ticks if ticks else None)


@dataclass
class ItemStats:
    counts: list[int]  # per option
    shares: list[float | None]  # per option; None when the item has no ticks
    satisfied: float | None  # 满意率


@dataclass
class EvalRow:
    first: list[str]  # unit (or a label) and category
    forms: int
    unsatisfied: int
    share: float | None
    items: list[ItemStats]
    total: bool = False


@dataclass
class EvalBlock:
    form: "Form"
    rows: list[EvalRow]


@dataclass
class FollowUp:
    unit: str
    tally: Tally
    unsatisfied: int
    share: float


def _eval_row(es: ItemSet, form: "Form", first: list[str], tally: Tally, total=False) -> EvalRow:
    bad, share = unsatisfied(es, tally)
    items = []
    for item in form.items:
        counts = tally.counts.get(item, [0] * len(es.options))
        n = sum(counts)
        items.append(ItemStats(counts, [c / n if n else None for c in counts], satisfied_rate(es, counts)))
    return EvalRow(first, tally.forms, bad, share, items, total)


def evaluation_blocks(es: ItemSet, per_unit: dict[str, list[Tally]]) -> list[EvalBlock]:
    """Per form: a row per unit, per category, and the total."""
    blocks = []
    for form in es.forms:
        rows, everything = [], []
        for unit, tallies in per_unit.items():
            mine = [t for t in tallies if t.form == form.key]
            if mine:
                everything += mine
                rows.append(_eval_row(es, form, [unit, ""], combine(mine, form.key)))
        for cat in sorted({t.category for t in everything if t.category}):
            rows.append(_eval_row(es, form, ["(按类别)", cat],
                                  combine([t for t in everything if t.category == cat], form.key)))
        rows.append(_eval_row(es, form, [TOTAL, ""], combine(everything, form.key), total=True))
        blocks.append(EvalBlock(form, rows))
    return blocks


def follow_ups(es: ItemSet, per_unit: dict[str, list[Tally]], threshold: float) -> list[FollowUp]:
    out = []
    for unit, tallies in per_unit.items():
        for t in by_object(tallies):
            bad, share = unsatisfied(es, t)
            if share is not None and share > threshold:
                out.append(FollowUp(unit, t, bad, share))
    return out


# -- problems, for people: one line per kind ---------------------------------------


@dataclass
class KindRow:
    """One kind of problem over the whole inbox: how many units and places it touches."""

    code: str
    level: str
    title: str
    advice: str
    units: int
    count: int


@dataclass
class UnitKindRow:
    """One unit's problems of one kind, their places listed together."""

    unit: str
    files: str
    code: str
    level: str
    title: str
    count: int
    places: str
    message: str  # the problem's own message; with several, the first as an example


def problem_kinds(problems: list[Problem]) -> list[KindRow]:
    groups: dict[tuple[str, str], list[Problem]] = {}
    for p in problems:
        groups.setdefault((p.code, p.severity), []).append(p)
    rows = [KindRow(code, level, *kind_of(code), len({p.unit for p in ps}), len(ps))
            for (code, level), ps in groups.items()]
    return sorted(rows, key=lambda r: (SEVERITY_ORDER[r.level], -r.units, -r.count, r.code))


def unit_kinds(problems: list[Problem]) -> list[UnitKindRow]:
    groups: dict[tuple[str, str, str], list[Problem]] = {}
    for p in sorted_problems(problems):
        groups.setdefault((p.unit, p.code, p.severity), []).append(p)
    rows = []
    for (unit, code, level), ps in groups.items():
        title = kind_of(code)[0]
        message = ps[0].message if len(ps) == 1 else f"共 {len(ps)} 处。例:{ps[0].message}"
        rows.append(UnitKindRow(unit, "、".join(dict.fromkeys(p.file for p in ps)), code, level, title,
                                len(ps), places(ps), message))
    return sorted(rows, key=lambda r: (r.unit, SEVERITY_ORDER[r.level], r.code))


# -- the summary -----------------------------------------------------------------


@dataclass
class Summary:
    files: int
    counts: dict[str, int]  # files by status
    units: int  # accepted units with statistics tables
    evaluations_only: int  # accepted files with evaluations only
    ledgers_only: int  # accepted files with ledgers (台账) only
    by_category: list[RateSheet]
    by_kind: list[RateSheet]  # with a roster
    roster_size: int | None
    missing: list[tuple[RosterUnit, str]]  # roster units with no accepted file, and why
    not_sent: list[tuple[RosterUnit, str]]  # roster units that sent no statistics tables, and what they sent
    off_roster: list[tuple[Entry, str]]  # files whose unit is not on the roster, and a hint
    late: list[Entry]
    due: dt.date | None
    reporting_units: int  # units whose file was accepted or rejected
    clean_units: int
    warned_units: int
    rejected_units: int
    warnings: int  # warnings on accepted files
    rejected: list[Entry]
    evaluation_units: int
    evaluations: list[EvalBlock] = field(default_factory=list)
    follow_ups: list[FollowUp] = field(default_factory=list)
    threshold: float = 0.2
    period_zh: str = ""  # 2011年上半年, for titles
    kinds: list[KindRow] = field(default_factory=list)  # every problem kind, errors first
    unit_kinds: list[UnitKindRow] = field(default_factory=list)
    ledgers: "LedgerSummary | None" = None  # what the accepted units' ledgers add up to

    @property
    def late_files(self) -> set[str]:
        return {e.name for e in self.late}

    @property
    def unopened(self) -> list[Entry]:
        """Rejected files that could not be opened: no return file can be made for them."""
        return [e for e in self.rejected if not e.submission.annotatable]

    @property
    def complete(self) -> bool:
        """Every file accepted and, with a roster, every unit in: the summary can be stamped."""
        return not self.rejected and not self.missing and not self.off_roster

    @property
    def no_reports(self) -> bool:
        """Nothing in the inbox was a report (empty, or only documents and lock files)."""
        return self.files == self.counts[IGNORED] + self.counts[HELD] and not self.units


def _ledgers(result: "MergeResult"):
    ls = result.options.ledgers
    if ls is None:
        return None
    from .ledgers import summarise_ledgers

    units = [(e.submission.display_unit, e.submission.ledger_records) for e in result.by_status(ACCEPTED)
             if e.submission.ledger_records]
    return summarise_ledgers(units, ls, result.ts, result.period)


def summarise(result: "MergeResult") -> Summary:
    options = result.options
    roster = options.roster
    counts = {s: len(result.by_status(s)) for s in (ACCEPTED, REJECTED, SUPERSEDED, IGNORED, HELD)}
    no_tables = [e.submission for e in result.by_status(ACCEPTED) if not e.submission.has_tables]
    ledgers_only = sum(1 for s in no_tables if s.ledger_rows and not s.evaluations)
    evaluations_only = len(no_tables) - ledgers_only
    reporting, errored, warned = _units_by_outcome(result)
    per_unit = result.evaluations
    es = options.items
    return Summary(
        files=len(result.entries), counts=counts, units=counts[ACCEPTED] - len(no_tables),
        evaluations_only=evaluations_only, ledgers_only=ledgers_only,
        by_category=[by_category(result, t) for t in result.ts.tables],
        by_kind=[by_kind(result, t) for t in result.ts.tables] if roster is not None else [],
        roster_size=len(roster.units) if roster is not None else None,
        missing=_missing(result), not_sent=_not_sent(result), off_roster=_off_roster(result),
        late=[e for e in result.entries if e.status in (ACCEPTED, REJECTED)
              and any(p.code in ("date.late", "date.late-received") for p in e.problems)],
        due=options.due, reporting_units=reporting, clean_units=reporting - errored - warned,
        warned_units=warned, rejected_units=errored,
        warnings=sum(1 for e in result.by_status(ACCEPTED) for p in e.problems if p.severity == WARNING),
        rejected=result.by_status(REJECTED), evaluation_units=len(per_unit),
        evaluations=evaluation_blocks(es, per_unit) if es is not None and per_unit else [],
        follow_ups=follow_ups(es, per_unit, options.threshold) if es is not None else [],
        threshold=options.threshold, period_zh=result.period.zh,
        kinds=problem_kinds(result.current_problems), unit_kinds=unit_kinds(result.current_problems),
        ledgers=_ledgers(result),
    )


def _units_by_outcome(result: "MergeResult") -> tuple[int, int, int]:
    """Units (not files) that reported; of them, how many had an error, how many only warnings.
    A unit's statistics file and its evaluation file count once."""
    units: dict[str, list[Submission]] = {}
    for e in result.entries:
        if e.status in (ACCEPTED, REJECTED):
            units.setdefault(e.submission.display_unit, []).append(e.submission)
    errored = sum(1 for subs in units.values() if any(not s.ok for s in subs))
    warned = sum(1 for subs in units.values() if all(s.ok for s in subs)
                 and any(p.severity == WARNING for s in subs for p in s.problems))
    return len(units), errored, warned


def _missing(result: "MergeResult") -> list[tuple[RosterUnit, str]]:
    """Roster units with no accepted statistics tables, and what they sent instead."""
    roster = result.options.roster
    if roster is None:
        return []
    status: dict[str, str] = {}
    for e in result.entries:
        sub = e.submission
        unit = sub.roster_unit if sub is not None and sub.has_tables else None
        if unit is not None and e.status in (ACCEPTED, REJECTED) and status.get(unit.name) != ACCEPTED:
            blank = any(p.code == "table.empty" for p in e.problems)
            status[unit.name] = SENT_BLANK if blank else e.status
    why = {REJECTED: SENT_REJECTED, SENT_BLANK: SENT_BLANK}
    other = {u.name: what for u, what in _not_sent(result)}
    return [(u, why.get(status.get(u.name), other.get(u.name, NOT_SENT))) for u in roster.units
            if status.get(u.name) != ACCEPTED]


def _not_sent(result: "MergeResult") -> list[tuple[RosterUnit, str]]:
    """Roster units from which no statistics tables came (a file of ledgers or evaluations
    alone is no report of the tables: the unit is 未报, and the note says what it sent)."""
    roster = result.options.roster
    if roster is None:
        return []
    tables, other = set(), {}
    for e in result.entries:
        sub = e.submission
        if sub is None or sub.roster_unit is None:
            continue
        if sub.has_tables:
            tables.add(sub.roster_unit.name)
        else:
            what = "群众评议" if sub.evaluations else "台账"
            other.setdefault(sub.roster_unit.name, set()).add(what)
    return [(u, SENT_OTHER.format(what="和".join(sorted(other[u.name]))) if u.name in other else NOT_SENT)
            for u in roster.units if u.name not in tables]


def _off_roster(result: "MergeResult") -> list[tuple[Entry, str]]:
    out = []
    for e in result.entries:
        problem = next((p for p in e.problems if p.code == "unit.not-on-roster"), None)
        if problem is not None:
            out.append((e, problem.params["hint"] or "名册中没有相近的单位"))
    return out
