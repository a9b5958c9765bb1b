"""A return file's table sheets (and 填表说明) written once per table set and filled in for each file.

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

from xlsxwriter.format import Format

from .blank import write_instructions
from .layout import INSTRUCTIONS_SHEET, KnownFunctions, _write_value, write_table_sheet
from .selfcheck_frame import _CELL, assemble_kept

_KEPT = 32  # frames kept (a table set's tables, a period or two)


@dataclass
class TableFrame:
    """A table sheet's XML up to the comments' drawing, as pieces: a text, ("x", format key) a
    style attribute, ("s", text) a shared string's index, ("c", row, column, A1) a varying cell
    as xlsxwriter writes it; then the comments' drawing, then ``after``. ``cells``: its fixed cells
    as the worksheet holds them (their texts, no formats), for the self-check's evaluation."""

    pieces: list
    after: str
    cells: dict[int, dict[int, tuple]]
    events: list  # what drawing the table does to the worksheet and the workbook (_events)
    names: list[tuple]  # the defined names it adds
    places: dict  # where each value goes (write_table_sheet's)

    def draw(self, wb, fmt, name: str, styles: dict, options: dict) -> dict:
        """The table's worksheet added to ``wb`` and given what varies, the frame to write it from."""
        ws = wb.add_worksheet(name, worksheet_class=TableSheet)
        enter, values = ws.str_table._get_shared_string_index, options.get("values") or {}
        marks, painted = options.get("marks") or {}, options.get("painted")
        painted = set(marks) if painted is None else painted
        for event in self.events:
            kind = event[0]
            if kind == "enter":
                enter(event[1])
            elif kind == "value":
                _, row, col, key = event
                _write_value(ws, fmt, row, col, values.get(key), True, marks.get(key), key in painted)
            elif kind == "call":
                getattr(ws, event[1])(*event[2], **event[3])
            else:
                _, row, col, which, key = event
                ws.write_string(row, col, options.get(which, ""), styles[key])
        wb.defined_names += map(list, self.names)
        for row, cells in self.cells.items():
            ws.table[row].update(cells)
        ws.frame, ws.styles, ws.strings = self, styles, ws.str_table.string_table
        return dict(self.places)

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
                cell = table[piece[1]][piece[2]]
                if not _cell_xml(out, piece[3], cell):
                    ws.fh.write("".join(out))
                    out.clear()
                    ws._write_cell(piece[1], piece[2], cell)
        ws.fh.write("".join(out))
        ws._write_legacy_drawing()
        ws.fh.write(self.after)


def _cell_xml(out: list, ref: str, cell) -> bool:
    """A formatted number, text or blank cell as xlsxwriter's _write_cell writes it (its style
    index given then, as there); False for another (xlsxwriter writes it)."""
    kind = cell.__class__.__name__
    if cell.format is None or kind not in ("Number", "String", "Blank"):
        return False
    head = f'<c r="{ref}" s="{cell.format._get_xf_index()}"'
    if kind == "Number":
        out.append(f"{head}><v>{cell.number:.16G}</v></c>")
    elif kind == "String":
        out.append(f'{head} t="s"><v>{cell.string}</v></c>')
    else:
        out.append(f"{head}/>")
    return True


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
        assemble_kept(self, super()._assemble_xml_file)

    def _write_legacy_drawing(self) -> None:
        if self.frame is None and self.keep is not None:  # where the frame's drawing goes
            start = len(self.fh.getvalue())
            super()._write_legacy_drawing()
            self._drawing_at = (start, len(self.fh.getvalue()))
        else:
            super()._write_legacy_drawing()


class _Drawing:
    """What the first file's table is drawn on: the worksheet, each call noted as a later file
    does it again (``events``): a text entered into the shared strings, a setting, a varying
    cell (``live`` takes them, written to the worksheet and noted in ``varying``)."""

    def __init__(self, ws):
        self.ws, self.events, self.varying = ws, [], set()
        self.live = _Live(ws, self.events, self.varying)  # not pointing back here: no cycle

    def __getattr__(self, name):  # set_row, set_column, data_validation, protect, print settings
        method, events = getattr(self.ws, name), self.events

        def setting(*args, **kwargs):
            events.append(("call", name, args, kwargs))
            return method(*args, **kwargs)
        return setting

    def write_string(self, row, col, text, cell_format=None):
        self.events.append(("enter", text))
        self.ws.write_string(row, col, text, cell_format)

    def write_blank(self, row, col, blank, cell_format=None):
        self.ws.write_blank(row, col, blank, cell_format)

    def merge_range(self, first_row, first_col, last_row, last_col, data, cell_format=None):
        if data.__class__ is str and data != "":  # as merge_range writes its first cell
            self.events.append(("enter", data))
        self.ws.merge_range(first_row, first_col, last_row, last_col, data, cell_format)


