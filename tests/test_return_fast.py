"""Return files written the fast way are the files the plain way writes, entry for entry.

The fast way (issue 36): the 自查 and 自查计算 sheets written by xlsxwriter for a table set's first
file and filled in for each later file (template/selfcheck_frame.py), the table sheets too
(template/tableframe.py), the results of the
helpers that read one input cell kept across cells and units (evaluate.Memo), the formulas
parsed once per shape (evalparse.py), the workbook assembled in memory and deflated at zlib's
fastest level (memzip.py). The plain way: every file a table set's first (xlsxwriter writes every
cell), every formula computed afresh, the workbook written through temp files as xlsxwriter does
by default.
"""

from __future__ import annotations

import datetime as dt
import gc
import io
import random
import shutil
import struct
import tempfile
import zipfile
import zlib
from pathlib import Path

import pytest
import xlsxwriter

from dianping_xlsx import api
from dianping_xlsx.check.workbook import check_workbook
from dianping_xlsx.model import Period
from dianping_xlsx.report import returns
from dianping_xlsx.template import evalparse, memzip, selfcheck, tableframe
from dianping_xlsx.template.blank import write_template
from dianping_xlsx.template.evaluate import Memo
from dianping_xlsx.template.layout import INSTRUCTIONS_SHEET, Formats, unit_cells, write_table_sheet
from dianping_xlsx.template.selfcheck import write_self_check
from dianping_xlsx.testing import fill_template, random_values

from .test_selfcheck import fills, messy

DAY = dt.date(2011, 7, 1)


class _OnDisk:
    """memzip as xlsxwriter's default mode: each part a temp file."""

    @staticmethod
    def workbook(options):
        folder = Path(tempfile.mkdtemp(prefix="plain-"))
        return xlsxwriter.Workbook(str(folder / "book.xlsx"), options), folder

    @staticmethod
    def save(wb, folder, target):
        wb.close()
        shutil.move(folder / "book.xlsx", target)
        folder.rmdir()


def units(ts, folder: Path, period: Period | None, fills: list) -> list:
    """Units' files filled as units fill them (text numbers, 12人, negatives, fractions, words), checked."""
    template = write_template(ts, folder / "template.xlsx")
    return [check_workbook(fill_template(ts, folder / "in" / f"u{i:02d}.xlsx", f"单位{i:02d}", dt.date(2011, 6, 25),
                                         values, template), ts, period or Period(2011, "H1"))
            for i, values in enumerate(fills)]


def both_ways(ts, subs, folder: Path, period: Period | None, monkeypatch) -> tuple[Path, Path]:
    selfcheck._PLANS.clear()
    tableframe._FRAMES.clear()
    evalparse._COMPILED.clear()
    fast, plain = folder / "fast", folder / "plain"
    for i, sub in enumerate(subs):
        returns.write_return_file(sub, ts, fast, DAY, f"r{i:02d}.xlsx", "run", period)
    with monkeypatch.context() as m:
        m.setattr(returns, "memzip", _OnDisk)
        m.setattr(selfcheck, "_memo", lambda *args: Memo({}))
        for i, sub in enumerate(subs):
            selfcheck._PLANS.clear()  # every file the first of its plan: xlsxwriter writes every cell
            tableframe._FRAMES.clear()  # and of its tables' frames
            returns.write_return_file(sub, ts, plain, DAY, f"r{i:02d}.xlsx", "run", period)
    return fast, plain


def _same(fast: Path, plain: Path, count: int) -> None:
    """The same files entry for entry; the fast ones deflated at memzip.LEVEL (zlib's fastest)."""
    names = sorted(p.name for p in plain.iterdir())
    assert len(names) == count
    for name in names:
        assert _entries(fast / name) == _entries(plain / name), name
        assert _levels(fast / name) == {memzip.LEVEL}, name


def _entries(path: Path) -> list:
    with zipfile.ZipFile(path) as z:
        return [(i.filename, i.date_time, i.external_attr, i.compress_type, i.CRC, z.read(i)) for i in z.infolist()]


def _levels(path: Path) -> set[int]:
    """The zlib level each entry's compressed bytes are (of 1 and 6: re-deflated, which gives the same)."""
    data, found = path.read_bytes(), set()
    with zipfile.ZipFile(path) as z:
        for info in z.infolist():
            names, extra = struct.unpack_from("<HH", data, info.header_offset + 26)
            start = info.header_offset + 30 + names + extra
            packed = data[start:start + info.compress_size]
            for level in (1, 6):
                packer = zlib.compressobj(level, zlib.DEFLATED, -15)
                if packer.compress(z.read(info)) + packer.flush() == packed:
                    found.add(level)
                    break
            else:
                found.add(None)
    return found


