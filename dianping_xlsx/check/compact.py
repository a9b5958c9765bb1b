"""A unit's values and cell positions, kept compact.

A merge holds every accepted unit's values until the end (the 明细 sheet and
summary.csv list them all). As dicts of Key -> value, 10,000 units took about
490 MB and cost most of the time spent passing results from the worker
processes. Here each unit keeps flat arrays aligned with the table set's keys
(shared, never copied): a few kilobytes per unit, and cheap to pickle.
Both classes are read-only Mappings, so the code that reads them is unchanged.
Each array takes the smallest type its numbers fit in; files of the same layout (a template's,
most of them) share one array of positions once they reach the parent (_layout).
"""

from __future__ import annotations

import struct
import sys
import weakref
from array import array
from collections.abc import Mapping
from itertools import chain, repeat
from operator import itemgetter

from ..model import Cell, Submission
from ..definitions import Key, TableSet
from ..definitions.tables import by_fingerprint, register
from ..read.layoutmemo import raws_of

MISSING = -1
_TYPES = ("h", "i")  # signed, 2 and 4 bytes (native, as array's); else 8 ("q")
_LAYOUTS: "weakref.WeakValueDictionary[tuple, array]" = weakref.WeakValueDictionary()


def smallest(numbers: list[int]) -> array:
    """The numbers in an array of the smallest type that holds them all (packed at once: struct
    refuses a number out of a type's range as the array would)."""
    for code in _TYPES:
        try:
            return array(code, struct.pack(f"{len(numbers)}{code}", *numbers))
        except struct.error:
            continue
    return array("q", numbers)  # OverflowError: as the 8-byte array always did


def _layout(pos: array) -> array:
    """One array for the positions of every file laid out alike (in the parent: see Cells)."""
    key = (pos.typecode, pos.tobytes())
    shared = _LAYOUTS.get(key)
    if shared is None:
        _LAYOUTS[key] = shared = pos
    return shared


def key_index(fingerprint: str) -> tuple[list[Key], dict[Key, int]]:
    """The keys of a loaded table set, by its fingerprint (shared, never copied or pickled)."""
    ts = by_fingerprint(fingerprint)
    return ts.keys, ts.key_index


class Values(Mapping):
    """Key -> count (>= 0), for the keys that were read."""

    __slots__ = ("_source", "_data")

    def __init__(self, source: str, data: array):
        self._source, self._data = source, data

    @classmethod
    def of(cls, source: str, values: Mapping[Key, int]) -> "Values":
        """``source``: the table set's fingerprint."""
        keys = key_index(source)[0]
        return cls(source, smallest(list(map(values.get, keys, repeat(MISSING, len(keys))))))

    def __getitem__(self, key: Key) -> int:
        i = key_index(self._source)[1].get(key)
        if i is None or self._data[i] == MISSING:
            raise KeyError(key)
        return self._data[i]

    def __iter__(self):
        keys = key_index(self._source)[0]
        return (keys[i] for i, v in enumerate(self._data) if v != MISSING)

    def __len__(self) -> int:
        return len(self._data) - self._data.count(MISSING)

    def __reduce__(self):
        return (_values, (self._source, self._data))


def _values(source: str, data: array) -> Values:
    """Values unpickled: the table set's fingerprint one string for every unit."""
    return Values(sys.intern(source), data)


