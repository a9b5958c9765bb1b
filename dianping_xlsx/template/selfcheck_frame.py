"""The hidden 自查计算 sheet written once per table set and filled with each file's results.

Its cells are the same formulas in every unit's file (≈ 1,400 for the shipped tables): only the
results saved with them differ. xlsxwriter writes the sheet's rows for the first file of a plan
(selfcheck._plan); they are kept as a frame, the XML between the results, and each later file
gets the frame with its own results, formatted as xlsxwriter formats a formula's cached value
(t="str", "b" or "e"; the number as str() gives it). The file is the one xlsxwriter writes cell by
cell, byte for byte (tests/test_return_fast.py).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from xlsxwriter.utility import xl_cell_to_rowcol

_CELL = re.compile(r'<c r="([A-Z]+[0-9]+)"((?: s="[0-9]+")?)(?: t="(?:str|b|e)")?><f>([^<]*)</f><v>[^<]*</v></c>')
_ERRORS = frozenset(("#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!"))


@dataclass
class Frame:
    """A sheet's rows: the XML around each formula cell's result, and the cells in order."""

    pieces: list[str]  # XML before the first result cell, between them and after the last
    heads: list[str]  # each cell's '<c r="B6"' (and its format)
    bodies: list[str]  # each cell's '><f>formula</f><v>'
    cells: list[tuple[int, int]]  # each cell's (row, column)
    dims: tuple  # the sheet's dim_rowmin, dim_rowmax, dim_colmin, dim_colmax

    def render(self, values: list) -> str:
        out = [self.pieces[0]]
        for head, body, value, piece in zip(self.heads, self.bodies, values, self.pieces[1:]):
            kind, text = _typed(value)
            out += (head, kind, body, text, "</v></c>", piece)
        return "".join(out)


def frame_of(xml: str, dims: tuple) -> Frame:
    pieces, heads, bodies, cells, at = [], [], [], [], 0
    for m in _CELL.finditer(xml):
        pieces.append(xml[at:m.start()])
        heads.append(f'<c r="{m.group(1)}"{m.group(2)}')
        bodies.append(f"><f>{m.group(3)}</f><v>")
        cells.append(xl_cell_to_rowcol(m.group(1)))
        at = m.end()
    pieces.append(xml[at:])
    return Frame(pieces, heads, bodies, cells, dims)


def _typed(value) -> tuple[str, str]:
    """A saved result as xlsxwriter writes it: the cell's type attribute and the value's text."""
    if isinstance(value, bool):
        return ' t="b"', "1" if value else "0"
    if isinstance(value, str):
        kind = "" if value == "" else ' t="e"' if value in _ERRORS else ' t="str"'
        return kind, value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return "", f"{value}"


def framed_sheet(base):
    """A worksheet class (of ``base``) whose rows are its frame filled with ``values``, once both
    are set; until then xlsxwriter writes its cells, and ``keep`` is given their frame."""

    class Framed(base):
        frame: Frame | None = None
        values: list | None = None
        keep = None

        def _write_sheet_data(self):
            if self.frame is not None and self.values is not None:
                self.fh.write(self.frame.render(self.values))
                return
            real, self.fh = self.fh, io.StringIO()
            try:
                super()._write_sheet_data()
                xml = self.fh.getvalue()
            finally:
                self.fh = real
            real.write(xml)
            if self.keep is not None:
                self.keep(frame_of(xml, (self.dim_rowmin, self.dim_rowmax, self.dim_colmin, self.dim_colmax)))

        def use(self, frame: Frame, values: list) -> None:
            self.frame, self.values = frame, values
            self.dim_rowmin, self.dim_rowmax, self.dim_colmin, self.dim_colmax = frame.dims

    return Framed
