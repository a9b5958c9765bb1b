"""Finding the official tables in a workbook by their labels.

A table is found by its 类别 header row and the category labels beside it, then
by the row labels below (each metric, with its rounds). Nothing
depends on fixed cell addresses: sheets may be in any order and under any
name, tables stacked on one sheet, shifted, with merged cells, spaced or
traditional labels, rounds in their own column or inside the row label.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ..model import Cell
from ..problems import Problem
from ..definitions import Key, Table, TableSet
from ..text import a1, clean_text, label_word, normalise, written_forms
from .grids import Grid
from .layoutmemo import LayoutMemo
from .rowlabels import UnitNames, spaced_unit
from .turned import read_turned

MAX_ROWS_PER_BLOCK = 30
MAX_LAYOUTS = 256  # layouts remembered per worker (hand-made files can each have their own)
MAX_LABELS = 4096  # row labels remembered per worker, parsed
_STOP = object()  # a row label that ends a block
_COLON = re.compile(r"[:\uff1a]")


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
    # labels read as a row they differ from by a unit (rowlabels.py), and labels that may be several rows
    by_unit: dict[tuple[int, int], tuple[str, str, str]] = field(default_factory=dict)  # (row, col) -> text, heading, row
    ambiguous: list[tuple[int, int, str, tuple[str, ...]]] = field(default_factory=list)  # row, column, text, rows
    unmatched: list[tuple[int, int]] = field(default_factory=list)  # (row, column) of labels that are no row


class Locator:
    """Label indexes of one table set, built once and reused for every file."""

    def __init__(self, ts: TableSet):
        self.ts = ts
        self._layouts: dict[tuple, tuple] = {}
        self._row_labels: dict[str, object] = {}
        self._headers: dict[tuple, tuple] = {}  # (column, a header row's texts) -> _categories_right_of
        self._chosen: dict[tuple, dict[int, str]] = {}  # (table, column, header row) -> its columns
        self._keys = {key: key for key in ts.keys}
        self._table_metrics = {t.key: {row.metric for row in t.rows} for t in ts.tables}
        self._table_categories = {t.key: t.categories for t in ts.tables}
        # the table set's header_label and each table's own header: a block starts at any of them
        self.is_header = header_test(normalise(h) for h in (ts.header_label, *(t.header for t in ts.tables)))
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
                    for form in _enumerations(normalise(label)):
                        self.categories.setdefault(form, []).append((table.key, cat))
            for row in table.rows:
                self.metrics.setdefault(normalise(row.metric), []).append((table.key, row.metric))
        self._unit_names = UnitNames(self.metrics)
        self._memo = LayoutMemo(self)
        # the cells read exactly while locating a workbook, (sheet, first row, last row, first column, end
        # column): the rows' labels (_rows), the cell below a header (_blocks); see layoutmemo.py
        self._label_reads: list[tuple] = []

    # -- public -----------------------------------------------------------

    def locate(self, grids: list[Grid]) -> Located:
        """The tables of a workbook; of a layout met before, from the memo (layoutmemo.py)."""
        key = self._memo.key(grids)
        found = self._memo.get(key, grids)
        if found is None:
            self._label_reads = []
            found = self._locate(grids)
            self._memo.put(key, grids, found, self._label_reads)
        return found

    def _locate(self, grids: list[Grid]) -> Located:
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
        for block in blocks:
            if block.by_unit or block.ambiguous:
                found.problems += self._unit_notes(block)
        lines = {b.sheet for b in blocks}  # sheets whose 填报单位 and 填报时间 were read
        for table in self.ts.tables:
            if table.key not in found.tables:
                self._read_turned(grids, table, found, lines)
        return found

    def _read_turned(self, grids: list[Grid], table: Table, found: Located, lines: set[str]) -> None:
        """A table made the other way round, read when every label of it is found exactly (turned.py),
        with a 提示 at its header; its sheet's 填报单位 and 填报时间 read as a table's."""
        turned = read_turned(self, grids, table)
        if turned is None:
            return
        sheet, (r, c), places = turned
        grid = next(g for g in grids if g.name == sheet)
        if sheet not in lines:
            lines.add(sheet)
            self._header_lines(grid, grid.norm, found)
        rows = grid.rows
        for key, rr, cc in places:
            found.cells[key] = Cell(sheet, rr, cc, rows[rr][cc] if cc < len(rows[rr]) else "")
        found.tables.add(table.key)
        found.problems.append(Problem("table.read-turned", sheet=sheet, cell=a1(r, c),
                                      params={"table": table.key, "title": table.title}))

    # -- what turned.py asks of the labels ---------------------------------

    def key_of(self, key: Key) -> Key:
        """The table set's own Key object equal to ``key``."""
        return self._keys.get(key, key)

    def row_label(self, label: str) -> tuple[str, str, bool] | object:
        """A comparable label as (round, the label without it, whether a header), or a stop."""
        parsed = self._row_labels.get(label)
        return self._row_label(label) if parsed is None else parsed

    def category_in(self, table: Table, text: str) -> str:
        """The category of ``table`` a comparable text names (its aliases too), else ""."""
        return self._category_in(table, text)

    # -- finding blocks ---------------------------------------------------

    def _blocks(self, grid: Grid, norm: list[list[str]]) -> list[_Block]:
        blocks = []
        done = (-1, -1)  # the row of the last header, and the column its categories reach
        is_header = self.is_header
        for r, c, text in grid.texts:
            if (r == done[0] and c <= done[1]) or not is_header(text):
                continue
            columns, tables = self._header_row(norm[r], c)
            texts = norm[r]
            self._label_reads.append((grid.name, r + 1, r + 1, c, c + 1))  # whether it is empty
            if r + 1 < len(norm) and not norm[r + 1][c]:
                # a two-level header: 类别 over both rows, the groups beside it (a group may share a
                # category's name: 合计), the categories on the row below; a category merged over
                # both rows (as the notice prints one under no group) is read where it is written
                below = [t or (norm[r][i] if i in columns else "") for i, t in enumerate(norm[r + 1])]
                below_columns, below_tables = self._header_row(below, c)
                if len(below_columns) > len(columns):
                    r, texts, columns, tables = r + 1, below, below_columns, below_tables
            if not columns:
                continue
            done = (r, max(columns))  # tables side by side: the next header on the row starts another
            block = _Block(grid.name, (r, c), dict(columns), set(tables or ()))
            self._rows(block, norm, grid.rows)
            self._resolve(block, norm)
            if len(block.tables) == 1:  # categories of the chosen table (tables may share labels)
                block.columns = self._chosen_categories(next(iter(block.tables)), texts, c, block.columns)
                blocks.append(block)
        return blocks

    def _header_row(self, row: list[str], c: int) -> tuple[dict[int, str], set[str] | None]:
        """_categories_right_of, kept per header row's texts (the same few in every file); what
        it gives is shared: never changed in place."""
        key = (c, *row)
        made = self._headers.get(key)
        if made is None:
            made = self._categories_right_of(row, c)
            if len(self._headers) >= MAX_LABELS:
                self._headers.clear()
            self._headers[key] = made
        return made

    def _chosen_categories(self, table_key: str, row: list[str], c: int, columns: dict[int, str]) -> dict[int, str]:
        """The columns' categories in the chosen table, kept per table and header row."""
        key = (table_key, c, *row)
        made = self._chosen.get(key)
        if made is None:
            table = self.ts.table(table_key)
            made = {col: self._category_in(table, row[col]) for col in columns}
            made = {k: v for k, v in made.items() if v}
            if len(self._chosen) >= MAX_LABELS:
                self._chosen.clear()
            self._chosen[key] = made
        return dict(made)

    def _categories_right_of(self, row: list[str], c: int) -> tuple[dict[int, str], set[str] | None]:
        """The category labels after a 类别 header cell, and the tables they may belong to."""
        columns: dict[int, str] = {}
        tables: set[str] | None = None
        for cc in range(c + 1, len(row)):
            hits = self.categories.get(row[cc])
            if not hits:
                if self.is_header(row[cc]):  # the header of a table beside this one
                    break
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
        self._label_reads.append((block.sheet, r0 + 1, r0 + MAX_ROWS_PER_BLOCK, c0, first_value_col))
        current, current_typed = "", None
        for r in range(r0 + 1, min(len(norm), r0 + 1 + MAX_ROWS_PER_BLOCK)):
            label = "".join(norm[r][c0:first_value_col])
            parsed = self._row_labels.get(label)
            if parsed is None:
                parsed = self._row_label(label)
            if parsed is _STOP:
                break
            if not label:
                if all(not _present(raw[r], c) for c in block.columns):
                    if block.rows:
                        break
                continue
            rnd, label, headerlike = parsed
            typed = None
            if label and label not in self.metrics:  # off the fast path: a row typed with a unit?
                label, typed = self._by_unit(block, norm, raw, r, label)
            if headerlike and not self._metric_of(label, block.tables) and not self._numbers_in(block, raw, r):
                break  # the next table's header (a row name may hold one: 考核等次-好(人), numbers beside it)
            if label:
                if label in self.metrics:
                    current, current_typed = label, typed
                else:
                    current = ""
                    block.unmatched.append((r, next((c for c in range(c0, first_value_col) if norm[r][c]), c0)))
                    continue
            if not current:
                continue
            metric_hits = self.metrics[current]
            metric = metric_hits[0][1]
            key = (metric, rnd)
            if key not in block.rows:
                block.rows[key] = r
                if current_typed is not None:  # said once for the label's cell (its rounds below it)
                    block.by_unit.setdefault(current_typed[:2], (*current_typed[2:], current))

    def _by_unit(self, block: _Block, norm: list[list[str]], raw: list[list], r: int, label: str
                 ) -> tuple[str, tuple | None]:
        """A row label that is no row exactly: the row it differs from only by a unit or separators,
        or else by its upper heading (rowlabels.py), its unit typed after a space too, and (row, column,
        text, the heading left out or "") of where it was typed; else the label as it is and None,
        noting the rows it may be when several are. The text: the label's cells but a round's (beside
        人数(人), in a column of its own)."""
        tables = frozenset(block.tables)
        row, heading, maybe = self._unit_names.match(label, tables, self._metric_of)
        typed = [c for c in range(block.header[1], min(block.columns)) if norm[r][c] and norm[r][c] not in self.rounds]
        words = " ".join(str(raw[r][cc]).strip() for cc in typed)
        if not row and not maybe and (spaced := spaced_unit(words, label)):  # 支部数 个
            row, heading, maybe = self._unit_names.match(spaced, tables, self._metric_of)
        if not row and not maybe:
            return label, None
        c = typed[0] if typed else block.header[1]
        text = clean_text(words, 30)
        if not row:
            block.ambiguous.append((r, c, text, maybe))
            return label, None
        return row, (r, c, text, heading)

    def _unit_notes(self, block: _Block) -> list[Problem]:
        """A 提示 for each row read by a label that differs from it (the definition's label named), a
        warning for each label that may be several rows of which one is missing (none was read)."""
        table = next(iter(block.tables))

        def printed(label: str) -> str:
            return next((m for t, m in self.metrics[label] if t == table), "")

        out = [Problem("row.by-heading", sheet=block.sheet, cell=a1(r, c),
                       params={"text": text, "table": table, "row": printed(label), "heading": heading})
               if heading else Problem("row.by-unit", sheet=block.sheet, cell=a1(r, c),
                                       params={"text": text, "table": table, "row": printed(label)})
               for (r, c), (text, heading, label) in block.by_unit.items()]
        read = {m for m, _ in block.rows}
        for r, c, text, maybe in block.ambiguous:
            rows = [m for m in map(printed, maybe) if m]
            if len(rows) > 1 and not read.issuperset(rows):
                out.append(Problem("row.ambiguous", sheet=block.sheet, cell=a1(r, c),
                                   params={"text": text, "table": table, "rows": "".join(f"“{m}”" for m in rows)}))
        return out

    def _numbers_in(self, block: _Block, raw: list[list], r: int) -> bool:
        """Whether row ``r`` holds a number in the block's columns: a row of values, never a header
        (its cells read as they are: layoutmemo.py)."""
        self._label_reads.append((block.sheet, r, r, min(block.columns), max(block.columns) + 1))
        row = raw[r]
        return any(c < len(row) and type(row[c]) in (int, float) for c in block.columns)

    def _metric_of(self, label: str, tables: set[str]) -> bool:
        """Whether a row label (its round left out) is a row of one of ``tables``."""
        return any(t in tables for t, _ in self.metrics.get(label, ()))

    def _row_label(self, label: str) -> tuple[str, str, bool] | object:
        """A row's label as (round, the label without it, whether it reads as a table's header),
        or _STOP where a block ends; kept per label text (the same few in every file)."""
        if label.startswith(self.stops):
            parsed = _STOP
        else:
            rnd, rest = "", label
            for norm_round, round_label in self.rounds.items():
                if norm_round in rest:
                    rnd = round_label
                    rest = rest.replace(norm_round, "")
                    break
            parsed = rnd, rest.replace("()", "").strip(":-_"), self.is_header(label)
        if len(self._row_labels) >= MAX_LABELS:
            self._row_labels.clear()
        self._row_labels[label] = parsed
        return parsed

    def _resolve(self, block: _Block, norm: list[list[str]]) -> None:
        """Narrow the candidate tables with the row labels, then the 附件 marker."""
        metrics = {m for m, _ in block.rows}
        candidates = set()
        for key in block.tables:
            if metrics and metrics <= self._table_metrics[key]:
                candidates.add(key)
        if len(candidates) > 1 or not metrics:
            marked = self._marker_above(block, norm)
            if marked and (marked in candidates or not metrics and marked in block.tables):
                candidates = {marked}
        block.tables = candidates

    def _marker_above(self, block: _Block, norm: list[list[str]]) -> str:
        """The 附件 marker or title nearest above the block: of a row's, the last one left of the
        block's last column (tables side by side each have theirs)."""
        r0, _ = block.header
        last = max(block.columns)
        for r in range(r0 - 1, max(-1, r0 - 8), -1):
            marks = [self._mark(text) for text in norm[r]]
            left = [m for m in marks[:last + 1] if m]
            if left or any(marks):  # else one right of the block (a marker typed at the far right)
                return left[-1] if left else next(m for m in marks if m)
        return ""

    def _mark(self, text: str) -> str:
        """The table a title or 附件 marker names, else ""."""
        if text in self.titles:
            return self.titles[text]
        m = self.ts.marker.match(text)
        return self.markers.get(normalise(m[0]), "") if m else ""

    # -- a table the other way round --------------------------------------

    def transposed(self, grids: list[Grid], missing: set[str]) -> list[Problem]:
        """Of the ``missing`` tables, those made the other way round: the categories down a column
        below a header cell (单位类别 over 县市区委, 市直工委 …), as some notices print them."""
        out = []
        for table in self.ts.tables:
            if table.key in missing and (place := self._down_a_column(grids, table)) is not None:
                sheet, r, c, category = place
                out.append(Problem("table.transposed", sheet=sheet, cell=a1(r, c),
                                   params={"table": table.key, "title": table.title, "category": category}))
        return out

    def _down_a_column(self, grids: list[Grid], table: Table) -> tuple[str, int, int, str] | None:
        """(sheet, row, column, category) of the first of at least two of the table's categories
        (half of them or more) in one column below a header cell, else None."""
        enough = max(2, (len(table.categories) + 1) // 2)
        for grid in grids:
            norm = grid.norm
            for r, c, text in grid.texts:
                if not self.is_header(text):
                    continue
                below = [(rr, norm[rr][c]) for rr in range(r + 1, min(len(norm), r + 1 + MAX_ROWS_PER_BLOCK))
                         if c < len(norm[rr]) and norm[rr][c]]
                found = [(rr, cat) for rr, label in below if (cat := self._category_in(table, label))]
                if len({cat for _, cat in found}) >= enough:
                    return grid.name, found[0][0], c, found[0][1]
        return None

    # -- header lines -----------------------------------------------------

    def header_lines(self, grids: list[Grid], found: Located) -> None:
        """填报单位 / 填报时间 of every sheet (for files without the statistics tables)."""
        for grid in grids:
            self._header_lines(grid, grid.norm, found)

    def _header_lines(self, grid: Grid, norm: list[list[str]], found: Located) -> None:
        either = (self.unit_stem, self.date_label)
        for r, c, text in grid.texts:
            if not text.startswith(either):
                continue
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
        rest = _COLON.split(raw, maxsplit=1)
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

    def _places(self, block: _Block) -> tuple[list[tuple[Key, int, int]], int, frozenset | None]:
        """(key, row, column) of every value of a block, the farthest column, and the keys (None
        when two columns hold the same category): made once per layout, as most files of a batch
        share a few (a county's come from one template)."""
        table_key = next(iter(block.tables))
        layout = (table_key, tuple(block.rows.items()), tuple(block.columns.items()))
        made = self._layouts.get(layout)
        if made is None:
            same = self._keys.get  # the table set's own Key objects: a dict of them finds each by identity
            places = [(same(key := Key(table_key, category, metric, rnd), key), r, c)
                      for (metric, rnd), r in block.rows.items() for c, category in block.columns.items()]
            twice = len(set(block.columns.values())) < len(block.columns)
            made = (places, max(block.columns), None if twice else frozenset(key for key, _, _ in places))
            if len(self._layouts) < MAX_LAYOUTS:
                self._layouts[layout] = made
        return made

    def _collect(self, block: _Block, grids: list[Grid], found: Located) -> None:
        table_key = next(iter(block.tables))
        places, farthest, keys = self._places(block)
        rows = next(g.rows for g in grids if g.name == block.sheet)
        cells, sheet = found.cells, block.sheet
        if (keys is not None and cells.keys().isdisjoint(keys)
                and all(len(rows[r]) > farthest for r in block.rows.values())):
            # no key of this block is known yet, and every value's cell is in its row: at once
            new = tuple.__new__
            cells.update([(key, new(Cell, (sheet, r, c, rows[r][c]))) for key, r, c in places])
            found.tables.add(table_key)
            return
        found.tables.add(table_key)
        for key, r, c in places:
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
            for cat in self._table_categories[table.key]:
                if cat not in seen:
                    near = _block_of(table, cat, table_blocks)
                    found.problems.append(
                        Problem("category.missing", sheet=near.sheet, cell=a1(*near.header),
                                params={"table": table.key, "category": cat})
                    )
            for b in table_blocks:
                placed = _misnamed(table, b)
                for spec in table.rows:
                    for rnd in spec.rounds or ("",):
                        if (spec.metric, rnd) in b.rows:
                            continue
                        row_label = f"{spec.metric}({rnd})" if rnd else spec.metric
                        cat = next(iter(b.columns.values()))
                        if (table.key, cat) in reported:
                            continue
                        found.problems.append(
                            Problem("row.missing", sheet=b.sheet, cell=a1(*placed.get(spec.metric, b.header)),
                                    params={"table": table.key, "row": row_label, "category": cat})
                        )


def _misnamed(table: Table, block: _Block) -> dict[str, tuple[int, int]]:
    """(row, column) of the label typed in place of each row of ``table`` the block lacks (支部数 typed
    as 部数): the labels that are no row between the rows found before and after it (in the table's
    order), taken in order when there are as many as rows missing there; else none (the header is named)."""
    first: dict[str, int] = {}
    for (metric, _), r in block.rows.items():
        first[metric] = min(r, first.get(metric, r))
    places: dict[str, tuple[int, int]] = {}
    gap: list[str] = []
    after = block.header[0]
    for metric in [*(spec.metric for spec in table.rows), None]:
        if metric is not None and metric not in first:
            gap.append(metric)
            continue
        before = first[metric] if metric is not None else float("inf")
        labels = [place for place in block.unmatched if after < place[0] < before]
        if gap and len(labels) == len(gap):
            places.update(zip(gap, labels))
        if metric is not None:
            gap, after = [], first[metric]
    return places


def header_test(headers) -> Callable[[str], bool]:
    """Whether a comparable text is a header cell: it holds one of ``headers`` (the 类别 of a
    table set, a table's own 乡镇(单位)) with at most a few characters more (类 别 项 目)."""
    tests = tuple((h, len(h) + 6) for h in dict.fromkeys(headers) if h)
    if len(tests) == 1:  # the common case, tried on every text of a workbook
        ((only, longest),) = tests
        return lambda text: only in text and len(text) <= longest
    return lambda text: any(h in text and len(text) <= longest for h, longest in tests)


def _enumerations(label: str) -> list[str]:
    """A label as typed with its enumeration comma (、) left out or typed otherwise: 甲、乙类, 甲乙类,
    甲,乙类, 甲/乙类, 甲和乙类, 甲及乙类 (normalised: NFKC makes a full-width comma or slash ASCII)."""
    if "、" not in label:
        return [label]
    return list(dict.fromkeys([label, *(label.replace("、", mark) for mark in ("", ",", "/", "和", "及"))]))


def _block_of(table, category: str, blocks: list[_Block]) -> _Block:
    """The block found where ``category`` belongs: the one holding others of its block of the
    table (领导班子成员's, not 书记's); else the table's first."""
    for names in table.blocks:
        if category in names:
            return next((b for b in blocks if not set(names).isdisjoint(b.columns.values())), blocks[0])
    return blocks[0]


def _present(row: list, c: int) -> bool:
    return c < len(row) and row[c] not in ("", None)