class _Live:
    def __init__(self, ws, events: list, varying: set):
        self.ws, self.events, self.varying = ws, events, varying

    def __getattr__(self, name):  # write_string, write_number, write_blank, write_comment
        method, events, varying = getattr(self.ws, name), self.events, self.varying

        def write(row, col, *args, **kwargs):
            if (row, col) not in varying:  # a cell's first write: what a later file writes there
                varying.add((row, col))
                events.append(("live", row, col, name, args))
            return method(row, col, *args, **kwargs)
        return write


_FRAMES: dict[tuple, TableFrame | None] = {}


def write_framed_table(wb, fmt, ts, table, **options) -> dict:
    """layout.write_table_sheet for a return file (a form; ``options``: its values, marks,
    painted, unit_name, date_text, year), written again from the table's frame when this
    process has one."""
    return _framed(wb, fmt, (ts.fingerprint, table.key, options.get("year")), table.key, options,
                   lambda **hooks: write_table_sheet(wb, fmt, ts, table, **hooks, **options))


def write_framed_instructions(wb, fmt, ts, year: int | None, due=None) -> None:
    """blank.write_instructions (the 填表说明 sheet, the same in every file of a year and deadline), from a frame."""
    _framed(wb, fmt, (ts.fingerprint, INSTRUCTIONS_SHEET, year, due), INSTRUCTIONS_SHEET, {},
            lambda **hooks: write_instructions(wb, fmt, ts, year, due=due, **hooks) or {})


def _framed(wb, fmt, key: tuple, name: str, options: dict, draw) -> dict:
    """The sheet ``draw(sheet_class=, draw=)`` draws (it returns where the values went), or its
    frame's; the first time, the frame is made of it."""
    frame = _FRAMES.get(key)
    styles = _styles(fmt)
    if frame is not None:
        return frame.draw(wb, fmt, name, styles, options)
    drawings, named = [], len(wb.defined_names)
    where = draw(sheet_class=TableSheet, draw=lambda ws: drawings.append(_Drawing(ws)) or drawings[0])
    if key not in _FRAMES:
        drawing = drawings[0]
        ws, names = drawing.ws, [tuple(n) for n in wb.defined_names[named:]]
        made = _Made(_events(drawing.events, where, styles, options), names, dict(where),
                     _fixed_cells(ws, drawing.varying))
        ws.keep = lambda ws, xml: _keep(key, _frame_of(ws, xml, made, drawing.varying, styles))
    return where


def _styles(fmt) -> dict:
    """The Formats' formats by key (made once per workbook: a key is made of every property)."""
    styles = vars(fmt).get("_by_key")
    if styles is None:
        styles = {f._get_format_key(): f for f in vars(fmt).values() if isinstance(f, Format)}
        fmt._by_key = styles
    return styles


@dataclass
class _Made:
    """What the first file's drawing of a table did, to do again (TableFrame)."""

    events: list | None
    names: list[tuple]
    places: dict
    fixed: dict


def _events(events: list, where: dict, styles: dict, options: dict) -> list | None:
    """The drawing's events with each varying cell's first write named by what it writes: a
    value ("value", row, column, key) or the 填报单位 or 填报时间 ("line", row, column, option,
    format key); None if one is neither, or a setting was given a format."""
    values = {xl_cell_to_rowcol(ref): k for k, ref in where.items()}
    out = []
    for event in events:
        if event[0] == "call" and any(isinstance(a, Format) for a in (*event[2], *event[3].values())):
            return None
        if event[0] != "live":
            out.append(event)
            continue
        _, row, col, name, args = event
        if (row, col) in values:
            out.append(("value", row, col, values[(row, col)]))
        elif name == "write_string" and args[1] is not None and args[1]._get_format_key() in styles:
            which = "unit_name" if args[0] == options.get("unit_name", "") else "date_text"
            if args[0] != options.get(which, ""):
                return None
            out.append(("line", row, col, which, args[1]._get_format_key()))
        else:
            return None
    return out


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


def _frame_of(ws, xml: str, made: _Made, varying: set, styles: dict) -> TableFrame | None:
    """The frame of a table sheet xlsxwriter wrote as ``xml`` (None: one it cannot hold: every
    cell written must be in it once, the varying ones too)."""
    fixed = made.fixed
    if ws._drawing_at is None or made.events is None:
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
            pieces.append(("c", row, col, m.group(1)))
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
    return TableFrame(_joined(pieces), xml[end:], kept, made.events, made.names, made.places)


def _joined(pieces: list) -> list:
    """Adjacent texts joined into one."""
    out = []
    for piece in pieces:
        if piece.__class__ is str and out and out[-1].__class__ is str:
            out[-1] += piece
        elif piece != "":
            out.append(piece)
    return out
