"""What the accepted units' ledgers (台账) add up to: per unit and in total, the appraisals
(records, distinct persons per round, the ways used, records without 整改措施/落实情况) and the
commitments (by subject and type, by status, the fulfilment rate, overdue). Counted here, once;
the workbook only renders it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..check.ledgers import counted_round, record_identity
from ..model import TOTAL, Period
from ..definitions import Ledger, LedgerSet, TableSet
from ..text import normalise


@dataclass
class LedgerUnit:
    unit: str
    rows: list[tuple[str, ...]]
    as_of: list[dt.date | None] = field(default_factory=list)  # each row's file's 填报时间, if known


@dataclass
class AppraisalRow:
    unit: str
    records: int
    persons: dict[str, int]  # round -> distinct persons or organisations appraised
    ways: str
    without_follow_up: int
    total: bool = False


@dataclass
class CommitmentRow:
    unit: str
    count: int
    by: dict[str, int]  # "<column>:<value>" -> commitments
    rate: float | None  # fulfilled / count
    overdue: int
    total: bool = False


@dataclass
class LedgerSummary:
    ledgers: LedgerSet
    merged: dict[str, list[LedgerUnit]] = field(default_factory=dict)  # ledger key -> units' rows
    appraisals: list[AppraisalRow] = field(default_factory=list)
    commitments: list[CommitmentRow] = field(default_factory=list)
    commitment_columns: list[str] = field(default_factory=list)  # the "<column>:<value>" keys, in order
    rounds: list[str] = field(default_factory=list)


def summarise_ledgers(units: list[tuple], ls: LedgerSet, ts: TableSet, period: Period) -> LedgerSummary | None:
    """``units``: (unit name, its ledger records by ledger key[, the file's 填报时间]) for each
    adopted file, in order. 逾期未兑现 is measured as the checks measure it (ledger.overdue): a
    deadline before the 填报时间 of the file the commitment is in (its statuses are as of that
    day), else before the period's due date."""
    report = period.due
    if not any(u[1] for u in units):
        return None
    out = LedgerSummary(ls, rounds=[r.label for r in ts.rounds])
    for ledger in ls.ledgers:
        merged = _by_unit(ledger, [(u[0], u[1][ledger.key], u[2] if len(u) > 2 else None)
                                   for u in units if u[1].get(ledger.key)])
        out.merged[ledger.key] = merged
        if ledger.counts is not None:
            out.appraisals = _appraisals(ledger, merged, ts, period)
        if ledger.status is not None:
            out.commitment_columns = _by_columns(ledger)
            out.commitments = _commitments(ledger, merged, report, out.commitment_columns, _reader(ledger, ts))
    return out


def _by_unit(ledger: Ledger, files: list[tuple[str, list[tuple[str, ...]], dt.date | None]]) -> list[LedgerUnit]:
    """One entry per unit: the records of all its files of this ledger (1-3月, 4-6月), in their
    order; a record a later file repeats (the same by its identity: numbered anew, its status
    updated) is taken once, as the file of the later 填报时间 has it."""
    identity = record_identity(ledger)
    out: dict[str, LedgerUnit] = {}
    for unit, rows, as_of in files:
        into = out.setdefault(unit, LedgerUnit(unit, []))
        earlier: dict[tuple, list[int]] = {}  # identity -> positions of the earlier files' records
        for at, row in enumerate(into.rows):
            earlier.setdefault(identity(row), []).append(at)
        for row in rows:
            repeated = earlier.get(identity(row))
            if not repeated:
                into.rows.append(row)
                into.as_of.append(as_of)
                continue
            at = repeated.pop(0)
            if _newer(as_of, into.as_of[at]):
                into.rows[at], into.as_of[at] = row, as_of
    return list(out.values())


def _newer(day: dt.date | None, than: dt.date | None) -> bool:
    """A record of a file of ``day`` replaces one of a file of ``than``: unless it is older (the
    later of files of the same or an unknown 填报时间)."""
    return day is None or than is None or day >= than


def _reader(ledger: Ledger, ts: TableSet):
    """A function: (label, value as written) -> the option of its list it stands for, as printed
    (已兌現 -> 已兑现, as the checks read it), else the value; the same for a column without a list."""
    columns = {c.label: (c, c.options(ts)) for c in ledger.columns if c.kind == "choice"}

    def read(label: str, value: str) -> str:
        if label not in columns or not value:
            return value
        column, options = columns[label]
        return column.option(normalise(value), options) or value
    return read


def _index(ledger: Ledger) -> dict[str, int]:
    return {label: i for i, label in enumerate(ledger.labels)}


def _appraisals(ledger: Ledger, merged: list[LedgerUnit], ts: TableSet, period: Period) -> list[AppraisalRow]:
    at, counts, read = _index(ledger), ledger.counts, _reader(ledger, ts)
    rows, all_persons = [], {r.label: set() for r in ts.rounds}
    all_ways: set[str] = set()
    for unit in merged:
        persons = {r.label: set() for r in ts.rounds}
        ways = sorted({read(counts.way, row[at[counts.way]]) for row in unit.rows if counts.way and row[at[counts.way]]})
        lacking = sum(1 for row in unit.rows if any(not row[at[c]] for c in counts.follow_up))
        for row in unit.rows:
            day, person = row[at[counts.date]], normalise(row[at[counts.person]])
            rnd = counted_round(ts, period, dt.date.fromisoformat(day)) if len(day) == 10 and day[4] == "-" else ""
            if rnd and person:  # a record outside the rounds this period reports on counts in none
                persons.setdefault(rnd, set()).add((normalise(row[at[counts.kind]]), person))
                all_persons.setdefault(rnd, set()).add((unit.unit, normalise(row[at[counts.kind]]), person))
        all_ways.update(ways)
        rows.append(AppraisalRow(unit.unit, len(unit.rows), {r: len(p) for r, p in persons.items()},
                                 "、".join(ways), lacking))
    rows.append(AppraisalRow(TOTAL, sum(r.records for r in rows), {r: len(p) for r, p in all_persons.items()},
                             "、".join(sorted(all_ways)), sum(r.without_follow_up for r in rows), total=True))
    return rows


def _by_columns(ledger: Ledger) -> list[str]:
    status = ledger.status
    keys = []
    for label in (*status.by, status.column):
        column = next(c for c in ledger.columns if c.label == label)
        keys += [f"{label}:{v}" for v in column.choices]
    return keys


def _commitments(ledger: Ledger, merged: list[LedgerUnit], report: dt.date, keys: list[str],
                 read) -> list[CommitmentRow]:
    at, status = _index(ledger), ledger.status
    rows = []
    for unit in merged:
        by = dict.fromkeys(keys, 0)
        overdue = 0
        for row, as_of in zip(unit.rows, unit.as_of):
            for label in (*status.by, status.column):
                key = f"{label}:{read(label, row[at[label]])}"
                if key in by:
                    by[key] += 1
            deadline, state = row[at[status.deadline]], read(status.column, row[at[status.column]])
            if len(deadline) == 10 and deadline < (as_of or report).isoformat() and state != status.done:
                overdue += 1
        done = by.get(f"{status.column}:{status.done}", 0)
        rows.append(CommitmentRow(unit.unit, len(unit.rows), by, done / len(unit.rows) if unit.rows else None, overdue))
    total = sum(r.count for r in rows)
    by_total = {k: sum(r.by[k] for r in rows) for k in keys}
    done = by_total.get(f"{status.column}:{status.done}", 0)
    rows.append(CommitmentRow(TOTAL, total, by_total, done / total if total else None,
                              sum(r.overdue for r in rows), total=True))
    return rows
