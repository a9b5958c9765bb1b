"""The summary's big sheets are written in xlsxwriter's constant-memory mode (flat memory at
any number of units). That mode silently drops a cell written to a row above the current
one, so those sheets must be written row by row: here every cell, merge, row height and
column width of a full summary (roster, previous period, evaluations, problems, off-roster
units) is compared with the same summary written in the normal mode."""

from __future__ import annotations

import datetime as dt
import shutil
import zipfile
from pathlib import Path

import openpyxl

import dianping_xlsx as api
from dianping_xlsx.report.workbook import write_summary_workbook

from .sheetcompare import differences

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
OFFICE = "安化县委创先办"


def test_every_cell_as_in_normal_mode(tmp_path, make_unit):
    inbox = tmp_path / "inbox"
    shutil.copytree(EXAMPLES / "2011-H1", inbox)
    make_unit(inbox, "县外来单位党支部", seed=7)  # not on the roster: 名册外单位 has a row
    roster = EXAMPLES / "单位名册.xlsx"
    first = api.merge_inbox(inbox, period="2011-H1", unit_name=OFFICE, roster=roster, due=dt.date(2011, 6, 28))
    previous = tmp_path / "previous"
    previous.mkdir()
    write_summary_workbook(first, previous / "汇总表_2011-H1.xlsx", OFFICE, dt.date(2011, 6, 30),
                           streamed=False)
    result = api.merge_inbox(inbox, period="2011-H2", unit_name=OFFICE, roster=roster,
                             due=dt.date(2011, 12, 28), previous=previous)
    normal, streamed = tmp_path / "normal.xlsx", tmp_path / "streamed.xlsx"
    write_summary_workbook(result, normal, OFFICE, dt.date(2011, 12, 30), streamed=False)
    write_summary_workbook(result, streamed, OFFICE, dt.date(2011, 12, 30), streamed=True)

    assert differences(normal, streamed) == []
    # and the comparison had something to compare on every sheet
    wb = openpyxl.load_workbook(streamed)
    accepted = len(result.accepted)
    assert wb["明细"].max_row == 3 + 2 * accepted + 1  # this period's row and the last one's, then 合计
    assert wb["明细"]["A1"].value == "单位" and wb["明细"]["A4"].value == result.accepted[0].display_unit
    assert wb["名册外单位"]["C4"].value == "县外来单位党支部"
    assert wb["问题明细"].max_row == 3 + len(result.problems)
    assert wb["评议跟进"].max_row > 3 and wb["群众评议汇总"].max_row > 30
    assert wb["报送情况"].row_dimensions[3].height > 50  # the chart's row keeps its height
    with zipfile.ZipFile(streamed) as z:  # the big sheets were streamed (their text inline),
        inline = {n for n in z.namelist() if n.startswith("xl/worksheets/sheet")  # the others not
                  and b't="inlineStr"' in z.read(n)}
    assert len(inline) == 4
    rounds_label = [str(r) for r in wb["附件1"].merged_cells.ranges if str(r).startswith("A") and ":A" in str(r)]
    assert rounds_label, "a row label spanning its rounds is still merged"
