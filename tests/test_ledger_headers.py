"""A unit's own ledger under a header of two rows: 被点评人 spanning 姓名/职务, 点评情况 spanning
时间/方式/内容, as clerks draw them. Its columns are found, its lower row is no record."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

import dianping_xlsx as api
from dianping_xlsx.definitions import Key

UPPER = ["序号", "被点评人", None, "对象类别", "附件类别", "点评人", "点评人职务", "点评情况", None, None, "整改措施"]
LOWER = [None, "姓名", "职务", None, None, None, None, "时间", "方式", "内容", None]
PEOPLE = ["刘备", "关羽", "张飞", "赵云"]


def _two_row_ledger(path, merged: bool, day=lambda i: dt.datetime(2011, 3, i)):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "梅城镇党委2011年领导点评全程记实台账"
    ws["A2"] = "填报单位:梅城镇党委"
    for c, (upper, lower) in enumerate(zip(UPPER, LOWER), start=1):
        ws.cell(4, c, upper)
        ws.cell(5, c, lower)
    if merged:  # as Excel draws it; without the merges as a sheet saved by LibreOffice as .ods is read
        ws.merge_cells("B4:C4")
        ws.merge_cells("H4:J4")
        for col in "ADEFGK":
            ws.merge_cells(f"{col}4:{col}5")
    for i, person in enumerate(PEOPLE, start=1):
        ws.append([i, person, "党员", "党员", "农村", "东村党支部书记", "支部书记", day(i), "会议集中点评", "肯定成绩",
                   "已整改"])
    wb.save(path)


@pytest.mark.parametrize("merged", [True, False])
def test_a_two_row_header_is_read_and_its_lower_row_is_no_record(ts, tmp_path, make_unit, merged):
    values = dict.fromkeys(ts.keys, 0) | {Key("附件3", "农村", "已被点评党员数", "第一次"): 4,
                                         Key("附件3", "农村", "党员数", ""): 4}
    make_unit(tmp_path, "梅城镇党委", seed=1, values=values)
    _two_row_ledger(tmp_path / "梅城镇党委台账.xlsx", merged)
    result = api.merge_inbox(tmp_path, period="2011-H1", jobs=1)
    assert {e.status for e in result.entries} == {"accepted"}
    codes = [p.code for e in result.entries for p in e.problems if p.code.startswith("ledger.")]
    assert not {"ledger.missing-column", "ledger.missing-field", "ledger.below"} & set(codes), codes
    unit = result.summary.ledgers.appraisals[0]
    assert (unit.records, unit.persons["第一次"], unit.ways) == (4, 4, "会议集中点评")
    rows = result.summary.ledgers.merged["appraisal"][0].rows
    # 序号, 点评日期, 点评人, 点评人职务, 被点评对象, 对象类别, 附件类别, 点评方式, 点评情况, 整改措施
    assert rows[0][:10] == ("1", "2011-03-01", "东村党支部书记", "支部书记", "刘备", "党员", "农村", "会议集中点评",
                            "肯定成绩", "已整改")


def test_a_record_of_text_alone_under_a_one_row_header_is_a_record(ts, tmp_path, make_unit):
    """Dates typed as text make a record of text alone: the row under a header is read as its
    lower row only where that names more of the ledger's columns, never a record."""
    values = dict.fromkeys(ts.keys, 0) | {Key("附件3", "农村", "已被点评党员数", "第一次"): 2,
                                         Key("附件3", "农村", "党员数", ""): 2}
    make_unit(tmp_path, "梅城镇党委", seed=1, values=values)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["点评日期", "点评人", "点评人职务", "被点评对象", "对象类别", "附件类别", "点评方式"])
    ws.append(["2011年3月1日", "东村党支部书记", "支部书记", "刘备", "党员", "农村", "个别谈话点评"])
    ws.append(["2011年3月2日", "东村党支部书记", "支部书记", "关羽", "党员", "农村", "个别谈话点评"])
    wb.save(tmp_path / "梅城镇党委台账.xlsx")
    result = api.merge_inbox(tmp_path, period="2011-H1", jobs=1)
    unit = result.summary.ledgers.appraisals[0]
    assert (unit.records, unit.persons["第一次"]) == (2, 2)
