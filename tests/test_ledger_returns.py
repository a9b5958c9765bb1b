"""A unit's tables sent back because its ledger counts fewer: the return file says why the ledger
counts fewer (a date not read, a person met twice), whether the ledger is a sheet of the tables'
workbook or a file of its own."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

import dianping_xlsx as api
from dianping_xlsx.definitions import Key

D = dt.datetime
HEAD = ["序号", "点评日期", "点评人", "点评人职务", "被点评对象", "对象类别", "附件类别", "点评方式"]


def _ledger(ws, unit, records):
    ws.append([f"{unit}领导点评全程记实台账"])
    ws.append(["填报单位:", unit])
    ws.append(HEAD)
    for i, (day, org) in enumerate(records, start=1):
        ws.append([i, day, "镇党委书记", "书记", org, "党组织", "农村", "会议集中点评"])


def _opinions(out, unit) -> list[tuple]:
    """The 审核意见 lines of a unit's return file: (级别, 原文件中的位置, 问题说明)."""
    ws = openpyxl.load_workbook(out / "退回" / f"{unit}_审核意见.xlsx")["审核意见"]
    return [(row[1], row[3], row[4]) for row in ws.iter_rows(min_row=6, values_only=True) if row[0]]


def _merged(ts, tmp_path, make_unit, apart: bool, records):
    unit = "东坪镇党委"
    values = dict.fromkeys(ts.keys, 0) | {Key("附件2", "农村", "已被点评党组织数", "第一次"): 3,
                                         Key("附件2", "农村", "党组织数", ""): 3}
    tables, _ = make_unit(tmp_path / "收件箱", unit, seed=1, values=values)
    if apart:
        wb = openpyxl.Workbook()
        wb.active.title = "台账"
        _ledger(wb.active, unit, records)
        wb.save(tmp_path / "收件箱" / f"{unit}台账.xlsx")
    else:
        wb = openpyxl.load_workbook(tables)
        _ledger(wb.create_sheet("台账"), unit, records)
        wb.save(tables)
    result = api.merge_inbox(tmp_path / "收件箱", period="2011-H1", jobs=1)
    api.write_summary(result, tmp_path / "out", unit_name="安化县委创先办", day=dt.date(2011, 6, 30))
    return _opinions(tmp_path / "out", unit)


@pytest.mark.parametrize("apart", [True, False])
def test_the_return_file_says_the_ledger_rows_behind_a_count_wherever_the_ledger_came(
        ts, tmp_path, make_unit, apart):
    (tmp_path / "收件箱").mkdir()
    lines = _merged(ts, tmp_path, make_unit, apart,
                    [(D(2011, 3, 1), "甲村党支部"), (D(2011, 3, 2), "乙村党支部"), ("2011年3月", "丙村党支部")])
    assert any(level == "错误" and "只有 2 个" in message for level, _, message in lines), lines
    place = "东坪镇党委台账.xlsx:台账!B6" if apart else "台账!B6"
    assert any(there == place and "“2011年3月”,不是日期" in message for _, there, message in lines), lines
