"""The big plain parts of a workbook — 明细's numbers, the merged ledgers' records — written as
XML rows straight into the sheet that xlsxwriter made around them.

xlsxwriter writes everything else (formats, headings, totals, freeze panes, print settings,
charts); it costs ≈ 7–12 µs a cell even in constant-memory mode (a regex or two on every
string, a function call per attribute), which made 明细 the parent's serial part at province
scale and the merged ledger (1.5 million text cells) most of a county's ledger merge. Here a
row of plain values is one f-string per cell, ≈ 1 µs: the sheet's rows are spliced into
xlsxwriter's file when it is closed, the zip rewritten entry by entry (the big entry streamed,
never held whole). Strings are escaped exactly as xlsxwriter escapes inline strings, and a test
compares every cell, format included, with the same sheet written by xlsxwriter alone.

A writer hands over ``rows``: ``(values, styles)`` pairs, or ``(values, styles, height)``
(the row's height in points, as set_row takes it; None the default), ``values`` a sequence of
str / int / float / None, ``styles`` a sequence of xlsxwriter Formats or None, one per column
(usually the same tuple object for every row). "" leaves no cell; None is an empty cell in its
style (a bordered blank), or no cell when it has none. With ``exact_text`` the texts are what
write_string writes in constant-memory mode, byte for byte: "" an empty text cell, a newline
as it is (else as &#xA;, the same text to any reader).

A writer of a big list of one shape may also hand over ``pieces``: a function of a RowKinds
that returns each row as its XML's pieces (RowKind), which it keeps for what repeats (a unit's
name on each of its rows, a message's text); spliced, those rows are what ``rows`` would make,
byte for byte (``rows`` stays what xlsxwriter writes when not streamed, and the reference).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path
from operator import getitem, itemgetter
from typing import Callable, Iterable, Sequence

from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

from ..template.memzip import LEVEL, ON_DISK_ATTRIBUTES, ON_DISK_TIME, deflate_at
from ..text import column_number

MAX_TEXT = 32767  # Excel's longest cell text
MAX_ROWS = 1_048_576  # Excel's rows on a sheet
_SPECIAL = re.compile("[\x00-\x1f&<>_\ufffe\uffff]")
_ESCAPED = re.compile("(_x[0-9a-fA-F]{4}_)")
_CONTROL = re.compile("([\x00-\x08\x0b-\x1f])")
_CHUNK = 1 << 20  # bytes of rows joined before each write to the zip entry


@dataclass
class BulkRows:
    sheet_index: int  # xlsxwriter's worksheet.index: the part is xl/worksheets/sheet<index+1>.xml
    first_row: int  # zero-based
    count: int  # rows, known before they are made (the rows below them are written by xlsxwriter)
    width: int  # columns, from column 0
    rows: Iterable[tuple]
    exact_text: bool = False  # "" an empty text cell, newlines as they are: write_string's bytes
    default_height: int = 20  # the sheet's default row height, in pixels (no ht attribute)
    pieces: Callable[["RowKinds"], Iterable[list]] | None = None  # the rows as XML pieces (RowKinds)


def write_rows(ws, first_row: int, rows: Iterable[tuple], exact_text: bool = False) -> int:
    """The same rows through xlsxwriter, cell by cell (the normal mode, and the reference the
    test compares with); returns the number of rows."""
    n = 0
    for n, item in enumerate(rows, start=1):
        r = first_row + n - 1
        values, styles = item[0], item[1]
        if len(item) > 2 and item[2] is not None:
            ws.set_row(r, item[2])
        for j, value in enumerate(values):
            if value is None:
                ws.write_blank(r, j, None, styles[j])  # nothing without a style
            elif isinstance(value, str):
                if value or exact_text:
                    ws.write_string(r, j, value, styles[j])
            else:
                ws.write_number(r, j, value, styles[j])
    return n


def inline_text(text: str, newline: str = "&#xA;") -> str:
    """A cell's inline string, escaped as xlsxwriter escapes it (control characters as _xHHHH_,
    a literal _xHHHH_ protected, XML's own characters, newlines as &#xA;)."""
    if len(text) > MAX_TEXT:
        text = text[:MAX_TEXT]
    if _SPECIAL.search(text):
        text = _ESCAPED.sub(r"_x005F\1", text)
        text = _CONTROL.sub(lambda m: f"_x{ord(m.group(1)):04X}_", text)
        text = text.replace("\ufffe", "_xFFFE_").replace("\uffff", "_xFFFF_")
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", newline)
    if text[:1].isspace() or text[-1:].isspace():
        return f'<is><t xml:space="preserve">{text}</t></is>'
    return f"<is><t>{text}</t></is>"


