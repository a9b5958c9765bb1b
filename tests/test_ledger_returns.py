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


def _members(ts, tmp_path, make_unit, apart: bool, names):
    """A unit whose table says 3 党员 appraised, its ledger naming ``names`` (a file of its own, or
    a sheet of the tables' workbook)."""
    result = _ledger_of_three(ts, tmp_path, make_unit, apart, "东坪镇党委",
                              [(D(2011, 4, i), f"{who}党支部书记", name) for i, (who, name) in enumerate(names, start=1)])
    api.write_summary(result, tmp_path / "out", unit_name="安化县委创先办", day=dt.date(2011, 6, 30))
    return result


def _ledger_of_three(ts, tmp_path, make_unit, apart: bool, unit: str, records):
    """``unit``'s table saying 3 党员 appraised and its ledger of ``records`` (点评日期, 点评人, 被点评党员),
    merged: a file of its own, or a sheet of the tables' workbook."""
    values = dict.fromkeys(ts.keys, 0) | {Key("附件3", "农村", "已被点评党员数", "第一次"): 3,
                                         Key("附件3", "农村", "党员数", ""): 3}
    tables, _ = make_unit(tmp_path / "收件箱", unit, seed=1, values=values)
    wb = openpyxl.Workbook() if apart else openpyxl.load_workbook(tables)
    ws = wb.active if apart else wb.create_sheet("台账")
    ws.title = "台账"
    ws.append(HEAD)
    for i, (day, who, name) in enumerate(records, start=1):
        ws.append([i, day, who, "支部书记", name, "党员", "农村", "会议集中点评"])
    wb.save(tmp_path / "收件箱" / f"{unit}台账.xlsx" if apart else tables)
    return api.merge_inbox(tmp_path / "收件箱", period="2011-H1", jobs=1)


@pytest.mark.parametrize("apart", [True, False])
def test_two_people_of_one_name_are_told_apart_by_what_the_message_says(ts, tmp_path, make_unit, apart):
    """Two 李明 of two branches count once (persons, not person-times): the table's 3 goes back,
    its message naming 李明 and how to write the two apart; the note reaches the return file.
    Written so, they count as two."""
    (tmp_path / "收件箱").mkdir()
    result = _members(ts, tmp_path, make_unit, apart, [("东村", "李明"), ("西村", "李明"), ("西村", "王芳")])
    above, = [p for e in result.entries for p in e.problems if p.code == "ledger.above"]
    assert "“李明”有 2 条记录,按 1 人计" in above.message and "如“李明(西村)”" in above.message
    lines = _opinions(tmp_path / "out", "东坪镇党委")
    assert any(level == "提示" and "“李明”" in message and "分别计数" in message for level, _, message in lines), lines
    (tmp_path / "收件箱" / "东坪镇党委台账.xlsx").unlink(missing_ok=True)
    (tmp_path / "收件箱" / "东坪镇党委.xlsx").unlink()
    result = _members(ts, tmp_path, make_unit, apart, [("东村", "李明(东村)"), ("西村", "李明(西村)"), ("西村", "王芳")])
    assert {e.status for e in result.entries} == {"accepted"}


def _dated_members(ts, tmp_path, make_unit, apart: bool, records):
    """As _members, each record with its own 点评日期 as the clerk typed it."""
    result = _ledger_of_three(ts, tmp_path, make_unit, apart, "烟溪镇党委",
                              [(day, "东村党支部书记", name) for day, name in records])
    above, = [p for e in result.entries for p in e.problems if p.code == "ledger.above"]
    return above.message


@pytest.mark.parametrize("apart", [True, False])
def test_a_record_whose_date_is_not_read_is_said_as_why_the_ledger_counts_fewer(ts, tmp_path, make_unit, apart):
    """The table's 3: 李明 twice, 王芳, and 赵强 dated 三月上旬 (counted in no round). The message
    says the record whose date was not read (its row, in its file) and not that 李明 might be two
    people: 赵强 alone makes up the difference."""
    (tmp_path / "收件箱").mkdir()
    said = _dated_members(ts, tmp_path, make_unit, apart,
                          [(D(2011, 4, 1), "李明"), (D(2011, 4, 8), "李明"), (D(2011, 4, 9), "王芳"), ("三月上旬", "赵强")])
    where = "“烟溪镇党委台账.xlsx”第 5 行" if apart else "“台账”第 5 行"
    assert f"另有 1 条记录的“点评日期”未填或无法识别({where}),没有计入任何一轮" in said, said
    assert "同名" not in said, said


def test_names_shared_are_still_said_where_the_undated_records_cannot_make_up_the_difference(ts, tmp_path, make_unit):
    """李明 twice, 王芳 dated 三月上旬 and again on a day read: 王芳 is counted already, so the
    undated record cannot be the missing one; the two 李明 may be."""
    (tmp_path / "收件箱").mkdir()
    said = _dated_members(ts, tmp_path, make_unit, True,
                          [(D(2011, 4, 1), "李明"), (D(2011, 4, 8), "李明"), (D(2011, 4, 9), "王芳"), ("三月上旬", "王芳")])
    assert "另有 1 条记录的“点评日期”未填或无法识别" in said and "“李明”有 2 条记录" in said, said
