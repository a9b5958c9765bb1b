"""Ledgers (台账) as clerks really keep them, merged and counted: record texts that read like a
totals line, a ledger in two files or on two sheets, a header row repeated for printing, merged
cells, traditional characters, and which day 逾期 is measured against."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

import dianping_xlsx as api
from dianping_xlsx.definitions import load_ledger_set
from dianping_xlsx.template.ledgers import HEADER_ROW, write_ledger_templates

D = dt.date


def _fill(path, records):
    """Our ledger template filled in as a clerk does: 序号, then the record's cells."""
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    for i, record in enumerate(records):
        ws.cell(HEADER_ROW + 2 + i, 1, i + 1)
        for j, value in enumerate(record, start=2):
            if value not in ("", None):
                ws.cell(HEADER_ROW + 2 + i, j, value)
    wb.save(path)


def _commitments(result, unit):
    """(承诺数, 已兑现, rate, 逾期未兑现) of a unit's 公开承诺情况 row."""
    row = next(r for r in result.summary.ledgers.commitments if r.unit == unit)
    return row.count, row.by["兑现情况:已兑现"], row.rate, row.overdue


def test_record_texts_that_hold_totals_words_are_records(ts, tmp_path, make_unit):
    """中共东坪镇委员会, 全年共讲党课4次, 承诺为群众办实事5件: records, not a totals line; a real
    totals line under them (its label in the first columns) is still one."""
    inbox = tmp_path / "收件箱"
    inbox.mkdir()
    make_unit(inbox, "东坪镇党委", seed=1, values=dict.fromkeys(ts.keys, 0))
    _, commitment = write_ledger_templates(load_ledger_set(), ts, inbox, "东坪镇党委")
    rows = [
        ("党组织", "东坪村党支部", "中共东坪镇委员会", "业务工作", "硬化村道3公里", D(2011, 1, 10), D(2011, 6, 1),
         "已兑现", D(2011, 5, 20)),
        ("党员", "刘建华", "东坪村党支部", "服务群众", "帮扶困难群众", D(2011, 2, 1), D(2011, 12, 31), "推进中", None),
        ("党员", "陈志明", "东坪村党支部", "政治思想作风", "全年共讲党课4次", D(2011, 1, 5), D(2011, 6, 30),
         "已兑现", D(2011, 6, 18)),
        ("党员", "王丽华", "东坪村党支部", "服务群众", "承诺为群众办实事5件", D(2011, 1, 5), D(2011, 6, 30),
         "已兑现", D(2011, 6, 10)),
    ]
    _fill(commitment, rows)
    wb = openpyxl.load_workbook(commitment)
    wb.worksheets[0].cell(HEADER_ROW + 2 + len(rows), 1, "合计")
    wb.worksheets[0].cell(HEADER_ROW + 2 + len(rows), 10, "已兑现3条")
    wb.save(commitment)
    result = api.merge_inbox(inbox, period="2011-H1", jobs=1)
    assert {e.status for e in result.entries} == {"accepted"}
    assert _commitments(result, "东坪镇党委") == (4, 3, 0.75, 0)


def _appraisal(day, org, way="会议集中点评", said="好"):
    return (day, "李书记", "书记", org, "党组织", "农村", way, said, "无", "已落实")


def _status(result):
    return {e.name: e.status for e in result.entries}


