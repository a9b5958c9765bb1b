"""The tables typed side by side on one sheet (each with its 附件 marker, title, 填报单位 line and
类别 headers): each table's categories end where the next table's 类别 header begins, and each
block takes the marker above it, not the row's first."""

from __future__ import annotations

import datetime as dt

import openpyxl

from dianping_xlsx import check_files
from dianping_xlsx.testing import h1_only, random_values


def _side_by_side(ts, path, unit: str, values) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    width = max(len(b) for t in ts.tables for b in t.blocks) + 3
    for n, table in enumerate(ts.tables):
        left = 1 + n * width
        ws.cell(1, left, table.key)
        ws.cell(2, left, table.title)
        ws.cell(3, left, f"{ts.unit_label}{unit}")
        ws.cell(3, left + 4, f"{ts.date_label}2011年6月25日")
        r = 4
        for block in table.blocks:
            ws.cell(r, left, ts.header_label)
            for i, category in enumerate(block):
                ws.cell(r, left + 1 + i, category)
            for row in table.rows:
                for rnd in row.rounds or ("",):
                    r += 1
                    ws.cell(r, left, row.metric + rnd)
                    for i, category in enumerate(block):
                        value = values.get((table.key, category, row.metric, rnd))
                        if value is not None:
                            ws.cell(r, left + 1 + i, value)
            r += 2
    wb.save(path)


def test_tables_side_by_side_on_one_sheet_are_read_whole(ts, tmp_path):
    values = h1_only(ts, random_values(ts, 11))
    path = tmp_path / "江南镇党委.xlsx"
    _side_by_side(ts, path, "江南镇党委", {tuple(k): v for k, v in values.items()})
    report, = check_files([path], period="2011-H1")
    assert [p.code for p in report.problems if p.severity != "info"] == []
    assert report.submission.unit == "江南镇党委" and report.submission.date == dt.date(2011, 6, 25)
    assert report.submission.values == values
