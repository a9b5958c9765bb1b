"""A return file's table sheets written once per table set and filled in for each file.

Every unit's table sheet is the same (labels, merges, heights, notes, print settings, the
self-check's conditional formats) but for the cells a unit fills: its values (number, text or
blank, in the input or the marked format), their comments, its 填报单位 and 填报时间. The first
file of a process draws each table with xlsxwriter (layout.write_table_sheet) and its XML is
kept as a frame; a later file draws the table on a ``_Drawing`` that passes only what varies to
the worksheet (and what the workbook needs of the sheet: its texts entered into the shared
strings in the order they are written, its print area, heights and widths, validation and
conditional formats), and the sheet is written from the frame: the varying cells as xlsxwriter
writes them, each format's style index and each text's shared-string index given in the order
xlsxwriter gives them, the comments' drawing as xlsxwriter writes it. The file is the one
xlsxwriter writes cell by cell, byte for byte (tests/test_return_fast.py, tests/test_tableframe.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from xlsxwriter.utility import xl_cell_to_rowcol

from .layout import KnownFunctions, write_table_sheet
from .selfcheck_frame import _CELL, _Open

_KEPT = 32  # frames kept (a table set's tables, a period or two)


@dataclass
class TableFrame:
    """A table sheet's XML up to the comments' drawing, as pieces: a text, ("x", format key) a
    style attribute, ("s", text) a shared string's index, ("c", row, column) a varying cell as
    xlsxwriter writes it; then the comments' drawing, then ``after``. ``cells``: its fixed cells
    as the worksheet holds them (their texts, no formats), for the self-check's evaluation."""

    pieces: list
    after: str
    cells: dict[int, dict[int, tuple]]

    def write(self, ws, styles: dict, strings: dict) -> None:
        """``styles``: a format key's Format; ``strings``: the shared strings' indices."""
        out, table = [], ws.table
        for piece in self.pieces:
            if piece.__class__ is str:
                out.append(piece)
            elif piece[0] == "x":
                out.append(f' s="{styles[piece[1]]._get_xf_index()}"')
            elif piece[0] == "s":
                out.append(str(strings[piece[1]]))
            else:
                ws.fh.write("".join(out))
                out.clear()
                ws._write_cell(piece[1], piece[2], table[piece[1]][piece[2]])
        ws.fh.write("".join(out))
        ws._write_legacy_drawing()
        ws.fh.write(self.after)


class TableSheet(KnownFunctions):
    """A table sheet: written by xlsxwriter, its XML given to ``keep``, or from ``frame``."""

    frame: TableFrame | None = None
    styles: dict | None = None
    strings: dict | None = None  # the shared strings' indices (the workbook's table is emptied when saving)
    keep = None
    _drawing_at = None

    def _assemble_xml_file(self):
        if self.frame is not None:
            self.frame.write(self, self.styles, self.strings)
            self._xml_close()
            return
        real, self.fh = self.fh, _Open()
        try:
            super()._assemble_xml_file()
            xml = self.fh.getvalue()
        finally:
            self.fh = real
        real.write(xml)
        self._xml_close()
        if self.keep is not None:
            self.keep(self, xml)

    def _write_legacy_drawing(self) -> None:
        if self.frame is None and self.keep is not None:  # where the frame's drawing goes
            start = len(self.fh.getvalue())
            super()._write_legacy_drawing()
            self._drawing_at = (start, len(self.fh.getvalue()))
        else:
            super()._write_legacy_drawing()


class _Drawing:
    """What a table is drawn on: the worksheet, or (``skip``) only what the frame does not hold:
    its fixed cells' texts entered into the shared strings, and every setting but cells and
    merges. ``live`` takes the cells that vary, written to the worksheet and noted."""

    def __init__(self, ws, skip: bool):
        self.ws, self.skip, self.varying = ws, skip, set()
        self.live = _Live(ws, self.varying)  # not pointing back here: no cycle to wait for a collection
        self._enter = ws.str_table._get_shared_string_index

    def __getattr__(self, name):  # set_row, set_column, data_validation, protect, print settings
        return getattr(self.ws, name)

    def write_string(self, row, col, text, cell_format=None):
        if self.skip:
            self._enter(text)
        else:
            self.ws.write_string(row, col, text, cell_format)

    def write_blank(self, row, col, blank, cell_format=None):
        if not self.skip:
            self.ws.write_blank(row, col, blank, cell_format)

    def merge_range(self, first_row, first_col, last_row, last_col, data, cell_format=None):
        if not self.skip:
            self.ws.merge_range(first_row, first_col, last_row, last_col, data, cell_format)
        elif data.__class__ is str and data != "":  # as merge_range writes its first cell
            self._enter(data)


