"""A table filled by hand as the notice prints it, categories down (单位类型 over 村党支部 …) and its
rows across, beside a rate the notice prints (践诺率(%)) and 备注: when every category and row label
is found exactly it is read the other way round, with a 提示 (was: the file sent back as 行列相反,
its unit's numbers lost); when a label is not, it is not read (table.transposed, as before)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl

from dianping_xlsx.api import check_files, merge_inbox, write_templates
from dianping_xlsx.definitions import Key
from dianping_xlsx.definitions.tables import table_set_from_text
from dianping_xlsx.testing import fill_template

TABLES = '''
id = "promises"
name = "{year}年公开承诺情况统计表"
unit_label = "填报单位(盖章):"
date_label = "填报时间:"
header_label = "类别"
published = 2022-03-01
marker_pattern = "附表(\\\\d+)"
stop_labels = ["注", "附表"]
all_tables = "附表1、附表2"
previous_change = 0.2
instructions = ["{rules}"]

[[rounds]]
label = "第一次"
half = "H1"

[[rounds]]
label = "第二次"
half = "H2"

[[tables]]
key = "附表1"
title = "领导点评情况统计表"
blocks = [["机关党支部", "事业单位党支部", "合计"]]

[[tables.rows]]
metric = "党组织数(个)"
base = true

[[tables.rows]]
metric = "已点评党组织数(个)"
rounds = true

[[tables.sums]]
total = "合计"
parts = ["机关党支部", "事业单位党支部"]

[[tables]]
key = "附表2"
title = "公开承诺情况统计表"
header = "单位类型"
blocks = [["村党支部", "机关党组织", "学校党组织", "合计"]]

[[tables.rows]]
metric = "承诺事项数(项)"
base = true

[[tables.rows]]
metric = "已践诺事项数(项)"

[[tables.sums]]
total = "合计"
parts = ["村党支部", "机关党组织", "学校党组织"]
'''
ONE = {"党组织数(个)": (3, 2, 5), "已点评党组织数(个)": (2, 1, 3)}
TWO = {"村党支部": (13, 10), "机关党组织": (31, 14), "学校党组织": (12, 11), "合计": (56, 35)}
CATS_ONE = ("机关党支部", "事业单位党支部", "合计")


def _ts(tmp_path: Path):
    path = tmp_path / "tables.toml"
    path.write_text(TABLES, encoding="utf-8")
    return table_set_from_text(TABLES, str(path))


def _values() -> dict[Key, int]:
    out = {Key("附表1", c, "党组织数(个)", ""): v for c, v in zip(CATS_ONE, ONE["党组织数(个)"])}
    out.update({Key("附表1", c, "已点评党组织数(个)", "第一次"): v for c, v in zip(CATS_ONE, ONE["已点评党组织数(个)"])})
    out.update({Key("附表1", c, "已点评党组织数(个)", "第二次"): 0 for c in CATS_ONE})  # H2's, left blank
    for c, (promised, done) in TWO.items():
        out[Key("附表2", c, "承诺事项数(项)", "")] = promised
        out[Key("附表2", c, "已践诺事项数(项)", "")] = done
    return out


def _by_hand(path: Path, unit: str, *, village: str = "村党支部") -> Path:
    """Both tables typed as the notice prints them: 附表1 across (as our template), 附表2 down, with
    its 践诺率(%) as a formula and a 备注."""
    wb = openpyxl.Workbook()
    one = wb.active
    one.title = "附表1"
    one["A1"], one["A2"], one["A3"], one["D3"] = "附表1", "领导点评情况统计表", f"填报单位(盖章):{unit}", "填报时间:2022-06-20"
    for c, text in enumerate(("类别", None, *CATS_ONE), start=1):
        one.cell(4, c, text)
    for r, (metric, rnd) in enumerate([("党组织数(个)", None), ("已点评党组织数(个)", "第一次"),
                                       (None, "第二次")], start=5):
        one.cell(r, 1, metric)
        one.cell(r, 2, rnd)
    for c, (n, first) in enumerate(zip(*ONE.values()), start=3):
        one.cell(5, c, n)
        one.cell(6, c, first)
    two = wb.create_sheet("附表2")
    two["A1"], two["A2"], two["A3"], two["D3"] = "附表2", "公开承诺情况统计表", f"填报单位(盖章):{unit}", "填报时间:2022-06-20"
    for c, text in enumerate(("单位类型", "承诺事项数(项)", "已践诺事项数(项)", "践诺率(%)", "备注"), start=1):
        two.cell(4, c, text)
    for r, (category, (promised, done)) in enumerate(TWO.items(), start=5):
        two.cell(r, 1, village if category == "村党支部" else category)
        two.cell(r, 2, promised)
        two.cell(r, 3, done)
        two.cell(r, 4, f'=IF(B{r}=0,"",ROUND(C{r}/B{r}*100,1))')
    two["E5"] = "含新建村2个"
    two["A9"] = "注:践诺率=已践诺事项数÷承诺事项数×100%。"
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def test_a_table_typed_as_the_notice_prints_it_is_read_turned(tmp_path):
    ts = _ts(tmp_path)
    report, = check_files([_by_hand(tmp_path / "城关村党支部.xlsx", "城关村党支部")], period="2022-H1",
                          table_set=ts, items=None, ledgers=None)
    assert [(p.sheet, p.cell, p.message) for p in report.problems if p.severity != "info"] == []
    note, = [p for p in report.problems if p.code == "table.read-turned"]
    assert (note.sheet, note.cell, note.params["table"]) == ("附表2", "A4", "附表2")
    assert dict(report.submission.values) == _values()
    assert report.submission.cells[Key("附表2", "机关党组织", "已践诺事项数(项)", "")].ref == "C6"


def test_the_merge_adopts_it_and_counts_its_numbers(tmp_path):
    ts = _ts(tmp_path)
    (blank,), _ = write_templates(tmp_path / "模板", table_set=ts, items=None, ledgers=None)
    inbox = tmp_path / "收件箱"
    fill_template(ts, inbox / "机关党支部.xlsx", "机关党支部", dt.date(2022, 6, 20), _values(), blank)
    _by_hand(inbox / "城关村党支部.xlsx", "城关村党支部")
    result = merge_inbox(inbox, period="2022-H1", table_set=ts, items=None, ledgers=None)
    assert sorted(s.unit for s in result.accepted) == ["城关村党支部", "机关党支部"]
    total = Key("附表2", "合计", "已践诺事项数(项)", "")
    assert sum(s.values[total] for s in result.accepted) == 70


def test_a_label_not_found_exactly_is_not_read_turned(tmp_path):
    """村党支部 typed 村级党支部: which row it is cannot be told, nothing of 附表2 is read."""
    ts = _ts(tmp_path)
    path = _by_hand(tmp_path / "城关村党支部.xlsx", "城关村党支部", village="村级党支部")
    report, = check_files([path], period="2022-H1", table_set=ts, items=None, ledgers=None)
    assert [p.code for p in report.problems if p.severity == "error"] == ["table.transposed"]
    assert not any(k.table == "附表2" for k in report.submission.cells)


def test_rounds_on_a_row_of_their_own_below_the_metric(tmp_path):
    """附表1 typed turned too: 已点评党组织数(个) merged over 第一次 and 第二次 on the row below."""
    ts = _ts(tmp_path)
    path = _by_hand(tmp_path / "城关村党支部.xlsx", "城关村党支部")
    wb = openpyxl.load_workbook(path)
    del wb["附表1"]
    one = wb.create_sheet("附表1", 0)
    one["A1"], one["A3"], one["D3"] = "附表1", "填报单位(盖章):城关村党支部", "填报时间:2022-06-20"
    for c, text in enumerate(("类别", "党组织数(个)", "已点评党组织数(个)"), start=1):
        one.cell(4, c, text)
    one.merge_cells("C4:D4")
    one["C5"], one["D5"] = "第一次", "第二次"
    for r, (category, n, first) in enumerate(zip(CATS_ONE, *ONE.values()), start=6):
        one.cell(r, 1, category)
        one.cell(r, 2, n)
        one.cell(r, 3, first)
    wb.save(path)
    report, = check_files([path], period="2022-H1", table_set=ts, items=None, ledgers=None)
    assert [(p.sheet, p.cell, p.message) for p in report.problems if p.severity != "info"] == []
    assert dict(report.submission.values) == _values()
    assert [p.sheet for p in report.problems if p.code == "table.read-turned"] == ["附表1", "附表2"]
