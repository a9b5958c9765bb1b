"""The plain-zip path of the pre-scan (read/zipcopy.py): a workbook as Excel writes it is copied for
the reader with the same parts (a sheet's merged ranges moved before its cells); a zip whose
entries overlap (each pointing into one blob) is not read directly, so the copy can never be
larger than the file."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import pytest
import python_calamine
import xlsxwriter

from dianping_xlsx.read.prescan import Limits, Refused
from dianping_xlsx.read.scan_zip import _inflate, scan_zip
from dianping_xlsx.read.zipcopy import merges_first, plain_entries, stored_copy


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
    try:
        scan = scan_zip(data, Limits())  # refused or read: never a copy 200 times the file
    except Refused:  # now refused at once: a zip of pictures holds no workbook
        return
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


def _merged_workbook() -> bytes:
    """Three sheets as xlsxwriter writes them: merged ranges after the cells, one sheet's after
    its protection, one sheet with none."""
    out = io.BytesIO()
    wb = xlsxwriter.Workbook(out, {"in_memory": True})
    first = wb.add_worksheet("附件1")
    first.merge_range("A1:C1", "标题")
    first.merge_range("B7:B8", None)
    first.write_number(4, 2, 12)
    second = wb.add_worksheet("附件2")
    second.protect()
    second.merge_range("A1:B1", "填报单位")
    second.write_number(2, 2, 5)
    wb.add_worksheet("附件3").write_number(0, 0, 1)
    wb.close()
    return out.getvalue()


def _calamine(source) -> list:
    """Every sheet as calamine reads it: its cells and its merged ranges."""
    wb = python_calamine.load_workbook(source)
    try:
        sheets = [wb.get_sheet_by_name(name) for name in wb.sheet_names]
        return [(s.to_python(skip_empty_area=False), s.merged_cell_ranges) for s in sheets]
    finally:
        wb.close()


def test_merged_ranges_come_before_the_cells_in_the_readers_copy():
    """The copy calamine reads has each sheet's merged ranges before its cells (python-calamine
    parses a sheet up to them for every sheet it reads): the same cells and ranges as the file
    itself gives, the moved part's CRC right, its bytes the same but for the move."""
    data = _merged_workbook()
    copy = scan_zip(data, Limits()).reader
    assert copy is not None and _calamine(io.BytesIO(copy)) == _calamine(io.BytesIO(data))
    assert _calamine(io.BytesIO(data))[0][1] == [((0, 0), (0, 2)), ((6, 1), (7, 1))]
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        parts = {name: zf.read(name) for name in zf.namelist()}
    with zipfile.ZipFile(io.BytesIO(copy)) as zf:
        assert zf.testzip() is None
        given = {name: zf.read(name) for name in zf.namelist()}
    moved = [name for name in parts if given[name] != parts[name]]
    assert moved == ["xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml", "xl/worksheets/sheet3.xml"]
    for name in moved[:2]:
        assert sorted(given[name]) == sorted(parts[name])
        assert given[name].index(b"<mergeCells") < given[name].index(b"<sheetData>")
    third = parts["xl/worksheets/sheet3.xml"]  # none: an empty list of them before its cells
    assert given["xl/worksheets/sheet3.xml"] == third.replace(b"<sheetData>", b"<mergeCells></mergeCells><sheetData>")
    block = b'<mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells>'
    second = parts["xl/worksheets/sheet2.xml"]
    assert given["xl/worksheets/sheet2.xml"] == second.replace(block, b"").replace(b"<sheetData>", block + b"<sheetData>")


_CELLS = b'<sheetData><row r="1"><c r="A1" t="n"><v>1</v></c></row></sheetData>'
_RANGES = b'<mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells>'
_NONE = b"<mergeCells></mergeCells>"


def _sheet(cells: bytes, between: bytes = b"", ranges: bytes = _RANGES) -> bytes:
    head = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1"/>'
    return head + cells + between + ranges + b'<pageMargins left="0.7"/></worksheet>'


def test_a_sheet_otherwise_written_is_given_as_it_is():
    """Only the form office suites write is moved: anything else between the cells and the ranges
    (which calamine's second pass would parse), or after the cells of a sheet with none, the
    cells' element named a third time, ranges of another form."""
    assert merges_first(_sheet(_CELLS)) == _sheet(_RANGES + _CELLS, ranges=b"")
    assert merges_first(_sheet(_CELLS, ranges=b"")) == _sheet(_NONE + _CELLS, ranges=b"")
    assert merges_first(_sheet(_CELLS, b"<sheetProtection/>", b"")) == _sheet(_NONE + _CELLS, b"<sheetProtection/>", b"")
    for after in (b"<!-- a note -->", b"<pageSetup r:id=\"rId1\">", b"<a"):
        assert merges_first(_sheet(_CELLS, ranges=b"") + after) is None, after
    assert merges_first(_sheet(_CELLS, b'<sheetProtection sheet="1"/>')) == \
        _sheet(_RANGES + _CELLS, b'<sheetProtection sheet="1"/>', b"")
    for between in (b"<!-- a note -->", b" ", b"<x:sheetProtection/>", b'<autoFilter ref="A1:B1"></autoFilter>',
                    b"<mergeCells/>", b"<!bad>"):
        assert merges_first(_sheet(_CELLS, between)) is None, between
    for ranges in (b'<mergeCells><mergeCell ref="A1"/></mergeCells>', b"<mergeCells >" + _RANGES[22:]):
        assert merges_first(_sheet(_CELLS, ranges=ranges)) is None, ranges
    named = _CELLS.replace(b"<v>1</v>", b"</c><c r=\"B1\" t=\"inlineStr\"><is><t>sheetData</t></is>")
    assert merges_first(_sheet(named)) is None
    assert merges_first(_sheet(_CELLS.replace(b"</row>", b"<sheetData/></row>"))) is None
    assert merges_first(_sheet(b'<sheetData/>')) is None


def test_a_fault_only_calamines_second_pass_finds_is_still_found():
    """A sheet whose XML breaks between its cells and its ranges, or after the cells of a sheet
    with none: calamine fails on the file itself (its pass for the ranges), and on the copy it
    is given (the part is not moved)."""
    for name in ("xl/worksheets/sheet1.xml", "xl/worksheets/sheet3.xml"):
        with zipfile.ZipFile(io.BytesIO(_merged_workbook())) as src:
            parts = {info.filename: src.read(info) for info in src.infolist()}
        parts[name] = parts[name].replace(b"</sheetData>", b"</sheetData><!bad>")
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
            for part, body in parts.items():
                dst.writestr(part, body)
        broken = out.getvalue()
        copy = scan_zip(broken, Limits()).reader
        assert copy is not None
        for source in (broken, copy):
            with pytest.raises(python_calamine.CalamineError):
                _calamine(io.BytesIO(source))