class _Rows:
    """Rows as XML: a text's inline string made once while it repeats (a unit's name and file
    on each of its rows), a whole number below 2^53 written as str() writes it (what :.16G
    writes for it). A row of texts, whole numbers and empty cells is its reference joining the
    pieces of XML between two references, a piece (a cell's value, its end and the next cell's
    start) made once for each column, style and value while it repeats, as UTF-8: one join of
    bytes a row (nothing left to encode). Other rows (a fraction, a flag, no cell at all) are
    made cell by cell (_row)."""

    CACHED = 20_000  # texts (and pieces of a column) remembered; forgotten all at once beyond that

    def __init__(self, width: int, exact_text: bool):
        self.letters = [xl_col_to_name(j) for j in range(width)]
        self.empty = ' t="inlineStr"><is><t></t></is>' if exact_text else None
        self.newline = "\n" if exact_text else "&#xA;"
        self.texts = _Texts(self.newline, self.empty)
        self.pieces: dict[tuple, _Pieces] = {}

    def text(self, value: str) -> str:
        return self.texts[value]

    def plan(self, styles: Sequence, kinds: tuple) -> tuple:
        """(styles, their attributes, and _plan's first cell's start, values (None: all) and
        pieces: three None for a row _row makes; the row's XML up to its second reference by
        height, filled by _chunks) of a kind of row."""
        attrs = [f' s="{f.xf_index}"' if f is not None and f.xf_index else "" for f in styles]
        return (styles, attrs, *(self._plan(attrs, kinds) or (None, None, None)), {}, _texts_of(kinds))

    def _plan(self, attrs: Sequence[str], kinds: tuple) -> tuple | None:
        """(the first cell's start, the values that make cells, their columns' pieces) of a kind
        of row; None for a row _row makes."""
        if len(kinds) > len(self.letters):
            return None
        cols = []
        for j, (attr, kind) in enumerate(zip(attrs, kinds)):
            if kind is type(None) and not attr:
                continue  # no cell
            if kind not in (str, int, type(None)):
                return None
            cols.append(j)
        if not cols:
            return None
        pieces = []
        for at, j in enumerate(cols):
            after = f'<c r="{self.letters[cols[at + 1]]}' if at + 1 < len(cols) else "</row>"
            key = (j, attrs[j], kinds[j], after)
            made = self.pieces.get(key)
            if made is None:
                made = self.pieces[key] = _Pieces(self.texts, attrs[j], kinds[j], after)
            pieces.append(made)
        if len(cols) == len(kinds):
            pick = None  # every value makes a cell
        else:
            pick = itemgetter(*cols) if len(cols) > 1 else (lambda values, j=cols[0]: (values[j],))
        return f'<c r="{self.letters[cols[0]]}'.encode(), pick, pieces

    def _row(self, r: int, values: Sequence, attrs: Sequence[str], height: str = "") -> str:
        ref = str(r + 1)
        cells = []
        add = cells.append
        for letter, attr, value in zip(self.letters, attrs, values):
            if value is None:
                if attr:
                    add(f'<c r="{letter}{ref}"{attr}/>')
            elif value.__class__ is int and -_EXACT < value < _EXACT:
                add(f'<c r="{letter}{ref}"{attr}><v>{value}</v></c>')
            elif isinstance(value, str):
                if value:
                    add(f'<c r="{letter}{ref}"{attr}{self.text(value)}</c>')
                elif self.empty:
                    add(f'<c r="{letter}{ref}"{attr}{self.empty}</c>')
            else:
                add(f'<c r="{letter}{ref}"{attr}><v>{value:.16G}</v></c>')
        if cells:
            return f'<row r="{ref}"{height}>{"".join(cells)}</row>'
        return f'<row r="{ref}"{height}/>' if height else ""


def _texts_of(kinds: tuple):
    """A row's texts (a tuple) by the kinds of its values, None where it has none."""
    texts = [j for j, kind in enumerate(kinds) if kind is str]
    if len(texts) > 1:
        return itemgetter(*texts)
    return (lambda values, j=texts[0]: (values[j],)) if texts else None


class _Pieces(dict):
    """A column's XML after a row's reference, for one style and kind of value: the value's
    cell closed, then the next cell's start (or the row's end), made once per value while it
    repeats, in UTF-8 (a lone surrogate as "?", as the whole row's encoding gave it)."""

    def __init__(self, texts: "_Texts", attr: str, kind: type, after: str):
        super().__init__()
        self.texts = texts
        if kind is str:
            self.shape = f'"{attr}%s</c>{after}'
        elif kind is int:
            self.shape = f'"{attr}><v>%s</v></c>{after}'
        else:  # None: an empty cell in its style
            self.shape = f'"{attr}/>%.0s{after}'

    def __missing__(self, value) -> bytes:
        if len(self) >= _Rows.CACHED:
            self.clear()
        piece = self[value] = (self.shape % self.texts.make(value)).encode("utf-8", "replace")
        return piece


