"""A plain zip read straight from its bytes, and copied for the reader with its parts stored.

The pre-scan inflates every part a reader parses, then calamine inflates them all again. For a
plain zip (what Excel, WPS and openpyxl write: the end record last, no comment, no zip64, no
extra fields, each name once, every entry stored or deflated, unencrypted, its local header
agreeing with the directory) the directory is read here without zipfile's machinery, and the
reader is given the same workbook with the parts already inflated stored as they are (the
other entries copied as they were): the same parts, byte for byte, CRC checked by the pre-scan.
Any other zip: None, and zipfile and the file's own bytes are used, as before.

One part may be given otherwise: a sheet's merged ranges moved before its cells (merges_first),
which spares calamine a second parse of every cell.
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from operator import itemgetter
from typing import NamedTuple

_END = struct.Struct("<4s4H2LH")  # end of central directory: signature, disks, counts, size, offset, comment
_CENTRAL = struct.Struct("<4s6H3L5H2L")  # a directory record (46 bytes, then its name)
_LOCAL = struct.Struct("<4s5H3L2H")  # a local header (30 bytes, then its name and extra field)
_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
_MAX_VERSION = zipfile.MAX_EXTRACT_VERSION  # zipfile refuses a later one
_REFUSED_FLAGS = 0x1 | 0x8 | 0x20 | 0x40  # encrypted, sizes after the data, patched, strong encryption
MAX_COPY = 8 << 20  # parts stored in a copy at most (larger workbooks: the file as it is)
_HEADER_OFFSET = itemgetter(6)  # Entry.header_offset


class Entry(NamedTuple):
    """What the pre-scan reads of a zipfile.ZipInfo, and what a copy needs."""

    filename: str
    flag_bits: int
    compress_type: int
    CRC: int
    compress_size: int
    file_size: int
    header_offset: int
    raw_name: bytes
    time: int
    date: int
    data_start: int  # where the entry's data begins, after its local header


def plain_entries(data: bytes) -> list[Entry] | None:
    """The entries of a plain zip, in directory order (as zipfile's infolist), or None."""
    size = len(data)
    if size < 64 or data[-22:-18] != b"PK\x05\x06" or data[-2:] != b"\0\0" or data[-42:-38] == b"PK\x06\x07":
        return None
    _, disk, disk_cd, _, _, size_cd, offset_cd, _ = _END.unpack_from(data, size - 22)
    end = size - 22
    if disk or disk_cd or offset_cd + size_cd != end:
        return None
    entries, pos, names, central, local, new = [], offset_cd, set(), _CENTRAL.unpack_from, _LOCAL.unpack_from, tuple.__new__
    while pos < end:
        if pos + 46 > end:
            return None
        (sig, _, needed, flags, method, time, date, crc, csize, usize,
         name_len, extra_len, comment_len, _, _, _, offset) = central(data, pos)
        if (sig != b"PK\x01\x02" or extra_len or needed > _MAX_VERSION or flags & _REFUSED_FLAGS
                or method not in _METHODS or offset + 30 > size):
            return None
        raw = data[pos + 46:pos + 46 + name_len]
        lsig, _, lflags, _, _, _, _, _, _, lname_len, lextra_len = local(data, offset)
        start = offset + 30 + lname_len + lextra_len
        if lsig != b"PK\x03\x04" or lflags & _REFUSED_FLAGS or data[offset + 30:offset + 30 + lname_len] != raw or start > size:
            return None  # a local header that disagrees with the directory
        try:  # an ASCII name reads the same either way: decoded without cp437's codec lookup
            name = raw.decode("utf-8" if flags & 0x800 or raw.isascii() else "cp437")
        except UnicodeDecodeError:
            return None
        if "\0" in name or name in names:
            return None
        names.add(name)
        entries.append(new(Entry, (name, flags, method, crc, csize, usize, offset, raw, time, date, start)))
        pos += 46 + name_len + comment_len
    return entries if pos == end and _apart(entries, offset_cd) else None


def _apart(entries: list[Entry], directory: int) -> bool:
    """Whether each entry's header and data lie apart from every other's and before the
    directory: entries made to overlap (each pointing into one blob) would be copied once each."""
    edge = 0
    for e in sorted(entries, key=_HEADER_OFFSET):
        if e.header_offset < edge:
            return False
        edge = e.data_start + e.compress_size
    return edge <= directory


def stored_copy(data: bytes, entries: list[Entry], parts: dict[str, bytes], sheets=()) -> bytes | None:
    """The zip again, each entry in ``parts`` (inflated, checked) stored, the others copied; a part
    named in ``sheets`` with its merged ranges first where merges_first may move them."""
    if sum(map(len, parts.values())) > MAX_COPY:
        return None
    if sum(e.compress_size for e in entries if e.filename not in parts) > len(data):
        return None  # never more copied than the file holds (plain_entries keeps entries apart)
    chunks, directory, offset = [], [], 0
    local, central, stored = _LOCAL.pack, _CENTRAL.pack, zipfile.ZIP_STORED
    for name, flags, method, crc, csize, usize, _, raw, time, date, start in entries:
        payload = parts.get(name)
        if payload is not None and len(payload) == usize:
            method = stored
            if name in sheets and (moved := merges_first(payload)) is not None:
                payload, crc, usize = moved, zlib.crc32(moved), len(moved)
        else:
            payload = data[start:start + csize]
            if len(payload) != csize:  # cut short: the reader sees the file as it is
                return None
        flags &= 0x800  # a UTF-8 name stays one
        chunks += local(b"PK\x03\x04", 20, flags, method, time, date, crc, len(payload), usize, len(raw), 0), raw, payload
        directory += central(b"PK\x01\x02", 20, 20, flags, method, time, date, crc, len(payload), usize, len(raw),
                             0, 0, 0, 0, 0, offset), raw
        offset += 30 + len(raw) + len(payload)
    chunks += directory
    chunks.append(_END.pack(b"PK\x05\x06", 0, 0, len(entries), len(entries), sum(map(len, directory)), offset, 0))
    return b"".join(chunks)


# A sheet's merged ranges as Excel, WPS and openpyxl write them, and what may stand between its
# cells and them: empty elements of plain attributes (sheetProtection, autoFilter), none of them
# merged ranges.
_MERGES = re.compile(rb'<mergeCells(?: count="\d{1,6}")?>(?:<mergeCell ref="[A-Z]{1,3}\d{1,7}:[A-Z]{1,3}\d{1,7}"/>)*'
                     rb"</mergeCells>")
_EMPTY_ELEMENTS = re.compile(rb'(?:<(?!mergeCell)[A-Za-z]+(?: [A-Za-z]+="[^"<>&]*")*/>)*')
_SHEET_END = re.compile(rb"</worksheet>\s*")
_NO_MERGES = b"<mergeCells></mergeCells>"


def merges_first(body: bytes) -> bytes | None:
    """The sheet with its merged ranges moved to just before its cells (where it has none, an empty
    list of them there), or None to leave it as it is.

    python-calamine reads a sheet's merged ranges with every sheet it is asked for, parsing the
    part from its start to them: every cell a second time, where they follow the cells. Placed
    before the cells they are the same ranges, found without that pass, and the cells read the
    same (the reader passes over what precedes the cells). That second pass found nothing the
    first did not: the cells are parsed by both alike (the one reading the cells fails first),
    and what lies between the cells and the ranges is checked here to be empty elements of plain
    attributes, which parse without fault. A sheet without merged ranges was parsed to its end:
    given an empty list of them before its cells only when all after its cells is such elements
    and the worksheet's end (a parse ends without fault where elements are left open). Moved
    only when the part names its cells' element exactly twice (its start and its end: none
    nested, in a comment or a text) and the ranges are in the form office suites write; any
    other part is given as it is."""
    start, end = body.find(b"sheetData") - 1, body.rfind(b"</sheetData>")
    if (start < 0 or end < start or not body.startswith(b"<sheetData>", start)
            or body.find(b"sheetData", start + 10) != end + 2 or body.find(b"sheetData", end + 11) >= 0):
        return None  # the element named otherwise than twice; the search between them the only long one
    after = _EMPTY_ELEMENTS.match(body, end + 12).end()
    merges = _MERGES.match(body, after)
    if merges is not None:
        return b"".join((body[:start], merges[0], body[start:merges.start()], body[merges.end():]))
    if _SHEET_END.fullmatch(body, after):
        return b"".join((body[:start], _NO_MERGES, body[start:]))
    return None
