"""A unit's text with a control character (pasted from Word; Excel saves it as _x0001_) comes back
in a return file that every reader opens: our writers escape it wherever they put a unit's text."""

from __future__ import annotations

import datetime as dt
import zipfile

import openpyxl

from dianping_xlsx.check.workbook import check_workbook
from dianping_xlsx.model import SELF_CHECK_HELPER, SELF_CHECK_SHEET, Period
from dianping_xlsx.report import returns
from dianping_xlsx.testing import fill_template, h1_only, random_values

PERIOD = Period(2011, "H1")
MARK = "4@@5"  # a value typed in our template, made "4<U+0001>5" as Excel saves it
EXCEL = "4_x0001_5"


def _unit_with_control_text(ts, blank, folder, unit: str, seed: int):
    values = h1_only(ts, random_values(ts, seed))
    key = next(k for k in ts.tables[0].keys() if values.get(k))
    values[key] = MARK
    filled = fill_template(ts, folder / f".{unit}.xlsx", unit, dt.date(2011, 6, 25), values, blank)
    target = folder / f"{unit}.xlsx"
    with zipfile.ZipFile(filled) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            out.writestr(info, src.read(info).replace(MARK.encode(), EXCEL.encode()))
    return target


def test_return_file_of_control_text_opens_and_reads_back(ts, blank, tmp_path):
    """Two units: the first return file is written cell by cell, the second from the frames."""
    subs = [check_workbook(_unit_with_control_text(ts, blank, tmp_path, f"控制字符{i}", i), ts, PERIOD)
            for i in (1, 2)]
    for i, sub in enumerate(subs):
        path = returns.write_return_file(sub, ts, tmp_path / "out", dt.date(2011, 7, 1), f"r{i}.xlsx", "run", PERIOD)
        with zipfile.ZipFile(path) as z:
            for name in z.namelist():
                assert b"\x01" not in z.read(name), name
        wb = openpyxl.load_workbook(path, data_only=True)
        table = wb[ts.tables[0].key]
        assert EXCEL in [c.value for row in table.iter_rows() for c in row]
        saved = [c.value for name in (SELF_CHECK_SHEET, SELF_CHECK_HELPER) for row in wb[name].iter_rows()
                 for c in row if isinstance(c.value, str) and EXCEL in c.value]
        assert saved, "the self-check's saved results quote the text as written"
