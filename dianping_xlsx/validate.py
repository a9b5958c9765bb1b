"""Checking one submitted workbook: values, rules and the reporting period.

``check_workbook`` reads a file, locates its tables, parses every value cell
and runs the table set's rules. It never raises for a bad file: every fault
becomes a Problem with a position, and the submission is accepted only when
none of them is an error.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from .cells import clean_text, normalise, parse_count, parse_date
from .definitions import Key, TableSet
from .locate import Cell, Locator
from .problems import Problem, has_errors
from .prescan import Limits
from .read import DEFAULT_LIMITS, ReadError, load_grids
from .rules import run_rule

_PERIOD = re.compile(r"^(\d{4})-H([12])$")


@dataclass(frozen=True)
class Period:
    year: int
    half: str  # "H1" or "H2"

    @classmethod
    def parse(cls, text: str) -> "Period":
        m = _PERIOD.match(text.strip().upper())
        if not m:
            raise ValueError(f"报送期次“{text}”格式不对,应为 2011-H1(上半年)或 2011-H2(下半年)")
        return cls(int(m[1]), f"H{m[2]}")

    @classmethod
    def around(cls, day: dt.date) -> "Period":
        """The period a unit is most likely reporting on a given day.

        Reports for H1 are made up to early July, for H2 in December and January.
        """
        if day.month == 1:
            return cls(day.year - 1, "H2")
        return cls(day.year, "H1" if day.month <= 7 else "H2")

    def __str__(self) -> str:
        return f"{self.year}-{self.half}"

    @property
    def zh(self) -> str:
        return f"{self.year}年{'上' if self.half == 'H1' else '下'}半年"

    @property
    def due(self) -> dt.date:
        return dt.date(self.year, 6, 30) if self.half == "H1" else dt.date(self.year, 12, 30)


@dataclass
class Submission:
    """One file of the inbox after reading and checking."""

    path: Path
    name: str  # the file's path relative to the inbox, as shown to the clerk
    mtime: float
    unit: str = ""
    date: dt.date | None = None
    values: dict[Key, int] = field(default_factory=dict)
    cells: dict[Key, Cell] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    readable: bool = True
    unit_from_file: bool = False  # no 填报单位: the unit was named after the file
    evaluations: list = field(default_factory=list)  # evaluation.Tally, from tallies or forms
    has_tables: bool = True  # False: a file with evaluations only
    date_cell: Cell | None = None
    roster_unit: object | None = None  # a roster.RosterUnit once matched

    @property
    def ok(self) -> bool:
        return self.readable and not has_errors(self.problems)

    @property
    def unit_key(self) -> str:
        """Which files stand for the same unit: the roster unit, else the 填报单位."""
        if self.roster_unit is not None:
            return ("" if self.has_tables else "eval:") + "roster:" + self.roster_unit.name
        kind = "" if self.has_tables else "eval:"  # an evaluations-only file never replaces the tables
        if self.unit_from_file:
            return "file:" + self.name  # never merge files that only share a file name
        return f"{kind}unit:" + normalise(self.unit)

    @property
    def display_unit(self) -> str:
        return self.roster_unit.name if self.roster_unit is not None else self.unit

    @property
    def kind(self) -> str:
        return getattr(self.roster_unit, "kind", "")

    def add(self, problem: Problem) -> None:
        self.problems.append(problem.located(file=self.name, unit=self.display_unit))


def check_workbook(
    path: Path, ts: TableSet, period: Period | None, locator: Locator | None = None,
    name: str | None = None, limits: Limits = DEFAULT_LIMITS, evaluator=None,
) -> Submission:
    """Read and check one workbook; every fault is a problem, never an exception."""
    locator = locator or Locator(ts)
    sub = Submission(path=path, name=name or path.name, mtime=_mtime(path))
    try:
        grids = load_grids(path, limits)
    except ReadError as exc:
        sub.readable = False
        sub.unit = path.stem
        sub.unit_from_file = True
        sub.problems.append(Problem(exc.code, params=exc.params))
        return _finish(sub)
    found = locator.locate(grids)
    if evaluator is not None:
        sub.evaluations, eval_problems = evaluator.read(grids)
        sub.problems.extend(eval_problems)
    if not found.tables:
        if evaluator is not None and (sub.evaluations or sub.problems):
            sub.has_tables = False  # a tally or filled forms, without the statistics tables
            locator.header_lines(grids, found)
            _identify(sub, found, path)
            return _finish(sub)
        sub.unit = path.stem
        sub.unit_from_file = True
        sub.problems.append(Problem("file.no-tables"))
        return _finish(sub)
    sub.cells = found.cells
    _identify(sub, found, path)
    for table in ts.tables:
        if table.key not in found.tables:
            sub.problems.append(Problem("table.missing", params={"table": table.key, "title": table.title}))
    sub.problems.extend(found.problems)
    _parse_values(sub, ts, {g.name: g.flagged for g in grids if g.flagged})
    _run_rules(sub, ts, period)
    if period is not None:
        _check_period(sub, ts, period)
    return _finish(sub)


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _finish(sub: Submission) -> Submission:
    sub.problems = [p.located(file=sub.name, unit=sub.unit) for p in sub.problems]
    return sub


def _identify(sub: Submission, found, path: Path) -> None:
    """The unit (填报单位) and the date (填报时间) of a submission."""
    units = [(c, clean_text(str(c.raw))) for c in found.units]
    units = [(c, u) for c, u in units if u]
    if units:
        _, sub.unit = units[0]
        for cell, other in units[1:]:
            if normalise(other) != normalise(sub.unit):
                sub.problems.append(
                    Problem("unit.inconsistent", sheet=cell.sheet, cell=cell.ref,
                            params={"unit": sub.unit, "other": other})
                )
                break
    else:
        sub.unit = path.stem
        sub.unit_from_file = True
        slot = found.unit_slots[0] if found.unit_slots else None
        sub.problems.append(
            Problem("unit.from-filename", sheet=slot.sheet if slot else "",
                    cell=slot.ref if slot else "", params={"unit": sub.unit})
        )
    for cell in found.dates:
        date = parse_date(cell.raw)
        if date is None:
            sub.problems.append(
                Problem("date.unreadable", sheet=cell.sheet, cell=cell.ref,
                        params={"text": clean_text(str(cell.raw), 30)})
            )
            continue
        if sub.date is None or date > sub.date:
            sub.date, sub.date_cell = date, cell


def _parse_values(sub: Submission, ts: TableSet, flagged: dict[str, dict[str, str]]) -> None:
    for key, cell in sub.cells.items():
        flag = flagged[cell.sheet].get(cell.ref) if cell.sheet in flagged else None
        if flag:  # the reader gives these as blank: never let them count as 0
            code = "value.error-cell" if flag == "error" else "value.formula-no-value"
            sub.problems.append(Problem(code, sheet=cell.sheet, cell=cell.ref, target=key,
                                        params={"text": "#错误值", "label": key.label()}))
            continue
        parsed = parse_count(cell.raw)
        if parsed.code:
            label = key.label()
            sub.problems.append(
                Problem(parsed.code, sheet=cell.sheet, cell=cell.ref, target=key,
                        params={"text": clean_text(parsed.text, 30), "value": parsed.value, "label": label})
            )
        if parsed.value is not None:
            sub.values[key] = parsed.value


def _run_rules(sub: Submission, ts: TableSet, period: Period | None) -> None:
    tables = ts.tables_by_key
    all_rounds = tuple(r.label for r in ts.rounds)
    due = ts.due_rounds(period.half) if period else all_rounds

    get = sub.values.get

    def lookup(table, category, metric, rnd):
        return get((table, category, metric, rnd))  # a plain tuple finds the Key: same hash

    for rule in ts.rules:
        for out in run_rule(rule, tables, due if rule.due_rounds_only else all_rounds, lookup):
            ref = out.cell_ref
            target = Key(ref.table or out.table, out.category or _first_category(ts, ref, out.table),
                         ref.metric, ref.round or out.round)
            if not tables[target.table].row(target.metric).rounds:
                target = target._replace(round="")
            cell = sub.cells.get(target)
            sub.problems.append(
                Problem(rule.code, sheet=cell.sheet if cell else "", cell=cell.ref if cell else "",
                        params=out.params, level=rule.severity, template=rule.message,
                        target=target)
            )


def _first_category(ts: TableSet, ref, table: str) -> str:
    return ts.table(ref.table or table).categories[0]


def _check_period(sub: Submission, ts: TableSet, period: Period) -> None:
    if period.half != "H1":
        return
    for key, value in sub.values.items():
        if key.round and value and ts.round_half(key.round) == "H2":
            cell = sub.cells[key]
            sub.problems.append(
                Problem("period.second-round-early", sheet=cell.sheet, cell=cell.ref, target=key,
                        params={"period": period.zh, "category": key.category,
                                "metric": key.metric, "round": key.round, "value": value})
            )

