"""Native charts in the summary: coverage per category, the status bar, evaluation shares."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile

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
    # 3 分类汇总 + 3 按类型汇总 coverage charts, the status bar, 2 evaluation forms
    assert len(charts) == 9
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
    text = "".join(text.split())
    assert "附件2各类别覆盖率" in text and "附件4各项目评议结果" in text
