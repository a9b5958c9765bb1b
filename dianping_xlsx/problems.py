"""Problems found in submitted files: typed, with a stable code and a position.

Every problem has a code (stable, for tests and scripts), a severity, a
position (file, sheet, cell) and a Chinese message rendered from the template
of its code. The 审核问题 sheet, the CLI and the CSV all render the same objects.
"""

from __future__ import annotations

import functools
import operator
import sys
import threading
from collections import namedtuple
from array import array
from dataclasses import dataclass
from itertools import accumulate, chain, islice
from typing import Iterable, Iterator

from .errors import BadValue
from .catalogue import (CATALOGUE, ERROR, INFO, SEVERITY_ORDER, SEVERITY_ZH, WARNING, Kind,  # noqa: F401
                        placeholders)

RULE_PREFIX = "rule."  # codes of the rules a table set declares, with their own message and severity
GENERIC_RULE = "rule.failed"  # a declared rule's code when it names none: its title says nothing of the rule
RULE_PARAM = "rule"  # the param a declared rule's failure names its rule (the rule's id) by


class ProblemError(Exception):
    """What a stage raises when a whole file (or a roster, a previous summary) cannot be used:
    the Problem that says so, in Chinese, with its code."""

    def __init__(self, code: str, **params):
        self.problem = Problem(code, params=params)
        super().__init__(self.problem.message)

    @property
    def code(self) -> str:
        return self.problem.code

    @property
    def params(self) -> dict:
        return self.problem.params


# the param of the words said only of a file counted in the summary (Kind.counted); not "counted",
# which other kinds' messages fill with a number
COUNTED = "in_sum"
_FIELDS = ("code", "file", "sheet", "cell", "unit")  # what tells one problem from another
_SHARED: dict = {}  # params' names and targets, one object for each (a few hundred at most)
_SAME_PARAMS = frozenset({"file", "sheet", "cell", "unit", "severity", "target"})  # located() copies as is


def _shared(value):
    """One object for equal values: strings interned, tuples (params' names, targets) kept once."""
    if type(value) is str:
        return sys.intern(value)
    return _SHARED.setdefault((value.__class__, value), value) if isinstance(value, tuple) else value


_Fields = namedtuple("_Fields", ("code", "file", "sheet", "cell", "unit", "severity", "template", "target",
                                 "param_names", "param_values"))


