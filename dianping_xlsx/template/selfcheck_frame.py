"""The 自查 and 自查计算 sheets written once per table set and filled in for each file.

Both sheets are the same in every unit's file (≈ 1,750 formulas, the 自查 lines' texts, merges,
print settings) but for the results saved with the formulas and the heights of the 自查 lines
that a long result makes taller. xlsxwriter writes them for the first file of a plan
(selfcheck._plan); each sheet's XML is kept as a frame, and each later file gets the frame filled
in: its formulas' results (formatted as xlsxwriter formats a cached value: t="str", "b" or "e";
a number as str() gives it), its lines' heights, and the numbers that depend on the rest of the
workbook (a format's style index, a text's index in the shared strings, given in the order
xlsxwriter would give them). What the sheet does to the rest of the workbook is done again: its
texts entered into the shared strings in the order they were written, its conditional formats'
styles registered, its print titles named. The file is the one xlsxwriter writes cell by cell,
byte for byte (tests/test_return_fast.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from operator import itemgetter

from xlsxwriter.utility import xl_cell_to_rowcol

from .partcache import captured

_CELL = re.compile(r'<c r="([A-Z]+[0-9]+)"(?: s="[0-9]+")?(?: t="(s|str|b|e)")?'
                   r'(/>|>(?:<f>([^<]*)</f>)?<v>([^<]*)</v></c>)')
_ROW = re.compile(r'<row r="([0-9]+)"[^>]*? (ht="[^"]*")')
_ERRORS = frozenset(("#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!"))
NAMES = ("autofilter_area", "print_area_range", "repeat_col_range", "repeat_row_range")  # read by the workbook


@dataclass
class Frame:
    """A sheet's XML: its start, then what each file fills in, each followed by the XML up to the
    next: ("ht", row, None, "", after) a line's height; (kind, head, format key or None, middle,
    after) a cell, of kind "f" (middle: its formula's XML), "s" (middle: its text) or "-"."""

    start: str
    slots: list[tuple]
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)  # its formula cells'
    fixed: dict[tuple[int, int], object] = field(default_factory=dict)  # its other cells' values
    names: dict[str, object] = field(default_factory=dict)  # NAMES, as the first sheet had them
    parts: "_Parts | None" = field(default=None, repr=False, compare=False)  # made at the first render

    def render(self, values: list, styles: dict, strings: dict, heights: dict) -> bytes:
        """The sheet's XML, UTF-8 encoded. ``values``: the formula cells' saved results, in the
        order of ``formulas``; ``styles``: a format key's Format; ``strings``: the workbook's
        shared strings' indices; ``heights``: the lines' rows'."""
        if self.parts is None:
            self.parts = _Parts(self)
        return self.parts.render(values, styles, strings, heights)


class _Parts:
    """A frame laid out for rendering in C: its XML as a list of fixed pieces (made once per
    style indices) with holes at a stride of four: [fixed, A, middle, B, fixed, A, ...], one A
    and B per slot that varies (a formula: its type attribute and its value's text; a text: its
    index in the shared strings and ""; a height: its attribute and ""). Each file's holes are
    filled by slice assignment: the formulas' A's, then the texts', then the heights', taken in
    the slots' order (``order``: each slot's place among them; None where every slot is a
    formula, as in 自查计算). Pieces and holes are UTF-8 already: the sheet's 0.5 MB of XML not
    encoded again each file (its text is mostly CJK sheet names in references, which UTF-8
    encodes slowly)."""

    def __init__(self, frame: Frame):
        self.frame = frame
        kinds = [kind for kind, *_ in frame.slots if kind != "-"]
        self.texts = [middle for kind, _, _, middle, _ in frame.slots if kind == "s"]
        self.rows = [head for kind, head, *_ in frame.slots if kind == "ht"]
        self.keys = list(dict.fromkeys(key for kind, _, key, *_ in frame.slots if kind != "ht" and key is not None))
        self.laid: dict[tuple, list] = {}  # by the style attributes of ``keys``: the pieces
        self.blank = [b""] * (len(self.texts) + len(self.rows))  # the texts' and heights' B's
        firsts = {kind: iter(range(start, start + kinds.count(kind)))
                  for kind, start in (("f", 0), ("s", kinds.count("f")), ("ht", len(kinds) - len(self.rows)))}
        self.order = None if set(kinds) <= {"f"} else [next(firsts[kind]) for kind in kinds]

    def render(self, values: list, styles: dict, strings: dict, heights: dict) -> bytes:
        # each format's index given in the order of its first cell, as xlsxwriter gives them
        style = tuple(f' s="{styles[key]._get_xf_index()}"' for key in self.keys)
        pieces = self.laid.get(style)
        if pieces is None:
            if len(self.laid) > 16:
                self.laid.clear()
            pieces = self.laid[style] = self._lay(dict(zip(self.keys, style)))
        pairs = _typed_all(values)
        first = [*map(itemgetter(0), pairs), *map(b"%d".__mod__, map(strings.__getitem__, self.texts)),
                 *(b'ht="%s"' % f"{int(heights[row] * 4.0 / 3.0 + 0.5) * 0.75:.16g}".encode() for row in self.rows)]
        second = [*map(itemgetter(1), pairs), *self.blank]
        out = pieces.copy()
        if self.order is None:
            out[1::4], out[3::4] = first, second
        else:
            out[1::4] = map(first.__getitem__, self.order)
            out[3::4] = map(second.__getitem__, self.order)
        return b"".join(out)

    def _lay(self, style: dict) -> list:
        pieces, fixed = [], [self.frame.start]
        for kind, head, key, middle, after in self.frame.slots:
            attribute = style.get(key, "")
            if kind == "-":
                fixed.append(f"{head}{attribute}{after}")
                continue
            if kind == "f":
                fixed.append(f"{head}{attribute}")
            elif kind == "s":
                fixed.append(f'{head}{attribute} t="s"><v>')
                middle = ""
            pieces += ["".join(fixed).encode(), None, middle.encode(), None]
            fixed = [after]
        pieces.append("".join(fixed).encode())
        return pieces


