"""A row name that begins with another table's header, both as the notice prints them: 附件1's
rows 考核等次-好(人) …, 附件2's header 考核等次. The row is a row of 附件1 (numbers beside it), not
the start of 附件2: our own template, filled, is read whole."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl

from dianping_xlsx.api import check_files, write_templates
from dianping_xlsx.definitions import Key
from dianping_xlsx.definitions.tables import table_set_from_text
from dianping_xlsx.testing import fill_template

TABLES = '''
id = "grades"
name = "{year}年述职评议考核情况统计表"
unit_label = "填报单位(盖章):"
date_label = "填报时间:"
header_label = "单位类别"
published = 2027-11-20
marker_pattern = "附件(\\\\d+)"
all_tables = "附件1–2"
previous_change = 0.2
instructions = ["{rules}"]

[[tables]]
key = "附件1"
title = "述职评议考核情况统计表"
blocks = [["县市区委", "市直工委", "合计"]]

[[tables.rows]]
metric = "党组织书记数(人)"
base = true

[[tables.rows]]
metric = "参加述职人数(人)"

[[tables.rows]]
metric = "考核等次-好(人)"

[[tables.rows]]
metric = "考核等次-较好(人)"

[[tables.rows]]
metric = "考核等次-一般(人)"

[[tables.sums]]
total = "合计"
parts = ["县市区委", "市直工委"]

[[tables]]
key = "附件2"
title = "述职评议考核等次情况统计表"
header = "考核等次"
blocks = [["好", "较好", "一般", "合计"]]

[[tables.rows]]
metric = "人数(人)"
base = true

[[tables.sums]]
total = "合计"
parts = ["好", "较好", "一般"]
'''
ONE = {"党组织书记数(人)": (6, 4, 10), "参加述职人数(人)": (6, 3, 9), "考核等次-好(人)": (3, 1, 4),
       "考核等次-较好(人)": (2, 1, 3), "考核等次-一般(人)": (1, 1, 2)}
TWO = {"好": 4, "较好": 3, "一般": 2, "合计": 9}


def _table_set(tmp_path: Path):
    path = tmp_path / "tables.toml"
    path.write_text(TABLES, encoding="utf-8")
    return table_set_from_text(TABLES, str(path))


def _values() -> dict[Key, int]:
    values = {Key("附件1", c, m, ""): v for m, vs in ONE.items() for c, v in zip(("县市区委", "市直工委", "合计"), vs)}
    values.update({Key("附件2", c, "人数(人)", ""): v for c, v in TWO.items()})
    return values


def _filled(tmp_path: Path, ts) -> Path:
    (blank,), _ = write_templates(tmp_path / "模板", table_set=ts, items=None, ledgers=None)
    return fill_template(ts, tmp_path / "白石县委组织部.xlsx", "白石县委组织部", dt.date(2027, 6, 20), _values(), blank)


def test_our_template_filled_is_read_whole(tmp_path):
    ts = _table_set(tmp_path)
    report, = check_files([_filled(tmp_path, ts)], period="2027-H1", table_set=ts, items=None, ledgers=None)
    assert [p.message for p in report.problems if p.severity == "error"] == []
    assert report.submission.values == _values()


def test_a_row_name_changed_by_hand_loses_that_row_only(tmp_path):
    """考核等次-好(人) retyped 考核等次:好: that row is missing, the rows below it are still read."""
    ts = _table_set(tmp_path)
    path = _filled(tmp_path, ts)
    wb = openpyxl.load_workbook(path)
    cell = next(c for row in wb["附件1"].iter_rows() for c in row if c.value == "考核等次-好(人)")
    cell.value = "考核等次:好"
    wb.save(path)
    report, = check_files([path], period="2027-H1", table_set=ts, items=None, ledgers=None)
    missing = [p.params["row"] for p in report.problems if p.code == "row.missing"]
    assert missing == ["考核等次-好(人)"]
    read = report.submission.values
    assert read[Key("附件1", "合计", "考核等次-一般(人)", "")] == 2
    assert read[Key("附件2", "合计", "人数(人)", "")] == 9
