"""An xlsxwriter workbook assembled in memory, saved as the on-disk mode writes it (deflated faster).

By default xlsxwriter writes every part of a workbook to a temp file, then zips the files (a
mkstemp, a utime and a remove each: 30–40 ms of a return file's 110 on this machine). Its
``in_memory`` mode builds the parts in memory, but stamps each zip entry 1980-01-01 with no file
mode where the on-disk mode gives 1980-01-31 and the temp file's mode (-rw-------). ``save``
builds in memory and patches those two fields into the entries' headers, so the file is the
on-disk writer's entry for entry: names, order, dates, modes, contents (tests/test_return_fast.py),
each deflated at zlib's fastest level (xlsxwriter's ZipInfo is this module's _Entry, which takes
that level only inside save(); every other workbook is deflated as before). A saved workbook is
let go at once (``release``): xlsxwriter's worksheets point back at their workbook, so without it
each file's parts (≈ 0.5 MB) waited for a full garbage collection, which a merge's heap makes rare.
"""

from __future__ import annotations

import contextvars
import io
import struct
import zipfile
from pathlib import Path

import xlsxwriter
import xlsxwriter.workbook

from . import partcache

_LOCAL, _CENTRAL, _END = b"PK\x03\x04", b"PK\x01\x02", b"PK\x05\x06"
_DOS_DATE = (0 << 9) | (1 << 5) | 31  # 1980-01-31, as the on-disk mode's temp files are dated
_ATTRIBUTES = (0o100600 & 0xFFFF) << 16  # a regular file, -rw------- (mkstemp's)


def workbook(options: dict) -> tuple[xlsxwriter.Workbook, io.BytesIO]:
    """A workbook that assembles in memory, and the buffer it is written into (the parts that
    come out the same file after file written from texts kept: partcache.py)."""
    buffer = io.BytesIO()
    return partcache.Workbook(buffer, dict(options, in_memory=True)), buffer


def save(wb: xlsxwriter.Workbook, buffer: io.BytesIO, target: Path) -> None:
    """Close ``wb`` and write its file to ``target`` as the on-disk mode writes it, deflated at
    zlib's fastest level (a sixth of a return file's time went to compressing it at the default)."""
    token = _LEVEL.set(LEVEL)
    try:
        wb.close()
    finally:
        _LEVEL.reset(token)
    Path(target).write_bytes(on_disk_bytes(buffer.getvalue()))
    release(wb, buffer)


def release(wb: xlsxwriter.Workbook, buffer: io.BytesIO | None = None) -> None:
    """Break the cycles of a closed workbook (each worksheet's ``workbook_add_format`` is the
    workbook's), so that its cells, formats and parts are freed now, by reference counting."""
    for ws in wb.worksheets_objs:
        vars(ws).clear()
    vars(wb).clear()
    if buffer is not None:
        buffer.close()


# zlib's fastest level, what save() and report/bulk.py's splice deflate at: compressing was a
# sixth of a return file (19 -> 16 ms, 73 -> 91 KB) and a third of a province's summary
LEVEL = 1
_LEVEL: contextvars.ContextVar[int | None] = contextvars.ContextVar("memzip_level", default=None)


class _Entry(zipfile.ZipInfo):
    """The entry xlsxwriter's in-memory mode makes for each part: deflated at save()'s level while
    save() closes a workbook (in this thread), at zipfile's default otherwise."""

    __slots__ = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        level = _LEVEL.get()
        if level is not None:
            deflate_at(self, level)


def deflate_at(entry: zipfile.ZipInfo, level: int) -> None:
    """Have zipfile deflate ``entry`` at ``level``: it takes an entry's own level, not the
    archive's (the attribute is compress_level from Python 3.13)."""
    setattr(entry, "compress_level" if hasattr(entry, "compress_level") else "_compresslevel", level)


if getattr(xlsxwriter.workbook, "ZipInfo", None) is zipfile.ZipInfo:  # else: the default level, still correct
    xlsxwriter.workbook.ZipInfo = _Entry


def on_disk_bytes(data: bytes) -> bytes:
    """A workbook xlsxwriter zipped in memory, each entry dated and moded as on disk."""
    out = bytearray(data)
    (start,) = struct.unpack_from("<I", out, out.rindex(_END) + 16)
    at = start
    while out[at:at + 4] == _CENTRAL:
        (local,) = struct.unpack_from("<I", out, at + 42)
        if out[local:local + 4] != _LOCAL:
            raise ValueError("memzip: a local header expected")
        struct.pack_into("<HH", out, local + 10, 0, _DOS_DATE)
        struct.pack_into("<HH", out, at + 12, 0, _DOS_DATE)
        struct.pack_into("<I", out, at + 38, _ATTRIBUTES)
        names, extra, comment = struct.unpack_from("<HHH", out, at + 28)
        at += 46 + names + extra + comment
    return bytes(out)