def test_a_ledger_in_two_files_is_one_ledger(ts, tmp_path, make_unit):
    """1-3月 and 4-6月 in two files: both stand, each person counted once over both (the tables
    agree with them together); a corrected copy of one of them still replaces it."""
    import os
    import shutil

    from dianping_xlsx.definitions import Key

    inbox = tmp_path / "收件箱"
    inbox.mkdir()
    orgs = Key("附件2", "农村", "已被点评党组织数", "第一次")
    values = dict.fromkeys(ts.keys, 0) | {orgs: 4, Key("附件2", "农村", "党组织数", ""): 6}
    make_unit(inbox, "大福镇党委", seed=1, values=values)
    ls = load_ledger_set()
    parts = {"1-3月": [_appraisal(D(2011, 2, 10), "甲村党支部"), _appraisal(D(2011, 3, 10), "乙村党支部"),
                      _appraisal(D(2011, 3, 20), "甲村党支部", "个别谈话点评")],
             "4-6月": [_appraisal(D(2011, 4, 10), "丙村党支部"), _appraisal(D(2011, 5, 10), "丁村党支部"),
                      _appraisal(D(2011, 5, 20), "甲村党支部", "工作现场点评")]}
    for tag, records in parts.items():
        appraisal, _ = write_ledger_templates(ls, ts, tmp_path / tag, "大福镇党委")
        _fill(appraisal, records)
        shutil.copy(appraisal, inbox / f"领导点评全程记实台账({tag})_大福镇党委.xlsx")
    result = api.merge_inbox(inbox, period="2011-H1", jobs=1)
    assert set(_status(result).values()) == {"accepted"}, _status(result)
    assert not [p for e in result.entries for p in e.problems if p.code in ("ledger.above", "ledger.below")]
    (unit, total) = result.summary.ledgers.appraisals
    assert (unit.unit, unit.records, unit.persons["第一次"]) == ("大福镇党委", 6, 4)
    # a corrected copy of the 4-6月 file, saved later: it replaces that file, not the other
    corrected = inbox / "领导点评全程记实台账(4-6月)_大福镇党委(更正).xlsx"
    shutil.copy(inbox / "领导点评全程记实台账(4-6月)_大福镇党委.xlsx", corrected)
    wb = openpyxl.load_workbook(corrected)
    wb.worksheets[0].cell(HEADER_ROW + 2, 9, "好,已整改")
    wb.save(corrected)
    later = (inbox / "大福镇党委.xlsx").stat().st_mtime + 60
    os.utime(corrected, (later, later))
    status = _status(api.merge_inbox(inbox, period="2011-H1", jobs=1))
    assert status["领导点评全程记实台账(4-6月)_大福镇党委.xlsx"] == "superseded"
    assert status["领导点评全程记实台账(1-3月)_大福镇党委.xlsx"] == status[corrected.name] == "accepted"


def test_a_later_file_that_repeats_an_earlier_record_counts_it_once(ts, tmp_path, make_unit):
    """The 4-6月 file repeats the last record of 1-3月 (numbered anew): the record is taken once
    in 点评记实情况 and the merged ledger (the two files are pieces, not copies: both stand)."""
    inbox = tmp_path / "收件箱"
    inbox.mkdir()
    make_unit(inbox, "大福镇党委", seed=1, values=dict.fromkeys(ts.keys, 0))
    ls = load_ledger_set()
    first = [_appraisal(D(2011, 2, 10), "甲村党支部"), _appraisal(D(2011, 3, 10), "乙村党支部"),
             _appraisal(D(2011, 3, 28), "丙村党支部")]
    later = [first[-1], _appraisal(D(2011, 4, 5), "丁村党支部"), _appraisal(D(2011, 5, 10), "戊村党支部"),
             _appraisal(D(2011, 6, 1), "己村党支部")]
    for tag, records in (("1-3月", first), ("4-6月", later)):
        appraisal, _ = write_ledger_templates(ls, ts, tmp_path / tag, "大福镇党委")
        _fill(appraisal, records)
        appraisal.rename(inbox / f"领导点评全程记实台账({tag})_大福镇党委.xlsx")
    result = api.merge_inbox(inbox, period="2011-H1", jobs=1)
    assert set(_status(result).values()) == {"accepted"}
    unit = result.summary.ledgers.appraisals[0]
    assert (unit.records, unit.persons["第一次"]) == (6, 6)
    assert len(result.summary.ledgers.merged["appraisal"][0].rows) == 6


HEAD = ["序号", "点评日期", "点评人", "点评人职务", "被点评对象", "对象类别", "附件类别", "点评方式", "点评情况",
        "整改措施", "落实情况"]


def _orgs_unit(ts, folder, make_unit, n):
    """A unit's tables reporting ``n`` organisations appraised (附件2 农村, first round)."""
    from dianping_xlsx.definitions import Key

    values = dict.fromkeys(ts.keys, 0) | {Key("附件2", "农村", "已被点评党组织数", "第一次"): n,
                                         Key("附件2", "农村", "党组织数", ""): n + 2}
    return make_unit(folder, "柘溪镇党委", seed=1, values=values)[0]