@pytest.mark.parametrize("half", ["H1", "H2", ""])
def test_every_return_file_byte_for_byte(ts, tmp_path, monkeypatch, half):
    period = Period(2011, half) if half else None
    subs = units(ts, tmp_path, period, fills(ts, 10, seed=len(half) * 10 + 3))
    fast, plain = both_ways(ts, subs, tmp_path, period, monkeypatch)
    _same(fast, plain, len(subs))


def test_another_notice_byte_for_byte(tmp_path, monkeypatch):
    nt = api.notice_of("justice-2012")
    period = nt.period("2012-H1")
    rng = random.Random(11)
    subs = units(nt.tables, tmp_path, period, [{k: messy(rng, v) for k, v in random_values(nt.tables, i).items()}
                                               for i in range(8)])
    fast, plain = both_ways(nt.tables, subs, tmp_path, period, monkeypatch)
    _same(fast, plain, len(subs))


def test_the_fast_way_is_taken(ts, tmp_path):
    """Most helpers are kept by shape and value, and later files are framed (else the test above
    would compare the plain way with itself)."""
    period = Period(2011, "H1")
    subs = units(ts, tmp_path, period, fills(ts, 0, seed=1)[:2])
    selfcheck._PLANS.clear()
    tableframe._FRAMES.clear()
    for i, sub in enumerate(subs):
        returns.write_return_file(sub, ts, tmp_path / "out", DAY, f"r{i}.xlsx", "run", period)
    (plan,) = selfcheck._PLANS.values()
    frames = {key[1]: frame for key, frame in tableframe._FRAMES.items()}
    assert set(frames) == {t.key for t in ts.tables} | {INSTRUCTIONS_SHEET}  # the table sheets framed too
    assert None not in frames.values()
    assert plan.framed() and len(plan.helper_frame.formulas) == len(plan.helper_cells)
    assert len(plan.sheet_frame.formulas) > len(plan.lines)
    assert len(plan.memo.cells) > len(plan.helper_cells) * 0.7
    assert plan.memo.results



def test_a_written_file_is_freed_at_once(ts, tmp_path):
    """A return file's workbook leaves no cycle behind (each worksheet points back at it): its
    cells and parts are freed when it is saved, not at a full collection that a merge's heap
    makes rare (issue 36: 250 files kept ~0.5 MB each until then)."""
    period = Period(2011, "H1")
    subs = units(ts, tmp_path, period, fills(ts, 0, seed=1)[:2])
    returns.write_return_file(subs[0], ts, tmp_path / "out", DAY, "r0.xlsx", "run", period)
    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        returns.write_return_file(subs[1], ts, tmp_path / "out", DAY, "r1.xlsx", "run", period)
        gc.collect()
        left = [o for o in gc.garbage if type(o).__module__.startswith(("xlsxwriter", "dianping_xlsx"))]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
    assert left == []

def test_framed_sheets_written_to_temp_files(ts, tmp_path, monkeypatch):
    """A later file's framed sheets (their XML made as UTF-8 bytes, zipped as they are in memory)
    written through xlsxwriter's temp files instead: the same entries."""
    period = Period(2011, "H1")
    subs = units(ts, tmp_path, period, fills(ts, 0, seed=2)[:3])
    for folder, mode in ((tmp_path / "memory", memzip), (tmp_path / "disk", _OnDisk)):
        selfcheck._PLANS.clear()
        tableframe._FRAMES.clear()
        with monkeypatch.context() as m:
            m.setattr(returns, "memzip", mode)
            for i, sub in enumerate(subs):
                returns.write_return_file(sub, ts, folder, DAY, f"r{i}.xlsx", "run", period)
    for i in range(len(subs)):
        assert _entries(tmp_path / "memory" / f"r{i}.xlsx") == _entries(tmp_path / "disk" / f"r{i}.xlsx")


def test_the_collector_is_paused_only_while_a_file_is_written(ts, tmp_path, monkeypatch):
    seen = []

    def failing(*args):
        seen.append(gc.isenabled())
        raise OSError("disk full")

    monkeypatch.setattr(returns, "_write_return_file", failing)
    assert gc.isenabled()
    with pytest.raises(OSError):
        returns.write_return_file(None, ts, tmp_path, DAY, "r.xlsx")
    assert seen == [False] and gc.isenabled()