class Problem(_Fields):
    """One problem: code, position (file, sheet, cell, unit), ``params`` (the message's values),
    severity (error | warning | info: the catalogue's, unless given: a rule declared in the table
    set, a run's --error), a declared rule's own message ``template``, and ``target``, the input
    value it is about (a definitions.Key) when there is one. Immutable; equal by code and position.

    A merge of 10,000 files holds over 100,000 of them: each keeps its params as a tuple of values
    beside a tuple of their names (a dict each cost more than the problem), and one that comes from
    a worker process shares its strings, names and target with every other (see _restore). A
    tuple underneath: made in one step (the parent unpacks 100,000 of them), its fields read as
    fast as a class's slots."""

    __slots__ = ()

    def __new__(cls, code: str, file: str = "", sheet: str = "", cell: str = "", unit: str = "",
                params: dict | None = None, severity: str = "", template: str = "", target: tuple | None = None):
        params = params or {}
        kind = CATALOGUE.get(code)
        if kind is None and not (code.startswith(RULE_PREFIX) and template):
            raise ValueError(f"unknown problem code {code}")
        if kind is not None and kind.counted and COUNTED not in params:  # said of a counted file until
            params = {**params, COUNTED: kind.counted}  # the merge decides otherwise (uncounted)
        if not severity:
            severity = kind.severity if kind is not None else ERROR
        elif severity not in SEVERITY_ORDER:
            raise ValueError(f"problem {code}: unknown severity {severity!r}")
        needed = _placeholders(template) if template else kind.fields
        if not needed <= params.keys():
            raise ValueError(f"problem {code} made without {sorted(needed - params.keys())}")
        return _new(cls, (code, file, sheet, cell, unit, severity, template, target, tuple(params),
                          tuple(params.values())))

    def __eq__(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return all(getattr(self, f) == getattr(other, f) for f in _FIELDS)

    def __ne__(self, other):  # not the tuple's: equal by code and position alone
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    def __hash__(self):
        return hash(tuple(getattr(self, f) for f in _FIELDS))

    def __repr__(self) -> str:
        return (f"Problem(code={self.code!r}, file={self.file!r}, sheet={self.sheet!r}, cell={self.cell!r}, "
                f"unit={self.unit!r}, params={self.params!r}, severity={self.severity!r}, "
                f"template={self.template!r}, target={self.target!r})")

    def __reduce__(self):
        return (_restore, tuple(self))

    @classmethod
    def checked(cls, code: str, file: str, sheet: str, cell: str, unit: str, names: tuple, values: tuple,
                severity: str, template: str, target: tuple | None) -> "Problem":
        """A problem whose code, severity and params were checked already (a declared rule's
        failure: its message's names and severity checked when the table set was loaded)."""
        return _new(cls, (code, file, sheet, cell, unit, severity, template, target, names, values))

    @property
    def params(self) -> dict:
        """The message's values by name (a new dict each time)."""
        return dict(zip(self.param_names, self.param_values))

    @property
    def kind(self) -> Kind | None:
        return CATALOGUE.get(self.code)

    @property
    def message(self) -> str:
        return (self.template or CATALOGUE[self.code].template).format(**self.params)

    def for_sender(self) -> "Problem":
        """The problem as `dianping check` says it to the unit checking its own file: its kind's
        sender wording where the clerk's talks of the inbox and the merge (Kind.sender), else itself."""
        kind = self.kind
        if kind is None or not kind.sender or self.template:
            return self
        return Problem(self.code, self.file, self.sheet, self.cell, self.unit, self.params, self.severity,
                       kind.sender, self.target)

    @property
    def position(self) -> str:
        """Where, in words: 附件2!C5."""
        if self.sheet and self.cell:
            return f"{self.sheet}!{self.cell}"
        return self.sheet or self.cell

    def located(self, **changes) -> "Problem":
        """The same problem with its position completed (file, unit...) or its severity changed."""
        if not _SAME_PARAMS.issuperset(changes):
            data = {name: getattr(self, name) for name in _FIELDS + ("severity", "template", "target")}
            return Problem(**{**data, "params": self.params, **changes})
        if changes.get("severity", ERROR) not in SEVERITY_ORDER:
            raise ValueError(f"problem {self.code}: unknown severity {changes['severity']!r}")
        get = changes.get
        return _new(Problem, (self.code, get("file", self.file), get("sheet", self.sheet), get("cell", self.cell),
                              get("unit", self.unit), get("severity", self.severity), self.template,
                              get("target", self.target), self.param_names, self.param_values))

    def to_dict(self) -> dict:
        """The one serialisation: every structured field (check --json, problem_records(), frames)."""
        target = dict(zip(("table", "category", "metric", "round"), self.target)) if self.target else None
        return {"code": self.code, "severity": self.severity, "file": self.file, "unit": self.unit,
                "sheet": self.sheet, "cell": self.cell, "target": target, "params": self.params,
                "message": self.message}


def _restore(code, file, sheet, cell, unit, severity, template, target, names, values) -> Problem:
    """A problem unpickled (from a worker): checked when it was made; its strings and tuples
    shared with every other problem's (_shared, a text interned without calling it: the parent
    restores 112,000 at 10,000 files), its params' text values too (a unit's name, a category).
    Its file and unit are one object for the file's problems already (the pickle's memo)."""
    return _new(Problem, (
        _intern(code) if code.__class__ is str else _shared(code), file,
        _intern(sheet) if sheet.__class__ is str else _shared(sheet),
        _intern(cell) if cell.__class__ is str else _shared(cell), unit,
        _intern(severity) if severity.__class__ is str else _shared(severity),
        _intern(template) if template.__class__ is str else _shared(template), _shared(target), _shared(names),
        tuple([_intern(v) if v.__class__ is str else v for v in values])))


_new, _intern = tuple.__new__, sys.intern


def pack(problems: list[Problem]) -> tuple:
    """A file's problems as one block of plain tuples, for pickling at once (a worker's result):
    no call of ours per problem, its target (a named tuple) sent as a plain tuple of its class.
    unpack() makes the same problems of it, shared as _restore shares them."""
    kinds = {p.target.__class__ for p in problems if p.target is not None}
    if len(kinds) > 1 or not all(issubclass(k, tuple) for k in kinds) or \
            any(p.__class__ is not Problem for p in problems):
        return (None, problems)  # not seen in a worker: pickled one by one
    rows = [(p.code, p.file, p.sheet, p.cell, p.unit, p.severity, p.template,
             None if p.target is None else tuple(p.target), p.param_names, p.param_values) for p in problems]
    return (kinds.pop() if kinds else None, rows)


def unpack(block: tuple) -> "Problems":
    """pack()'s problems again, held compactly (Problems): their shared parts looked up once for
    each problem, in a loop without a call of ours per problem (the parent unpacks 112,000
    problems at 10,000 files); its params' text values interned."""
    kind, rows = block
    if not rows or rows[0].__class__ is Problem:
        return Problems.of(rows)
    file, unit = rows[0][1], rows[0][4]
    if any(row[1] != file or row[4] != unit for row in rows):  # not seen from a worker: a file's all alike
        return Problems.of(_restore(*row[:7], None if row[7] is None else _new(kind, row[7]), *row[8:])
                           for row in rows)
    intern, ids, heads, values = _intern, _HEAD_IDS, array("I"), []
    add, more = heads.append, values.extend
    for code, _, sheet, cell, _, severity, template, target, names, vals in rows:
        key = (code, sheet, cell, severity, template, target, names, None if target is None else kind)
        found = ids.get(key)
        add(_head_id(key) if found is None else found)
        more([intern(v) if v.__class__ is str else v for v in vals])
    return Problems._made(heads, tuple(values), file, unit, None)


# What the problems of every file share, each once in the process: (code, sheet, cell, severity,
# template, target, names) by id (a few hundred kinds and places), and whether each is an error.
_HEADS: list[tuple] = []
_HEAD_IDS: dict[tuple, int] = {}
_HEAD_ERRORS = bytearray()
_HEAD_KINDS: list[tuple[str, str]] = []  # each one's (code, severity)
_HEAD_CODES: list[str] = []
_HEAD_SEVERITIES: list[str] = []
_HEAD_ORDER: list[tuple] = []  # each one's place in sorted_problems' order within a file


def _head_id(key: tuple) -> int:
    """The id of a problem's shared parts (``key``: them and its target's class), added when new:
    its texts interned, its target made of its class (a worker sends a plain tuple). Under a
    lock: the desk may merge in a thread of its own while another reads."""
    with _HEADS_ADDED:
        found = _HEAD_IDS.get(key)
        if found is not None:
            return found
        code, sheet, cell, severity, template, target, names, kind = key
        if target is not None and target.__class__ is not kind:
            target = _new(kind, target)
        head = tuple(map(_shared, (code, sheet, cell, severity, template, target, names)))
        _HEADS.append(head)
        _HEAD_ERRORS.append(severity == ERROR)
        _HEAD_KINDS.append((head[0], head[3]))
        _HEAD_CODES.append(head[0])
        _HEAD_SEVERITIES.append(head[3])
        _HEAD_ORDER.append((SEVERITY_ORDER[head[3]], head[1], _cell_order(head[2])))
        found = _HEAD_IDS[key] = len(_HEADS) - 1  # known to others only once complete
        return found


_HEADS_ADDED = threading.Lock()


class Problems:
    """A file's problems held compactly (a merge of 10,000 files holds 112,000: as Problem objects
    they were a fifth of its memory, twice counted once its writers fork): each as the id of its
    shared parts (_HEADS) in an array, its params' values in one tuple for the file, its file
    and unit once; problems added later (a note, a located copy) as they are. Read as a list of
    Problem objects, each made when it is read (in the order they were added); asked for its
    codes, severities, units or errors, it reads the shared parts alone."""

    __slots__ = ("_heads", "_values", "_file", "_unit", "_extra")

    def __init__(self, problems: Iterable[Problem] = ()):
        self._heads, self._values, self._file, self._unit, self._extra = array("I"), (), "", "", None
        self.extend(problems)

    @classmethod
    def _made(cls, heads, values, file, unit, extra) -> "Problems":
        made = object.__new__(cls)
        made._heads, made._values, made._file, made._unit, made._extra = heads, values, file, unit, extra
        return made

    @classmethod
    def of(cls, problems: Iterable[Problem]) -> "Problems":
        """The problems held compactly: those of the first one's file and unit until another's,
        the rest as they are."""
        problems = list(problems)
        if not problems or problems[0].__class__ is not Problem:
            return cls._made(array("I"), (), "", "", problems or None)
        file, unit = problems[0].file, problems[0].unit
        heads, values, ids = array("I"), [], _HEAD_IDS
        for n, p in enumerate(problems):
            if p.__class__ is not Problem or p.file != file or p.unit != unit:
                return cls._made(heads, tuple(values), file, unit, problems[n:])
            target = p.target
            key = (p.code, p.sheet, p.cell, p.severity, p.template, target, p.param_names,
                   None if target is None else target.__class__)
            found = ids.get(key)
            heads.append(_head_id(key) if found is None else found)
            values.extend(p.param_values)
        return cls._made(heads, tuple(values), file, unit, None)

    def __iter__(self):
        table, new, file, unit, values, i = _HEADS, _new, self._file, self._unit, self._values, 0
        for h in self._heads:
            code, sheet, cell, severity, template, target, names = table[h]
            n = i + len(names)
            yield new(Problem, (code, file, sheet, cell, unit, severity, template, target, names, values[i:n]))
            i = n
        if self._extra:
            yield from self._extra

    def __len__(self) -> int:
        return len(self._heads) + (len(self._extra) if self._extra else 0)

    def __getitem__(self, index):
        if isinstance(index, slice) or not -len(self) <= index < len(self):
            return list(self)[index]
        if index < 0 and self._extra and index >= -len(self._extra):
            return self._extra[index]
        return next(islice(self, index % len(self), None))

    def __eq__(self, other):
        if isinstance(other, (Problems, list)):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # a list's: unhashable, equal to a list of the same problems

    def __repr__(self) -> str:
        return f"Problems({list(self)!r})"

    def __reduce__(self):
        return (Problems.of, (list(self),))

    def append(self, problem: Problem) -> None:
        if self._extra is None:
            self._extra = []
        self._extra.append(problem)

    def extend(self, problems: Iterable[Problem]) -> None:
        for p in problems:
            self.append(p)

    def __iadd__(self, problems: Iterable[Problem]) -> "Problems":
        self.extend(problems)
        return self

    def __add__(self, problems: Iterable[Problem]) -> "Problems":
        return self._made(self._heads, self._values, self._file, self._unit, [*(self._extra or ()), *problems] or None)

    def copy(self) -> "Problems":
        """Another list of the same problems (the compact ones shared: they never change)."""
        return self + ()

    def located(self, **changes) -> "Problems":
        """Each problem located as Problem.located(**changes) does; a file or unit changed once."""
        extra = [p.located(**changes) for p in self._extra] if self._extra else None
        if not self._heads or not {"file", "unit"}.issuperset(changes):
            return Problems.of([p.located(**changes) for p in self._compact()] + (extra or []))
        return self._made(self._heads, self._values, changes.get("file", self._file),
                          changes.get("unit", self._unit), extra)

    def sorted(self) -> list[Problem]:
        """sorted_problems(self), the compact ones put in order by their shared parts' place
        (their file is one) before any is made (a sort key made for each problem was half of
        reading them)."""
        if self._extra:
            return sorted_problems(self)
        heads, table, values, file, unit, new = self._heads, _HEADS, self._values, self._file, self._unit, _new
        parts = list(map(table.__getitem__, heads))
        ends = list(accumulate(map(len, map(_NAMES, parts))))
        out = []
        for i in sorted(range(len(heads)), key=list(map(_HEAD_ORDER.__getitem__, heads)).__getitem__):
            code, sheet, cell, severity, template, target, names = parts[i]
            end = ends[i]
            out.append(new(Problem, (code, file, sheet, cell, unit, severity, template, target, names,
                                     values[end - len(names):end])))
        return out

    def _compact(self):
        return islice(self, len(self._heads))

    def message_parts(self) -> list[tuple]:
        """message_parts_of(self): of the compact ones from their shared parts (none made)."""
        table, values, i, out = _HEADS, self._values, 0, []
        for h in self._heads:
            code, sheet, cell, _, template, _, names = table[h]
            n = i + len(names)
            out.append((code, sheet, cell, template, names, values[i:n]))
            i = n
        if self._extra:
            out += map(_MESSAGE_PARTS, self._extra)
        return out

    def kinds(self) -> Iterator[tuple[str, str]]:
        """Each problem's (code, severity), from the shared parts (none made)."""
        return self._read(_HEAD_KINDS, _KIND)

    def codes(self) -> Iterator[str]:
        return self._read(_HEAD_CODES, _CODE)

    def severities(self) -> Iterator[str]:
        return self._read(_HEAD_SEVERITIES, _SEVERITY)

    def _read(self, shared: list, field) -> Iterator:
        """A field of each problem: of the compact ones from ``shared`` (by their parts' id)."""
        found = map(shared.__getitem__, self._heads)
        return chain(found, map(field, self._extra)) if self._extra else found

    def units(self) -> set[str]:
        found = {self._unit} if self._heads else set()
        return found.union(p.unit for p in self._extra) if self._extra else found

    def has_errors(self) -> bool:
        return any(map(_HEAD_ERRORS.__getitem__, self._heads)) or has_errors(self._extra or ())


_placeholders = functools.lru_cache(maxsize=256)(placeholders)


@functools.lru_cache(maxsize=1 << 14)  # a few hundred cells over 100,000 problems: each worked out once
def _cell_order(cell: str) -> tuple[int, str]:
    cell = cell.split(":")[0]  # a range (C5:I5) by its first cell
    letters = cell.rstrip("0123456789")
    digits = cell[len(letters):]
    return (int(digits) if digits else 0, f"{len(letters)}{letters}")


def sorted_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Errors first, then warnings, then notes; by sheet and cell (row by row) within each."""
    return sorted(problems, key=lambda p: (SEVERITY_ORDER[p.severity], p.file, p.sheet, _cell_order(p.cell)))


def by_unit(problems: Iterable[Problem]) -> dict[str, list[Problem]]:
    """Problems grouped by unit, errors first within each; units with errors first, then those
    with warnings, then those with notes only (each in name order)."""
    groups: dict[str, list[Problem]] = {}
    for p in problems:
        unit = p.unit
        if unit in groups:
            groups[unit].append(p)
        else:
            groups[unit] = [p]
    rank = SEVERITY_ORDER.__getitem__
    order = sorted(groups, key=lambda u: (min(map(rank, map(_SEVERITY, groups[u]))), u))
    return {unit: sorted_problems(groups[unit]) for unit in order}


_SEVERITY, _UNIT = operator.attrgetter("severity"), operator.attrgetter("unit")


class ByUnit:
    """by_unit() of problems held in blocks (each file's list), made one unit at a time: the units
    and their order found in one pass, each unit's problems gathered from its blocks and sorted
    only when it is reached (by_unit of 112,000 problems held a list and a group of each at once).
    Iterating gives each unit's sorted list, in by_unit's order of units."""

    __slots__ = ("units", "count", "_one", "_where")

    def __init__(self, blocks: Iterable[list[Problem]]):
        one: dict[str, list] = {}  # unit -> its one block, all of it the unit's (most units: a file)
        where: dict[str, list] = {}  # unit -> (block, whether all of it is the unit's), in order: the others
        worst: dict[str, int] = {}
        rank = SEVERITY_ORDER.__getitem__
        count = 0
        for block in blocks:
            if not block:
                continue
            count += len(block)
            units = units_of(block)
            for unit in units:
                mine = severities_of(block) if len(units) == 1 else [p.severity for p in block if p.unit == unit]
                least = min(map(rank, mine))
                if unit not in worst:
                    worst[unit] = least
                    if len(units) == 1:
                        one[unit] = block
                        continue
                    where[unit] = []
                else:
                    worst[unit] = min(worst[unit], least)
                    if unit in one:
                        where[unit] = [(one.pop(unit), True)]
                where[unit].append((block, len(units) == 1))
        self.units = sorted(worst, key=lambda u: (worst[u], u))
        self.count, self._one, self._where = count, one, where

    def problems(self, unit: str) -> list[Problem]:
        """The unit's problems, sorted (sorted_problems of them in the order of their blocks)."""
        block = self._one.get(unit)
        if block is not None:
            return block.sorted() if block.__class__ is Problems else sorted_problems(block)
        found: list[Problem] = []
        for block, whole in self._where[unit]:
            found.extend(block if whole else [p for p in block if p.unit == unit])
        return sorted_problems(found)

    def __iter__(self):
        return map(self.problems, self.units)


def has_errors(problems: Iterable[Problem]) -> bool:
    if problems.__class__ is Problems:
        return problems.has_errors()
    return any(p.severity == ERROR for p in problems)


_CODE, _KIND = operator.attrgetter("code"), operator.attrgetter("code", "severity")
_NAMES = operator.itemgetter(6)  # a problem's shared parts' params' names


def codes_of(problems: Iterable[Problem]) -> Iterable[str]:
    """Each problem's code (of Problems: from their shared parts, none made)."""
    return problems.codes() if problems.__class__ is Problems else map(_CODE, problems)


def severities_of(problems: Iterable[Problem]) -> Iterable[str]:
    """Each problem's severity (of Problems: from their shared parts, none made)."""
    return problems.severities() if problems.__class__ is Problems else map(_SEVERITY, problems)


def kinds_of(problems: Iterable[Problem]) -> Iterable[tuple[str, str]]:
    """Each problem's (code, severity) (of Problems: from their shared parts, none made)."""
    return problems.kinds() if problems.__class__ is Problems else map(_KIND, problems)


_MESSAGE_PARTS = operator.attrgetter("code", "sheet", "cell", "template", "param_names", "param_values")


def message_parts_of(problems: Iterable[Problem]) -> list[tuple]:
    """What each problem's message is made of, and where: (code, sheet, cell, template, params'
    names, params' values)."""
    return problems.message_parts() if problems.__class__ is Problems else list(map(_MESSAGE_PARTS, problems))


def units_of(problems: Iterable[Problem]) -> set[str]:
    """The units the problems are of."""
    return problems.units() if problems.__class__ is Problems else set(map(_UNIT, problems))


def first_of(problems, code: str) -> Problem | None:
    """The first problem of that code, or None (the others never made)."""
    for i, found in enumerate(codes_of(problems)):
        if found == code:
            return problems[i]
    return None


def located_all(problems, **changes):
    """Each problem located (Problem.located): Problems stay compact, a list stays a list."""
    if problems.__class__ is Problems:
        return problems.located(**changes)
    return [p.located(**changes) for p in problems]


def uncounted(problems):
    """The problems of a file not counted in the summary (sent back, replaced), said without the
    words that say it is counted (Kind.counted); the same list when none says them."""
    if not any(COUNTED in p.param_names and p.params[COUNTED] for p in problems):
        return problems
    return [p.located(params={**p.params, COUNTED: ""}) if COUNTED in p.param_names else p for p in problems]


def flatten(problems: Iterable[Problem], fields=("code", "sheet", "cell")) -> list[list]:
    """Problems as short lists, for tests: ``[["value.negative", "附件1", "C5"], ...]``."""
    return [[getattr(p, f) for f in fields] for p in problems]


# -- policy: what a run (or a table set) silences or raises ---------------------------------


@dataclass(frozen=True)
class Policy:
    """Problem kinds silenced (``ignore``) or made errors (``raise_``) for a run. Errors cannot
    be silenced: a value that cannot be read must never be summed."""

    ignore: frozenset[str] = frozenset()
    raise_: frozenset[str] = frozenset()

    def __post_init__(self):
        for code in self.ignore | self.raise_:
            if code not in CATALOGUE and not code.startswith(RULE_PREFIX):
                raise BadValue(f"没有“{code}”这种问题(代码见 docs/问题代码.md 或“审核问题”表的“代码”列)")
        errors = sorted(c for c in self.ignore if c in CATALOGUE and CATALOGUE[c].severity == ERROR)
        if errors:
            raise BadValue(f"“{'、'.join(errors)}”是错误,不能忽略(否则会把读不出的数字计入汇总)")

    def merged(self, other: "Policy") -> "Policy":
        return Policy(self.ignore | other.ignore, self.raise_ | other.raise_)

    def apply(self, problems: Iterable[Problem]) -> list[Problem]:
        """The problems as the run wants them (a new list; Problems, compact, for Problems)."""
        if problems.__class__ is Problems:
            codes = set(problems.codes())
            if self.ignore.isdisjoint(codes) and self.raise_.isdisjoint(codes):
                return problems.copy()
            return Problems.of(self.apply(list(problems)))
        out = []
        for p in problems:
            if p.code in self.ignore and p.severity != ERROR:
                continue
            out.append(p.located(severity=ERROR) if p.code in self.raise_ else p)
        return out


NO_POLICY = Policy()  # nothing silenced, nothing raised
