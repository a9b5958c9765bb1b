"""A table whose categories hold its own 合计, and a 合计 that holds more than its parts (the notice:
“合计”含联合党支部等其他组织, so 合计 >= 小计): the summary's 合计 is that category's sum, never the
category added to its parts, in 分类汇总, 按类型汇总, the upward workbook and the city's roll-up;
`at_least = true` checks 合计 >= 小计, in dianping check and on the 自查 sheet alike."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from dianping_xlsx.api import merge_inbox, write_summary, write_templates
from dianping_xlsx.check.workbook import check_workbook
from dianping_xlsx.cli import main
from dianping_xlsx.definitions import Key
from dianping_xlsx.definitions.tables import table_set_from_text
from dianping_xlsx.model import RosterUnit
from dianping_xlsx.report.returns import write_return_file
from dianping_xlsx.report.roster import write_blank_roster
from dianping_xlsx.template import formulas as fx
from dianping_xlsx.testing import fill_template

from .test_levels_and_subtotals import rate_rows
from .test_selfcheck import needs_office, recalculated, self_check_lines, verdicts

TABLES = '''
id = "own-total"
name = "{year}年度党员积分管理情况统计表"
unit_label = "填报单位(盖章):"
date_label = "填报时间:"
header_label = "类别"
published = 2027-03-08
marker_pattern = "附件(\\\\d+)"
all_tables = "附件1"
previous_change = 0.2
unit_types = ["乡镇", "县直单位"]
instructions = ["{rules}"]

[[tables]]
key = "附件1"
title = "党员积分管理情况统计表"
blocks = [["党委", "党总支", "党支部", "小计", "合计"]]
notes = ["注:“小计”为党委、党总支、党支部之和;“合计”含联合党支部等其他组织。"]

[[tables.rows]]
metric = "党组织数(个)"
base = true

[[tables.rows]]
metric = "党员数(人)"
base = true

[[tables.rows]]
metric = "参加积分管理党员数(人)"
rate = "积分管理覆盖率"
of = "党员数(人)"

[[tables.sums]]
total = "小计"
parts = ["党委", "党总支", "党支部"]
'''
AT_LEAST = '''
[[tables.sums]]
total = "合计"
parts = ["小计"]
at_least = true
'''
CATEGORIES = ("党委", "党总支", "党支部", "小计", "合计")
ROWS = ("党组织数(个)", "党员数(人)", "参加积分管理党员数(人)")
# Each unit's table as its clerk fills it: per row, 党委 … 合计; 合计 holds 联合党支部 too.
UNITS = {
    "甲镇党委": ("乡镇", {"党组织数(个)": (2, 3, 10, 15, 17), "党员数(人)": (30, 40, 100, 170, 180),
                         "参加积分管理党员数(人)": (20, 30, 80, 130, 140)}),
    "乙镇党委": ("乡镇", {"党组织数(个)": (1, 2, 5, 8, 8), "党员数(人)": (20, 25, 60, 105, 105),
                         "参加积分管理党员数(人)": (10, 20, 50, 80, 80)}),
    "丙局党组": ("县直单位", {"党组织数(个)": (0, 1, 4, 5, 6), "党员数(人)": (0, 15, 40, 55, 62),
                           "参加积分管理党员数(人)": (0, 10, 30, 40, 45)}),
}
# By hand: per category, the three units added.
COUNTY = {"党组织数(个)": (3, 6, 19, 28, 31), "党员数(人)": (50, 80, 200, 330, 347),
          "参加积分管理党员数(人)": (30, 60, 160, 250, 265)}


def table_set(tmp_path: Path, at_least: bool, extra: str = ""):
    path = tmp_path / "tables.toml"
    path.write_text(TABLES + (AT_LEAST if at_least else "") + extra, encoding="utf-8")
    return table_set_from_text(path.read_text(encoding="utf-8"), str(path))


def values_of(rows: dict[str, tuple]) -> dict[Key, int]:
    return {Key("附件1", c, metric, ""): v for metric, vs in rows.items() for c, v in zip(CATEGORIES, vs)}


def county(tmp_path: Path, ts, name: str):
    """The three units' files, made from our template as units fill it, merged with a roster."""
    (blank,), _ = write_templates(tmp_path / name / "模板", table_set=ts, items=None, ledgers=None)
    inbox = tmp_path / name / "收件箱"
    for unit, (_, rows) in UNITS.items():
        fill_template(ts, inbox / f"{unit}.xlsx", unit, dt.date(2027, 6, 15), values_of(rows), blank_template=blank)
    roster = write_blank_roster(ts, tmp_path / name / "名册.xlsx", [RosterUnit(u, (), k) for u, (k, _) in UNITS.items()])
    result = merge_inbox(inbox, period="2027-H1", table_set=ts, items=None, ledgers=None, roster=roster)
    assert len(result.accepted) == 3
    return result, write_summary(result, tmp_path / name / "结果", unit_name=f"{name}委组织部", day=dt.date(2027, 6, 25))


