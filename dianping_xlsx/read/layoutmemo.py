"""A workbook located once per layout: the files of a batch are mostly filled in one template.

Locating (locate.py) reads three things of a cell: its comparable text (Grid.norm), whether it
holds anything (not "" or None), and, for the cells it takes (value cells, the values of 填报单位
and 填报时间), the value itself, copied into the result. Its rows' lengths bound what it reads.

An entry keeps a located workbook as a recipe: the cells it took, by place, and everything else
it found (tables, problems, label cells) as it was. A workbook gets the entry's result when
- its sheets have the same names and the same row lengths (the memo's key, LayoutMemo.key);
- every cell it did not take equals the entry's cell (a text: the same text; a comparable text is
  a pure function of it);
- every cell it took reads the same to locating (LayoutMemo.sig): whether it holds anything, and
  its text, except that a text locating can only skip (no header, category, title, marker or
  line label: _Inert) reads as no text: a number, a value typed as 12人, a unit's name, a date;
- and none of those cells was read where locating tells a text from no text or reads it whole: a
  row's label, the cell below a header (locate.Locator._label_reads; an entry is made only so).
Locating then goes through the same steps and reaches the same result, but for the values it
copies, which are copied from the workbook's own cells here. Each sheet's Grid.word_set (what the
ledgers and evaluation forms are looked for by) is made here too: the entry's words of the cells
not taken, and the words of the taken ones (none when they are all numbers).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping
from functools import partial
from operator import itemgetter

from ..model import Cell
from ..text import normalise

MAX_SHAPES = 32  # sheet names and row lengths remembered (each with MAX_ENTRIES layouts)
MAX_ENTRIES = 2
MAX_ROWS, MAX_CELLS = 300, 6000  # a workbook kept at most (larger ones, with ledgers: the long way)
MAX_TEXTS = 4096  # texts' sig remembered
_BLANK, _ZERO = "", 0.0  # after a workbook's cells: a cell past its row's end; a filler (_getter)
_cell = partial(tuple.__new__, Cell)
_RAW = itemgetter(3)  # a Cell's value


class Placed(Mapping):
    """The cells of a workbook located from an entry: Key -> Cell, each made when asked, from the
    entry's keys and places (shared) and this workbook's values, ``raws`` (in the keys' order);
    and ``layout``, the entry's dict for what others make of its places once (check/compact.py:
    the cells' positions). Read-only; pickled as a plain dict."""

    __slots__ = ("_keys", "_index", "_sheets", "_rows", "_cols", "raws", "layout")

    def __init__(self, keys: list, index: dict, places: list, raws: tuple, layout: dict):
        self._keys, self._index, self.raws, self.layout = keys, index, raws, layout
        self._sheets, self._rows, self._cols = places

    def __getitem__(self, key) -> Cell:
        i = self._index[key]
        return _cell((self._sheets[i], self._rows[i], self._cols[i], self.raws[i]))

    def get(self, key, default=None):
        i = self._index.get(key)
        return default if i is None else _cell((self._sheets[i], self._rows[i], self._cols[i], self.raws[i]))

    def __contains__(self, key) -> bool:
        return key in self._index

    def __iter__(self):
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def values(self) -> list[Cell]:  # every cell at once (a list, not a view)
        return list(map(_cell, zip(self._sheets, self._rows, self._cols, self.raws)))

    def items(self) -> list[tuple]:
        return list(zip(self._keys, self.values()))

    def first_rows(self) -> dict[str, int]:
        """Each sheet's first row holding a cell, worked out once for the entry (its layout)."""
        found = self.layout.get(_FIRST_ROWS)
        if found is None:
            found = self.layout[_FIRST_ROWS] = first_rows(zip(self._sheets, self._rows))
        return found

    def __reduce__(self):
        return (dict, (self.items(),))

    def __repr__(self) -> str:
        return f"Placed({dict(self.items())!r})"


_FIRST_ROWS = ("first rows",)  # a key of an entry's layout dict no table set's fingerprint can be


def first_rows(places) -> dict[str, int]:
    """Each sheet's first row among (sheet, row) places."""
    out: dict[str, int] = {}
    for sheet, row in places:
        if row < out.get(sheet, row + 1):
            out[sheet] = row
    return out


def raws_of(cells) -> list | tuple:
    """Each cell's value, in the cells' order (of Placed, without making the cells)."""
    raws = getattr(cells, "raws", None)
    return raws if raws is not None else list(map(_RAW, cells.values()))


def _cells(grids) -> list:
    """Every cell of every sheet in one list, row after row, then _BLANK and _ZERO."""
    flat = []
    for g in grids:
        for row in g.rows:
            flat += row
    flat += (_BLANK, _ZERO)
    return flat


def _getter(indices: list[int], size: int):
    """itemgetter of these places, always giving a tuple (two fillers after them)."""
    return itemgetter(*indices, size + 1, size + 1)


class _Inert:
    """Whether locating can only skip a comparable text (locate.py reads it nowhere else than
    in these tests: a header, a category, a title, a 附件 marker, a 填报单位 / 填报时间 line);
    stop labels, metrics and rounds are tested too, though a taken cell is never in a label."""

    def __init__(self, locator):
        self.is_header = locator.is_header
        self.named = (locator.categories.keys() | locator.titles.keys() | locator.markers.keys()
                      | locator.metrics.keys())
        self.starts = (locator.unit_stem, locator.date_label, *locator.stops)
        self.rounds = tuple(locator.rounds)
        self.marker = locator.ts.marker

    def __call__(self, text: str) -> bool:
        return not (self.is_header(text) or text in self.named
                    or text.startswith(self.starts) or any(r in text for r in self.rounds)
                    or self.marker.match(text))


class LayoutMemo:
    """Located workbooks by layout, for one locator (bounded: MAX_SHAPES × MAX_ENTRIES).

    A layout is kept from its second workbook on (a workbook of its own costs no entry), and
    while its workbooks repeat (an entry made per workbook costs more than locating it)."""

    def __init__(self, locator):
        self._shapes: dict[tuple, _Shelf] = {}
        self._sigs: dict[str, object] = {}  # text -> sig
        self._inert = _Inert(locator)
        self._usable = self._inert("")  # else a text locating skips does not read as no text
        from .locate import Located  # noqa: PLC0415 - locate.py imports this module

        self.located = Located
        self.line_labels = (locator.unit_stem, locator.date_label)

    def key(self, grids) -> tuple | None:
        """A workbook's key (its sheets' names and rows' lengths); None: not for the memo."""
        if not self._usable or sum(len(g.rows) for g in grids) > MAX_ROWS:
            return None
        key = tuple((g.name, tuple(map(len, g.rows))) for g in grids)
        return key if sum(sum(lengths) for _, lengths in key) <= MAX_CELLS else None

    def sig(self, value):
        """What locating reads of a cell it takes: whether it holds anything (True, False), and its
        text unless locating can only skip it (as it skips a cell without text)."""
        if not isinstance(value, str) or not value:
            return value not in ("", None)
        made = self._sigs.get(value)
        if made is None:
            text = normalise(value)
            made = True if not text or self._inert(text) else text
            if len(self._sigs) >= MAX_TEXTS:
                self._sigs.clear()
            self._sigs[value] = made
        return made

    def get(self, key: tuple | None, grids):
        """The located workbook (locate.Located) when an entry has its layout, else None."""
        shelf = self._shapes.get(key) if key is not None else None
        if shelf is None or not shelf.entries:
            return None
        flat = _cells(grids)
        for n, entry in enumerate(shelf.entries):
            found = entry.located(flat, self, grids)
            if found is not None:
                shelf.hits += 1
                shelf.entries.insert(0, shelf.entries.pop(n))
                return found
        return None

    def put(self, key: tuple | None, grids, found, label_reads: list[tuple]) -> None:
        """A workbook located the long way (label_reads: the cells read exactly, locate.py)."""
        if key is None:
            return
        shelf = self._shapes.get(key)
        if shelf is None:
            if len(self._shapes) >= MAX_SHAPES:
                self._shapes.clear()
            self._shapes[key] = _Shelf()
        elif shelf.stores <= shelf.hits + 1:
            shelf.stores += 1
            entry = _Entry.made(grids, found, label_reads, self)
            if entry is not None:
                shelf.entries.insert(0, entry)
                del shelf.entries[MAX_ENTRIES:]


class _Shelf:
    """A shape's entries, most recently used first; how many were made, how often one served."""

    __slots__ = ("entries", "stores", "hits")

    def __init__(self):
        self.entries: list[_Entry] = []
        self.stores = self.hits = 0


class _Entry:
    """One layout: the cells not taken, as they were; the taken ones' sig; the result's recipe."""

    def __init__(self, fixed: tuple, counts: tuple, lines: tuple, cells: tuple, rest: tuple):
        self.fixed, self.fixed_values = fixed  # an itemgetter of the cells not taken, and what it gave
        self.counts, self.count_sigs = counts  # of the tables' cells taken, and their sig
        self.odd_sigs = [(i, s) for i, s in enumerate(self.count_sigs) if s is not True]  # a blank, a text read
        self.lines, self.line_sigs = lines  # of the line values taken, and their sig
        self.keys, self.places, self.at = cells  # the tables' cells: keys, [sheets, rows, columns], values
        self.index = {k: i for i, k in enumerate(self.keys)}
        self.words: list[tuple] = []  # each sheet's words of the cells not taken, its counts' span, its lines
        self.rest = rest  # tables, units, dates (each a Cell, or (sheet, row, col, index)), unit_slots, problems
        self.made: dict = {}  # Placed.layout

    @classmethod
    def made(cls, grids, found, label_reads: list[tuple], memo: LayoutMemo):
        if not found.tables or len({g.name for g in grids}) < len(grids):
            return None
        where = _Places(grids)
        lines = [[where.beside(c, memo.line_labels) for c in cells] for cells in (found.units, found.dates)]
        keys = list(found.cells)
        places = [found.cells[k][:3] for k in keys]
        at = [where.index(*p) for p in places]
        counts = set(at) - {where.size}  # a place past its row's end: no cell, always ""
        taken_lines = {i for indices in lines for i in indices if i is not None}
        if not (counts | taken_lines).isdisjoint(where.read(label_reads)):
            return None
        flat, size = _cells(grids), where.size
        taken_counts, taken_lines_at = sorted(counts), sorted(taken_lines - {size})
        fixed = _getter([i for i in range(size) if i not in counts and i not in taken_lines], size)
        counts, taken_lines = _getter(sorted(counts), size), _getter(sorted(taken_lines), size)
        units, dates = ([c if i is None else (*c[:3], i) for c, i in zip(cells, indices)]
                        for cells, indices in zip((found.units, found.dates), lines))
        places = [list(column) for column in zip(*places)] or [[], [], []]
        entry = cls((fixed, fixed(flat)), (counts, list(map(memo.sig, counts(flat)))),
                    (taken_lines, list(map(memo.sig, taken_lines(flat)))), (keys, places, _getter(at, size)),
                    (set(found.tables), units, dates, list(found.unit_slots), list(found.problems)))
        entry.words = where.words(grids, flat, taken_counts, taken_lines_at)
        return entry

    def located(self, flat: list, memo: LayoutMemo, grids):
        if self.fixed(flat) != self.fixed_values or list(map(memo.sig, self.lines(flat))) != self.line_sigs:
            return None
        counts = self.counts(flat)
        # the counts that are no number (a float's sig is True), by place: each sig not True as the entry's
        odd = [] if set(map(type, counts)) <= {float} else [(i, v) for i, v in enumerate(counts) if type(v) is not float]
        if [(i, s) for i, s in ((i, memo.sig(v)) for i, v in odd) if s is not True] != self.odd_sigs:
            return None
        cells = Placed(self.keys, self.index, self.places, self.at(flat)[:-2], self.made)
        for grid, (fixed, first, end, taken_lines) in zip(grids, self.words):  # Grid.word_set, made here
            new = _words(taken_lines(flat)) if taken_lines is not None else set()
            if odd:  # a text among the counts
                new |= _words([v for i, v in odd if first <= i < end])
            grid.__dict__["word_set"] = fixed if new <= fixed else fixed | new
        tables, units, dates, slots, problems = self.rest
        return memo.located(cells, set(tables), _lines(units, flat), _lines(dates, flat), list(slots), list(problems))


def _words(values) -> set[str]:
    """The comparable texts of these values, as Grid.words makes them (without their order)."""
    return set(filter(None, map(normalise, [v for v in values if v and isinstance(v, str)])))


def _lines(recipe: list, flat: list) -> list[Cell]:
    """The values of 填报单位 / 填报时间 lines: one typed in the label's cell as it was, one
    beside the label read again."""
    return [c if type(c) is Cell else _cell((c[0], c[1], c[2], flat[c[3]])) for c in recipe]


class _Places:
    """Where each cell of a workbook is in _cells' list."""

    def __init__(self, grids):
        self.rows = {g.name: g.rows for g in grids}
        self.starts: dict[str, list[int]] = {}
        size = 0
        for g in grids:
            starts = self.starts[g.name] = []
            for row in g.rows:
                starts.append(size)
                size += len(row)
        self.size = size  # _BLANK's index

    def words(self, grids, flat: list, counts: list[int], lines: list[int]) -> list[tuple]:
        """Of each sheet: the words of the cells not taken (a frozenset), its count cells' span in
        ``counts`` (sorted), and a getter of its line cells (None where it has none): a located
        workbook's Grid.word_set."""
        out = []
        for g in grids:
            start = self.starts[g.name][0] if g.rows else self.size
            end = start + sum(map(len, g.rows))
            mine_lines = [i for i in lines if start <= i < end]
            taken = set(counts[bisect_left(counts, start):bisect_left(counts, end)]) | set(mine_lines)
            fixed = frozenset(_words([flat[i] for i in range(start, end) if i not in taken]))
            out.append((fixed, bisect_left(counts, start), bisect_left(counts, end),
                        _getter(mine_lines, self.size) if mine_lines else None))
        return out

    def index(self, sheet: str, row: int, col: int) -> int:
        if col >= len(self.rows[sheet][row]):
            return self.size
        return self.starts[sheet][row] + col

    def beside(self, cell: Cell, labels: tuple[str, str]) -> int | None:
        """A line's value: the index of the cell it was read from beside its label (locate.
        _line_value), or None when it was typed in the label's own cell (a text starting with it)."""
        raw = self.rows[cell.sheet][cell.row][cell.col]
        if isinstance(raw, str) and normalise(raw).startswith(labels):
            return None
        return self.index(*cell[:3])

    def read(self, regions: list[tuple]) -> set[int]:
        """The cells in these regions (locate.Locator._label_reads), where they exist."""
        out = set()
        for sheet, first_row, last_row, first_col, end_col in regions:
            rows, starts = self.rows[sheet], self.starts[sheet]
            for r in range(first_row, min(last_row + 1, len(rows))):
                out.update(range(starts[r] + first_col, starts[r] + min(end_col, len(rows[r]))))
        return out
