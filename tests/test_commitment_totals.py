"""A commitment ledger's own totals line, as units write it: a part of a part in brackets or after
其中 (未兑现2条(其中推进中1条)) is not added beside the parts."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

import dianping_xlsx as api
from dianping_xlsx.definitions import load_ledger_set
from dianping_xlsx.template.ledgers import HEADER_ROW, write_ledger_templates

D = dt.date
ROWS = [("党员", "张三", "东村党支部", "服务群众", "帮扶困难户2户", D(2011, 3, 1), D(2011, 6, 30), "已兑现", D(2011, 5, 1)),
        ("党员", "李四", "东村党支部", "业务工作", "修村道1公里", D(2011, 3, 1), D(2011, 6, 30), "已兑现", D(2011, 6, 1)),
        ("党组织", "东村党支部", "", "服务群众", "建便民服务点", D(2011, 3, 1), D(2011, 12, 31), "未兑现", None),
        ("党组织", "西村党支部", "", "服务群众", "修水渠", D(2011, 3, 1), D(2011, 12, 31), "推进中", None)]


def _totals_problems(ts, folder, make_unit, line):
    make_unit(folder, "东坪镇党委", seed=1, values=dict.fromkeys(ts.keys, 0))
    appraisal, commitment = write_ledger_templates(load_ledger_set(), ts, folder, "东坪镇党委")
    appraisal.unlink()
    wb = openpyxl.load_workbook(commitment)
    ws = wb.worksheets[0]
    for i, record in enumerate(ROWS):
        ws.cell(HEADER_ROW + 2 + i, 1, i + 1)
        for j, value in enumerate(record, start=2):
            if value not in ("", None):
                ws.cell(HEADER_ROW + 2 + i, j, value)
    ws.cell(HEADER_ROW + 2 + len(ROWS) + 1, 1, line)
    wb.save(commitment)
    result = api.merge_inbox(folder, period="2011-H1", jobs=1)
    return [p for e in result.entries for p in e.problems if p.code == "ledger.totals"]


@pytest.mark.parametrize("line", ["共承诺4条,已兑现2条,未兑现2条(其中推进中1条)",
                                  "共承诺4条,已兑现2条,未兑现2条(推进中1条)",
                                  "共承诺4条,已兑现2条,未兑现2条,其中推进中1条",
                                  "共承诺4条,其中已兑现2条,未兑现1条,推进中1条"])
def test_a_part_of_a_part_is_not_added_again(ts, tmp_path, make_unit, line):
    assert _totals_problems(ts, tmp_path, make_unit, line) == []


def test_a_totals_line_with_a_part_of_a_part_that_does_not_add_up_is_still_said(ts, tmp_path, make_unit):
    found, = _totals_problems(ts, tmp_path, make_unit, "共承诺4条,已兑现2条,未兑现1条(其中推进中1条)")
    assert (found.params["total"], found.params["sum"]) == (4, 3)
