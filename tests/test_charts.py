"""Native charts in the summary: coverage per category, the status bar, evaluation shares."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile

import openpyxl
import pytest
from click.testing import CliRunner

from dianping_xlsx.cli import main

from .conftest import ROOT, soffice


@pytest.fixture(scope="module")
def summary(tmp_path_factory):
    out = tmp_path_factory.mktemp("charts")
    CliRunner().invoke(main, ["merge", str(ROOT / "examples" / "2011-H1"), "-o", str(out), "--period", "2011-H1",
                              "--unit-name", "安化县委创先办", "--roster", str(ROOT / "examples" / "单位名册.xlsx")])
    return out / "汇总表_2011-H1.xlsx"


def test_charts_are_native_and_read_their_own_sheet(summary):
    with zipfile.ZipFile(summary) as z:
        charts = {n: z.read(n).decode("utf-8") for n in z.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n)}
        pictures = [n for n in z.namelist() if n.startswith("xl/media/")]
    assert pictures == []
    # 3 分类汇总 + 3 按类型汇总 coverage charts, the status bar, the one evaluation form sent (附件4;
    # nobody sent 附件5: no empty chart)
    assert len(charts) == 8
    sheets = {m for xml in charts.values() for m in re.findall(r"<c:f>'?([^'!<]+)'?!", xml)}
    assert sheets == {"图表数据"}  # every chart reads the hidden data sheet
    import openpyxl

    wb = openpyxl.load_workbook(summary)
    assert wb["图表数据"].sheet_state == "hidden" and wb.sheetnames[-1] == "图表数据"
    drawings = [n for n in zipfile.ZipFile(summary).namelist() if n.startswith("xl/drawings/drawing")]
    assert len(drawings) == 8  # 6 rate sheets, 报送情况, 群众评议汇总
    status = next(xml for xml in charts.values() if "已采用" in xml)
    assert "<c:grouping val=\"stacked\"/>" in status and "已采用" in status
    assert all("plotVisOnly" not in xml for xml in charts.values())  # their data columns are hidden: shown


@pytest.mark.skipif(not soffice() or not shutil.which("pdftotext"), reason="needs LibreOffice and pdftotext")
def test_charts_render_in_libreoffice(summary, tmp_path):
    subprocess.run([soffice(), "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(summary)],
                   capture_output=True, timeout=300, check=True)
    text = subprocess.run(["pdftotext", str(tmp_path / "汇总表_2011-H1.pdf"), "-"], capture_output=True,
                          text=True).stdout
    assert "附件2 各类别覆盖率" in text and "附件4 各项目评议结果" in text  # as the notice writes 附件N: no "附件 2"
    assert not re.search(r"附件 \d", text)


@pytest.mark.skipif(not soffice() or not shutil.which("pdftotext"), reason="needs LibreOffice and pdftotext")
def test_the_lists_print_a_table_per_page_width(summary, tmp_path):
    """Issue 26, item 8: 明细 prints one band of pages per table (a page never holds two tables;
    the sample's bands, at a readable scale, over several pages across); 问题明细 in a compact font."""
    import openpyxl

    subprocess.run([soffice(), f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to",
                    "pdf", "--outdir", str(tmp_path), str(summary)], capture_output=True, timeout=300, check=True)
    pdf = tmp_path / "汇总表_2011-H1.pdf"
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(pdf)], capture_output=True,
                                                              text=True).stdout)[1])
    detail = []
    for page in range(1, pages + 1):
        text = subprocess.run(["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
                              capture_output=True, text=True).stdout
        if text.lstrip().startswith("2011年上半年 明细"):
            detail.append(sorted(set(re.findall(r"附件\d", text))))
    assert all(len(tables) == 1 for tables in detail) and len(detail) > 3
    assert [tables[0] for tables in detail] == sorted(tables[0] for tables in detail)  # each table's band together
    guide = (ROOT / "docs" / "使用说明.md").read_text(encoding="utf-8")
    assert f"示例收件箱的汇总表用 LibreOffice 打印共 {pages} 页" in guide  # the page count the guide gives
    wb = openpyxl.load_workbook(summary)
    assert wb["问题明细"]["F4"].font.sz == 9 and wb["问题明细"].print_title_rows == "$3:$3"


def chart_titles(wb) -> dict[str, list]:
    """Per sheet, the text of the cell just above each chart (its anchor is the row below)."""
    return {ws.title: [ws.cell(c.anchor._from.row, c.anchor._from.col + 1).value for c in ws._charts]
            for ws in wb.worksheets if ws._charts}


def test_charts_show_what_the_office_has(summary):
    """Issue 26, item 3: only the categories that have anyone to cover, only the rounds that are
    due (no empty 第二次 in a June summary), titles that say what the bars are, and the status bar
    counts units as its heading does."""
    import openpyxl

    with zipfile.ZipFile(summary) as z:
        charts = [z.read(n).decode("utf-8") for n in sorted(z.namelist()) if re.fullmatch(r"xl/charts/chart\d+\.xml", n)]
    wb = openpyxl.load_workbook(summary)
    coverage = [xml for xml in charts if "覆盖率" in xml]
    assert coverage and all("第二次" not in xml for xml in coverage)
    titles = chart_titles(wb)  # each chart's title in the cell above it (issue 33: not "附件 1")
    assert titles["附件1按类型汇总"] == ["附件1 各类型单位覆盖率"] and titles["附件1分类汇总"] == ["附件1 各类别覆盖率"]
    assert titles["群众评议汇总"] == ["附件4 各项目评议结果"] and titles["报送情况"] == [None]  # the bar needs none
    assert all("<c:title>" not in xml for xml in charts)
    status = next(xml for xml in charts if "已采用" in xml)
    values = [float(v) for v in re.findall(r"<c:v>([\d.]+)</c:v>", status)]
    reporting = wb["审核问题"]["A1"].value  # 共 N 个单位报送:… X 个有错误(已退回)
    found = re.search(r"(\d+) 个有错误", reporting)
    rejected_units = int(found[1]) if found else 0  # a part that counts none is left out
    assert rejected_units in values


def test_a_county_that_has_two_kinds_of_secretaries_charts_two(ts, make_unit, tmp_path):
    """The notice's own sample: only 其它基层党组织书记 (131) and 其它基层党委领导班子成员 (6) have anyone;
    the 附件1 chart shows those two categories, not fourteen."""
    from dianping_xlsx.definitions import Key

    values = dict.fromkeys(ts.keys, 0)
    values.update({Key("附件1", "其它基层党组织书记", "总人数", ""): 131,
                   Key("附件1", "其它基层党组织书记", "参加点评人数", "第一次"): 131,
                   Key("附件1", "其它基层党委领导班子成员", "总人数", ""): 6,
                   Key("附件1", "其它基层党委领导班子成员", "参加点评人数", "第一次"): 6})
    make_unit(tmp_path / "in", "梅城镇党委", seed=1, values=values)
    CliRunner().invoke(main, ["merge", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--period", "2011-H1",
                              "--date", "2011-06-30"])
    with zipfile.ZipFile(tmp_path / "out" / "汇总表_2011-H1.xlsx") as z:
        charts = [z.read(n).decode("utf-8") for n in z.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n)]
    chart1 = next(xml for xml in charts if "其它基层党组织书记" in xml)
    assert re.findall(r'<c:ptCount val="(\d+)"/>', chart1).count("2") >= 2  # categories and values
    assert "14" not in re.findall(r'<c:ptCount val="(\d+)"/>', chart1)
    titles = chart_titles(openpyxl.load_workbook(tmp_path / "out" / "汇总表_2011-H1.xlsx"))
    assert titles["附件1分类汇总"] == ["附件1 各类别覆盖率"]
    assert "附件2分类汇总" not in titles  # no organisation at all: no chart