class _Live:
    def __init__(self, ws, varying: set):
        self.ws, self.varying = ws, varying

    def __getattr__(self, name):  # write_string, write_number, write_blank, write_comment
        method, varying = getattr(self.ws, name), self.varying

        def write(row, col, *args, **kwargs):
            varying.add((row, col))
            return method(row, col, *args, **kwargs)
        return write


_FRAMES: dict[tuple, TableFrame | None] = {}


def write_framed_table(wb, fmt, ts, table, **options) -> dict:
    """layout.write_table_sheet for a return file (a form; ``options``: its values, marks,
    painted, unit_name, date_text, year), the sheet written from the table's frame when this
    process has one."""
    key = (ts.fingerprint, table.key, options.get("year"))
    frame = _FRAMES.get(key)
    drawings = []

    def draw(ws):
        drawings.append(_Drawing(ws, skip=frame is not None))
        return drawings[0]

    where = write_table_sheet(wb, fmt, ts, table, sheet_class=TableSheet, draw=draw, **options)
    drawing = drawings[0]
    ws, styles = drawing.ws, {f._get_format_key(): f for f in vars(fmt).values()}
    if frame is not None:
        for row, cells in frame.cells.items():
            ws.table[row].update(cells)
        ws.frame, ws.styles, ws.strings = frame, styles, ws.str_table.string_table
    elif key not in _FRAMES:
        fixed = _fixed_cells(ws, drawing.varying)
        ws.keep = lambda ws, xml: _keep(key, _frame_of(ws, xml, fixed, drawing.varying, styles))
    return where


def _keep(key, frame) -> None:
    if len(_FRAMES) >= _KEPT:
        _FRAMES.clear()
    _FRAMES[key] = frame


def _fixed_cells(ws, varying: set) -> dict:
    """The worksheet's cells that do not vary, as the frame gives them to a later worksheet: a
    text's cell holding the text (as the evaluation reads it), no format; and each one's format key."""
    texts = {i: s for s, i in ws.str_table.string_table.items()}
    fixed = {}
    for row, cells in ws.table.items():
        for col, cell in cells.items():
            if (row, col) not in varying:
                if cell.__class__.__name__ == "String":
                    cell = cell._replace(string=texts[cell.string])
                key = cell.format._get_format_key() if cell.format is not None else None
                fixed[(row, col)] = (cell._replace(format=None), key)
    return fixed


def _frame_of(ws, xml: str, fixed: dict, varying: set, styles: dict) -> TableFrame | None:
    """The frame of a table sheet xlsxwriter wrote as ``xml`` (None: one it cannot hold: every
    cell written must be in it once, the varying ones too)."""
    if ws._drawing_at is None:
        return None
    start, end = ws._drawing_at
    head = xml[:start]
    pieces, at = [], 0
    cells = list(_CELL.finditer(head))
    written = [xl_cell_to_rowcol(m.group(1)) for m in cells]
    if len(cells) != head.count("<c ") or len(set(written)) != len(written) \
            or set(written) != fixed.keys() | varying:
        return None
    kept: dict[int, dict[int, tuple]] = {}
    for m in cells:
        row, col = xl_cell_to_rowcol(m.group(1))
        pieces.append(head[at:m.start()])
        at = m.end()
        if (row, col) not in fixed:
            pieces.append(("c", row, col))
            continue
        cell, key = fixed[(row, col)]
        if (key is None) != (' s="' not in m.group(0)) or (key is not None and key not in styles):
            return None
        kept.setdefault(row, {})[col] = cell
        pieces += [f'<c r="{m.group(1)}"', *([("x", key)] if key is not None else [])]
        if m.group(2) == "s":
            pieces += [' t="s"><v>', ("s", cell.string), "</v></c>"]
        elif m.group(2) is None and m.group(4) is None:
            pieces.append(m.group(3))  # a blank (/>) or a number
        else:
            return None
    pieces.append(head[at:])
    return TableFrame(_joined(pieces), xml[end:], kept)


def _joined(pieces: list) -> list:
    """Adjacent texts joined into one."""
    out = []
    for piece in pieces:
        if piece.__class__ is str and out and out[-1].__class__ is str:
            out[-1] += piece
        elif piece != "":
            out.append(piece)
    return out