class _TypedMemo(dict):
    """A saved result's (type attribute, text), UTF-8, by the result: only texts and whole numbers
    (a text is never equal to a number: True == 1 == 1.0 would be)."""

    def __missing__(self, value):
        if len(self) > 10_000:
            self.clear()
        typed = self[value] = _typed_utf8(value)
        return typed


_TYPED = _TypedMemo()


def _typed_all(values: list) -> list:
    """Each saved result as _typed gives it, UTF-8."""
    if set(map(type, values)) <= {str, int}:
        return list(map(_TYPED.__getitem__, values))
    return list(map(_typed_utf8, values))


def _typed_utf8(value) -> tuple[bytes, bytes]:
    typed, shown = _typed(value)
    return typed.encode(), shown.encode()


def frame_of(ws, xml: str, rows) -> Frame:
    """The frame of a sheet xlsxwriter wrote as ``xml``; ``rows``: those whose heights vary."""
    texts = ws.str_table.string_array  # the shared strings by index, once the workbook is being saved
    marks = [(m.start(2), m.end(2), "ht", int(m.group(1)) - 1, None, "", "") for m in _ROW.finditer(xml)
             if int(m.group(1)) - 1 in rows]  # each: where, what fills it, and its XML's end
    frame = Frame("", [], names={name: getattr(ws, name) for name in NAMES})
    for m in _CELL.finditer(xml):
        at = xl_cell_to_rowcol(m.group(1))
        item = ws.table[at[0]][at[1]]
        key = item.format._get_format_key() if item.format is not None else None
        head = f'<c r="{m.group(1)}"'
        if m.group(4) is not None:
            frame.formulas[at] = item.formula
            marks.append((m.start(), m.end(), "f", head, key, f"><f>{m.group(4)}</f><v>", "</v></c>"))
        elif m.group(2) == "s":
            frame.fixed[at] = texts[int(m.group(5))]
            marks.append((m.start(), m.end(), "s", head, key, frame.fixed[at], "</v></c>"))
        else:
            if m.group(5) is not None:  # a number, or a logical value (write_boolean's t="b")
                frame.fixed[at] = bool(int(m.group(5))) if m.group(2) == "b" else float(m.group(5))
            typed = f' t="{m.group(2)}"' if m.group(2) else ""
            marks.append((m.start(), m.end(), "-", head, key, "", typed + m.group(3)))
    marks.sort(key=lambda mark: mark[0])
    frame.start = xml[:marks[0][0]] if marks else xml
    for n, (_, end, *slot, closing) in enumerate(marks):
        following = marks[n + 1][0] if n + 1 < len(marks) else len(xml)
        frame.slots.append((*slot, closing + xml[end:following]))
    return frame


def _typed(value) -> tuple[str, str]:
    """A saved result as xlsxwriter writes it: the cell's type attribute and the value's text."""
    if isinstance(value, str):
        if value == "":
            return "", ""
        kind = ' t="e"' if value in _ERRORS else ' t="str"'
        return kind, value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if isinstance(value, bool):
        return ' t="b"', "1" if value else "0"
    return "", f"{value}"


def assemble_kept(ws, assemble) -> None:
    """xlsxwriter's ``assemble()`` of the sheet ``ws``, its XML written, and given to ``ws.keep``
    when the sheet has one (the frame of a process's first file is made from it)."""
    xml = captured(ws, assemble)
    ws._xml_close()
    if ws.keep is not None:
        ws.keep(ws, xml)


def framed_sheet(base):
    """A worksheet class (of ``base``) written from a frame once ``use`` gives it one; until
    then xlsxwriter writes it, and ``keep`` is given its XML."""

    class Framed(base):
        render = None
        keep = None

        def _assemble_xml_file(self):
            if self.render is not None:
                data = self.render()
                if hasattr(self.fh, "data"):  # a part zipped as bytes (partcache._Part)
                    self.fh.data = data
                else:
                    self.fh.write(data.decode("utf-8"))
                self._xml_close()
                return
            assemble_kept(self, super()._assemble_xml_file)

        def use(self, frame: Frame, render) -> None:
            """Written as ``render()`` gives it when the workbook is saved (style indices are
            given then, in the order xlsxwriter gives them: sheet by sheet, cell by cell)."""
            for name, value in frame.names.items():
                setattr(self, name, value)
            self.render = render

    return Framed
