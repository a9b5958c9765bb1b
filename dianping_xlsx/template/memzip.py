"""An xlsxwriter workbook assembled in memory, saved as the on-disk mode writes it (deflated faster).

By default xlsxwriter writes every part of a workbook to a temp file, then zips the files (a
mkstemp, a utime and a remove each: 30–40 ms of a return file's 110 on this machine). Its
``in_memory`` mode builds the parts in memory, but stamps each zip entry 1980-01-01 with no file
mode where the on-disk mode gives 1980-01-31 and the temp file's mode (-rw-------). ``save``
builds in memory with the on-disk mode's dates and modes, so the file is the on-disk writer's
entry for entry: names, order, dates, modes, contents (tests/test_return_fast.py), each deflated
at zlib's fastest level (xlsxwriter's ZipInfo is this module's _Entry, which takes that level,
date and mode only inside save(); every other workbook is zipped as before). Inside save() each
part is deflated whole and written with its header once, the bytes zipfile's writestr writes
(_Zip: zipfile opens a writer object for each part and writes its header twice; a return file
has 26 parts). A saved workbook is let go at once (``release``): xlsxwriter's worksheets point
back at their workbook, so without it each file's parts (≈ 0.5 MB) waited for a full garbage
collection, which a merge's heap makes rare.
"""

from __future__ import annotations

import contextvars
import io
import zipfile
import zlib
from pathlib import Path

import xlsxwriter
import xlsxwriter.workbook

from . import partcache

# what xlsxwriter's on-disk mode gives each part: its temp file's time and mode (-rw-------, mkstemp's)
ON_DISK_TIME, ON_DISK_ATTRIBUTES = (1980, 1, 31, 0, 0, 0), (0o100600 & 0xFFFF) << 16


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
    Path(target).write_bytes(buffer.getvalue())
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
    """The entry xlsxwriter's in-memory mode makes for each part: while save() closes a workbook
    (in this thread) deflated at its level, dated and moded as the on-disk mode's temp files are;
    as zipfile makes it otherwise."""

    __slots__ = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        level = _LEVEL.get()
        if level is not None:
            deflate_at(self, level)
            self.date_time, self.external_attr = ON_DISK_TIME, ON_DISK_ATTRIBUTES


class _Zip(zipfile.ZipFile):
    """The zip xlsxwriter writes a workbook into: while save() closes one, each part (an _Entry
    and its bytes) deflated whole, its header written once, as zipfile's writestr would write it
    into a seekable file; zipfile's writestr otherwise, and for anything near ZIP64's sizes."""

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None):
        level = _LEVEL.get()
        if (level is None or type(zinfo_or_arcname) is not _Entry or type(data) is not bytes
                or compress_type is not None or compresslevel is not None or self._writing
                or zinfo_or_arcname.compress_type != zipfile.ZIP_DEFLATED or not self._seekable
                or len(data) * 1.05 > zipfile.ZIP64_LIMIT):
            return super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)
        zinfo, crc = zinfo_or_arcname, zlib.crc32(data)
        packed = _packed(zinfo.filename, data, crc, level)
        zinfo.file_size, zinfo.compress_size, zinfo.CRC, zinfo.flag_bits = len(data), len(packed), crc, 0
        with self._lock:
            zinfo.header_offset = self.start_dir
            self._writecheck(zinfo)
            self._didModify = True
            self.fp.seek(self.start_dir)
            self.fp.write(zinfo.FileHeader(False) + packed)
            self.start_dir = self.fp.tell()
            self.filelist.append(zinfo)
            self.NameToInfo[zinfo.filename] = zinfo


# the parts written from the workbook's settings, not from its cells: the same in file after file
# of a kind (a table set's return files) and deflated once per process
ALIKE = frozenset(("[Content_Types].xml", "_rels/.rels", "xl/_rels/workbook.xml.rels", "xl/workbook.xml",
                   "xl/styles.xml", "xl/theme/theme1.xml", "docProps/app.xml"))
_DEFLATED: dict[tuple, tuple[bytes, bytes]] = {}  # such a part by (name, size, CRC): its bytes, deflated
_KEPT = 64


def _packed(name: str, data: bytes, crc: int, level: int) -> bytes:
    """``data`` deflated at ``level`` (raw deflate, as zipfile writes an entry), by zlib.compress:
    in one call what a compressor object's compress() and flush() deflate in two, to the same
    bytes (deflate's output does not depend on how its input is handed in), without the object's
    setup (≈ 0.06 ms a part). A part of ALIKE, or a sheet's relationships, is deflated once and
    its bytes kept (compared before they are used again)."""
    if name not in ALIKE and not name.startswith("xl/worksheets/_rels/"):
        return zlib.compress(data, level, -15)
    key = (name, len(data), crc, level)
    kept = _DEFLATED.get(key)
    if kept is not None and kept[0] == data:
        return kept[1]
    packed = zlib.compress(data, level, -15)
    if len(_DEFLATED) >= _KEPT:
        _DEFLATED.clear()
    _DEFLATED[key] = (data, packed)
    return packed


def deflate_at(entry: zipfile.ZipInfo, level: int) -> None:
    """Have zipfile deflate ``entry`` at ``level``: it takes an entry's own level, not the
    archive's (the attribute is compress_level from Python 3.13)."""
    setattr(entry, "compress_level" if hasattr(entry, "compress_level") else "_compresslevel", level)


if getattr(xlsxwriter.workbook, "ZipInfo", None) is zipfile.ZipInfo:  # else: the default level, still correct
    xlsxwriter.workbook.ZipInfo = _Entry
if getattr(xlsxwriter.workbook, "ZipFile", None) is zipfile.ZipFile:  # else: zipfile's writestr, the same file
    xlsxwriter.workbook.ZipFile = _Zip

