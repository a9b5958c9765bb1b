"""A table made the other way round from the template: its categories down a column below a header
cell, its rows (each metric, with its rounds) across the header's row, as some notices print them.

It is read when nothing about it is in doubt: every category found exactly once down the column,
with no other label among them, and every row of the table (each round of it) exactly once across,
the rounds in the label (a metric label ending in its round) or on a row of their own below the metric. Columns
across that are no row of the table (a rate the notice prints, 备注) are left alone. Else it is
not read, and the unit is told it is turned (Locator.transposed).
"""

from __future__ import annotations

from ..definitions import Key, Table
from .grids import Grid

MAX_ROWS_DOWN = 30  # rows below the header looked at for the categories


def read_turned(locator, grids: list[Grid], table: Table) -> tuple[str, tuple[int, int], list] | None:
    """(sheet, header's (row, column), [(Key, row, column) of every value]) of ``table`` made the
    other way round, when every label is found exactly; else None."""
    for grid in grids:
        norm = grid.norm
        for r, c, text in grid.texts:
            if not locator.is_header(text):
                continue
            across, first = _rows_across(locator, norm, r, c, table)
            if across is None:
                continue
            down = _categories_down(locator, norm, first, c, table)
            if down is None:
                continue
            places = [(locator.key_of(Key(table.key, category, metric, rnd)), rr, cc)
                      for (metric, rnd), cc in across.items() for category, rr in down.items()]
            return grid.name, (r, c), places
    return None


def _rows_across(locator, norm: list[list[str]], r: int, c: int, table: Table
                 ) -> tuple[dict[tuple[str, str], int] | None, int]:
    """Each (metric, round) of ``table`` -> its column, right of the header cell on row ``r`` (the
    rounds maybe on the row below), and the row the categories start on; None when a row of the
    table is not there or is there twice."""
    below = norm[r + 1] if r + 1 < len(norm) else []
    rounds_below = any(t in locator.rounds for t in below[c + 1:])
    wanted = {(spec.metric, rnd) for spec in table.rows for rnd in (spec.rounds or ("",))}
    found: dict[tuple[str, str], int] = {}
    top = ""
    for cc in range(c + 1, len(norm[r])):
        under = below[cc] if rounds_below and cc < len(below) else ""
        if norm[r][cc]:
            top = norm[r][cc]
        elif not (under in locator.rounds and top):  # a metric merged over its rounds' columns
            top = ""
            continue
        if locator.is_header(norm[r][cc]):  # the header of a table beside this one
            break
        key = _row_of(locator, top + (under if under in locator.rounds else ""), table)
        if key is None:
            continue
        if key in found:
            return None, 0
        found[key] = cc
    if set(found) != wanted:
        return None, 0
    return found, r + (2 if rounds_below else 1)


def _row_of(locator, label: str, table: Table) -> tuple[str, str] | None:
    """(metric as the table prints it, round) a header text across names in ``table``, else None."""
    parsed = locator.row_label(label)
    if not isinstance(parsed, tuple):
        return None
    rnd, rest, _ = parsed
    metric = next((m for t, m in locator.metrics.get(rest, ()) if t == table.key), None)
    if metric is None:
        return None
    spec = next(s for s in table.rows if s.metric == metric)
    if bool(rnd) != bool(spec.rounds) or (rnd and rnd not in spec.rounds):
        return None
    return metric, rnd


def _categories_down(locator, norm: list[list[str]], first: int, c: int, table: Table) -> dict[str, int] | None:
    """Each category of ``table`` -> its row, down column ``c`` from row ``first``; None when one
    is missing or there twice, or another label stands among them (a row it cannot place)."""
    found: dict[str, int] = {}
    for rr in range(first, min(len(norm), first + MAX_ROWS_DOWN)):
        label = norm[rr][c] if c < len(norm[rr]) else ""
        if not label:
            if len(found) == len(table.categories):
                break
            continue
        if label.startswith(locator.stops):
            break
        category = locator.category_in(table, label)
        if not category and len(found) == len(table.categories):
            break  # below the table (填表人:)
        if not category or category in found:
            return None
        found[category] = rr
    return found if len(found) == len(table.categories) else None
