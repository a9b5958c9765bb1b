"""Merging an inbox: which file stands for which unit, and the exact totals.

Every file of the inbox gets a status: accepted (summed), rejected (errors),
superseded (the same unit sent a newer file) or ignored (not a submission).
Totals are the exact integer sums of the accepted units' values.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Callable, Iterable

from .compact import in_order
from .definitions import Key, TableSet
from .problems import ERROR, Problem
from .pool import check_in_workers
from .prescan import Limits
from .previous import Previous, compare
from .read import DEFAULT_LIMITS, ignore_reason
from .roster import Roster, RosterUnit
from .validate import Period, Submission

ACCEPTED, REJECTED, SUPERSEDED, IGNORED = "accepted", "rejected", "superseded", "ignored"
STATUS_ZH = {ACCEPTED: "已采用", REJECTED: "退回", SUPERSEDED: "被替代", IGNORED: "已忽略"}


@dataclass
class Entry:
    """One file of the inbox and what became of it."""

    name: str
    status: str
    reason: str = ""
    submission: Submission | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def unit(self) -> str:
        return self.submission.display_unit if self.submission else ""


@dataclass
class MergeResult:
    ts: TableSet
    period: Period
    entries: list[Entry]
    totals: dict[Key, int]
    roster: Roster | None = None
    due: dt.date | None = None
    previous: Previous | None = None
    previous_values: dict[str, dict[Key, int]] = field(default_factory=dict)  # by display unit
    items: object | None = None  # evaluation.EvalSet, when evaluations are read
    threshold: float = 0.2  # 不满意 share above which an organisation or member is followed up

    @cached_property
    def evaluations(self) -> dict[str, list]:
        """Each unit's evaluations (evaluation.Tally), from its newest accepted file that has any."""
        newest: dict[str, Submission] = {}
        for e in self.by_status(ACCEPTED):
            sub = e.submission
            if sub.evaluations:
                best = newest.get(sub.display_unit)
                if best is None or (sub.date or dt.date.min, sub.mtime) > (best.date or dt.date.min, best.mtime):
                    newest[sub.display_unit] = sub
        return {unit: newest[unit].evaluations for unit in sorted(newest)}

    def by_status(self, status: str) -> list[Entry]:
        return [e for e in self.entries if e.status == status]

    @cached_property
    def accepted(self) -> list[Submission]:
        """Accepted submissions of the statistics tables, by unit."""
        return sorted(
            (e.submission for e in self.by_status(ACCEPTED) if e.submission.has_tables),
            key=lambda s: (s.display_unit, s.name),
        )

    @property
    def problems(self) -> list[Problem]:
        return [p for e in self.entries for p in e.problems]

    @property
    def late(self) -> list[Entry]:
        return [e for e in self.entries if any(p.code == "date.late" for p in e.problems)
                and e.status in (ACCEPTED, REJECTED)]

    @property
    def off_roster(self) -> list[Entry]:
        return [e for e in self.entries if any(p.code == "unit.not-on-roster" for p in e.problems)]

    def missing(self) -> list[tuple[RosterUnit, str]]:
        """Roster units with no accepted file, and what they sent instead."""
        if self.roster is None:
            return []
        status: dict[str, str] = {}
        for e in self.entries:
            sub = e.submission
            unit = sub.roster_unit if sub is not None and sub.has_tables else None
            if unit is not None and e.status in (ACCEPTED, REJECTED) and status.get(unit.name) != ACCEPTED:
                status[unit.name] = e.status
        return [(u, "已报送但被退回" if status.get(u.name) == REJECTED else "未报送")
                for u in self.roster.units if status.get(u.name) != ACCEPTED]


def inbox_files(inbox: Path, exclude: Iterable[Path] = ()) -> list[Path]:
    """Every file below the inbox, sorted, skipping the output folder if inside."""
    excluded = [p.resolve() for p in exclude]
    files = []
    for path in sorted(inbox.rglob("*")):
        if not path.is_file() or path.is_symlink():
            continue
        resolved = path.resolve()
        if any(resolved == e or e in resolved.parents for e in excluded):
            continue
        files.append(path)
    return files


