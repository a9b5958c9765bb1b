"""Problems for people: a problem code's short name and advice, and where a kind of problem is
(its cells listed together, neighbouring cells as ranges, cut to a width)."""

from __future__ import annotations

import functools
from typing import Iterable, Sequence

from .catalogue import CATALOGUE, SEVERITY_ZH
from .problems import GENERIC_RULE, RULE_PREFIX, Problem
from .text import column_number, display_width


def kind_of(code: str) -> tuple[str, str]:
    """(short name, what to do) of a problem code (a declared rule without its own: the code)."""
    kind = CATALOGUE.get(code)
    return (kind.title, kind.advice) if kind is not None else (code, "请核对。")


def group_title(code: str, severity: str, rules: Iterable[str] = ()) -> str:
    """The short name of a group of problems of one code and severity, as every overview shows it
    (the screen's 主要问题, 审核问题, 情况通报, the desk): the catalogue's title; of the generic
    rule.failed, the name of its one rule (``rules``: the names of the group's rules); of a declared
    rule whose level is not its code's, the level too. Two groups of one code (an error rule and a
    warning rule both rule.failed) never read alike."""
    title = kind_of(code)[0]
    named = set(rules)
    if code == GENERIC_RULE and len(named) == 1:
        return f"{title}({named.pop()})"
    kind = CATALOGUE.get(code)
    if code.startswith(RULE_PREFIX) and kind is not None and severity and severity != kind.severity:
        return f"{title}({SEVERITY_ZH[severity]})"
    return title


def _row_col(cell: str) -> tuple[int, int]:
    """C5 -> (5, 3): the row, and the column counted from 1."""
    letters = cell.rstrip("0123456789")
    return int(cell[len(letters):]), column_number(letters)


@functools.lru_cache(maxsize=1 << 14)  # a few hundred cells over 100,000 problems: each parsed once
def _span(cell: str) -> tuple[range, range]:
    """A cell or range's rows and columns: C5:I5 -> (range(5, 6), range(3, 10))."""
    first, _, last = cell.partition(":")  # a range (C5:I5, D3:D9): each of its cells
    (row, start), (end_row, end) = _row_col(first), _row_col(last or first)
    return range(row, max(row, end_row) + 1), range(start, end + 1)


def places(problems: Iterable[Problem], width: int = 0) -> str:
    """Where, compressed: 附件2!C6:H6、台账!D3:D250 (neighbouring cells of a row, then rows of the
    same cells one under another, become a range). With ``width``, a list wider than that (display
    width) says where it starts and how many places it has: 附件2!C5、附件3!D7 等 12 处."""
    problems = list(problems)
    return places_at([p.sheet for p in problems], [p.cell for p in problems], width)


def places_at(sheets: Sequence[str], cells: Sequence[str], width: int = 0) -> str:
    """places() of problems at these sheets and cells (one of each a problem)."""
    by_sheet: dict[str, dict[int, list[int]]] = {}
    count = 0
    span = _span
    for sheet, cell in zip(sheets, cells):
        if not cell:
            continue
        count += 1
        rows_of, cols = span(cell)
        rows = by_sheet.get(sheet)
        if rows is None:
            rows = by_sheet[sheet] = {}
        for r in rows_of:
            found = rows.get(r)
            if found is None:
                rows[r] = list(cols)
            else:
                found.extend(cols)
    parts = []
    for sheet, rows in by_sheet.items():
        for block in _blocks(rows):
            ref = _ref(*block)
            parts.append(f"{sheet}!{ref}" if sheet else ref)
    return cut_places(parts, count, width) if width else "、".join(parts)


@functools.lru_cache(maxsize=1 << 14)
def _ref(top_left: tuple[int, int], bottom_right: tuple[int, int]) -> str:
    """A block's reference: C5, or C5:H9."""
    (top, left), (bottom, right) = top_left, bottom_right
    ref = f"{_letters(left)}{top}"
    if (bottom, right) != (top, left):
        ref += f":{_letters(right)}{bottom}"
    return ref


def cut_places(parts: list[str], count: int, width: int) -> str:
    """The places that fit in ``width`` (display width; the first always), then 等 N 处."""
    if len(parts) < 2:
        return "、".join(parts)
    # a text's width is its characters' widths added: the parts measured one by one, only until
    # the list is known not to fit (a unit's long list: its first few)
    between = display_width("、")
    tail = f" 等 {count} 处"
    room = width - display_width(tail)
    used, kept = -between, 0
    for part in parts:
        used += between + display_width(part)
        if used > width:
            return "、".join(parts[:kept or 1]) + tail
        if used <= room:
            kept += 1
    return "、".join(parts)


def _blocks(rows: dict[int, list[int]]) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """A sheet's cells (row -> columns) as rectangles ((top, left), (bottom, right)), in reading
    order of their first cell: each row's runs of neighbouring columns, a run continued down
    while the next row has the same run."""
    runs: dict[int, list[tuple[int, int]]] = {}
    single = True  # one cell a row (most lists)
    for row in sorted(rows):
        cols = rows[row]
        if len(cols) == 1:
            runs[row] = [(cols[0], cols[0])]
            continue
        single = False
        cols = sorted(set(cols))
        start = prev = cols[0]
        for c in [*cols[1:], None]:
            if c is not None and c == prev + 1:
                prev = c
                continue
            runs.setdefault(row, []).append((start, prev))
            if c is not None:
                start = prev = c
    if single:
        return _column_blocks(runs)
    blocks = []
    for row in sorted(runs):
        for run in runs[row]:
            bottom = row
            while run in runs.get(bottom + 1, ()):
                bottom += 1
                runs[bottom].remove(run)
            blocks.append(((row, run[0]), (bottom, run[1])))
    return sorted(blocks)


def _column_blocks(runs: dict[int, list[tuple[int, int]]]) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """_blocks of rows of one cell each (``runs`` in row order): a block is a column's cells in
    rows one under another."""
    blocks = []
    top = bottom = col = None
    for row, ((c, _),) in runs.items():
        if top is not None and row == bottom + 1 and c == col:
            bottom = row
            continue
        if top is not None:
            blocks.append(((top, col), (bottom, col)))
        top = bottom = row
        col = c
    blocks.append(((top, col), (bottom, col)))
    return blocks


def _letters(col: int) -> str:
    out = ""
    while col:
        col, rem = divmod(col - 1, 26)
        out = chr(65 + rem) + out
    return out