def _sheet(wb, name, records, header_every=0):
    """A hand-typed ledger sheet: a title, the header (again every ``header_every`` records, as
    clerks do so that each printed page has one), the records."""
    ws = wb.create_sheet(name)
    ws.append([f"柘溪镇党委{name}"])
    for i, record in enumerate(records):
        if i == 0 or (header_every and i % header_every == 0):
            ws.append(HEAD)
        ws.append([i + 1, *record])


@pytest.mark.parametrize("layout", ["two sheets", "header repeated"])
def test_a_ledger_on_two_sheets_or_with_its_header_repeated_is_one_ledger(ts, tmp_path, make_unit, layout):
    q1 = [_appraisal(D(2011, 1, 15), "甲村党支部"), _appraisal(D(2011, 2, 15), "乙村党支部")]
    q2 = [_appraisal(D(2011, 4, 15), "丙村党支部"), _appraisal(D(2011, 5, 15), "丁村党支部"),
          _appraisal(D(2011, 6, 1), "甲村党支部", "个别谈话点评")]
    tables = _orgs_unit(ts, tmp_path, make_unit, 4)
    wb = openpyxl.load_workbook(tables)
    if layout == "two sheets":
        _sheet(wb, "一季度台账", q1)
        _sheet(wb, "二季度台账", q2)
    else:
        _sheet(wb, "点评台账", q1 + q2, header_every=2)
    wb.save(tables)
    result = api.merge_inbox(tmp_path, period="2011-H1", jobs=1)
    entry, = result.entries
    assert entry.status == "accepted", entry.reason
    assert not [p for p in entry.problems if p.code.startswith("ledger.") and p.severity != "info"]
    unit = result.summary.ledgers.appraisals[0]
    assert (unit.records, unit.persons["第一次"]) == (5, 4)


def test_merged_cells_down_a_ledger_give_each_row_their_value(ts, tmp_path, make_unit):
    """对象类别 and 附件类别 merged down runs of equal values in a hand-typed ledger (a file of its
    own): every row they cover is read with the value; no 漏填, the tables agree."""
    from dianping_xlsx.definitions import Key

    records = [_appraisal(D(2011, 3, 1 + i), f"{c}村党支部") for i, c in enumerate("甲乙丙")]
    records += [(D(2011, 4, 1 + i), "王支书", "支部书记", f"党员{i + 1}", "党员", "农村", "座谈会点评", "好", "", "")
                for i in range(3)]
    values = dict.fromkeys(ts.keys, 0) | {Key("附件2", "农村", "已被点评党组织数", "第一次"): 3,
                                         Key("附件2", "农村", "党组织数", ""): 5,
                                         Key("附件3", "农村", "已被点评党员数", "第一次"): 3,
                                         Key("附件3", "农村", "党员数", ""): 9}
    make_unit(tmp_path, "江南镇党委", seed=1, values=values)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["江南镇党委领导点评全程记实台账"])
    ws.append(HEAD)
    for i, record in enumerate(records):
        ws.append([i + 1, *record])
    for first, last in ((3, 5), (6, 8)):
        ws.merge_cells(start_row=first, end_row=last, start_column=6, end_column=6)  # 对象类别
    ws.merge_cells(start_row=3, end_row=8, start_column=7, end_column=7)  # 附件类别: 农村 throughout
    wb.save(tmp_path / "江南镇党委领导点评全程记实台账.xlsx")
    result = api.merge_inbox(tmp_path, period="2011-H1", jobs=1)
    assert set(_status(result).values()) == {"accepted"}, _status(result)
    problems = [p.code for e in result.entries for p in e.problems]
    assert "ledger.missing-field" not in problems and "ledger.below" not in problems
    unit = result.summary.ledgers.appraisals[0]
    assert (unit.records, unit.persons["第一次"]) == (6, 6)
    merged = result.summary.ledgers.merged["appraisal"][0].rows
    assert [row[5] for row in merged] == ["党组织"] * 3 + ["党员"] * 3 and {row[6] for row in merged} == {"农村"}


