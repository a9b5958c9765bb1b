"""Finding the ledgers (台账) in a workbook by their column labels.

A ledger is found by a header row (or two: ledger_headers.py) holding most of its labels (in any order, with other
columns beside them, on any sheet, in the unit's statistics workbook or in a file of its
own). Its records are the rows below that have something in a ledger column; a line with
text only outside them (共承诺80条,已兑现55条……) is kept as a note.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ..definitions import Ledger, LedgerSet
from ..text import normalise
from .grids import Grid
from .ledger_headers import Header, find_headers

TOTAL_LABELS = ("合计", "总计", "共计", "小计", "总数")  # a totals line's label (and the ledger's total_words)
LABEL_COLUMNS = 3  # a totals line's label stands in one of the first columns of its row
COUNT_TEXT = 12  # a count beside a totals label is short: 3条, 已兑现55条
FOOTER_LABELS = ("制表人", "填表人", "审核人", "统计人", "填报人")  # the signatures under a ledger
TOTAL_CELL = re.compile(rf"(?:{'|'.join(TOTAL_LABELS)})[::]?(?:\d+\D?)?")  # 合计, 合计:, 合计5人
FOOTER_CELL = re.compile(rf"(?:{'|'.join(FOOTER_LABELS)}|制表)(?:[::].{{0,12}})?"  # 制表:, 审核人:王书记
                         rf"|(?:{'|'.join(FOOTER_LABELS)}).{{1,4}}")  # 填表人 王五 (a name, spaces gone)
SUBTOTAL_ENDS = ("小计", "合计", "总计")  # 东山村党支部小计: a group's subtotal, wherever it stands
SUBTOTAL_TEXT = 20  # … in a cell as short as a label
COUNT_CELL = re.compile(r"\d+(人|个|名|位|条|次|项)?")  # 3人 where a person or organisation is named


@dataclass
class Record:
    row: int  # 0-based row in the sheet
    cells: dict[str, tuple[int, object]]  # label -> (column, value as read)

    def value(self, label: str):
        return self.cells.get(label, (0, ""))[1]


@dataclass
class FoundLedger:
    ledger: Ledger
    sheet: str
    header_row: int
    columns: dict[str, int]  # label -> column
    records: list[Record] = field(default_factory=list)
    notes: list[tuple[int, int, str]] = field(default_factory=list)  # (row, column, text) outside the columns
    memo: dict = field(default_factory=dict, repr=False, compare=False)  # what the checks derive, made once

    @property
    def countable(self) -> bool:
        """An appraisal ledger whose counted columns were all found: it can be held against
        the tables (one that cannot be classified never is)."""
        counts = self.ledger.counts
        return counts is not None and all(label in self.columns
                                          for label in (counts.person, counts.category, counts.date, counts.kind))


def find_ledgers(grids: list[Grid], ls: LedgerSet) -> list[FoundLedger]:
    found = []
    for grid in grids:
        headers = find_headers(grid, ls)
        for n, header in enumerate(headers):
            end = headers[n + 1].row if n + 1 < len(headers) else len(grid.rows)
            found.append(_records(grid, header, end))
    return found


def _records(grid: Grid, header: Header, end: int) -> FoundLedger:
    ledger, columns = header.ledger, header.columns
    found = FoundLedger(ledger, grid.name, header.row, columns)
    places = list(columns.items())
    left = min(columns.values())
    filled = _merged_down(grid, header.first - 1, end)
    for r in range(header.first, end):
        if r in header.repeats:
            continue
        row = filled.get(r) or grid.rows[r]
        cells = _cells(row, places)
        if cells and not _only_numbering(cells, ledger) and not _totals_line(row, ledger, left) \
                and not _subtotal_or_footer(grid.rows[r], ledger, columns):
            found.records.append(Record(r, cells))
        else:
            found.notes += _texts(grid.rows[r], r)
    return found


def _subtotal_or_footer(row: list, ledger: Ledger, columns: dict[str, int]) -> bool:
    """A row of the table that is no record, whatever its other cells hold (a subtotal row inside
    columns merged down a branch's meeting takes their values): a count where a person or an
    organisation is named (3人), or a row holding a totals or signature cell as such rows really
    look (小计, 合 计, 合计:5人, 东山村党支部小计, 制表人:李会计, 审核人:) and else only counts,
    dates or the values of choice columns. A record's texts beginning with those words (合计走访群众
    30户, 制表厂党支部) never make one, nor does a row naming a person. As typed, never as merged down."""
    names = [label for label in (ledger.counts.person if ledger.counts else None,
                                 ledger.status.subject if ledger.status else None) if label in columns]
    for label in names:
        value = row[columns[label]] if columns[label] < len(row) else None
        if isinstance(value, (int, float)) and not isinstance(value, bool) \
                or isinstance(value, str) and COUNT_CELL.fullmatch(normalise(value)):
            return True
    choices = {columns[c.label] for c in ledger.columns if c.kind == "choice" and c.label in columns}
    labels = 0
    for c, value in enumerate(row):
        if value is None or isinstance(value, str) and not value.strip():
            continue
        if isinstance(value, str) and _label_cell(normalise(value)):
            labels += 1
        elif not (_count_like(value) or isinstance(value, (dt.date, dt.time)) or c in choices):
            return False  # a name or a text: a record's
    return labels > 0


def _label_cell(text: str) -> bool:
    """合计, 合计:, 合计:5人, 东山村党支部小计; 制表人:李会计, 审核人:, 填表人 王五: a totals or signature
    cell, not a record's text that begins with the same word."""
    return bool(TOTAL_CELL.fullmatch(text) or FOOTER_CELL.fullmatch(text)
                or len(text) <= SUBTOTAL_TEXT and text.endswith(SUBTOTAL_ENDS))


