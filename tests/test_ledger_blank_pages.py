"""Our ledger template used as clerks do: its sheet copied once per month, the months not yet
come left blank; a unit's own ledger pasted under the template's header. A blank page beside
filled ones of the same ledger is no blank ledger."""

from __future__ import annotations

import datetime as dt

import openpyxl

import dianping_xlsx as api
from dianping_xlsx.definitions import Key, load_ledger_set
from dianping_xlsx.template.ledgers import HEADER_ROW, write_ledger_templates

D = dt.datetime


def _members(ts, n):
    return dict.fromkeys(ts.keys, 0) | {Key("附件3", "农村", "已被点评党员数", "第一次"): n,
                                       Key("附件3", "农村", "党员数", ""): n}


def _merge(folder):
    result = api.merge_inbox(folder, period="2011-H1", jobs=1)
    assert {e.status for e in result.entries} == {"accepted"}, [(e.name, e.reason) for e in result.entries]
    return result


def test_blank_month_pages_beside_filled_ones_are_no_blank_ledger(ts, tmp_path, make_unit):
    make_unit(tmp_path, "东坪镇党委", seed=1, values=_members(ts, 4))
    appraisal, _ = write_ledger_templates(load_ledger_set(), ts, tmp_path, "东坪镇党委")
    wb = openpyxl.load_workbook(appraisal)
    base = wb.worksheets[0]
    for i, month in enumerate(["一月", "二月", "三月", "四月", "五月", "六月"]):
        ws = wb.copy_worksheet(base)
        ws.title = month
        if i < 4:
            record = [1, D(2011, i + 1, 5), "东村党支部书记", "支部书记", f"党员{i}", "党员", "农村", "会议集中点评"]
            for c, v in enumerate(record, start=1):
                ws.cell(HEADER_ROW + 2, c, v)
    wb.remove(base)
    wb.save(appraisal)
    (tmp_path / "公开承诺台账_东坪镇党委.xlsx").unlink()
    result = _merge(tmp_path)
    assert "ledger.empty" not in [p.code for e in result.entries for p in e.problems]
    unit = result.summary.ledgers.appraisals[0]
    assert (unit.records, unit.persons["第一次"]) == (4, 4)


def test_a_units_own_ledger_pasted_under_the_templates_header_is_no_blank_ledger(ts, tmp_path, make_unit):
    make_unit(tmp_path, "梅城镇党委", seed=1, values=_members(ts, 3))
    appraisal, commitment = write_ledger_templates(load_ledger_set(), ts, tmp_path, "梅城镇党委")
    commitment.unlink()
    wb = openpyxl.load_workbook(appraisal)
    ws = wb.worksheets[0]
    own = [["序号", "被点评人", "对象类别", "附件类别", "点评时间", "点评领导", "职务", "方式", "点评内容"]]
    own += [[i, p, "党员", "农村", D(2011, 3, i), "西村党支部书记", "支部书记", "个别谈话点评", "肯定成绩"]
            for i, p in enumerate("甲乙丙", start=1)]
    for r, row in enumerate(own, start=HEADER_ROW + 2):
        for c, v in enumerate(row, start=1):
            ws.cell(r, c, v)
    wb.save(appraisal)
    result = _merge(tmp_path)
    assert "ledger.empty" not in [p.code for e in result.entries for p in e.problems]
    assert result.summary.ledgers.appraisals[0].persons["第一次"] == 3


def test_a_blank_template_alone_is_still_a_blank_ledger(ts, tmp_path, make_unit):
    make_unit(tmp_path, "梅城镇党委", seed=1, values=_members(ts, 3))
    write_ledger_templates(load_ledger_set(), ts, tmp_path, "梅城镇党委")
    result = api.merge_inbox(tmp_path, period="2011-H1", jobs=1)
    assert "ledger.empty" in [p.code for e in result.entries for p in e.problems]
