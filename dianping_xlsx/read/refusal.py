"""What the pre-scan's parts share: the refusal they raise, what they return, a far cell."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..problems import ProblemError
from ..settings import Limits
from ..text import a1


class Refused(ProblemError):
    """The file breaks a limit or is not what it claims: the Problem that says which (its code
    and params are the problem's; ``where``: the sheet and cell it is about, its position)."""

    def __init__(self, code: str, where: tuple[str, str] | None = None, **params):
        super().__init__(code, **params)
        if where is not None:
            self.problem = self.problem.located(sheet=where[0], cell=where[1])

    def on_sheet(self, sheet: str) -> "Refused":
        """The same refusal about the sheet named ``sheet`` (its tab, not its part's name)."""
        return Refused(self.code, where=(sheet, self.problem.cell), **{**self.params, "sheet": sheet})


def is_formula_flag(flag: str) -> bool:
    """A flagged cell that is a formula saved without its result (its text, or "formula")."""
    return flag == "formula" or flag.startswith("=")


@dataclass
class Scan:
    data: bytes
    # sheet name -> {A1 ref: an error's text ("#DIV/0!"; "error") | a formula without its result: "=" and
    # its text ("=2+3"), or "formula" (is_formula_flag)}: cells the reader returns blank
    flagged: dict[str, dict[str, str]] = field(default_factory=dict)
    properties: dict[str, str] = field(default_factory=dict)  # our custom document properties
    # the same workbook for the reader, its parsed parts stored as the pre-scan inflated them
    # (read/zipcopy.py); None: the reader reads ``data``
    reader: bytes | None = None
    mtime: float = 0.0  # when the file was last written (prescan.read_bounded)
    date1904: bool = False  # the workbook counts its days from 1904 (Mac Excel: workbookPr date1904)


def col_index(letters: bytes) -> int:
    """A column's number (A is 1), its letters in either case (the reader takes c for C)."""
    n = 0
    for ch in letters:
        n = n * 26 + (ch & 0xDF) - 64
    return n


def far(sheet: str, col: int, row: int, limits: Limits) -> None:
    """Refused when the cell at ``col``, ``row`` (1-based) is beyond the limits."""
    if row > limits.max_rows or col > limits.max_cols:
        ref = a1(row - 1, col - 1)
        raise Refused("limit.far-cell", where=(sheet, ref), sheet=sheet, place=f"单元格 {ref}")


def far_extent(sheet: str, cols: int, rows: int, limits: Limits) -> None:
    """Refused when a sheet's declared extent (``cols`` columns, ``rows`` rows) is beyond the
    limits: its last row and its last column said apart (they are seldom one cell's)."""
    said = ([f"第 {rows} 行"] if rows > limits.max_rows else []) + \
        ([f"第 {a1(0, cols - 1)[:-1]} 列"] if cols > limits.max_cols else [])
    if said:
        raise Refused("limit.far-cell", where=(sheet, ""), sheet=sheet, place="、".join(said))


DOCTYPE = re.compile(rb"<!(DOCTYPE|ENTITY)", re.I)
