"""A table whose rate is not a coverage rate (承诺践诺情况统计表: 践诺率 = 已践诺事项数 ÷ 承诺事项数):
分类汇总 and 按类型汇总 speak of it by its own name, in the note under the rates and in the chart's
title, never as 覆盖率; hunan-2011's tables, whose rates are coverage rates, are still said as 覆盖率."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import openpyxl

from dianping_xlsx.api import merge_inbox, write_summary, write_templates
from dianping_xlsx.definitions import Key, load_table_set
from dianping_xlsx.definitions.tables import table_set_from_text
from dianping_xlsx.merge.rates import rate_word
from dianping_xlsx.model import RosterUnit
from dianping_xlsx.report.roster import write_blank_roster
from dianping_xlsx.testing import fill_template

from .test_charts import chart_titles
from .test_own_total import TABLES

PROMISES = TABLES.split("[[tables]]")[0] + '''
[[tables]]
key = "附件1"
title = "承诺践诺情况统计表"
blocks = [["党委", "党总支", "党支部", "合计"]]
notes = ["注:践诺率=已践诺事项数÷承诺事项数×100%。"]

[[tables.rows]]
metric = "承诺党员数(人)"
base = true

[[tables.rows]]
metric = "承诺事项数(项)"
base = true

[[tables.rows]]
metric = "已践诺事项数(项)"
rate = "践诺率"
of = "承诺事项数(项)"

[[tables.sums]]
total = "合计"
parts = ["党委", "党总支", "党支部"]
'''
CATEGORIES = ("党委", "党总支", "党支部", "合计")
UNITS = {  # each unit's table as its clerk fills it: per row, 党委 … 合计
    "甲镇党委": ("乡镇", {"承诺党员数(人)": (10, 20, 30, 60), "承诺事项数(项)": (20, 40, 60, 120),
                         "已践诺事项数(项)": (10, 30, 40, 80)}),
    "丙局党组": ("县直单位", {"承诺党员数(人)": (5, 0, 15, 20), "承诺事项数(项)": (8, 0, 30, 38),
                           "已践诺事项数(项)": (8, 0, 20, 28)}),
}
NOTE = "说明:践诺率 = 已践诺事项数(项) ÷ 承诺事项数(项);承诺事项数(项)为 0 时不计算践诺率(显示“—”)。"


def _summary(tmp_path: Path):
    source = tmp_path / "tables.toml"
    source.write_text(PROMISES, encoding="utf-8")
    ts = table_set_from_text(PROMISES, str(source))
    (blank,), _ = write_templates(tmp_path / "模板", table_set=ts, items=None, ledgers=None)
    inbox = tmp_path / "收件箱"
    for unit, (_, rows) in UNITS.items():
        values = {Key("附件1", c, metric, ""): v for metric, vs in rows.items() for c, v in zip(CATEGORIES, vs)}
        fill_template(ts, inbox / f"{unit}.xlsx", unit, dt.date(2027, 6, 15), values, blank_template=blank)
    roster = write_blank_roster(ts, tmp_path / "名册.xlsx", [RosterUnit(u, (), k) for u, (k, _) in UNITS.items()])
    result = merge_inbox(inbox, period="2027-H1", table_set=ts, items=None, ledgers=None, roster=roster)
    assert len(result.accepted) == 2
    return write_summary(result, tmp_path / "结果", unit_name="甲县委组织部", day=dt.date(2027, 6, 25))


def _texts(path: Path) -> list[str]:
    """Every text of a workbook: its cells, and its charts' XML."""
    book = openpyxl.load_workbook(path)
    cells = [str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    with zipfile.ZipFile(path) as z:
        return cells + [z.read(n).decode("utf-8") for n in z.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n)]


def test_a_rate_that_is_not_a_coverage_is_said_by_its_own_name(tmp_path):
    written = _summary(tmp_path)
    book = openpyxl.load_workbook(written.workbook)
    for sheet in ("附件1分类汇总", "附件1按类型汇总"):
        notes = [c.value for row in book[sheet].iter_rows() for c in row if str(c.value or "").startswith("说明:")]
        assert notes == [NOTE], sheet
    titles = chart_titles(book)
    assert titles["附件1分类汇总"] == ["附件1 各类别践诺率"] and titles["附件1按类型汇总"] == ["附件1 各类型单位践诺率"]
    for path in (written.workbook, written.upward):
        assert not [text for text in _texts(path) if "覆盖率" in text], path.name


def test_the_word_of_a_tables_rates():
    hunan = load_table_set("hunan-2011")
    assert {rate_word(table) for table in hunan.tables if any(row.rate for row in table.rows)} == {"覆盖率"}
    promises = table_set_from_text(PROMISES, "tables.toml").tables[0]
    assert rate_word(promises) == "践诺率"
    other = table_set_from_text(PROMISES.replace('rate = "践诺率"', 'rate = "完成比例"'), "tables.toml").tables[0]
    assert rate_word(other) == "完成比例"  # a lone name not ending in 率: as it is
