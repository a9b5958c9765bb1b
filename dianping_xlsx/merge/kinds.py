"""Problems for people: each kind once over the whole inbox (units and places it touches), and
per unit one line per kind with its cells listed together (the 审核问题 sheet)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from itertools import repeat
from operator import attrgetter

from ..problemplaces import group_title, kind_of, places_at
from ..problems import GENERIC_RULE, RULE_PARAM, SEVERITY_ORDER, ByUnit, Problem, kinds_of, message_parts_of, units_of


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


def problem_kinds(blocks: Iterable[list[Problem]], rule_names: dict[str, str] | None = None) -> list[KindRow]:
    """Each kind of problem over the files' problems (``blocks``: each file's list): how many
    units and places it touches, counted file by file from what the problems share (none made);
    titled by group_title (``rule_names``: the notice's rules' names by id)."""
    counts: Counter = Counter()
    units: dict[tuple, set] = {}
    rules: dict[tuple, set] = {}
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
        if any(code == GENERIC_RULE for code, _ in kinds):
            for kind, parts in zip(kinds, message_parts_of(block)):
                if kind[0] == GENERIC_RULE:
                    rules.setdefault(kind, set()).add(_rule_of(parts[4], parts[5]))
    rows = [KindRow(code, severity, _title(code, severity, rules.get((code, severity), ()), rule_names),
                    kind_of(code)[1], len(units[code, severity]), count)
            for (code, severity), count in counts.items()]
    return sorted(rows, key=lambda r: (SEVERITY_ORDER[r.severity], -r.units, -r.count, r.code))


def rule_names(ts) -> dict[str, str]:
    """The names a table set's rules are shown by (Rule.what: its title, else its check), by id."""
    return {rule.id: rule.what for rule in ts.rules}


def _rule_of(names: tuple, values: tuple) -> str:
    """The id of the declared rule a problem's params name ("" when none)."""
    return values[names.index(RULE_PARAM)] if RULE_PARAM in names else ""


def _title(code: str, severity: str, rule_ids, rule_names: dict[str, str] | None) -> str:
    """group_title of a group whose problems name the rules ``rule_ids`` (a rule not known by name:
    the group's rules are not said)."""
    names = {(rule_names or {}).get(r) for r in rule_ids}
    return group_title(code, severity, () if None in names else names)


def unit_kinds(blocks: Iterable[list[Problem]], rule_names: dict[str, str] | None = None,
               skip: Collection[str] = ()) -> Iterator[UnitKindRow]:
    """Each unit's problems of a kind as one row, unit by unit in by_unit's order of units, and
    within a unit by level and code; ``blocks``: each file's problems; the kinds of a level in
    ``skip`` left out (their rows never made). A unit's problems are gathered and sorted when it
    is reached (problems.ByUnit): what is held at once is one unit's."""
    where = _places()
    for ps in ByUnit(blocks):
        yield from _unit_rows(ps, where, rule_names, skip)


def _unit_rows(ps: list[Problem], where, rule_names: dict[str, str] | None = None,
               skip: Collection[str] = ()) -> Iterator[UnitKindRow]:
    """A unit's rows, of its problems sorted (each kind's, a part of them, in their order)."""
    groups = _grouped(ps, _KIND)
    for (code, severity) in sorted(groups, key=lambda k: (SEVERITY_ORDER[k[1]], k[0])):
        if severity in skip:
            continue
        found = groups[code, severity]
        rule_ids = {_rule_of(p.param_names, p.param_values) for p in found} if code == GENERIC_RULE else ()
        title = _title(code, severity, rule_ids, rule_names)
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

    __slots__ = ("_blocks", "_rule_names")

    def __init__(self, blocks: list[list[Problem]], rule_names: dict[str, str] | None = None):
        self._blocks = blocks  # each file's problems
        self._rule_names = rule_names  # the notice's rules' names by id

    def __iter__(self) -> Iterator[UnitKindRow]:
        return unit_kinds(self._blocks, self._rule_names)

    def without(self, *severities: str) -> Iterator[UnitKindRow]:
        """The rows but those of the kinds of these levels (never made: 审核问题 lists no notes)."""
        return unit_kinds(self._blocks, self._rule_names, frozenset(severities))

    def last(self, keep) -> UnitKindRow | None:
        """The last row that ``keep`` keeps (of the last unit that has one), the others not made."""
        grouped = ByUnit(self._blocks)
        for unit in reversed(grouped.units):
            kept = [r for r in _unit_rows(grouped.problems(unit), _places(), self._rule_names) if keep(r)]
            if kept:
                return kept[-1]
        return None
