"""Finding the official tables in a workbook by their labels.

A table is found by its 类别 header row and the category labels beside it, then
by the row labels below (each metric, with its rounds). Nothing
depends on fixed cell addresses: sheets may be in any order and under any
name, tables stacked on one sheet, shifted, with merged cells, spaced or
traditional labels, rounds in their own column or inside the row label.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Cell
from ..problems import Problem
from ..definitions import Key, Table, TableSet
from ..text import a1, label_word, normalise, written_forms
from .grids import Grid

MAX_ROWS_PER_BLOCK = 30
MAX_LAYOUTS = 256  # layouts remembered per worker (hand-made files can each have their own)


@dataclass
class Located:
    """What was found in one workbook, before any value is checked."""

    cells: dict[Key, Cell] = field(default_factory=dict)
    tables: set[str] = field(default_factory=set)
    units: list[Cell] = field(default_factory=list)  # 填报单位 values, in order found
    dates: list[Cell] = field(default_factory=list)  # 填报时间 values
    unit_slots: list[Cell] = field(default_factory=list)  # 填报单位 labels, filled or not
    problems: list[Problem] = field(default_factory=list)


@dataclass
class _Block:
    sheet: str
    header: tuple[int, int]
    columns: dict[int, str]  # column -> category
    tables: set[str]
    rows: dict[tuple[str, str], int] = field(default_factory=dict)  # (metric, round) -> row


class Locator:
    """Label indexes of one table set, built once and reused for every file."""

    def __init__(self, ts: TableSet):
        self.ts = ts
        self._layouts: dict[tuple, list[tuple[Key, int, int]]] = {}
        self.header = normalise(ts.header_label)
        self.unit_label = normalise(ts.unit_label).rstrip(":")
        self.unit_stem = re.sub(r"\(.*?\)", "", self.unit_label)
        self.date_label = normalise(ts.date_label).rstrip(":")
        # "填报单位(盖章):XX  填报时间:YY" typed into one cell: the unit ends at the date label
        self.date_split = re.compile("|".join(re.escape(v) for v in written_forms(label_word(ts.date_label))))
        self.stops = (*(normalise(s) for s in ts.stop_labels), self.unit_stem)
        self.rounds = {normalise(r.label): r.label for r in ts.rounds}
        self.categories: dict[str, list[tuple[str, str]]] = {}
        self.metrics: dict[str, list[tuple[str, str]]] = {}
        self.titles = {normalise(t.title): t.key for t in ts.tables}
        self.markers = {normalise(t.key): t.key for t in ts.tables}
        for table in ts.tables:
            for cat in table.categories:
                for label in (cat, *table.aliases.get(cat, ())):
                    self.categories.setdefault(normalise(label), []).append((table.key, cat))
            for row in table.rows:
                self.metrics.setdefault(normalise(row.metric), []).append((table.key, row.metric))

    # -- public -----------------------------------------------------------

    def locate(self, grids: list[Grid]) -> Located:
        found = Located()
        blocks: list[_Block] = []
        for grid in grids:
            norm = grid.norm
            sheet_blocks = self._blocks(grid, norm)
            if sheet_blocks:
                self._header_lines(grid, norm, found)
            blocks.extend(sheet_blocks)
        for block in blocks:
            self._collect(block, grids, found)
        self._missing(blocks, found)
        return found

    # -- finding blocks ---------------------------------------------------

    def _is_header(self, text: str) -> bool:
        return bool(text) and self.header in text and len(text) <= len(self.header) + 6

    def _blocks(self, grid: Grid, norm: list[list[str]]) -> list[_Block]:
        blocks = []
        done = -1  # one header per row
        for r, c, text in grid.texts:
            if r == done or not self._is_header(text):
                continue
            columns, tables = self._categories_right_of(norm[r], c)
            if r + 1 < len(norm) and not norm[r + 1][c]:
                # a two-level header: 类别 over both rows, the groups beside it (a group may share a
                # category's name: 合计), the categories on the row below
                below, below_tables = self._categories_right_of(norm[r + 1], c)
                if len(below) > len(columns):
                    r, columns, tables = r + 1, below, below_tables
            if not columns:
                continue
            done = r
            block = _Block(grid.name, (r, c), columns, tables or set())
            self._rows(block, norm, grid.rows)
            self._resolve(block, norm)
            if len(block.tables) == 1:
                # categories of the chosen table (tables may share labels)
                table = self.ts.table(next(iter(block.tables)))
                block.columns = {
                    col: self._category_in(table, norm[r][col]) for col in block.columns
                }
                block.columns = {k: v for k, v in block.columns.items() if v}
                blocks.append(block)
        return blocks

    def _categories_right_of(self, row: list[str], c: int) -> tuple[dict[int, str], set[str] | None]:
        """The category labels after a 类别 header cell, and the tables they may belong to."""
        columns: dict[int, str] = {}
        tables: set[str] | None = None
        for cc in range(c + 1, len(row)):
            hits = self.categories.get(row[cc])
            if not hits:
                continue
            keys = {t for t, _ in hits}
            tables = keys if tables is None else (tables & keys or tables | keys)
            columns[cc] = hits[0][1]
        return columns, tables

    def _category_in(self, table: Table, text: str) -> str:
        for t, cat in self.categories.get(text, ()):
            if t == table.key:
                return cat
        return ""

    def _rows(self, block: _Block, norm: list[list[str]], raw: list[list]) -> None:
        r0, c0 = block.header
        first_value_col = min(block.columns)
        current = ""
        for r in range(r0 + 1, min(len(norm), r0 + 1 + MAX_ROWS_PER_BLOCK)):
            row = norm[r]
            label = "".join(row[c0:first_value_col])
            if self._is_header(label) or label.startswith(self.stops):
                break
            if not label:
                if all(not _present(raw[r], c) for c in block.columns):
                    if block.rows:
                        break
                continue
            rnd = ""
            for norm_round, round_label in self.rounds.items():
                if norm_round in label:
                    rnd = round_label
                    label = label.replace(norm_round, "")
                    break
            label = label.replace("()", "").strip(":-_")
            if label:
                if label in self.metrics:
                    current = label
                else:
                    current = ""
                    continue
            if not current:
                continue
            metric_hits = self.metrics[current]
            metric = metric_hits[0][1]
            key = (metric, rnd)
            if key not in block.rows:
                block.rows[key] = r

    def _resolve(self, block: _Block, norm: list[list[str]]) -> None:
        """Narrow the candidate tables with the row labels, then the 附件 marker."""
        metrics = {m for m, _ in block.rows}
        candidates = set()
        for key in block.tables:
            table = self.ts.table(key)
            if metrics and metrics <= {row.metric for row in table.rows}:
                candidates.add(key)
        if len(candidates) > 1 or not metrics:
            marked = self._marker_above(block, norm)
            if marked and (marked in candidates or not metrics and marked in block.tables):
                candidates = {marked}
        block.tables = candidates

    def _marker_above(self, block: _Block, norm: list[list[str]]) -> str:
        r0, _ = block.header
        for r in range(r0 - 1, max(-1, r0 - 8), -1):
            for text in norm[r]:
                if text in self.titles:
                    return self.titles[text]
                m = self.ts.marker.match(text)
                if m and normalise(m[0]) in self.markers:
                    return self.markers[normalise(m[0])]
        return ""

    # -- header lines -----------------------------------------------------

    def header_lines(self, grids: list[Grid], found: Located) -> None:
        """填报单位 / 填报时间 of every sheet (for files without the statistics tables)."""
        for grid in grids:
            self._header_lines(grid, grid.norm, found)

    def _header_lines(self, grid: Grid, norm: list[list[str]], found: Located) -> None:
        for r, c, text in grid.texts:
            if text.startswith(self.unit_stem):
                found.unit_slots.append(Cell(grid.name, r, c, grid.rows[r][c]))
                cell = self._line_value(grid, norm, r, c, text, self.unit_label)
                if cell:
                    found.units.append(cell)
            elif text.startswith(self.date_label):
                cell = self._line_value(grid, norm, r, c, text, self.date_label)
                if cell:
                    found.dates.append(cell)

    def _line_value(self, grid, norm, r, c, text, label) -> Cell | None:
        """The value of a 填报单位 / 填报时间 line: after the colon, or the next cell."""
        raw = str(grid.rows[r][c])
        rest = re.split(r"[::]", raw, maxsplit=1)
        if len(rest) == 2 and rest[1].strip():
            value = rest[1].strip()
            value = self.date_split.split(value)[0].strip()
            if value:
                return Cell(grid.name, r, c, value)
        for cc in range(c + 1, len(norm[r])):
            other = norm[r][cc]
            if other.startswith((self.unit_stem, self.date_label)):
                return None
            raw_value = grid.rows[r][cc]
            if raw_value not in ("", None):
                return Cell(grid.name, r, cc, raw_value)
        return None

    # -- values and what is missing ---------------------------------------

    def _places(self, block: _Block) -> list[tuple[Key, int, int]]:
        """(key, row, column) of every value of a block, made once per layout: most files of a
        batch share a few (a county's come from one template)."""
        table_key = next(iter(block.tables))
        layout = (table_key, tuple(block.rows.items()), tuple(block.columns.items()))
        places = self._layouts.get(layout)
        if places is None:
            places = [(Key(table_key, category, metric, rnd), r, c)
                      for (metric, rnd), r in block.rows.items() for c, category in block.columns.items()]
            if len(self._layouts) < MAX_LAYOUTS:
                self._layouts[layout] = places
        return places

    def _collect(self, block: _Block, grids: list[Grid], found: Located) -> None:
        table_key = next(iter(block.tables))
        found.tables.add(table_key)
        rows = next(g.rows for g in grids if g.name == block.sheet)
        cells, sheet = found.cells, block.sheet
        for key, r, c in self._places(block):
            row = rows[r]
            cell = Cell(sheet, r, c, row[c] if c < len(row) else "")
            if key not in cells:
                cells[key] = cell
            else:
                first = cells[key]
                found.problems.append(
                    Problem("table.duplicate", sheet=sheet, cell=cell.ref,
                            params={"table": table_key, "category": key.category,
                                    "other": f"{first.sheet}!{first.ref}"})
                )

    def _missing(self, blocks: list[_Block], found: Located) -> None:
        reported = {(p.params.get("table"), p.params.get("category")) for p in found.problems}
        for table in self.ts.tables:
            if table.key not in found.tables:
                continue
            table_blocks = [b for b in blocks if table.key in b.tables]
            seen = {cat for b in table_blocks for cat in b.columns.values()}
            for cat in table.categories:
                if cat not in seen:
                    found.problems.append(
                        Problem("category.missing", sheet=table_blocks[0].sheet,
                                cell=a1(*table_blocks[0].header),
                                params={"table": table.key, "category": cat})
                    )
            for b in table_blocks:
                for spec in table.rows:
                    for rnd in spec.rounds or ("",):
                        if (spec.metric, rnd) in b.rows:
                            continue
                        row_label = f"{spec.metric}({rnd})" if rnd else spec.metric
                        cat = next(iter(b.columns.values()))
                        if (table.key, cat) in reported:
                            continue
                        found.problems.append(
                            Problem("row.missing", sheet=b.sheet, cell=a1(*b.header),
                                    params={"table": table.key, "row": row_label, "category": cat})
                        )


def _present(row: list, c: int) -> bool:
    return c < len(row) and row[c] not in ("", None)
