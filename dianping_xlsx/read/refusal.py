"""What the pre-scan's parts share: the refusal they raise, what they return, a far cell."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..problems import ProblemError
from ..settings import Limits
from ..text import a1


class Refused(ProblemError):
    """The file breaks a limit or is not what it claims: the Problem that says which (its code
    and params are the problem's)."""


@dataclass
class Scan:
    data: bytes
    # sheet name -> {A1 ref: "error" | "formula"}: cells the reader would return blank
    flagged: dict[str, dict[str, str]] = field(default_factory=dict)
    properties: dict[str, str] = field(default_factory=dict)  # our custom document properties
    # the same workbook for the reader, its parsed parts stored as the pre-scan inflated them
    # (read/zipcopy.py); None: the reader reads ``data``
    reader: bytes | None = None
    mtime: float = 0.0  # when the file was last written (prescan.read_bounded)


def col_index(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def far(sheet: str, col: int, row: int, limits: Limits) -> None:
    if row > limits.max_rows or col > limits.max_cols:
        raise Refused("limit.far-cell", sheet=sheet, ref=a1(row - 1, col - 1))


DOCTYPE = re.compile(rb"<!(DOCTYPE|ENTITY)", re.I)
