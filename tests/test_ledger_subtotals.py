"""Rows of a unit's own ledger that are no record: a branch's 小计 inside columns merged down over
its meeting, 东山村党支部小计 with a count where a person is named, 合计 in any column, and the
制表人/审核人 line under the table. None is a record nor a person."""

from __future__ import annotations

import datetime as dt

import openpyxl

import dianping_xlsx as api
from dianping_xlsx.definitions import Key

D = dt.datetime
HEAD = ["序号", "点评日期", "点评人", "点评人职务", "被点评对象", "对象类别", "附件类别", "点评方式", "点评情况",
        "整改措施", "落实情况"]


def _record(n, day, who, person):
    return [n, day, who, "支部书记", person, "党员", "农村", "会议集中点评", "肯定成绩,指出不足", "制定整改措施", "已落实"]


def _members_unit(ts, folder, make_unit, unit, n):
    values = dict.fromkeys(ts.keys, 0) | {Key("附件3", "农村", "已被点评党员数", "第一次"): n,
                                         Key("附件3", "农村", "党员数", ""): n}
    make_unit(folder, unit, seed=1, values=values)


def _merge(folder):
    result = api.merge_inbox(folder, period="2011-H1", jobs=1)
    assert {e.status for e in result.entries} == {"accepted"}, [(e.name, e.reason) for e in result.entries]
    problems = [p for e in result.entries for p in e.problems if p.code.startswith("ledger.")]
    return result.summary.ledgers.appraisals[0], problems


def test_a_subtotal_row_inside_columns_merged_over_a_meeting_and_the_signatures_are_no_records(
        ts, tmp_path, make_unit):
    """对象类别/附件类别 merged over the table, 点评日期/点评人/点评人职务/点评方式 over each branch's
    meeting with its 小计 row inside the merge, a 合计 row and 制表人/审核人 with a date under it."""
    _members_unit(ts, tmp_path, make_unit, "小淹镇党委", 5)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["小淹镇党委领导点评全程记实台账"])
    ws.append(["填报单位:", "小淹镇党委", None, None, None, None, "填报时间:", "2011-06-21"])
    ws.append(HEAD)
    n, r = 0, 4
    for branch, persons, day in (("东山村", ["陈一", "陈二", "陈三"], D(2011, 4, 8)),
                                 ("西山村", ["林一", "林二"], D(2011, 5, 9))):
        start = r
        for person in persons:
            n += 1
            ws.append(_record(n, day, f"{branch}党支部书记", person))
            r += 1
        ws.append(["小计", None, None, None, f"{len(persons)}人"])
        r += 1
        for col in "BCDH":
            ws.merge_cells(f"{col}{start}:{col}{r - 1}")
    ws.merge_cells(f"F4:F{r - 1}")
    ws.merge_cells(f"G4:G{r - 1}")
    ws.append(["合计", None, None, None, f"{n}人"])
    ws.append(["制表人:李会计", None, None, None, "审核人:王书记", None, None, "2011年6月21日"])
    wb.save(tmp_path / "小淹镇党委台账.xlsx")
    unit, problems = _merge(tmp_path)
    assert (unit.records, unit.persons["第一次"], unit.ways) == (5, 5, "会议集中点评")
    assert not [p for p in problems if p.code in ("ledger.below", "ledger.missing-field", "ledger.unknown-value")]


def test_subtotal_rows_named_after_a_branch_and_totals_in_any_column_are_no_records(ts, tmp_path, make_unit):
    """东山村党支部小计 | … | 2人 | 党员 | 农村; 合计 in 被点评对象 with 5人 in 点评方式; 合计: in
    点评日期 with the count where the person is named."""
    _members_unit(ts, tmp_path, make_unit, "大福镇党委", 5)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["大福镇党委领导点评全程记实台账"])
    ws.append(HEAD)
    n = 0
    for branch, persons in (("东山村", ["周一", "周二"]), ("西山村", ["吴一", "吴二", "吴三"])):
        for person in persons:
            n += 1
            ws.append(_record(n, D(2011, 4, n), "支部书记", person))
        ws.append([f"{branch}党支部小计", None, None, None, f"{len(persons)}人", "党员", "农村"])
    ws.append([None, None, None, None, "合计", None, None, "5人"])
    ws.append([None, "合计:", None, None, 5, "党员", "农村"])
    wb.save(tmp_path / "大福镇党委台账.xlsx")
    unit, problems = _merge(tmp_path)
    assert (unit.records, unit.persons["第一次"]) == (5, 5)
    assert not [p for p in problems if p.code in ("ledger.below", "ledger.missing-field", "ledger.bad-date")]


def test_records_whose_texts_begin_with_a_totals_or_signature_word_are_records(ts, tmp_path, make_unit):
    """点评情况 合计走访群众30户,解决问题5个 and an organisation named 制表厂党支部 are records; the real 合 计
    and 制表人:张三 / 审核人: rows under them are still none."""
    values = dict.fromkeys(ts.keys, 0) | {Key("附件3", "农村", "已被点评党员数", "第一次"): 3,
                                         Key("附件3", "农村", "党员数", ""): 3,
                                         Key("附件2", "农村", "已被点评党组织数", "第一次"): 1,
                                         Key("附件2", "农村", "党组织数", ""): 1}
    make_unit(tmp_path, "江南镇党委", seed=1, values=values)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["江南镇党委领导点评全程记实台账"])
    ws.append(HEAD)
    ws.append(_record(1, D(2011, 4, 1), "支部书记", "王明"))
    ws.append(_record(2, D(2011, 4, 2), "支部书记", "李华")[:8] + ["合计走访群众30户,解决问题5个", "继续保持", "已落实"])
    ws.append(_record(3, D(2011, 4, 3), "支部书记", "张芳")[:8] + ["合计开展主题党日4次", "无", "已落实"])
    ws.append([4, D(2011, 4, 10), "镇党委书记", "书记", "制表厂党支部", "党组织", "农村", "工作现场点评",
               "班子团结", "完善制度", "已落实"])
    ws.append(["合 计", None, None, None, None, "党员", "农村", None, "共4条"])
    ws.append(["制表人:张三", None, None, None, None, None, "审核人:", None, "2011年6月21日"])
    wb.save(tmp_path / "江南镇党委台账.xlsx")
    unit, problems = _merge(tmp_path)
    assert (unit.records, unit.persons["第一次"]) == (4, 4)
    assert not [p for p in problems if p.severity == "error"], problems