def test_a_commitment_ledger_in_traditional_characters_is_counted(ts, tmp_path, make_unit):
    """已兌現, 推進中, 黨組織, 業務工作: counted in 公开承诺情况 as the checks read them."""
    tables, _ = make_unit(tmp_path, "马路镇党委", seed=1, values=dict.fromkeys(ts.keys, 0))
    wb = openpyxl.load_workbook(tables)
    ws = wb.create_sheet("公開承諾台賬")
    ws.append(["馬路鎮黨委公開承諾台賬"])
    ws.append(["序號", "承諾主體", "名稱或姓名", "所在黨組織", "承諾類型", "承諾事項", "承諾日期", "承諾時限", "兌現情況",
               "兌現日期"])
    ws.append([1, "黨組織", "馬路村黨支部", "馬路鎮黨委", "業務工作", "修路", D(2011, 1, 10), D(2011, 6, 1), "已兌現",
               D(2011, 5, 20)])
    ws.append([2, "黨員", "李明", "馬路村黨支部", "服務群眾", "幫扶", D(2011, 1, 10), D(2011, 3, 1), "已兌現",
               D(2011, 2, 20)])
    ws.append([3, "黨組織", "東村黨支部", "馬路鎮黨委", "其他", "建室", D(2011, 1, 10), D(2011, 5, 15), "推進中"])
    ws.append([4, "黨員", "王華", "東村黨支部", "政治思想作風", "學習", D(2011, 1, 10), D(2011, 12, 1), "未兌現"])
    wb.save(tables)
    result = api.merge_inbox(tmp_path, period="2011-H1", jobs=1)
    assert set(_status(result).values()) == {"accepted"}
    row = next(r for r in result.summary.ledgers.commitments if r.unit == "马路镇党委")
    assert (row.count, row.rate, row.overdue) == (4, 0.5, 1)
    assert {k: n for k, n in row.by.items() if n} == {
        "承诺主体:党组织": 2, "承诺主体:党员": 2, "承诺类型:业务工作": 1, "承诺类型:服务群众": 1, "承诺类型:其他": 1,
        "承诺类型:政治思想作风": 1, "兑现情况:已兑现": 2, "兑现情况:推进中": 1, "兑现情况:未兑现": 1}


def _overdue_unit(ts, folder, make_unit):
    """Commitments kept on a sheet of the tables' workbook (填报时间 2011-06-20), both 推进中: one
    due 2011-05-31 (overdue on 6-20), one due 2011-06-25 (not yet, on 6-20)."""
    tables, _ = make_unit(folder, "东坪镇党委", seed=1, values=dict.fromkeys(ts.keys, 0), day=D(2011, 6, 20))
    wb = openpyxl.load_workbook(tables)
    ws = wb.create_sheet("公开承诺台账")
    ws.append(["序号", "承诺主体", "名称或姓名", "所在党组织", "承诺类型", "承诺事项", "承诺日期", "承诺时限", "兑现情况"])
    ws.append([1, "党员", "刘建华", "东坪村党支部", "服务群众", "帮扶困难群众", D(2011, 2, 1), D(2011, 6, 25), "推进中"])
    ws.append([2, "党员", "陈志明", "东坪村党支部", "业务工作", "修建水渠", D(2011, 2, 1), D(2011, 5, 31), "推进中"])
    wb.save(tables)


def test_overdue_is_measured_against_the_units_report_day_in_the_checks_and_the_summary(ts, tmp_path, make_unit):
    """The statuses of a ledger are as of its 填报时间: a deadline before that day is overdue, in
    审核问题 (which says so) and in 公开承诺情况 alike; not one that falls between it and 6-30."""
    from dianping_xlsx.merge.ledgers import summarise_ledgers
    from dianping_xlsx.model import Period

    _overdue_unit(ts, tmp_path, make_unit)
    result = api.merge_inbox(tmp_path, period="2011-H1", jobs=1)
    entry, = result.entries
    listed = [p for p in entry.problems if p.code == "ledger.overdue"]
    assert [p.params["deadline"] for p in listed] == ["2011-05-31"]
    assert "早于填报时间 2011-06-20" in listed[0].message
    # what merge/summary.py hands over for each adopted file: its unit, its records, its 填报时间
    units = [(entry.submission.display_unit, entry.submission.ledger_records, entry.submission.date)]
    counted = summarise_ledgers(units, load_ledger_set(), ts, Period.parse("2011-H1"))
    assert [(c.unit, c.overdue) for c in counted.commitments] == [("东坪镇党委", 1), ("合计", 1)]