class _Texts(dict):
    """A value's XML in a cell, made once while it repeats: a text's inline string, a whole
    number's digits, nothing for None."""

    def __init__(self, newline: str, empty: str | None):
        super().__init__()
        self.newline, self.empty = newline, empty
        self._fixed()

    def _fixed(self) -> None:
        self[None] = ""
        if self.empty is not None:
            self[""] = self.empty

    def __missing__(self, value) -> str:
        if len(self) >= _Rows.CACHED:
            self.clear()
            self._fixed()
        xml = self[value] = self.make(value)
        return xml

    def make(self, value) -> str:
        """The value's XML (not remembered)."""
        if value is None:
            return ""
        if value.__class__ is str:
            if not value and self.empty is not None:
                return self.empty
            return f' t="inlineStr">{inline_text(value, self.newline)}'
        # an int (the plan takes no other kind)
        return str(value) if -_EXACT < value < _EXACT else f"{value:.16G}"


_EXACT = 2**53  # an int below it is a float exactly, and :.16G writes its digits


def _height_attrs(points: float | None, default: int) -> str:
    """The <row> attributes of a height set by set_row(row, points), as xlsxwriter writes them."""
    if points is None:
        return ""
    pixels = int(points * 4.0 / 3.0 + 0.5)
    return f' ht="{pixels * 0.75:.16g}" customHeight="1"' if pixels != default else ""


ROW = b'<row r="'  # a row's XML up to its reference (RowKind)


class RowKind:
    """The XML pieces of a kind of row (its styles and the kinds of its values: str, int or
    None, each making a cell), for a writer that makes its rows itself: a row is the list
    ``[ROW, kind.head(points), *(kind.cells[j][value] for each column j)]``, which _chunks joins
    with the row's number (as it makes a row of ``rows``)."""

    __slots__ = ("cells", "_start", "_heads", "_default")

    def __init__(self, start: bytes, cells: list, heads: dict, default: int):
        self.cells, self._start, self._heads, self._default = cells, start, heads, default

    def head(self, points: float | None) -> bytes:
        """The row's XML between its first and second reference (its height, its first cell's start)."""
        head = self._heads.get(points)
        if head is None:
            head = self._heads[points] = f'"{_height_attrs(points, self._default)}>'.encode() + self._start
        return head


class RowKinds:
    """What ``pieces`` is given: the kinds of row of one bulk, each made once."""

    def __init__(self, writer: _Rows, default_height: int):
        self._writer, self._default = writer, default_height

    def kind(self, styles: Sequence, kinds: tuple) -> RowKind:
        """The kind of row of these styles and values' kinds, each column making a cell."""
        _, _, start, pick, pieces, heads, _ = self._writer.plan(styles, kinds)
        if start is None or pick is not None:
            raise ValueError("bulk rows: pieces for a kind of row made cell by cell")
        return RowKind(start, pieces, heads, self._default)


def _chunks(bulk: BulkRows) -> Iterable[bytes]:
    writer = _Rows(bulk.width, bulk.exact_text)
    if bulk.pieces is None:
        return _in_chunks(bulk, _made(bulk, writer))
    rows = bulk.pieces(RowKinds(writer, bulk.default_height))  # made as pieces (RowKind): each joined with its number
    return _in_chunks(bulk, ((b"%d" % r).join(pieces) for r, pieces in enumerate(rows, start=bulk.first_row + 1)))


def _made(bulk: BulkRows, writer: _Rows) -> Iterable[bytes]:
    """Each row's XML, made from its values and styles."""
    # a kind of row (its styles sequence, by id(), and its values' types): how it is made; the
    # sequence is kept with it, so that its id is never reused by another while the rows are made
    plans: dict[tuple, tuple] = {}
    heights: dict[float | None, str] = {}  # a row's height attributes, by points
    no_empty = writer.empty is None  # "" leaves no cell: such a row is made cell by cell
    r = bulk.first_row
    for item in bulk.rows:
        values = item[0]
        key = (id(item[1]), *map(type, values))
        plan = plans.get(key)
        if plan is None:
            plan = plans[key] = writer.plan(item[1], key[1:])
        points = item[2] if len(item) > 2 else None
        _, attrs, start, pick, pieces, heads, texts = plan
        if start is None or (no_empty and texts is not None and "" in texts(values)):
            height = heights.get(points)
            if height is None:
                height = heights[points] = _height_attrs(points, bulk.default_height)
            yield writer._row(r, values, attrs, height).encode("utf-8", "replace")
        else:
            head = heads.get(points)
            if head is None:
                head = heads[points] = f'"{_height_attrs(points, bulk.default_height)}>'.encode() + start
            yield (b"%d" % (r + 1)).join([b'<row r="', head, *map(getitem, pieces, values if pick is None else pick(values))])
        r += 1


