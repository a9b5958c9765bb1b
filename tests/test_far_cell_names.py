"""A sheet refused for reaching too far or merging too much is named by its tab (附件3), as the
clerk sees it, and the cell named is the one actually used (a note typed at A6000), not the last
column of the sheet joined to its last row."""

from __future__ import annotations

import re
import zipfile

import openpyxl

from dianping_xlsx import Limits, check_files


def _edited(path, edit):
    wb = openpyxl.load_workbook(path)
    edit(wb)
    wb.save(path)
    return path


def _only(path, **limits):
    (report,) = check_files([path], period="2011-H1", jobs=1, limits=Limits(**limits))
    (problem,) = report.problems
    return problem


def test_a_far_note_is_named_by_its_tab_and_its_cell(make_unit, tmp_path):
    path, _ = make_unit(tmp_path, "梅城镇党委", seed=1)
    problem = _only(_edited(path, lambda wb: wb["附件3"].__setitem__("A6000", "备注:数据已核对")))
    assert problem.code == "limit.far-cell"
    assert (problem.sheet, problem.cell) == ("附件3", "A6000")
    assert "工作表“附件3”" in problem.message and "单元格 A6000" in problem.message


def test_the_tab_is_found_whatever_the_order_of_the_sheets(make_unit, tmp_path):
    def moved(wb):
        wb["附件3"]["B6001"] = "x"
        wb.move_sheet("附件3", offset=-3)  # its part is now sheet1.xml

    problem = _only(_edited(make_unit(tmp_path, "乐安镇党委", seed=3)[0], moved))
    assert (problem.sheet, problem.cell) == ("附件3", "B6001") and "sheet1" not in problem.message


def test_too_many_merged_ranges_are_named_by_the_tab(make_unit, tmp_path):
    def merges(wb):
        for r in range(20, 50):
            wb["附件2"].merge_cells(f"J{r}:K{r}")

    problem = _only(_edited(make_unit(tmp_path, "清塘镇党委", seed=2)[0], merges), max_merged=30)
    assert problem.code == "limit.merged" and problem.sheet == "附件2"
    assert re.match("工作表“附件2”有 [0-9]+ 个合并单元格", problem.message)


def test_a_declared_extent_without_cells_is_no_reason_to_refuse(make_unit, tmp_path):
    """<dimension ref="A1:XFD15"> with no cell out there: nothing for the unit to delete, and the
    reader allocates for the cells it finds, not for the extent declared: the file is read."""
    good, _ = make_unit(tmp_path / "src", "平口镇党委", seed=4)
    target = tmp_path / "平口镇党委.xlsx"
    with zipfile.ZipFile(good) as a, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as b:
        for info in a.infolist():
            data = a.read(info)
            if info.filename == "xl/worksheets/sheet3.xml":  # 附件2 (after 填表说明 and 附件1)
                data = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', data)
            b.writestr(info, data)
    (report,) = check_files([target], period="2011-H1", jobs=1)
    assert report.problems == [] and report.submission.values


def test_the_screen_says_a_file_beyond_the_limits_was_refused_not_that_it_cannot_open(make_unit, tmp_path):
    from click.testing import CliRunner

    from dianping_xlsx.cli import main

    inbox = tmp_path / "inbox"
    make_unit(inbox, "梅城镇党委", seed=1)
    far, _ = make_unit(inbox, "平口镇党委", seed=4)
    _edited(far, lambda wb: wb["附件3"].__setitem__("A6000", "备注"))
    broken = inbox / "乐安镇党委.xlsx"
    broken.write_bytes(b"PK\x03\x04" + b"\0" * 100)
    out = CliRunner().invoke(main, ["merge", str(inbox), "-o", str(tmp_path / "out"), "--period", "2011-H1",
                                    "--unit-name", "安化县委创先办"]).output
    refused = next(line for line in out.splitlines() if "超出了读取的限制" in line)
    assert "平口镇党委.xlsx" in refused and "乐安镇党委" not in refused
    unopened = next(line for line in out.splitlines() if "无法打开,不能生成退回文件" in line)
    assert "乐安镇党委.xlsx" in unopened and "平口镇党委" not in unopened
