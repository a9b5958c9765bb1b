"""A count no single unit can have (676 pasted twice: 676676676) is an error at its cell, in check,
in merge and in the template's 自查 alike; its ceiling is the notice's (the table set's ``most``),
never applied to a lower office's summary. At merge, a unit's value far above the other units' in
the same cell is a warning naming their median."""

from __future__ import annotations

import datetime as dt
import random
import statistics

import openpyxl
import pytest

from dianping_xlsx.api import check_files, merge_inbox, write_summary
from dianping_xlsx.check.workbook import check_workbook
from dianping_xlsx.definitions import Key, SpecError, load_table_set
from dianping_xlsx.definitions.tables import table_set_from_text
from dianping_xlsx.merge.outliers import _median_without
from dianping_xlsx.model import Period
from dianping_xlsx.report.returns import write_return_file
from dianping_xlsx.template.blank import write_template
from dianping_xlsx.template.selfcheck import seen_live
from dianping_xlsx.testing import fill_template, h1_only, random_values

from .test_selfcheck import (colours, expected, needs_office, recalculated, results_text, self_check_lines,
                             template_places)

H1 = Period(2011, "H1")
DAY = dt.date(2011, 6, 25)
TYPO = 676676676


def _members(ts, value: int) -> dict[Key, int]:
    """The third table's first category (its base row, the first half's round, the evaluated) all
    ``value``: every rule holds."""
    table = ts.tables[2]
    return {k: value for k in table.keys()
            if k.category == table.categories[0] and (not k.round or ts.round_half(k.round) == "H1")}


def _unit(ts, folder, unit, seed, blank, changes=None):
    values = h1_only(ts, random_values(ts, seed))
    values.update(changes or {})
    return fill_template(ts, folder / f"{unit}.xlsx", unit, DAY, values, blank)


def test_a_count_no_unit_can_have_is_an_error_at_its_cell(ts, blank, tmp_path):
    typed = _members(ts, TYPO)
    path = _unit(ts, tmp_path / "in", "梅城镇党委", 3, blank, typed)
    [report] = check_files(path, period="2011-H1")
    assert not report.ok  # check no longer says 可以报送
    said = [p for p in report.problems if p.code == "value.implausible"]
    assert len(said) == len(typed) and {p.severity for p in said} == {"error"}
    places = template_places(blank, ts)
    for p in said:
        key = Key(*p.target)
        assert (p.sheet, p.cell) == (key.table, places[key])
        assert f"{key.label()}为 {TYPO},一个单位不可能有这么多(每个单位最多 100000)" in p.message
        assert "请核对是否多输了数字" in p.message
    # merge: sent back, never in the totals or the stamped 上报
    for unit, seed in (("东坪镇党委", 4), ("小淹镇党委", 5)):
        _unit(ts, tmp_path / "in", unit, seed, blank)
    result = merge_inbox(tmp_path / "in", period="2011-H1", unit_name="安化县委创先办", jobs=1)
    assert [e.status for e in result.entries if e.name == "梅城镇党委.xlsx"] == ["rejected"]
    assert max(result.totals.values()) < 100000
    written = write_summary(result, tmp_path / "out", unit_name="安化县委创先办", day="2011-06-30")
    up = openpyxl.load_workbook(written.upward)
    assert not [c for ws in up.worksheets for row in ws.iter_rows(values_only=True) for c in row
                if isinstance(c, (int, float)) and c >= 100000]


def test_the_largest_count_a_unit_can_have_is_read_as_ever(ts, blank, tmp_path):
    path = _unit(ts, tmp_path, "梅城镇党委", 3, blank, _members(ts, 100000))
    sub = check_workbook(path, ts, H1)
    assert not [p for p in sub.problems if p.code == "value.implausible"]


