"""Files that show their verdict unopened: every self-check formula is saved with the value it
computes, so a reader that does not recalculate (calamine, openpyxl, a mail preview, a phone, Excel's
Protected View) shows what Excel, WPS and LibreOffice show.

The saved values, read back with calamine, are held against LibreOffice's own recalculation of the
same file (a profile that recalculates every formula on loading), cell for cell: blank templates
with and without a period and a unit, and return files carrying units' values as they typed them
(numbers, 12人, full-width digits, negatives, fractions, words, the rules at their edges).
"""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest
import python_calamine

from dianping_xlsx.check.workbook import check_workbook
from dianping_xlsx.model import SELF_CHECK_HELPER, SELF_CHECK_SHEET, Period
from dianping_xlsx.report.returns import write_return_file
from dianping_xlsx.template.blank import write_template
from dianping_xlsx.template.selfcheck_sheet import FIRST_LINE, columns
from dianping_xlsx.testing import fill_template

from .conftest import soffice
from .test_selfcheck import fills, template_places

needs_office = pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")
ALWAYS_RECALCULATE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse">
<value>0</value></prop></item>
</oor:items>
"""


def converted(files: list[Path], out: Path, recalculate: bool) -> list[Path]:
    """Each file opened and saved again by LibreOffice: with every formula recalculated on
    loading, or as a user's LibreOffice opens it (its default settings)."""
    profile = out / "profile"
    if recalculate:
        (profile / "user").mkdir(parents=True, exist_ok=True)
        (profile / "user" / "registrymodifications.xcu").write_text(ALWAYS_RECALCULATE, encoding="utf-8")
    subprocess.run([soffice(), f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
                    "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out), *map(str, files)],
                   check=True, capture_output=True, timeout=600)
    return [out / f.name for f in files]


def grid(path: Path, sheet: str) -> list[list]:
    rows = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python(
        skip_empty_area=False)
    width = max((len(r) for r in rows), default=0)
    return [[_plain(v) for v in r] + [""] * (width - len(r)) for r in rows]


def _plain(v):
    return int(v) if isinstance(v, float) and v.is_integer() else v


def differences(ours: Path, theirs: Path) -> list[tuple]:
    out = []
    for sheet in (SELF_CHECK_SHEET, SELF_CHECK_HELPER):
        a, b = grid(ours, sheet), grid(theirs, sheet)
        for r in range(max(len(a), len(b))):
            ra, rb = (a[r] if r < len(a) else []), (b[r] if r < len(b) else [])
            for c in range(max(len(ra), len(rb))):
                va, vb = (ra[c] if c < len(ra) else ""), (rb[c] if c < len(rb) else "")
                if va != vb:
                    out.append((sheet, r, c, va, vb))
    return out


def return_files(ts, folder: Path, half: str, count: int, seed: int) -> list[Path]:
    """Units' files filled as units fill them, checked, and sent back by merge's writer."""
    period = Period(2011, half)
    template = write_template(ts, folder / "template.xlsx")
    out = []
    for i, values in enumerate(fills(ts, count, seed)):
        path = fill_template(ts, folder / "in" / f"u{i:02d}.xlsx", f"单位{i:02d}", dt.date(2011, 6, 25), values,
                             template)
        sub = check_workbook(path, ts, period)
        out.append(write_return_file(sub, ts, folder / "back", dt.date(2011, 7, 1), name=f"r{half}{i:02d}.xlsx",
                                     period=period))
    return out


def templates(ts, folder: Path) -> list[Path]:
    return [write_template(ts, folder / "t_plain.xlsx"),
            write_template(ts, folder / "t_unit_h1.xlsx", "梅城镇党委", period=Period(2011, "H1")),
            write_template(ts, folder / "t_h2.xlsx", period=Period(2011, "H2"))]


@needs_office
def test_saved_values_are_what_libreoffice_computes(ts, tmp_path):
    files = templates(ts, tmp_path) + return_files(ts, tmp_path, "H1", 8, 5) + return_files(ts, tmp_path, "H2", 8, 9)
    recalculated = converted(files, tmp_path / "out", recalculate=True)
    failing = 0
    for ours, theirs in zip(files, recalculated):
        assert differences(ours, theirs) == [], ours.name
        status = columns(ts).status
        failing += sum(1 for r in grid(ours, SELF_CHECK_SHEET)[FIRST_LINE:] if isinstance(r[status], int) and r[status] > 0)
    assert failing > 20  # the return files carry faults: the comparison saw failing lines, not only 通过


@needs_office
def test_libreoffice_shows_the_saved_verdict_and_recomputes_an_edit(ts, tmp_path):
    """As a user's LibreOffice opens a return file (no recalculation on loading): the unit's
    faults are shown; once a value is changed, the formulas follow it."""
    import openpyxl

    path = next(p for p in return_files(ts, tmp_path, "H1", 6, 3)
                if grid(p, SELF_CHECK_SHEET)[0][0].startswith("自查结果:未通过"))
    shown = grid(converted([path], tmp_path / "as_is", recalculate=False)[0], SELF_CHECK_SHEET)
    assert shown[0][0] == grid(path, SELF_CHECK_SHEET)[0][0]
    # an edit: openpyxl drops every saved result, so LibreOffice computes all of them
    book = openpyxl.load_workbook(path)
    for key, ref in template_places(path, ts).items():
        book[key.table][ref].value = None
    book.save(tmp_path / "cleared.xlsx")
    (cleared,) = converted([tmp_path / "cleared.xlsx"], tmp_path / "as_is2", recalculate=False)
    assert grid(cleared, SELF_CHECK_SHEET)[0][0].startswith("自查结果:表格还没有填写数字")


def test_saving_results_costs_little(ts, tmp_path):
    import time

    write_template(ts, tmp_path / "warm.xlsx", "梅城镇党委")
    start = time.perf_counter()
    for i in range(5):
        write_template(ts, tmp_path / f"u{i}.xlsx", f"单位{i}", period=Period(2011, "H1"))
    assert (time.perf_counter() - start) / 5 < 0.5
    rows = grid(tmp_path / "u0.xlsx", SELF_CHECK_SHEET)
    assert rows[0][0].startswith("自查结果:")  # not blank when read without recalculating
