"""The blank tables of a notice as a workbook (.xlsx, .xls, .ods, read by python-calamine): each sheet's
rows read as the lines above a table (附件, title, 填报单位), the table, and the notes under it.
A sheet with two 附件 lines holds two tables."""

from __future__ import annotations

import datetime as dt
import io
import re

from ..files import SpecError
from ..ownsheets import own_sheet
from .document import Cell, Document, Grid, label_line, squeeze

MARKER_ROW = re.compile(r"^附\s*[件表]\s*[0-9０-９一二三四五六七八九十]")
MAX_ROWS, MAX_COLS = 1000, 200  # a notice's blank tables are small; the pre-scan has bounded the file
TEXT_ROW = re.compile(r"^(注|说明)\s*[:\uff1a]")


def read_workbook(data: bytes) -> Document:
    import python_calamine

    try:
        wb = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        # our template's own sheets (填表说明, 自查, 自查计算) are never a table of the notice
        sheets = [(name, wb.get_sheet_by_name(name)) for name in wb.sheet_names if not own_sheet(name)]
    except Exception as exc:  # noqa: BLE001 - the reader raises many kinds on a damaged file
        raise SpecError(f"这个表格文件已损坏或不是 Excel/WPS 表格,无法读取:{exc}") from None
    paragraphs, grids = [], []
    for name, sheet in sheets:
        rows = _sheet_rows(sheet)
        for start, end in _segments(rows):
            paragraphs += _grids_of(rows[start:end], name, grids)
    return Document(paragraphs, grids, "Excel", _created(data))


def _created(data: bytes) -> dt.date | None:
    """The workbook's creation date from its properties (.xlsx: docProps/core.xml), or None."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            core = zf.read("docProps/core.xml").decode("utf-8", "replace")
        m = re.search(r"<dcterms:created[^>]*>\s*(\d{4})-(\d{2})-(\d{2})", core)
        return dt.date(int(m[1]), int(m[2]), int(m[3])) if m else None
    except (zipfile.BadZipFile, KeyError, ValueError):
        return None


def _text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return squeeze(str(value)) if value is not None else ""


def _sheet_rows(sheet) -> list[list[Cell]]:
    """The sheet as a grid of cells, merged ranges sharing their first cell's text."""
    values = sheet.to_python(skip_empty_area=False)[:MAX_ROWS]
    width = min(max((len(r) for r in values), default=0), MAX_COLS)
    rows = [[Cell(_text(v), (r, c)) for c, v in enumerate(list(row[:width]) + [""] * (width - len(row)))]
            for r, row in enumerate(values)]
    for (r0, c0), (r1, c1) in sheet.merged_cell_ranges or ():
        if r0 >= len(rows) or c0 >= width:
            continue
        for r in range(r0, min(r1 + 1, len(rows))):
            for c in range(c0, min(c1 + 1, width)):
                rows[r][c] = Cell(rows[r0][c0].text, (r0, c0))
    return rows


def _segments(rows: list[list[Cell]]) -> list[tuple[int, int]]:
    """Row ranges, one per table: a 附件 line starts the next."""
    starts = [i for i, row in enumerate(rows) if MARKER_ROW.match(_line(row))]
    if not starts or starts[0] != 0:
        starts = [0, *starts]
    return list(zip(starts, [*starts[1:], len(rows)]))


def _line(row: list[Cell]) -> str:
    return " ".join(dict.fromkeys(c.text for c in row if c.text))


def _grids_of(rows: list[list[Cell]], sheet: str, grids: list[Grid]) -> list[str]:
    """One table of a sheet: lines above it, its rows (from the first row with two labels side
    by side to the last row before the notes), lines under it. Returns every line."""
    is_text = [len({c.origin for c in r if c.text}) <= 1 or bool(TEXT_ROW.search(_line(r))) or label_line(_line(r))
               for r in rows]
    body = [i for i, t in enumerate(is_text) if not t]
    lines = [_line(r) for r in rows]
    if not body:
        return lines
    first = body[0]
    last = next((i for i in range(first, len(rows)) if re.match(r"^(注|说明)\s*[:\uff1a]", lines[i])), len(rows))
    while last > first and not any(c.text for c in rows[last - 1]):
        last -= 1
    table = rows[first:last]
    used = max(c for r in table for c, cell in enumerate(r) if cell.text) + 1
    grid = Grid([r[:used] for r in table], f"工作表“{sheet}”", [x for x in lines[:first] if x],
                paragraphs_after=[x for x in lines[last:] if x])
    grids.append(grid)
    return lines
