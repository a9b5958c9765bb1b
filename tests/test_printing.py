"""The summary as a clerk prints it: rendered by LibreOffice, pages counted per sheet."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import openpyxl
import pytest

from .conftest import ROOT, soffice

sys.path.insert(0, str(ROOT / "benchmarks"))
from print_pages import pages_per_sheet  # noqa: E402 - the same counting as the benchmark

pytestmark = pytest.mark.skipif(not soffice() or not shutil.which("pdftotext"),
                                reason="needs LibreOffice (soffice) and pdftotext (poppler-utils)")
A4_LANDSCAPE = "841.89 x 595.304"


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    folder = tmp_path_factory.mktemp("print")
    subprocess.run([sys.executable, "-m", "dianping_xlsx", "merge", str(ROOT / "examples" / "2011-H1"),
                    "-o", str(folder), "--period", "2011-H1", "--unit-name", "安化县委创先办",
                    "--roster", str(ROOT / "examples" / "单位名册.xlsx"), "--due", "2011-06-28",
                    "--date", "2011-06-30"], capture_output=True, check=False)
    workbook = folder / "汇总表_2011-H1.xlsx"
    subprocess.run([soffice(), "--headless", "--convert-to", "pdf", "--outdir", str(folder), str(workbook)],
                   capture_output=True, timeout=300, check=True)
    book = openpyxl.load_workbook(workbook)
    sheets = [ws.title for ws in book.worksheets if ws.sheet_state == "visible"]  # hidden ones do not print
    return sheets, pages_per_sheet(folder / "汇总表_2011-H1.pdf", sheets), folder / "汇总表_2011-H1.pdf"


def test_every_page_is_a4_landscape_and_names_its_sheet(printed):
    sheets, (total, counts, sizes), _ = printed
    assert sizes == {A4_LANDSCAPE}
    assert "?" not in counts, counts  # every page carries its sheet's name in the header
    assert set(counts) == set(sheets)


def test_the_sheets_to_print_fit_in_few_pages(printed):
    sheets, (total, counts, _), _ = printed
    for sheet in sheets:
        if sheet.startswith("附件") or sheet in ("未报单位", "名册外单位", "评议跟进", "报送情况", "审核问题"):
            assert counts[sheet] == 1, (sheet, counts[sheet])
    assert counts["群众评议汇总"] == 1  # was two pages wide, its title cut on the second (issue 33)
    assert total <= 30  # was 57 before every sheet had a page setup


def test_a_page_says_its_title_once_and_breaks_no_heading(printed):
    """Issue 33: a sheet that prints its title in its first rows has only its name in the page
    header, not the title again; page numbers below; 群众评议汇总's title whole on its one page;
    a coverage sheet's headings on one line each (no 第一 / 次)."""
    from .printcheck import page_texts

    sheets, (total, counts, _), pdf = printed
    pages = page_texts(pdf)
    evaluations = next(t for t in pages if "群众评议汇总(" in t)
    lines = [line.strip() for line in evaluations.splitlines() if line.strip()]
    assert lines[0] == "群众评议汇总" and lines[1].startswith("群众评议汇总(2011年上半年,")  # name, then the title
    assert lines[1].endswith("个单位报送了评议结果)")  # whole
    assert re.fullmatch(r"第 \d+ 页,共 \d+ 页", lines[-1])
    rates = next(t for t in pages if "附件1 领导点评和群众评议等工作情况统计表(党员领导干部) 分类汇总" in t)
    assert rates.count("分类汇总(2011年上半年") == 1  # was twice: the page header and the sheet's first row
    assert "参加点评人数(第一次)" in rates and "点评覆盖率(第一次)" in rates
    wb = openpyxl.load_workbook(pdf.with_suffix(".xlsx"))
    assert wb["附件1分类汇总"].oddHeader.left.text is None and wb["附件1分类汇总"].oddHeader.right.text == "&A"
    assert "报送情况" in wb["报送情况"].oddHeader.left.text  # a sheet that does not print its title keeps it on top