def test_the_summary_of_a_merge_counts_overdue_as_its_problems_list_them(ts, tmp_path, make_unit):
    _overdue_unit(ts, tmp_path, make_unit)
    result = api.merge_inbox(tmp_path, period="2011-H1", jobs=1)
    listed = [p for e in result.entries for p in e.problems if p.code == "ledger.overdue"]
    assert _commitments(result, "东坪镇党委")[3] == len(listed) == 1


def test_dates_written_without_the_year_are_of_the_periods_year(ts, tmp_path, make_unit):
    """3月11日 typed in a ledger: a day of the report's year (2011), counted in its round, not an
    unreadable date that leaves the tables above the ledger and sends them back."""
    inbox = tmp_path / "收件箱"
    inbox.mkdir()
    unit = _orgs_unit(ts, inbox, make_unit, 2)
    appraisal, _ = write_ledger_templates(load_ledger_set(), ts, tmp_path / "台账", "柘溪镇党委")
    _fill(appraisal, [_appraisal("3月11日", "甲村党支部"), _appraisal("2011年5月2日", "乙村党支部"),
                      _appraisal("6月1日", "甲村党支部", "个别谈话点评")])
    appraisal.rename(inbox / "领导点评全程记实台账_柘溪镇党委.xlsx")
    result = api.merge_inbox(inbox, period="2011-H1", jobs=1)
    assert set(_status(result).values()) == {"accepted"}, _status(result)
    codes = {p.code for e in result.entries for p in e.problems}
    assert not codes & {"ledger.bad-date", "ledger.above", "ledger.below"}, codes
    (row, _) = result.summary.ledgers.appraisals
    assert (row.unit, row.records, row.persons["第一次"]) == ("柘溪镇党委", 3, 2)
    assert unit.name == "柘溪镇党委.xlsx"


def _sent(ls, ts, folder, inbox, name, records, day):
    """One of our ledger templates (the appraisal's, else the commitments'), filled in, its
    填报时间 ``day`` written, saved on that day into the inbox as ``name``."""
    import os

    appraisal, commitment = write_ledger_templates(ls, ts, folder, "仙溪镇党委")
    path = appraisal if name.startswith("领导点评") else commitment
    _fill(path, records)
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    ws.cell(2, max(ws.max_column - 1, 4) + 1, day)
    wb.save(path)
    target = path.rename(inbox / name)
    stamp = dt.datetime(day.year, day.month, day.day, 18).timestamp()
    os.utime(target, (stamp, stamp))
    return target


def _promise(i, status="推进中", done=None):
    return ("党员", f"党员{i}", "仙溪村党支部", "服务群众", f"承诺事项{i}", D(2011, 1, 10), D(2011, 12, 31), status, done)


def test_a_cumulative_commitment_ledger_sent_again_with_most_statuses_updated_replaces_the_first(
        ts, tmp_path, make_unit):
    """公开承诺台账 of 6-10: 4 commitments 推进中; the same 4 sent again on 6-25, 3 of them now
    已兑现 with their dates. The later file is a copy of the first (the same commitments): it
    stands, the first is superseded, and the commitments are counted once, as of 6-25."""
    inbox = tmp_path / "收件箱"
    inbox.mkdir()
    make_unit(inbox, "仙溪镇党委", seed=1, values=dict.fromkeys(ts.keys, 0))
    ls = load_ledger_set()
    first = [_promise(i) for i in range(1, 5)]
    later = [_promise(i, "已兑现", D(2011, 6, 10 + i)) for i in range(1, 4)] + first[3:]
    _sent(ls, ts, tmp_path / "a", inbox, "公开承诺台账_仙溪镇党委.xlsx", first, D(2011, 6, 10))
    _sent(ls, ts, tmp_path / "b", inbox, "公开承诺台账_仙溪镇党委(更新).xlsx", later, D(2011, 6, 25))
    result = api.merge_inbox(inbox, period="2011-H1", jobs=1)
    status = _status(result)
    assert status["公开承诺台账_仙溪镇党委.xlsx"] == "superseded"
    assert status["公开承诺台账_仙溪镇党委(更新).xlsx"] == "accepted"
    assert _commitments(result, "仙溪镇党委") == (4, 3, 0.75, 0)
    row = result.summary.ledgers.commitments[0]
    assert row.by["兑现情况:推进中"] == 1
    merged, = result.summary.ledgers.merged["commitment"]
    assert [r[8] for r in merged.rows] == ["已兑现"] * 3 + ["推进中"]