def _merged_down(grid: Grid, header: int, end: int) -> dict[int, list]:
    """Rows under a range merged down the records (对象类别 merged over a run of equal values, as
    clerks do): each row it covers takes the value of its first cell. Only ranges that begin on a
    record's row: a header cell merged over two rows gives its label to no record."""
    out: dict[int, list] = {}
    for (r0, c0), (r1, _) in grid.merges:
        if r1 <= r0 or r0 <= header or r0 >= end or c0 >= len(grid.rows[r0]):
            continue
        top = grid.rows[r0][c0]
        if top is None or (isinstance(top, str) and not top.strip()):
            continue
        for r in range(r0 + 1, min(r1 + 1, end, len(grid.rows))):
            row = out.get(r) or out.setdefault(r, list(grid.rows[r]))
            if c0 < len(row) and (row[c0] is None or row[c0] == ""):
                row[c0] = top
    return out


def _cells(row: list, places: list[tuple[str, int]]) -> dict[str, tuple[int, object]]:
    """label -> (column, value) for the ledger's columns that hold something in this row."""
    width = len(row)
    return {label: (c, row[c]) for label, c in places
            if c < width and row[c] is not None and not (isinstance(row[c], str) and not row[c].strip())}


def _texts(row: list, r: int) -> list[tuple[int, int, str]]:
    return [(r, c, v.strip()) for c, v in enumerate(row) if isinstance(v, str) and v.strip()]


def _totals_line(row: list, ledger: Ledger, left: int) -> bool:
    """合计 | 4 | 3 …, 共承诺80条,已兑现55条…: a line of totals typed under the records, not a
    record. Known by its label cell alone: the row's first filled cell, in the ledger's first columns,
    begins with a totals word, and every other filled cell is a count (a number, or a text with
    a digit: 3条). Words inside a record's texts (中共…委员会, 全年共讲党课4次) never make one."""
    filled = [(c, v) for c, v in enumerate(row)
              if v is not None and not (isinstance(v, str) and not v.strip())]
    if not filled or filled[0][0] >= left + LABEL_COLUMNS or not isinstance(filled[0][1], str):
        return False
    label = normalise(filled[0][1])
    words = TOTAL_LABELS + (ledger.status.total_words if ledger.status is not None else ())
    return label.startswith(words) and all(_count_like(v) for _, v in filled[1:])


def _count_like(value) -> bool:
    if isinstance(value, str):
        return any(ch.isdigit() for ch in value) and len(normalise(value)) <= COUNT_TEXT
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _only_numbering(cells: dict, ledger: Ledger) -> bool:
    """A template row with only its 序号 filled in is not a record."""
    first = ledger.columns[0]
    return set(cells) == {first.label} and first.kind == "number"