def test_no_number_in_the_summary_is_written_as_text(tmp_path):
    """Numbers are numbers (issue 26): a rate is a number with a percent format, never the text
    "33.3%"; "—" stands alone in a centred cell. Every sheet of a summary with ledgers."""
    import re

    import openpyxl
    from click.testing import CliRunner

    from dianping_xlsx.cli import main

    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    out = tmp_path / "out"
    CliRunner().invoke(main, ["merge", str(root / "examples" / "2011-H1"), "-o", str(out), "--period", "2011-H1",
                              "--roster", str(root / "examples" / "单位名册.xlsx"), "--date", "2011-06-30"])
    wb = openpyxl.load_workbook(out / "汇总表_2011-H1.xlsx")
    texts = [(ws.title, c.coordinate, c.value) for ws in wb for row in ws.iter_rows() for c in row
             if isinstance(c.value, str) and re.fullmatch(r"\s*-?\d+(\.\d+)?\s*%?\s*|\d+—", c.value)]
    assert texts == []
    rates = wb["公开承诺情况"]
    header = [c.value for c in rates[3]]
    column = header.index("兑现率") + 1
    assert all(isinstance(rates.cell(r, column).value, float) or rates.cell(r, column).value == "—"
               for r in range(4, rates.max_row + 1) if rates.cell(r, 1).value)


def test_an_empty_list_is_not_a_sheet_that_prints_an_empty_page(make_unit, ts, tmp_path):
    """Issue 26, item 4: with everyone in and no one off the roster, 未报单位 and 名册外单位 are not
    written (each printed a page with a header and nothing under it); with someone, they are."""
    from click.testing import CliRunner

    from dianping_xlsx.cli import main
    from dianping_xlsx.model import RosterUnit
    from dianping_xlsx.report.roster import write_blank_roster

    make_unit(tmp_path / "in", "梅城镇党委", seed=1)
    roster = write_blank_roster(ts, tmp_path / "名册.xlsx", [RosterUnit("梅城镇党委", (), "乡镇")])
    args = ["merge", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--period", "2011-H1", "--date", "2011-06-30"]
    assert CliRunner().invoke(main, [*args, "--roster", str(roster)]).exit_code == 0
    names = openpyxl.load_workbook(tmp_path / "out" / "汇总表_2011-H1.xlsx").sheetnames
    assert "未报单位" not in names and "名册外单位" not in names and "报送情况" in names
    roster = write_blank_roster(ts, tmp_path / "名册2.xlsx", [RosterUnit("梅城镇党委", (), "乡镇"),
                                                            RosterUnit("平口镇党委", (), "乡镇")])
    CliRunner().invoke(main, [*args, "--roster", str(roster)])
    assert "未报单位" in openpyxl.load_workbook(tmp_path / "out" / "汇总表_2011-H1.xlsx").sheetnames


def test_a_long_file_name_gets_the_rows_it_needs(make_unit, tmp_path):
    """Issue 26, item 1: in 报送情况 a long file name wraps within its column and its row is as tall
    as the wrapped lines (it was cut: the row kept the height of the 说明 column's text)."""
    from click.testing import CliRunner

    from dianping_xlsx.cli import main
    from dianping_xlsx.template.layout import row_height

    long_name = "2011年上半年领导点评和群众评议等工作情况统计表(梅城镇党委,第二次更正稿,请以此为准).xlsx"
    make_unit(tmp_path / "in", "梅城镇党委", seed=1, name=long_name)
    CliRunner().invoke(main, ["merge", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--period", "2011-H1",
                              "--date", "2011-06-30"])
    ws = openpyxl.load_workbook(tmp_path / "out" / "汇总表_2011-H1.xlsx")["报送情况"]
    row = next(c.row for c in ws["B"] if c.value == long_name)
    width = ws.column_dimensions["B"].width
    assert ws.row_dimensions[row].height >= row_height(long_name, width) - 1 > 20  # (Excel keeps quarter points)
    assert ws.cell(row, 2).alignment.wrap_text