def test_an_appraisal_ledger_sent_again_with_its_follow_up_filled_in_replaces_the_first(ts, tmp_path, make_unit):
    """The same 8 appraisals sent again with 整改措施 and 落实情况 filled in: 8 records, none
    without follow-up; the first file superseded, not summed with the second."""
    inbox = tmp_path / "收件箱"
    inbox.mkdir()
    make_unit(inbox, "仙溪镇党委", seed=1, values=dict.fromkeys(ts.keys, 0))
    ls = load_ledger_set()
    bare = [(D(2011, 3, 1 + i), "李书记", "书记", f"{c}村党支部", "党组织", "农村", "会议集中点评", "好", "", "")
            for i, c in enumerate("甲乙丙丁戊己庚辛")]
    filled = [record[:8] + ("制定整改措施", "已落实") for record in bare]
    _sent(ls, ts, tmp_path / "a", inbox, "领导点评全程记实台账_仙溪镇党委.xlsx", bare, D(2011, 5, 1))
    _sent(ls, ts, tmp_path / "b", inbox, "领导点评全程记实台账_仙溪镇党委(补充整改).xlsx", filled, D(2011, 6, 25))
    result = api.merge_inbox(inbox, period="2011-H1", jobs=1)
    status = _status(result)
    assert status["领导点评全程记实台账_仙溪镇党委.xlsx"] == "superseded"
    assert status["领导点评全程记实台账_仙溪镇党委(补充整改).xlsx"] == "accepted"
    unit, _ = result.summary.ledgers.appraisals
    assert (unit.records, unit.without_follow_up, unit.persons["第一次"]) == (8, 0, 8)
    merged, = result.summary.ledgers.merged["appraisal"]
    assert len(merged.rows) == 8 and {r[9] for r in merged.rows} == {"制定整改措施"}


def test_a_piece_that_repeats_an_earlier_commitment_with_its_status_updated_counts_it_once(
        ts, tmp_path, make_unit):
    """1-3月 holds commitments 1-3 (1 推进中); 4-6月 holds 4-6 and repeats commitment 1, now
    已兑现. Two pieces (both stand); commitment 1 is counted once, as the later file has it."""
    inbox = tmp_path / "收件箱"
    inbox.mkdir()
    make_unit(inbox, "仙溪镇党委", seed=1, values=dict.fromkeys(ts.keys, 0))
    ls = load_ledger_set()
    first = [_promise(1), _promise(2, "已兑现", D(2011, 3, 2)), _promise(3, "已兑现", D(2011, 3, 3))]
    later = [_promise(1, "已兑现", D(2011, 5, 1)), _promise(4), _promise(5), _promise(6)]
    _sent(ls, ts, tmp_path / "a", inbox, "公开承诺台账(1-3月)_仙溪镇党委.xlsx", first, D(2011, 3, 31))
    _sent(ls, ts, tmp_path / "b", inbox, "公开承诺台账(4-6月)_仙溪镇党委.xlsx", later, D(2011, 6, 25))
    result = api.merge_inbox(inbox, period="2011-H1", jobs=1)
    assert set(_status(result).values()) == {"accepted"}, _status(result)
    assert _commitments(result, "仙溪镇党委") == (6, 3, 0.5, 0)
    merged, = result.summary.ledgers.merged["commitment"]
    assert [(r[5], r[8]) for r in merged.rows][0] == ("承诺事项1", "已兑现")


