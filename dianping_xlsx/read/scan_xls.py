"""The pre-scan of an .xls (BIFF in an OLE container): every cell and dimension within the
limits, error results flagged, a password to open found (the records walked before the
reader sees them)."""

from __future__ import annotations

import io

from ..settings import Limits
from ..text import a1
from .refusal import Refused, far, far_extent
from .scan_oleprops import ole_properties


_BOF, _BOUNDSHEET, _DIMENSIONS, _FORMULA_REC, _BOOLERR = 0x0809, 0x0085, 0x0200, 0x0006, 0x0205


_OTHER_DOCUMENTS = (("WordDocument", "这是 Word 文档,不是表格"), ("PowerPoint Document", "这是 PowerPoint 演示文稿,不是表格"))


_CELL_RECORDS = {0x0203, 0x027E, 0x00FD, 0x0201, 0x0204, 0x00BD, 0x00BE, _FORMULA_REC, _BOOLERR}


def scan_xls(data: bytes, limits: Limits, document: bool = False) -> tuple[dict[str, dict[str, str]], dict[str, str]]:
    """Walk a legacy .xls (BIFF8) workbook stream: each sheet's DIMENSIONS and cell positions
    against the limits (a cell at IV65536 makes the reader allocate the whole grid), and the
    error results (#DIV/0!) that the reader returns blank; with our custom document properties
    (scan_oleprops.py). A stream it cannot walk is left to the reader, which reports it."""
    import struct

    try:
        import olefile

        ole = olefile.OleFileIO(io.BytesIO(data))
        name = next((n for n in ("Workbook", "Book") if ole.exists(n)), None)
        stream = ole.openstream(name).read() if name else b""
        other = None if name else next((what for stream_name, what in _OTHER_DOCUMENTS if ole.exists(stream_name)), "")
    except Exception:  # noqa: BLE001 - not our job to judge a broken container: the reader does
        return {}, {}
    if other is not None and document:  # a Word file asked for (a notice): nothing of a workbook's to check
        return {}, {}
    if other is not None:  # no workbook stream: a Word or PowerPoint file named .xls, or no table at all
        raise Refused("file.corrupt", detail=other or "文件中没有表格内容")
    sheets: dict[int, str] = {}
    flagged: dict[str, dict[str, str]] = {}
    current, pos = None, 0
    extents = []  # each sheet's DIMENSIONS: said after its cells (a cell beyond them is named)
    while pos + 4 <= len(stream):
        kind, size = struct.unpack_from("<HH", stream, pos)
        body = stream[pos + 4:pos + 4 + size]
        if kind == _BOF:
            current = sheets.get(pos)
        elif kind == _BOUNDSHEET and len(body) >= 8:
            sheets[struct.unpack_from("<I", body)[0]] = _xls_sheet_name(body)
        elif current is not None and kind == _DIMENSIONS and len(body) >= 12:
            last_row, last_col = struct.unpack_from("<I", body, 4)[0], struct.unpack_from("<H", body, 10)[0]
            extents.append((current, last_col, last_row))  # both one past the last: counts
        elif current is not None and kind in _CELL_RECORDS and len(body) >= 4:
            row, col = struct.unpack_from("<HH", body)
            far(current, col + 1, row + 1, limits)
            if _xls_error(kind, body):
                flagged.setdefault(current, {})[a1(row, col)] = _xls_error_text(kind, body)
        pos += 4 + size
    for sheet, cols, rows in extents:
        far_extent(sheet, cols, rows, limits)
    return flagged, ole_properties(ole)


def _xls_sheet_name(body: bytes) -> str:
    length, high = body[6], body[7] & 1
    raw = body[8:8 + length * (2 if high else 1)]
    return raw.decode("utf-16-le" if high else "latin-1", "replace")


_ERROR_CODES = {0x00: "#NULL!", 0x07: "#DIV/0!", 0x0F: "#VALUE!", 0x17: "#REF!", 0x1D: "#NAME?", 0x24: "#NUM!",
                0x2A: "#N/A"}


def _xls_error_text(kind: int, body: bytes) -> str:
    """An error result as written (#DIV/0!), by its code; "error" for a code not known."""
    code = body[6] if kind == _BOOLERR else body[8]
    return _ERROR_CODES.get(code, "error")


def _xls_error(kind: int, body: bytes) -> bool:
    if kind == _BOOLERR:
        return len(body) >= 8 and body[7] == 1
    if kind == _FORMULA_REC:  # a result of type 2 (error) is marked by 0xFFFF in its last two bytes
        return len(body) >= 14 and body[12:14] == b"\xff\xff" and body[6] == 2
    return False


def is_encrypted(data: bytes) -> bool:
    import msoffcrypto  # only for OLE files, which are few

    try:
        return bool(msoffcrypto.OfficeFile(io.BytesIO(data)).is_encrypted())
    except Exception:  # noqa: BLE001 - a broken OLE file is reported by the reader
        return False
