"""An old copy of the tables left on a hidden sheet: the unit cannot see it, so it is named once,
with how to show it, not as 138 cells repeated."""

from __future__ import annotations

import openpyxl

from dianping_xlsx import check_files


def _hide_a_copy(path, ts, first: bool) -> list[str]:
    """Each table sheet copied onto a hidden sheet (before the tables when ``first``)."""
    wb = openpyxl.load_workbook(path)
    names = []
    for table in ts.tables:
        copy = wb.copy_worksheet(wb[table.key])
        copy.title = f"{table.key}(旧)"
        copy.sheet_state = "hidden"
        if first:
            wb.move_sheet(copy, offset=-len(wb.sheetnames) + 1)
        names.append(copy.title)
    wb.save(path)
    return names


def test_a_hidden_old_copy_is_named_once_per_sheet(make_unit, ts, tmp_path):
    for first in (False, True):
        path, _ = make_unit(tmp_path / str(first), "梅城镇党委", 3)
        hidden = _hide_a_copy(path, ts, first)
        report, = check_files([path], period="2011-H1")
        codes = [p.code for p in report.problems]
        assert "table.duplicate" not in codes and not report.ok
        copies = [p for p in report.problems if p.code == "table.hidden-copy"]
        assert sorted(p.params["sheet"] for p in copies) == sorted(hidden)
        assert all("取消隐藏" in p.message and p.params["count"] > 10 for p in copies)


def test_a_visible_second_copy_is_still_said_cell_by_cell(make_unit, ts, tmp_path):
    path, _ = make_unit(tmp_path, "梅城镇党委", 3)
    wb = openpyxl.load_workbook(path)
    wb.copy_worksheet(wb[ts.tables[0].key]).title = "副本"
    wb.save(path)
    report, = check_files([path], period="2011-H1")
    assert {p.code for p in report.problems if p.code.startswith("table.")} == {"table.duplicate"}
