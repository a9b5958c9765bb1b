"""The plain-zip path of the pre-scan (read/zipcopy.py): a workbook as Excel writes it is copied for
the reader with the same parts; a zip whose entries overlap (each pointing into one blob) is not
read directly, so the copy can never be larger than the file."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import xlsxwriter

from dianping_xlsx.read.prescan import Limits
from dianping_xlsx.read.scan_zip import _inflate, scan_zip
from dianping_xlsx.read.zipcopy import plain_entries, stored_copy


def _workbook() -> bytes:
    out = io.BytesIO()
    wb = xlsxwriter.Workbook(out, {"in_memory": True})
    wb.add_worksheet("附件1").write_number(4, 2, 12)
    wb.close()
    return out.getvalue()


def test_a_workbook_is_copied_with_the_same_parts():
    data = _workbook()
    entries = plain_entries(data)
    assert entries is not None
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        parts = {name: zf.read(name) for name in zf.namelist()}
    copy = stored_copy(data, entries, {"xl/workbook.xml": parts["xl/workbook.xml"]})
    with zipfile.ZipFile(io.BytesIO(copy)) as zf:
        assert zf.testzip() is None and {name: zf.read(name) for name in zf.namelist()} == parts
        assert zf.getinfo("xl/workbook.xml").compress_type == zipfile.ZIP_STORED


def _with_extra_fields(data: bytes) -> bytes:
    """The same workbook, each local header with an extra field (its data further on) and one
    entry stored: zipfile's path for every entry (plain_entries refuses extra fields)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for n, info in enumerate(src.infolist()):
            copy = zipfile.ZipInfo(info.filename, info.date_time)
            copy.compress_type = zipfile.ZIP_STORED if n == 0 else zipfile.ZIP_DEFLATED
            copy.extra = b"\x99\x99\x04\x00abcd"
            dst.writestr(copy, src.read(info))
    return out.getvalue()


def test_a_plain_entry_is_inflated_from_where_its_data_starts():
    """A plain zip's entry is inflated from the start plain_entries found (its local header is
    not read again), a zipfile entry from its own local header: each gives the part's bytes."""
    for data in (_workbook(), _with_extra_fields(_workbook())):
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            parts = {info.filename: (info, zf.read(info)) for info in zf.infolist()}
        for info, body in parts.values():
            assert _inflate(data, info, [1 << 30, 1024]) == body
        entries = plain_entries(data)
        if entries is not None:
            for entry in entries:
                assert entry.data_start > entry.header_offset + 30
                assert _inflate(data, entry, [1 << 30, 1024]) == parts[entry.filename][1]
    assert plain_entries(_with_extra_fields(_workbook())) is None


def _overlapping(n: int, blob: bytes) -> bytes:
    """n entries whose local headers come one after another, each one's data said to run to the end
    of one shared deflated blob behind them all."""
    body = zlib.compressobj(9, zlib.DEFLATED, -15)
    packed = body.compress(blob) + body.flush()
    names = [f"xl/media/i{i}.png".encode() for i in range(n)]
    header_end = sum(30 + len(name) for name in names)
    local, central, offset = b"", b"", 0
    for name in names:
        start = offset + 30 + len(name)
        size = header_end + len(packed) - start
        local += struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0, 0, size, 0, len(name), 0) + name
        central += struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 8, 0, 0, 0, size, 0, len(name), 0, 0,
                               0, 0, 0, offset) + name
        offset = start
    data = local + packed
    return data + central + struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, n, n, len(central), len(data), 0)


def test_entries_that_overlap_are_not_read_directly():
    data = _overlapping(200, bytes(range(256)) * 4000)
    assert plain_entries(data) is None  # zipfile and the file's own bytes, as for any other odd zip
    plain = plain_entries(_workbook())
    assert plain is not None
    scan = scan_zip(data, Limits())  # refused or read: never a copy 200 times the file
    assert len(getattr(scan, "reader", None) or b"") <= len(data)


def test_a_workbooks_own_properties_are_read_on_the_plain_path(monkeypatch):
    """Our templates and return files mark themselves with custom properties: read from the plain
    zip's bytes, with no second opening through zipfile."""
    out = io.BytesIO()
    wb = xlsxwriter.Workbook(out, {"in_memory": True})
    wb.add_worksheet("附件1").write_number(4, 2, 12)
    wb.set_custom_property("dianping_return_for", "梅城镇党委.xlsx")
    wb.close()

    def refused(*args, **kwargs):
        raise AssertionError("opened through zipfile")

    monkeypatch.setattr(zipfile, "ZipFile", refused)
    scan = scan_zip(out.getvalue(), Limits())
    assert scan.properties == {"dianping_return_for": "梅城镇党委.xlsx"} and scan.reader is not None