def test_a_later_file_of_a_few_updated_records_keeps_the_others(ts, tmp_path, make_unit):
    """4 commitments on 6-10; on 6-25 a file of only the 2 that changed (已兑现), and 3 of 8
    appraisals sent again with their follow-up: both files stand, each record taken once, from
    the newer file (the smaller file replaced the whole ledger, dropping open commitments)."""
    inbox = tmp_path / "收件箱"
    inbox.mkdir()
    make_unit(inbox, "仙溪镇党委", seed=1, values=dict.fromkeys(ts.keys, 0))
    ls = load_ledger_set()
    first = [_promise(i) for i in range(1, 5)]
    update = [_promise(i, "已兑现", D(2011, 6, 10 + i)) for i in range(1, 3)]
    _sent(ls, ts, tmp_path / "a", inbox, "公开承诺台账_仙溪镇党委.xlsx", first, D(2011, 6, 10))
    _sent(ls, ts, tmp_path / "b", inbox, "公开承诺台账_仙溪镇党委(更新).xlsx", update, D(2011, 6, 25))
    bare = [(D(2011, 3, 1 + i), "李书记", "书记", f"{c}村党支部", "党组织", "农村", "会议集中点评", "好", "", "")
            for i, c in enumerate("甲乙丙丁戊己庚辛")]
    filled = [record[:8] + ("制定整改措施", "已落实") for record in bare[:3]]
    _sent(ls, ts, tmp_path / "c", inbox, "领导点评全程记实台账_仙溪镇党委.xlsx", bare, D(2011, 5, 1))
    _sent(ls, ts, tmp_path / "d", inbox, "领导点评全程记实台账_仙溪镇党委(补充整改).xlsx", filled, D(2011, 6, 25))
    result = api.merge_inbox(inbox, period="2011-H1", jobs=1)
    assert set(_status(result).values()) == {"accepted"}, _status(result)
    assert _commitments(result, "仙溪镇党委") == (4, 2, 0.5, 0)
    unit, _ = result.summary.ledgers.appraisals
    assert unit.records == 8


ANNUAL_NOTICE = """id = "annual-2011"
name = "年度统计"
tables = "hunan-2011"
forms = "hunan-2011"
ledgers = "hunan-2011"

[[periods]]
code = "H1"
name = "上半年"
due = "06-30"
work = ["01-01", "06-30"]

[[periods]]
code = "H2"
name = "年度统计"
due = "次年01-15"
work = ["01-01", "12-31"]
window = ["12-01", "01-31"]
"""


def test_a_day_without_its_year_in_a_period_due_next_year_is_read_in_the_reporting_january(ts, tmp_path, make_unit):
    """An annual period due 次年01-15, a ledger sent on 2012-01-09: 承诺时限 1月31日 and 兑现日期
    01-08 typed without a year are of January 2012 (the reporting January, as the due date is),
    not of January 2011: not 逾期 against the 填报时间, not fulfilled before the 承诺日期 3月1日."""
    notice = tmp_path / "annual.toml"
    notice.write_text(ANNUAL_NOTICE, encoding="utf-8")
    inbox = tmp_path / "收件箱"
    inbox.mkdir()
    make_unit(inbox, "仙溪镇党委", seed=1, day=D(2012, 1, 9), values=dict.fromkeys(ts.keys, 0))
    promises = [("党员", "党员1", "仙溪村党支部", "服务群众", "承诺事项1", "3月1日", "1月31日", "推进中", None),
                ("党员", "党员2", "仙溪村党支部", "服务群众", "承诺事项2", "3月1日", "12月31日", "已兑现", "01-08")]
    _sent(load_ledger_set(), ts, tmp_path / "a", inbox, "公开承诺台账_仙溪镇党委.xlsx", promises, D(2012, 1, 9))
    result = api.merge_inbox(inbox, period="2011-H2", notice=str(notice), jobs=1)
    found = {p.code: p.message for e in result.entries for p in e.problems}
    assert not {"ledger.overdue", "ledger.fulfilled-before-start", "ledger.bad-date", "ledger.date-outside"} & set(found), found
    assert set(_status(result).values()) == {"accepted"}, _status(result)
    assert _commitments(result, "仙溪镇党委") == (2, 1, 0.5, 0)
