"""Problems for people: each kind once over the whole inbox (units and places it touches), and
per unit one line per kind with its cells listed together (the 审核问题 sheet)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from itertools import repeat
from operator import attrgetter

from ..problemplaces import kind_of, places_at
from ..problems import SEVERITY_ORDER, ByUnit, Problem, kinds_of, units_of


@dataclass(slots=True)
class KindRow:
    """One kind of problem over the whole inbox: how many units and places it touches."""

    code: str
    severity: str
    title: str
    advice: str
    units: int
    count: int


@dataclass(slots=True)
class UnitKindRow:
    """One unit's problems of one kind, their places listed together."""

    unit: str
    files: str
    code: str
    severity: str
    title: str
    count: int
    places: str
    message: str  # the problem's own message; with several, the first as an example


# a problem's fields, read in C (100,000s of problems)
_KIND = attrgetter("code", "severity")
_SHEET, _CELL, _FILE, _UNIT = attrgetter("sheet"), attrgetter("cell"), attrgetter("file"), attrgetter("unit")
KEPT = 2_048  # lists of places remembered; forgotten all at once beyond that


def _grouped(problems: Iterable[Problem], key) -> dict[tuple, list[Problem]]:
    """The problems by ``key(problem)``, in the order each key is first met, each group in order."""
    groups: dict[tuple, list[Problem]] = {}
    for p in problems:
        k = key(p)
        if k in groups:
            groups[k].append(p)
        else:
            groups[k] = [p]
    return groups


def problem_kinds(blocks: Iterable[list[Problem]]) -> list[KindRow]:
    """Each kind of problem over the files' problems (``blocks``: each file's list): how many
    units and places it touches, counted file by file from what the problems share (none made)."""
    counts: Counter = Counter()
    units: dict[tuple, set] = {}
    for block in blocks:
        kinds = list(kinds_of(block))
        counts.update(kinds)
        whose = units_of(block)
        pairs = zip(kinds, map(_UNIT, block)) if len(whose) > 1 else zip(set(kinds), repeat(next(iter(whose), "")))
        for kind, unit in pairs:
            found = units.get(kind)
            if found is None:
                units[kind] = {unit}
            else:
                found.add(unit)
    rows = [KindRow(code, severity, *kind_of(code), len(units[code, severity]), count)
            for (code, severity), count in counts.items()]
    return sorted(rows, key=lambda r: (SEVERITY_ORDER[r.severity], -r.units, -r.count, r.code))


def unit_kinds(blocks: Iterable[list[Problem]], skip: Collection[str] = ()) -> Iterator[UnitKindRow]:
    """Each unit's problems of a kind as one row, unit by unit in by_unit's order of units, and
    within a unit by level and code; ``blocks``: each file's problems; the kinds of a level in
    ``skip`` left out (their rows never made). A unit's problems are gathered and sorted when it
    is reached (problems.ByUnit): what is held at once is one unit's."""
    where = _places()
    for ps in ByUnit(blocks):
        yield from _unit_rows(ps, where, skip)


def _unit_rows(ps: list[Problem], where, skip: Collection[str] = ()) -> Iterator[UnitKindRow]:
    """A unit's rows, of its problems sorted (each kind's, a part of them, in their order)."""
    groups = _grouped(ps, _KIND)
    for (code, severity) in sorted(groups, key=lambda k: (SEVERITY_ORDER[k[1]], k[0])):
        if severity in skip:
            continue
        found = groups[code, severity]
        title = kind_of(code)[0]
        message = found[0].message if len(found) == 1 else f"共 {len(found)} 处。例:{found[0].message}"
        yield UnitKindRow(found[0].unit, "、".join(dict.fromkeys(map(_FILE, found))), code, severity, title,
                          len(found), where(found), message)


def _places():
    """problemplaces.places, worked out once for each list of places: units that filled the same
    cells wrongly share one text. A list is known by its sheets and its cells (two tuples of the
    problems' own strings: a pair for each problem kept 7 MB at 10,000 files), the last KEPT
    (most lists are a unit's own: remembering them all saved no time)."""
    seen: dict[tuple, str] = {}

    def where(ps: list[Problem]) -> str:
        cells = (tuple(map(_SHEET, ps)), tuple(map(_CELL, ps)))
        text = seen.get(cells)
        if text is None:
            if len(seen) >= KEPT:
                seen.clear()
            text = seen[cells] = places_at(*cells)
        return text

    return where


class UnitKinds:
    """unit_kinds of the files' problems, made each time it is read (one unit's at a time): where
    the outputs are written by two processes, only the one that writes 审核问题 makes it, and it
    keeps no row of every unit's kinds beside the summary (20,000 rows at 10,000 files)."""

    __slots__ = ("_blocks",)

    def __init__(self, blocks: list[list[Problem]]):
        self._blocks = blocks  # each file's problems

    def __iter__(self) -> Iterator[UnitKindRow]:
        return unit_kinds(self._blocks)

    def without(self, *severities: str) -> Iterator[UnitKindRow]:
        """The rows but those of the kinds of these levels (never made: 审核问题 lists no notes)."""
        return unit_kinds(self._blocks, frozenset(severities))

    def last(self, keep) -> UnitKindRow | None:
        """The last row that ``keep`` keeps (of the last unit that has one), the others not made."""
        grouped = ByUnit(self._blocks)
        for unit in reversed(grouped.units):
            kept = [r for r in _unit_rows(grouped.problems(unit), _places()) if keep(r)]
            if kept:
                return kept[-1]
        return None