def one_total_row(path: Path, sheet: str) -> dict[str, list]:
    """A rate sheet's rows by label; the 合计 row there once."""
    labels = [row[0] for row in openpyxl.load_workbook(path, read_only=True)[sheet].iter_rows(values_only=True)
              if row and row[0]]
    assert labels.count("合计") == 1, labels
    return rate_rows(path, sheet)


@pytest.mark.parametrize("at_least", [True, False])
def test_the_summarys_total_is_the_total_category_never_added_to_its_parts(tmp_path, at_least):
    """With 合计 >= 小计 declared, or 合计 left out of the sums (it is still the table's 合计 by its
    name): 分类汇总, 按类型汇总 and the upward workbook say 31 organisations (was 3 + 6 + 19 + 31 = 59)."""
    ts = table_set(tmp_path, at_least)
    result, written = county(tmp_path, ts, "甲县")
    assert len(result.accepted) == 3 and not [p for e in result.entries for p in e.problems if p.severity == "error"]
    assert result.totals == values_of(COUNTY)
    by_category = one_total_row(written.workbook, "附件1分类汇总")
    for i, category in enumerate(CATEGORIES):
        assert by_category[category][:3] == [COUNTY[m][i] for m in ROWS], category
    assert by_category["合计"] == [31, 347, 265, pytest.approx(265 / 347)]
    by_kind = one_total_row(written.workbook, "附件1按类型汇总")
    assert by_kind["乡镇(2 个单位)"] == [25, 285, 220, pytest.approx(220 / 285)]
    assert by_kind["县直单位(1 个单位)"] == [6, 62, 45, pytest.approx(45 / 62)]
    assert by_kind["合计"] == [31, 347, 265, pytest.approx(265 / 347)]
    upward = openpyxl.load_workbook(written.upward, read_only=True)["附件1"]
    printed = {row[0]: row[2:7] for row in upward.iter_rows(values_only=True) if row and row[0] in ROWS}
    assert printed == {m: COUNTY[m] for m in ROWS}
    table = ts.tables[0]
    assert table.own_total(table.categories) == "合计" and table.addends(table.categories) == ("合计",)


def test_a_city_rolls_up_two_such_summaries(tmp_path):
    ts = table_set(tmp_path, at_least=True)
    ups = tmp_path / "市收件箱"
    ups.mkdir()
    for name in ("甲县", "乙县"):
        _, written = county(tmp_path, ts, name)
        (ups / written.upward.name).write_bytes(written.upward.read_bytes())
    city = merge_inbox(ups, period="2027-H1", table_set=ts, items=None, ledgers=None, unit_name="某某市委组织部")
    assert len(city.accepted) == 2 and city.totals == {k: 2 * v for k, v in values_of(COUNTY).items()}
    written = write_summary(city, tmp_path / "市结果", unit_name="某某市委组织部", day=dt.date(2027, 6, 30))
    by_category = one_total_row(written.workbook, "附件1分类汇总")
    assert by_category["合计"][:3] == [62, 694, 530]  # was 118 (3 + 6 + 19 + 31, twice)


def unit_file(tmp_path: Path, ts, total_orgs: int) -> Path:
    """甲镇党委's file with its 合计 of organisations changed (小计 is 15)."""
    (blank,), _ = write_templates(tmp_path / "模板", table_set=ts, items=None, ledgers=None)
    values = values_of(UNITS["甲镇党委"][1])
    values[Key("附件1", "合计", "党组织数(个)", "")] = total_orgs
    return fill_template(ts, tmp_path / "in" / f"甲镇党委{total_orgs}.xlsx", "甲镇党委", dt.date(2027, 6, 15), values,
                         blank_template=blank)


def test_at_least_refuses_a_total_below_its_parts_and_the_self_check_says_so(tmp_path):
    """合计 17 (15 and two 联合党支部): no problem; 合计 14: an error naming 合计 and 小计, the same
    words on the return file's 自查 sheet (a formula of >=, not ==)."""
    ts = table_set(tmp_path, at_least=True)
    rule = next(r for r in ts.rules if r.id == "附件1-合计-党组织数(个)-sum")
    assert rule.check == "党组织数(个)[合计] >= 党组织数(个)[小计]"
    assert not check_workbook(unit_file(tmp_path, ts, 17), ts, None).problems
    below = check_workbook(unit_file(tmp_path, ts, 14), ts, None)
    (problem,) = below.problems
    assert problem.severity == "error" and problem.message == (
        "附件1“合计”的党组织数(个)为 14,小于小计之和 15(“合计”除小计外还含其他,应不小于它们之和)。请核对后修改。")
    back = write_return_file(below, ts, tmp_path / "退回", dt.date(2027, 6, 20), name="back.xlsx")
    line = (rule.id, "附件1", "", "")
    assert verdicts(self_check_lines(back), ts)[line] == (fx.FAIL, problem.message)