@needs_office
def test_the_self_check_marks_it_red_in_the_words_of_check(ts, tmp_path):
    template = write_template(ts, tmp_path / "template.xlsx", "梅城镇党委", period=H1)
    values = h1_only(ts, random_values(ts, 4))
    second = next(k for k in ts.tables[2].keys() if k.round and ts.round_half(k.round) == "H2")
    values.update({k: TYPO for k in _members(ts, 0)} | {list(ts.tables[1].keys())[0]: "123456789人", second: TYPO})
    filled = fill_template(ts, tmp_path / "in" / "u.xlsx", "梅城镇党委", DAY, values, template)
    (path,) = recalculated([filled], tmp_path / "out")
    sub = check_workbook(path, ts, H1)
    said = [p for p in sub.problems if p.code == "value.implausible"]
    # the text 123456789人 read as a number, then refused; a second round's figure in a first-half
    # report said as no unit's alone (not also as early)
    assert len(said) == len(_members(ts, 0)) + 2
    assert Key(*second) not in {Key(*p.target) for p in sub.problems if p.code == "period.second-round-early"}
    rows = self_check_lines(path)
    for p in said:
        assert f"{p.position}:{p.message}" in results_text(rows), p.message
    live = [p for p in sub.problems if seen_live(p.code)]
    errors, warnings = (sum(p.severity == s for p in live) for s in ("error", "warning"))
    assert rows[0][0].startswith(f"自查结果:未通过,有 {errors} 项错误")
    assert (f"另有 {warnings} 项警告" in rows[0][0]) if warnings else ("警告" not in rows[0][0])
    _, worst = expected(sub, ts)
    shown = colours(path, ts, template_places(template, ts))
    assert all(shown[Key(*p.target)] == 2 for p in said)  # red
    assert all(shown[k] >= v for k, v in worst.items())
    # the return file's 自查 says it too, in the results the tool saves
    back = write_return_file(sub, ts, tmp_path / "back", dt.date(2011, 7, 1), period=H1)
    for p in said:
        assert f"{p.position}:{p.message}" in results_text(self_check_lines(back))


def _county(ts, blank, tmp_path):
    """A county of three big townships (60000 members each in one category): its 上报 holds 180000."""
    inbox = tmp_path / "县收件箱"
    for n, unit in enumerate(("甲镇党委", "乙镇党委", "丙镇党委")):
        _unit(ts, inbox, unit, n, blank, _members(ts, 60000))
    result = merge_inbox(inbox, period="2011-H1", unit_name="桃江县委创先办", jobs=1)
    assert len(result.accepted) == 3
    return write_summary(result, tmp_path / "县汇总", unit_name="桃江县委创先办", day="2011-06-30").upward


def test_a_lower_offices_summary_is_never_held_to_a_units_ceiling(ts, blank, tmp_path):
    up = _county(ts, blank, tmp_path)
    [report] = check_files(up, period="2011-H1")
    assert report.submission.summary_mark is not None
    assert max(report.submission.values.values()) == 180000
    assert not [p for p in report.problems if p.code == "value.implausible"]
    inbox = tmp_path / "市收件箱"
    inbox.mkdir()
    (inbox / up.name).write_bytes(up.read_bytes())
    city = merge_inbox(inbox, period="2011-H1", unit_name="益阳市委创先办", jobs=1)
    assert [s.display_unit for s in city.accepted] == ["桃江县委创先办"]
    # its return file's 自查 does not hold it to one either
    back = write_return_file(report.submission, ts, tmp_path / "back", dt.date(2011, 7, 1), period=H1)
    formulas = [c.value for ws in openpyxl.load_workbook(back).worksheets for row in ws.iter_rows() for c in row
                if c.data_type == "f"]
    assert formulas and not [f for f in formulas if "一个单位不可能" in f]
    assert "一个单位不可能" not in results_text(self_check_lines(back))


ROW = 'metric = "党员数"\nbase = true\n'


def test_the_ceiling_is_the_notices_own(ts, tmp_path):
    text = ts.text
    assert ROW in text
    mine = table_set_from_text(text.replace(ROW, ROW + "most = 5000\n"), "mine.toml")
    table = mine.tables[2]
    base = Key(table.key, table.categories[1], "党员数", "")
    appraised = Key(table.key, table.categories[1], "已被群众评议党员数", "")
    assert (mine.ceilings[base], mine.ceilings[appraised]) == (5000, 100000)
    template = write_template(mine, tmp_path / "t.xlsx", period=H1)
    values = h1_only(mine, random_values(mine, 2)) | {base: 6000, appraised: 6000}
    sub = check_workbook(fill_template(mine, tmp_path / "u.xlsx", "梅城镇党委", DAY, values, template), mine, H1)
    [said] = [p for p in sub.problems if p.code == "value.implausible"]
    assert Key(*said.target) == base and "每个单位最多 5000" in said.message
    back = write_return_file(sub, mine, tmp_path / "back", dt.date(2011, 7, 1), period=H1)
    assert f"{said.position}:{said.message}" in results_text(self_check_lines(back))
    # the whole set's and a table's
    assert min(table_set_from_text(text.replace("most = 100000\n", "most = 3000\n")).ceilings.values()) == 3000
    with pytest.raises(SpecError, match=r'第 \d+ 行.*most = "很多" 应写成整数'):  # the schema's type, said once for all keys
        table_set_from_text(text.replace(ROW, ROW + 'most = "很多"\n'), "bad.toml")
    with pytest.raises(SpecError, match=r"第 \d+ 行.*most = 0 应为 1 到 1000000000 之间的整数"):
        table_set_from_text(text.replace(ROW, ROW + "most = 0\n"), "bad.toml")


