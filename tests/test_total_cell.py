"""A failed 小计 / 合计 rule points at the total's own cell: the automatic sum of [[tables.sums]]
and a declared rule over named categories were said at the first category's cell (C6, 党委's
value) while the wrong value was the 小计's or 合计's (F6, G6); the return file's comment sat there too."""

from __future__ import annotations

import datetime as dt

import openpyxl

from dianping_xlsx.api import check_files, merge_inbox, write_summary, write_templates
from dianping_xlsx.definitions import Key, load_table_set
from dianping_xlsx.testing import fill_template

TABLES = '''
id = "totals"
name = "{year}年某工作统计表"
unit_label = "填报单位:"
date_label = "填报时间:"
header_label = "类别"
published = 2013-01-01
marker_pattern = "附件(\\\\S+)"
all_tables = "附件1"
previous_change = 0.2
instructions = ["{rules}"]

[[tables]]
key = "附件1"
title = "某工作情况统计表"
blocks = [["党委", "党总支", "党支部", "小计", "合计"]]

[[tables.rows]]
metric = "党组织数(个)"
base = true

[[tables.rows]]
metric = "党员数(人)"
base = true

[[tables.sums]]
total = "小计"
parts = ["党委", "党总支", "党支部"]

[[rules]]
id = "total-ge-subtotal"
tables = ["附件1"]
check = "党员数(人)[合计] >= 党员数(人)[小计]"
message = "合计的党员数 {lhs} 小于小计 {rhs}。请核对后修改。"
'''


def _values(subtotal: int, total: int) -> dict[Key, int]:
    values = {}
    for metric, parts in (("党组织数(个)", (1, 2, 3)), ("党员数(人)", (10, 20, 30))):
        values.update({Key("附件1", c, metric, ""): v for c, v in zip(("党委", "党总支", "党支部"), parts)})
        values[Key("附件1", "小计", metric, "")] = sum(parts)
        values[Key("附件1", "合计", metric, "")] = sum(parts) + 1
    values[Key("附件1", "小计", "党员数(人)", "")] = subtotal
    values[Key("附件1", "合计", "党员数(人)", "")] = total
    return values


def test_a_wrong_subtotal_and_total_are_said_at_their_own_cells(tmp_path):
    (tmp_path / "totals.toml").write_text(TABLES, encoding="utf-8")
    ts = load_table_set(str(tmp_path / "totals.toml"))
    (blank,), _ = write_templates(tmp_path / "t", table_set=ts, items=None, ledgers=None)
    inbox = tmp_path / "in"
    # 小计 65 is not 10 + 20 + 30; 合计 62 is less than 小计
    fill_template(ts, inbox / "甲单位.xlsx", "甲单位", dt.date(2013, 3, 1), _values(65, 62), blank_template=blank)
    ws = openpyxl.load_workbook(blank)["附件1"]
    header = next(c for c in ws["A"] if c.value == "类别")
    columns = {ws.cell(header.row, col).value: col for col in range(3, 8)}
    members = next(c.row for c in ws["A"] if c.value == "党员数(人)")

    def ref(category: str) -> str:
        return ws.cell(members, columns[category]).coordinate

    (report,) = check_files([inbox / "甲单位.xlsx"], period="2013-H1", table_set=ts, items=None, ledgers=None)
    said = {p.params["rule"]: (p.sheet, p.cell, p.target.category) for p in report.problems if p.code == "rule.failed"}
    assert said == {"附件1-小计-党员数(人)-sum": ("附件1", ref("小计"), "小计"),
                    "total-ge-subtotal": ("附件1", ref("合计"), "合计")}
    assert ref("小计") != ref("党委")

    result = merge_inbox(inbox, period="2013-H1", table_set=ts, items=None, ledgers=None)
    write_summary(result, tmp_path / "out", unit_name="某县")
    (returned,) = (tmp_path / "out" / "退回").glob("甲单位*.xlsx")
    back = openpyxl.load_workbook(returned)["附件1"]
    assert "不等于党委、党总支、党支部之和 60" in back[ref("小计")].comment.text
    assert "合计的党员数 62 小于小计 65" in back[ref("合计")].comment.text
    assert back[ref("党委")].comment is None