class Cells(Mapping):
    """Key -> Cell: where each value was found. The typed text is kept only where it
    could not be read as a count; a cell left blank (read as 0) keeps ``raw`` "" (one bit each:
    a return file leaves it blank, never writes a 0 into it); elsewhere ``raw`` is the count itself."""

    __slots__ = ("_source", "_sheets", "_pos", "_raws", "_values", "_blank")

    def __init__(self, source, sheets, pos, raws, values, blank=b""):
        self._source, self._sheets, self._pos, self._raws, self._values = source, sheets, pos, raws, values
        self._blank = blank

    @classmethod
    def of(cls, source: str, cells: Mapping[Key, Cell], values: Values) -> "Cells":
        keys = key_index(source)[0]
        layout = getattr(cells, "layout", None)  # cells located from the memo (read/layoutmemo.Placed)
        placed = layout.get(source) if layout is not None else None
        if placed is None:
            placed = _positions(cells, keys)
            if layout is not None:  # the same for every workbook of the layout: made once
                layout[source] = placed
        return cls(source, *placed, _raws(cells, keys, values), values, _blanks(cells, keys, values))

    def __getitem__(self, key: Key) -> Cell:
        i = key_index(self._source)[1].get(key)
        if i is None or self._pos[3 * i] == MISSING:
            raise KeyError(key)
        sheet, row, col = self._pos[3 * i:3 * i + 3]
        if i in self._raws:
            raw = self._raws[i]
        elif i >> 3 < len(self._blank) and self._blank[i >> 3] >> (i & 7) & 1:
            raw = ""
        else:
            raw = self._values.get(key, "")
        return Cell(self._sheets[sheet], row, col, raw)

    def __iter__(self):
        keys = key_index(self._source)[0]
        return (keys[i] for i in range(len(keys)) if self._pos[3 * i] != MISSING)

    def __len__(self) -> int:
        sheets = self._pos[::3]  # each place's sheet: MISSING where the key was not found
        return len(sheets) - sheets.count(MISSING)

    def __reduce__(self):
        return (_cells, (self._source, self._sheets, self._pos, self._raws, self._values, self._blank))


_SHEET = itemgetter(0)


def _positions(cells: Mapping[Key, Cell], keys: list[Key]) -> tuple[tuple[str, ...], array]:
    """The sheets' names, and (sheet number, row, column) of each key's cell (MISSING where none)."""
    sheets = list(dict.fromkeys(map(_SHEET, cells.values())))
    number = {name: n for n, name in enumerate(sheets)}
    found = list(map(cells.get, keys))
    if None not in found:  # every key found (a template's file): at once
        flat = list(chain.from_iterable(found))  # sheet, row, column, raw of each
        del flat[3::4]
        flat[0::3] = map(number.__getitem__, flat[0::3])
    else:
        flat = []
        for cell in found:
            flat += (MISSING, MISSING, MISSING) if cell is None else (number[cell.sheet], cell.row, cell.col)
    return tuple(sheets), smallest(flat)


def _raws(cells: Mapping[Key, Cell], keys: list[Key], values: "Values") -> dict:
    """The typed text of the cells whose value could not be read (keys and values share one order)."""
    data = values._data
    if MISSING not in data:
        return {}
    return {i: cells[keys[i]].raw for i, v in enumerate(data) if v == MISSING and keys[i] in cells}


def _blanks(cells: Mapping[Key, Cell], keys: list[Key], values: "Values") -> bytes:
    """A bit for each key whose cell was left blank and read as a count (0): b"" when none. The
    blanks are found by list searches in C over the cells' values (a loop over every key, each
    looked up, cost a worker 0.05 ms a file), only each blank's key looked up."""
    raws = raws_of(cells)
    if "" not in raws and None not in raws:
        return b""
    data, index, order, found = values._data, key_index(values._source)[1], list(cells), []
    for blank in ("", None):
        j = -1
        while True:
            try:
                j = raws.index(blank, j + 1)
            except ValueError:
                break
            i = index.get(order[j])
            if i is not None and data[i] != MISSING:
                found.append(i)
    if not found:
        return b""
    bits = bytearray(max(found) // 8 + 1)
    for i in found:
        bits[i >> 3] |= 1 << (i & 7)
    return bytes(bits)


def _cells(source, sheets, pos, raws, values, blank=b"") -> Cells:
    """Cells unpickled: their positions (and sheet names) shared with every file laid out alike."""
    return Cells(sys.intern(source), tuple(map(sys.intern, sheets)), _layout(pos), raws, values, blank)


def compact_data(values: Mapping, keys) -> array | None:
    """The array behind compact values in the order of ``keys`` (MISSING where none), or None."""
    if isinstance(values, Values) and keys is key_index(values._source)[0]:
        return values._data
    return None


def in_order(values: Mapping, keys) -> list[int]:
    """Every value in the order of ``keys`` (the table set's), 0 where missing."""
    data = compact_data(values, keys)
    if data is not None:
        return [v if v != MISSING else 0 for v in data]
    get = values.get
    return [get(k, 0) for k in keys]


def compact(sub: Submission, ts: TableSet) -> None:
    """Replace a submission's dicts by their compact forms (in place)."""
    register(ts)
    source = ts.fingerprint
    values = Values.of(source, sub.values)
    sub.cells = Cells.of(source, sub.cells, values)
    sub.values = values