def merge(
    inbox: Path,
    ts: TableSet,
    period: Period,
    *,
    exclude: Iterable[Path] = (),
    progress: Callable[[], None] | None = None,
    roster: Roster | None = None,
    due: dt.date | None = None,
    previous: Previous | None = None,
    limits: Limits = DEFAULT_LIMITS,
    jobs: int | None = None,
    items: str | None = None,
    threshold: float = 0.2,
) -> MergeResult:
    """Read, check and merge every file of the inbox. Never modifies the inbox.

    Files are read in worker processes (``jobs``, default: one per core).
    """
    entries: list[Entry] = []
    to_read = []
    for path in inbox_files(inbox, exclude):
        name = path.relative_to(inbox).as_posix()
        reason = ignore_reason(path)
        if reason:
            problem = Problem(reason[0], file=name, params=reason[1])
            entries.append(Entry(name, IGNORED, problem.message, problems=[problem]))
            if progress:
                progress()
        else:
            to_read.append((path, name))
    found = check_in_workers(to_read, ts.source, period, limits, jobs, progress, items)
    submissions = [sub for _, sub in found]
    previous_values = {}
    for sub in submissions:
        if not sub.readable or not sub.cells:
            if roster is not None:  # a broken file named after its unit: say who it was from
                sub.roster_unit = roster.match(sub.unit).unit
            continue
        if roster is not None:
            _match_roster(sub, roster)
        if due is not None and sub.date is not None and sub.date > due:
            cell = sub.date_cell
            sub.add(Problem("date.late", sheet=cell.sheet, cell=cell.ref,
                            params={"date": sub.date.isoformat(), "due": due.isoformat()}))
        if previous is not None:
            before = compare(sub, ts, period, previous)
            if before is not None:
                previous_values[sub.display_unit] = before
    entries.extend(_decide(submissions))
    entries.sort(key=lambda e: e.name)
    accepted = [e.submission for e in entries if e.status == ACCEPTED and e.submission.has_tables]
    item_set = None
    if items:
        from .evaluation import load_item_set

        item_set = load_item_set(items)
    return MergeResult(ts, period, entries, sum_values(ts, accepted), roster, due, previous,
                       previous_values, item_set, threshold)


def _match_roster(sub: Submission, roster: Roster) -> None:
    found = roster.match(sub.unit)
    if found.unit is None:
        hint = f"您是否指“{'”或“'.join(found.suggestions)}”?" if found.suggestions else ""
        sub.add(Problem("unit.not-on-roster", params={"unit": sub.unit, "hint": hint}))
        return
    sub.roster_unit = found.unit
    sub.problems = [p.located(unit=sub.display_unit) for p in sub.problems]
    if found.how != "name":
        how = {"alias": "别名", "key": "简称"}[found.how]
        sub.add(Problem("unit.matched", params={"reported": sub.unit, "unit": found.unit.name, "how": how}))


def sum_values(ts: TableSet, submissions: Iterable[Submission]) -> dict[Key, int]:
    """The exact sum of every value (Python integers: no overflow, no rounding)."""
    totals = [0] * len(ts.keys)
    for sub in submissions:
        totals = [a + b for a, b in zip(totals, in_order(sub.values, ts.keys))]
    return dict(zip(ts.keys, totals))


def _decide(submissions: list[Submission]) -> list[Entry]:
    """The latest file of each unit stands for it; the others are superseded."""
    entries = []
    groups: dict[str, list[Submission]] = {}
    for sub in submissions:
        groups.setdefault(sub.unit_key, []).append(sub)
    for group in groups.values():
        group.sort(key=lambda s: (s.date or dt.date.min, s.mtime, s.name))
        newest = group[-1]
        for old in group[:-1]:
            note = Problem("unit.superseded", file=old.name, unit=old.display_unit,
                           params={"newer": newest.name})
            entries.append(
                Entry(old.name, SUPERSEDED, note.message, old, problems=[*old.problems, note])
            )
        entries.append(_entry(newest))
    return entries


def _entry(sub: Submission) -> Entry:
    if sub.ok:
        return Entry(sub.name, ACCEPTED, "", sub, problems=list(sub.problems))
    errors = [p for p in sub.problems if p.severity == ERROR]
    first = f"{errors[0].position}:{errors[0].message}" if errors[0].position else errors[0].message
    if len(errors) > 1:
        first = f"有 {len(errors)} 处错误,详见“审核问题”表。第一处 {first}"
    return Entry(sub.name, REJECTED, first, sub, problems=list(sub.problems))
