"""Problems for people: each kind once over the whole inbox (units and places it touches), and
per unit one line per kind with its cells listed together (the 审核问题 sheet)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from operator import attrgetter

from ..problems import SEVERITY_ORDER, Problem, kind_of, places, sorted_problems


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
_KIND, _UNIT_KIND = attrgetter("code", "severity"), attrgetter("unit", "code", "severity")
_SHEET_CELL, _FILE, _UNIT = attrgetter("sheet", "cell"), attrgetter("file"), attrgetter("unit")


def _grouped(problems: list[Problem], key) -> dict[tuple, list[Problem]]:
    """The problems by ``key(problem)``, in the order each key is first met, each group in order."""
    groups: dict[tuple, list[Problem]] = {}
    for p in problems:
        k = key(p)
        if k in groups:
            groups[k].append(p)
        else:
            groups[k] = [p]
    return groups


def problem_kinds(problems: list[Problem]) -> list[KindRow]:
    groups = _grouped(problems, _KIND)
    rows = [KindRow(code, severity, *kind_of(code), len(set(map(_UNIT, ps))), len(ps))
            for (code, severity), ps in groups.items()]
    return sorted(rows, key=lambda r: (SEVERITY_ORDER[r.severity], -r.units, -r.count, r.code))


def unit_kinds(problems: list[Problem]) -> list[UnitKindRow]:
    # each unit's problems of a kind in by_unit's order (sorting a kind's few alone gives the
    # order they have in the unit's sorted list: the sort is stable); the rows sorted below
    groups = _grouped(problems, _UNIT_KIND)
    where = _places()
    rows = []
    for (unit, code, severity), ps in groups.items():
        if len(ps) > 1:
            ps = sorted_problems(ps)
        title = kind_of(code)[0]
        message = ps[0].message if len(ps) == 1 else f"共 {len(ps)} 处。例:{ps[0].message}"
        rows.append(UnitKindRow(unit, "、".join(dict.fromkeys(map(_FILE, ps))), code, severity, title,
                                len(ps), where(ps), message))
    worst = {}  # units with errors first, then those with warnings, then notes only
    for r in rows:
        worst[r.unit] = min(worst.get(r.unit, 9), SEVERITY_ORDER[r.severity])
    return sorted(rows, key=lambda r: (worst[r.unit], r.unit, SEVERITY_ORDER[r.severity], r.code))


def _places():
    """problems.places, worked out once for each list of places: units that filled the same
    cells wrongly share one text."""
    seen: dict[tuple, str] = {}

    def where(ps: list[Problem]) -> str:
        cells = tuple(map(_SHEET_CELL, ps))
        text = seen.get(cells)
        if text is None:
            text = seen[cells] = places(ps)
        return text

    return where


class UnitKinds(Sequence):
    """unit_kinds(problems), made when first read: where the outputs are written by two processes,
    only the one that writes 审核问题 makes it (a list made before the fork is held by both)."""

    __slots__ = ("_problems", "_rows")

    def __init__(self, problems: list[Problem]):
        self._problems, self._rows = problems, None

    @property
    def rows(self) -> list[UnitKindRow]:
        if self._rows is None:
            self._rows, self._problems = unit_kinds(self._problems), None
        return self._rows

    def __getitem__(self, index):
        return self.rows[index]

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self):
        return iter(self.rows)