def _in_chunks(bulk: BulkRows, xmls: Iterable[bytes]) -> Iterable[bytes]:
    """The rows' XML joined into chunks of about _CHUNK bytes; as many rows as ``bulk`` announced."""
    out, size, n = [], 0, 0
    for xml in xmls:
        out.append(xml)
        size += len(xml)
        n += 1
        if size >= _CHUNK:
            yield b"".join(out)
            out, size = [], 0
    if n != bulk.count:
        raise ValueError(f"bulk rows: {n} made, {bulk.count} announced")
    yield b"".join(out)


def register_styles(rows_styles: Iterable[Sequence]) -> None:
    """Give the formats the rows use their index in the workbook before it is closed (a format
    that no cell of xlsxwriter's uses would otherwise be left out of styles.xml)."""
    for styles in rows_styles:
        for f in styles:
            if f is not None:
                f._get_xf_index()  # xlsxwriter's own call for a cell's format


def splice(shell: Path, target: Path, bulks: list[BulkRows], in_memory: bool = False) -> None:
    """Write ``target``: the workbook ``shell`` (as xlsxwriter closed it) with each bulk's rows
    put into its sheet, before the first row xlsxwriter wrote below them; a shell that
    xlsxwriter assembled ``in_memory``: each entry dated and moded as its on-disk mode does."""
    by_part = {f"xl/worksheets/sheet{b.sheet_index + 1}.xml": b for b in bulks}
    with zipfile.ZipFile(shell) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            bulk = by_part.get(info.filename)
            if bulk is None:  # copied as it is, a piece at a time (报送情况 of 10,000 files is big)
                with zin.open(info) as src, \
                        zout.open(_like(info, in_memory), "w", force_zip64=info.file_size > 2**30) as dst:
                    shutil.copyfileobj(src, dst, 1 << 20)
                continue
            head, tail = _split(zin.read(info).decode("utf-8"), bulk)
            # no ZIP64 fields (Excel is strict about them): a sheet under Excel's row limit stays
            # far below 4 GB; zipfile refuses, rather than corrupts, an entry that would not
            with zout.open(_like(info, in_memory), "w") as fh:
                fh.write(head.encode("utf-8"))
                for chunk in _chunks(bulk):
                    fh.write(chunk)
                fh.write(tail.encode("utf-8"))


def _like(info: zipfile.ZipInfo, in_memory: bool = False) -> zipfile.ZipInfo:
    """A new entry with the old one's name, time and attributes (the same bytes on every run;
    from an in-memory shell, the on-disk mode's), deflated at zlib's fastest level (a spliced
    workbook is mostly its lists' XML: 10,000 units' summary 3.2 -> 2.4 s of CPU, 9.5 -> 12.7 MB)."""
    entry = zipfile.ZipInfo(info.filename, ON_DISK_TIME if in_memory else info.date_time)
    entry.compress_type = info.compress_type
    entry.external_attr = ON_DISK_ATTRIBUTES if in_memory else info.external_attr
    deflate_at(entry, LEVEL)
    return entry


def _split(xml: str, bulk: BulkRows) -> tuple[str, str]:
    """The sheet's XML before and after the place of the bulk rows (before the first row
    xlsxwriter wrote below them, else at the end of sheetData); its dimension widened."""
    if f'<row r="{bulk.first_row + 1}"' in xml:
        raise ValueError("bulk rows: xlsxwriter already wrote a row where they go")
    xml = _widen(xml, bulk.first_row + bulk.count, bulk.width)
    at = xml.find(f'<row r="{bulk.first_row + bulk.count + 1}"')
    if at < 0:
        at = xml.find("</sheetData>")
    if at < 0:
        raise ValueError("bulk rows: the sheet has no sheetData to put them in")
    return xml[:at], xml[at:]


_DIMENSION = re.compile(r'<dimension ref="([A-Z]+)([0-9]+)(?::([A-Z]+)([0-9]+))?"/>')