def test_the_shipped_notices_say_their_ceiling():
    for name in ("hunan-2011", "justice-2012"):
        ts = load_table_set(name)
        assert "\nmost = 100000\n" in ts.text and set(ts.ceilings.values()) == {100000}


TOWNS = {"东坪镇党委": 700, "小淹镇党委": 650, "平口镇党委": 800, "江南镇党委": 720, "梅城镇党委": 36000}


def _batch(ts, blank, folder):
    for n, (unit, members) in enumerate(TOWNS.items()):
        _unit(ts, folder, unit, n, blank, _members(ts, members))


def test_a_value_far_above_the_other_units_is_a_warning_naming_their_median(ts, blank, tmp_path):
    _batch(ts, blank, tmp_path / "in")
    result = merge_inbox(tmp_path / "in", period="2011-H1", unit_name="安化县委创先办", jobs=1)
    assert len(result.accepted) == len(TOWNS)  # a warning: counted
    said = [p for p in result.problems if p.code == "value.outlier"]
    assert {p.unit for p in said} == {"梅城镇党委"}
    assert {Key(*p.target) for p in said} == set(_members(ts, 0))
    members = next(p for p in said if p.params["label"].endswith("的党员数"))
    assert (members.sheet, members.severity) == (ts.tables[2].key, "warning")
    assert "为 36000,超过其他 4 个单位同一格的中位数 710(不计填 0 的)的 50 倍" in members.message
    assert "请核实是否多输了数字" in members.message
    # the clerk's policy: made an error, the file is sent back
    strict = merge_inbox(tmp_path / "in", period="2011-H1", unit_name="安化县委创先办", jobs=1, error="value.outlier")
    assert [e.status for e in strict.entries if e.name == "梅城镇党委.xlsx"] == ["rejected"]
    assert len(strict.accepted) == len(TOWNS) - 1
    quiet = merge_inbox(tmp_path / "in", period="2011-H1", unit_name="安化县委创先办", jobs=1, ignore="value.outlier")
    assert not [p for p in quiet.problems if p.code == "value.outlier"]


def test_small_numbers_far_apart_are_no_outliers_unless_the_notice_says(ts, blank, tmp_path):
    for n, (unit, members) in enumerate(zip(TOWNS, (5, 6, 7, 8, 900))):
        _unit(ts, tmp_path / "in", unit, n, blank, _members(ts, members))
    result = merge_inbox(tmp_path / "in", period="2011-H1", unit_name="安化县委创先办", jobs=1)
    assert not [p for p in result.problems if p.code == "value.outlier"]  # 900 is below the floor (1000)
    lower = table_set_from_text(ts.text.replace("outlier_floor = 1000\n", "outlier_floor = 500\n"))
    result = merge_inbox(tmp_path / "in", period="2011-H1", unit_name="安化县委创先办", jobs=1, table_set=lower)
    said = [p for p in result.problems if p.code == "value.outlier"]
    assert said and {p.unit for p in said} == {"梅城镇党委"} and "中位数 6.5" in said[0].message


def test_the_median_of_the_others_is_the_median_without_the_value():
    rng = random.Random(7)
    for _ in range(500):
        ranked = sorted(rng.randint(1, 50) for _ in range(rng.randint(2, 9)))
        value = rng.choice(ranked)
        others = ranked.copy()
        others.remove(value)
        assert _median_without(ranked, value) == statistics.median(others)
