"""A ledger date that cannot be read is told how to write it with an example of its own month
(2011年3月, 3月上旬, 3.8: 如 2011-03-05), never the period's last day as if that were meant."""

from __future__ import annotations

import openpyxl

import dianping_xlsx as api
from dianping_xlsx.definitions import Key

HEAD = ["序号", "点评日期", "点评人", "点评人职务", "被点评对象", "对象类别", "附件类别", "点评方式"]
WRITTEN = {"2011年3月": "2011-03-05", "3月上旬": "2011-03-05", "3.8": "2011-03-05", "二〇一一年五月": "2011-05-05",
           "2011年上半年": "2011-01-05"}


def test_a_bad_dates_example_is_of_the_month_it_names(ts, tmp_path, make_unit):
    values = dict.fromkeys(ts.keys, 0) | {Key("附件2", "农村", "党组织数", ""): 9}
    make_unit(tmp_path, "仙溪镇党委", seed=1, values=values)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "台账"
    ws.append(HEAD)
    for i, text in enumerate(WRITTEN, start=1):
        ws.append([i, text, "镇党委书记", "书记", f"甲{i}村党支部", "党组织", "农村", "会议集中点评"])
    wb.save(tmp_path / "仙溪镇党委台账.xlsx")
    result = api.merge_inbox(tmp_path, period="2011-H1", jobs=1)
    said = {p.params["text"]: p.message for e in result.entries for p in e.problems if p.code == "ledger.bad-date"}
    assert set(said) == set(WRITTEN)
    for text, example in WRITTEN.items():
        assert said[text].endswith(f"请写成 年-月-日,如 {example}。"), said[text]