def _widen(xml: str, rows: int, cols: int) -> str:
    """The dimension (the used range, a reader's hint) covering ``rows`` rows and ``cols`` columns."""
    m = _DIMENSION.search(xml)
    if not m:
        return xml
    last_col, last_row = (m.group(3), int(m.group(4))) if m.group(3) else (m.group(1), int(m.group(2)))
    last = xl_rowcol_to_cell(max(last_row, rows) - 1, max(column_number(last_col), cols) - 1)
    return f'{xml[:m.start()]}<dimension ref="{m.group(1)}{m.group(2)}:{last}"/>{xml[m.end():]}'


def flush_above(ws, row: int) -> None:
    """In constant-memory mode, send out xlsxwriter's pending row above ``row`` (its formats
    numbered) as a cell written at ``row`` would: before the formats of spliced rows."""
    if getattr(ws, "constant_memory", False) and row > ws.previous_row:
        ws._write_single_row(row)


def spliced_list(bulk: "BulkWriter", ws, first_row: int, rows: Sequence[tuple], width: int) -> None:
    """A list's rows (held in memory), texts as write_string writes them: all but the last spliced, the last
    written by xlsxwriter, so that every format gets the number xlsxwriter would have given it
    writing the list cell by cell (in a constant-memory sheet a row goes out when the next one
    starts, the last when the workbook is closed)."""
    if not rows:
        return
    flush_above(ws, first_row)
    head = rows[:-1]
    bulk.rows(ws, first_row, len(head), width, head, dict.fromkeys(r[1] for r in head), exact_text=True)
    write_rows(ws, first_row + len(head), rows[-1:], exact_text=True)


class BulkWriter:
    """Where a writer puts its big rows: straight through xlsxwriter (``streamed`` False: the
    reference), or kept for the splice when the workbook is closed. Usage::

        bulk = BulkWriter(path, streamed)
        wb = xlsxwriter.Workbook(bulk.target, options)
        ... bulk.rows(ws, first_row, count, width, rows, styles_used) ...
        bulk.close(wb)
    """

    def __init__(self, path: Path, streamed: bool = True, in_memory: bool = False):
        self.path, self.streamed = Path(path), streamed
        # the shell beside the target (a .tmp- name: a killed run's is cleaned like the others)
        self.shell = self.path.with_name(f".tmp-shell-{self.path.name}") if streamed else None
        self.target = str(self.shell or path)
        self.bulks: list[BulkRows] = []
        # the shell assembled in memory (options()): no temp file, utime and remove for each part
        self.in_memory = in_memory and streamed

    def options(self, options: dict) -> dict:
        """The workbook's options for xlsxwriter: with in_memory, its in-memory mode (the parts
        zipped from memory; a sheet still takes constant-memory mode as its workbook says when
        it is added), which the splice dates and modes as the on-disk mode does."""
        return dict(options, in_memory=True) if self.in_memory else options

    def rows(self, ws, first_row: int, count: int, width: int, rows: Iterable[tuple],
             styles_used: Iterable[Sequence] = (), exact_text: bool = False, pieces=None) -> None:
        if first_row + count > MAX_ROWS:  # the caller splits its rows over sheets (Excel opens no more)
            raise ValueError(f"bulk rows: {first_row + count} rows, more than a sheet holds ({MAX_ROWS})")
        if not self.streamed:
            made = write_rows(ws, first_row, rows, exact_text)
            if made != count:
                raise ValueError(f"bulk rows: {made} made, {count} announced")
            return
        if count == 0:  # nothing to splice (xlsxwriter may already have written the row below)
            if next(iter(rows), None) is not None:
                raise ValueError("bulk rows: rows made, none announced")
            return
        register_styles(styles_used)
        if ws.default_row_height != ws.original_row_height:  # set_default_row: not what a row without ht means
            raise ValueError("bulk rows: a sheet with its own default row height")
        self.bulks.append(BulkRows(ws.index, first_row, count, width, rows, exact_text, ws.default_row_height, pieces))

    def close(self, wb) -> None:
        """Close the workbook and finish; a workbook that cannot be closed (a full disk) leaves
        no shell behind: the space it took is given back at once, not at the next run."""
        try:
            wb.close()
        except BaseException:
            if self.shell is not None:
                with contextlib.suppress(OSError):
                    self.shell.unlink()
            raise
        self.finish()

    def finish(self) -> None:
        """After the workbook is closed: the file at ``path`` with the rows in it."""
        if not self.streamed:
            return
        try:
            if self.bulks or self.in_memory:
                splice(self.shell, self.path, self.bulks, self.in_memory)
            else:
                os.replace(self.shell, self.path)
        finally:
            with contextlib.suppress(OSError):
                self.shell.unlink()