SUM_RULE = '''
[[rules]]
id = "members-at-most"
severity = "warning"
check = "sum(附件1.党员数(人)) <= 200"
message = "党员数合计 {lhs},超过 200。"
'''


def test_a_rules_sum_over_categories_takes_the_total_category_alone(tmp_path):
    """sum(附件1.党员数(人)) of 甲镇党委 is its 合计, 180 (not 30 + 40 + 100 + 180 = 350): no warning,
    in dianping check and on the 自查 sheet; 合计 210 is over 200 in both."""
    ts = table_set(tmp_path, at_least=True, extra=SUM_RULE)
    line = ("members-at-most", "", "", "")
    ok = check_workbook(unit_file(tmp_path, ts, 17), ts, None)
    assert not ok.problems
    back = write_return_file(ok, ts, tmp_path / "退回", dt.date(2027, 6, 20), name="ok.xlsx")
    assert verdicts(self_check_lines(back), ts)[line] == (fx.PASS, "通过")
    values = values_of(UNITS["甲镇党委"][1])
    values[Key("附件1", "合计", "党员数(人)", "")] = 210
    (blank,), _ = write_templates(tmp_path / "模板2", table_set=ts, items=None, ledgers=None)
    over = check_workbook(fill_template(ts, tmp_path / "in" / "over.xlsx", "甲镇党委", dt.date(2027, 6, 15), values,
                                        blank_template=blank), ts, None)
    (problem,) = over.problems
    assert problem.message == "党员数合计 210,超过 200。"
    back = write_return_file(over, ts, tmp_path / "退回", dt.date(2027, 6, 20), name="over.xlsx")
    assert verdicts(self_check_lines(back), ts)[line] == (fx.WARN, problem.message)


@needs_office
def test_the_self_check_formula_is_what_an_office_suite_computes(tmp_path):
    ts = table_set(tmp_path, at_least=True)
    ok, below = recalculated([unit_file(tmp_path, ts, 17), unit_file(tmp_path, ts, 14)], tmp_path / "lo")
    line = ("附件1-合计-党组织数(个)-sum", "附件1", "", "")
    assert verdicts(self_check_lines(ok), ts)[line] == (fx.PASS, "通过")
    assert verdicts(self_check_lines(below), ts)[line][0] == fx.FAIL


def test_definitions_check_says_what_the_summarys_total_adds(tmp_path):
    path = tmp_path / "tables.toml"
    path.write_text(TABLES + AT_LEAST, encoding="utf-8")
    res = CliRunner().invoke(main, ["definitions", "check", str(path)])
    assert res.exit_code == 0, res.output
    assert "附件1:小计 = 党委 + 党总支 + 党支部;合计 ≥ 小计(还含其他);汇总表的合计取“合计”一项,不与其他类别相加" in res.output
    path.write_text(TABLES + AT_LEAST.replace("true", '"是"'), encoding="utf-8")
    res = CliRunner().invoke(main, ["definitions", "check", str(path)])
    assert res.exit_code != 0 and "at_least" in res.output


def notice_docx(path: Path) -> Path:
    """A notice's 附件1 as the office types it in Word, its note saying 合计 holds other bodies too."""
    import docx

    doc = docx.Document()
    doc.add_paragraph("关于做好2027年度党员积分管理情况统计工作的通知")
    doc.add_paragraph("请各单位于6月20日前报送。")
    doc.add_page_break()
    doc.add_paragraph("附件1")
    doc.add_paragraph("党员积分管理情况统计表")
    doc.add_paragraph("填报单位(盖章):\u3000\u3000\u3000\u3000填报时间:")
    rows = [["类别", *CATEGORIES], ["党组织数(个)", *[""] * 5], ["党员数(人)", *[""] * 5]]
    table = doc.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    doc.add_paragraph("注:“小计”为党委、党总支、党支部之和;“合计”含联合党支部等其他组织。")
    doc.save(path)
    return path


def test_the_draft_reads_a_total_that_holds_others_from_the_note(tmp_path):
    from dianping_xlsx.api import draft_notice, load_notice

    draft = draft_notice(notice_docx(tmp_path / "通知.docx"), tmp_path / "新通知.toml")
    text = draft.tables.read_text(encoding="utf-8")
    assert "# 推断:“合计”还含其他,不小于各项之和" in text and "at_least = true" in text
    (table,) = load_notice(str(draft.notice)).tables.tables
    assert table.categories == CATEGORIES
    assert [tuple(s) for s in table.sums] == [("小计", ("党委", "党总支", "党支部"), "error", False),
                                              ("合计", ("小计",), "error", True)]
    assert table.addends(table.categories) == ("合计",)