def test_a_saved_zip_is_the_on_disk_one_deflated_faster(tmp_path):
    """memzip.save writes the bytes zipfile writes for the on-disk mode's entries (names, order,
    dates, modes, contents) deflated at memzip.LEVEL; zipping those entries again at zipfile's
    default level gives the on-disk file itself (the reference is zipfile's own)."""
    def build(wb):
        wb.set_properties({"created": dt.datetime(2011, 7, 1)})  # else the second it was made
        ws = wb.add_worksheet("表")
        for i in range(3000):  # parts larger than zipfile's 8 KiB copy chunks
            ws.write_string(i, 0, f"文字{i}" * 5)
            ws.write_number(i, 1, i)
        ws.write_comment(0, 0, "批注")

    disk = xlsxwriter.Workbook(str(tmp_path / "disk.xlsx"))
    build(disk)
    disk.close()
    wb, buffer = memzip.workbook({})
    build(wb)
    memzip.save(wb, buffer, tmp_path / "saved.xlsx")
    on_disk = (tmp_path / "disk.xlsx").read_bytes()
    assert _zipped_again(tmp_path / "disk.xlsx", None) == on_disk
    assert (tmp_path / "saved.xlsx").read_bytes() == _zipped_again(tmp_path / "disk.xlsx", memzip.LEVEL)
    assert _levels(tmp_path / "saved.xlsx") == {memzip.LEVEL} and _levels(tmp_path / "disk.xlsx") == {6}


def _zipped_again(path: Path, level: int | None) -> bytes:
    """The entries of ``path`` (their names, dates, modes and contents, in order) as zipfile writes
    them into a new file, deflated at ``level`` (None: zipfile's default)."""
    out = io.BytesIO()
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            entry = zipfile.ZipInfo(info.filename, info.date_time)
            entry.external_attr, entry.compress_type = info.external_attr, info.compress_type
            zout.writestr(entry, zin.read(info), compresslevel=level)
    return out.getvalue()


def test_other_workbooks_are_zipped_as_zipfile_zips_them(tmp_path):
    """Outside memzip.save an in-memory workbook is zipfile's own: dated 1980-01-01, no mode
    but -rw-------, the default level."""
    data = io.BytesIO()
    wb = xlsxwriter.Workbook(data, {"in_memory": True})
    wb.set_properties({"created": dt.datetime(2011, 7, 1)})
    wb.add_worksheet("表").write_string(0, 0, "文字" * 500)
    wb.close()
    (tmp_path / "book.xlsx").write_bytes(data.getvalue())
    with zipfile.ZipFile(tmp_path / "book.xlsx") as z:
        assert {(i.date_time, i.external_attr) for i in z.infolist()} == {((1980, 1, 1, 0, 0, 0), 0o600 << 16)}
    assert _levels(tmp_path / "book.xlsx") == {6}
    assert _zipped_again(tmp_path / "book.xlsx", None) == data.getvalue()


def test_a_workbook_with_conditional_formats_before_the_self_check_is_written_plainly(ts, tmp_path):
    """The frames hold 自查's conditional styles as the workbook's first: a workbook whose earlier
    sheets have some gets both sheets cell by cell, as the plain way writes them."""
    period = Period(2011, "H1")

    def write(path: Path, earlier: bool) -> bytes:
        wb = xlsxwriter.Workbook(str(path))
        wb.set_properties({"created": dt.datetime(2011, 7, 1)})
        if earlier:
            wb.add_worksheet("前").conditional_format(0, 0, 0, 0, {
                "type": "formula", "criteria": "=TRUE", "format": wb.add_format({"bold": True})})
        fmt, places = Formats(wb), {}
        for table in ts.tables:
            places.update(write_table_sheet(wb, fmt, ts, table, year=2011))
        write_self_check(wb, ts, places, unit_cells(ts), period)
        wb.close()
        return path.read_bytes()

    selfcheck._PLANS.clear()
    write(tmp_path / "first.xlsx", False)
    assert write(tmp_path / "framed.xlsx", False) == write(tmp_path / "framed_again.xlsx", False)
    (plan,) = selfcheck._PLANS.values()
    assert plan.framed()
    after_frames = write(tmp_path / "earlier.xlsx", True)
    selfcheck._PLANS.clear()
    assert after_frames == write(tmp_path / "plain.xlsx", True)
