"""The 12-30 round of a roster that changed since June: a unit renamed (the old name its 别名) is
compared with its June figures; a township made of two (both old names its 别名) with their sum,
never with one of them, and 明细's 上期 row says so."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from dianping_xlsx import merge_inbox, write_summary
from dianping_xlsx.model import RosterUnit
from dianping_xlsx.report.roster import write_blank_roster
from dianping_xlsx.testing import fill_template, h1_only, random_values

OFFICE = "安化县委创先办"
JUNE = [RosterUnit("甲镇党委", (), "乡镇"), RosterUnit("乙镇党委", (), "乡镇"), RosterUnit("县卫生局党组", (), "县直机关")]
DECEMBER = [RosterUnit("甲乙镇党委", ("甲镇党委", "乙镇党委"), "乡镇"),
            RosterUnit("县卫生健康局党组", ("县卫生局党组",), "县直机关")]


@pytest.fixture
def june(ts, tmp_path, blank):
    """June merged on the June roster: each unit's figures, the summary's folder."""
    values = {u.name: h1_only(ts, random_values(ts, seed)) for seed, u in enumerate(JUNE, start=3)}
    for unit, figures in values.items():
        fill_template(ts, tmp_path / "6月" / f"{unit}.xlsx", unit, "2011-06-25", figures, blank)
    roster = write_blank_roster(ts, tmp_path / "名册6月.xlsx", JUNE)
    result = merge_inbox(tmp_path / "6月", period="2011-H1", unit_name=OFFICE, roster=roster)
    assert len(result.accepted) == 3
    write_summary(result, tmp_path / "out6", unit_name=OFFICE)
    return values, tmp_path / "out6"


def december(ts, tmp_path, blank, june, files: dict[str, tuple[str, dict]]):
    """December's files (file name -> 填报单位, figures) merged on the December roster."""
    for name, (unit, figures) in files.items():
        fill_template(ts, tmp_path / "12月" / name, unit, "2011-12-20", figures, blank)
    roster = write_blank_roster(ts, tmp_path / "名册12月.xlsx", DECEMBER)
    return merge_inbox(tmp_path / "12月", period="2011-H2", unit_name=OFFICE, roster=roster,
                       previous=june[1], due=dt.date(2011, 12, 28))


def summed(a: dict, b: dict) -> dict:
    return {k: a[k] + b[k] for k in a}


def previous_codes(result, unit: str) -> list[str]:
    return [p.code for e in result.entries if e.unit == unit for p in e.problems if p.code.startswith("previous.")]


@pytest.mark.parametrize("named", ["甲乙镇党委", "甲镇党委"])  # its own template, or 甲镇's June one
def test_a_merged_township_is_compared_with_the_sum_of_its_townships(ts, tmp_path, blank, june, named):
    figures, _ = june
    both = summed(figures["甲镇党委"], figures["乙镇党委"])
    result = december(ts, tmp_path, blank, june, {"甲乙镇党委.xlsx": (named, both)})
    assert previous_codes(result, "甲乙镇党委") == []  # its first round is the sum it was: nothing changed
    assert result.previous_values["甲乙镇党委"] == both
    assert result.previous_notes["甲乙镇党委"] == "上期为甲镇党委、乙镇党委之和"
    rows = list(openpyxl.load_workbook(write_summary(result, tmp_path / "out12", unit_name=OFFICE).workbook)["明细"]
                .iter_rows(min_row=4, values_only=True))
    assert ("甲乙镇党委", "乡镇", "上期", "上期为甲镇党委、乙镇党委之和") in [r[:4] for r in rows]


def test_a_first_round_changed_in_a_merged_township_is_said_against_the_sum(ts, tmp_path, blank, june):
    figures, _ = june
    both = summed(figures["甲镇党委"], figures["乙镇党委"])
    key = next(k for k, v in both.items() if k.round and ts.round_half(k.round) == "H1" and v > 1
               and not ts.table(k.table).row(k.metric).base)
    changed = dict(both)
    changed[key] -= 1
    result = december(ts, tmp_path, blank, june, {"甲乙镇党委.xlsx": ("甲乙镇党委", changed)})
    said = [p for e in result.entries for p in e.problems if p.code == "previous.round-changed"]
    assert [p.target for p in said] == [key]
    assert f"本次为 {changed[key]},上半年甲镇党委、乙镇党委合计报送的是 {both[key]}" in said[0].message


def test_a_renamed_unit_under_its_new_name_is_compared_with_its_old_names_figures(ts, tmp_path, blank, june):
    figures, _ = june
    before = figures["县卫生局党组"]
    key = next(k for k, v in before.items() if k.round and ts.round_half(k.round) == "H1" and v > 1
               and not ts.table(k.table).row(k.metric).base)
    now = dict(before)
    now[key] -= 2
    result = december(ts, tmp_path, blank, june, {"县卫生健康局党组.xlsx": ("县卫生健康局党组", now)})
    said = [p for e in result.entries for p in e.problems if p.code == "previous.round-changed"]
    assert [p.target for p in said] == [key]
    assert f"本次为 {now[key]},上半年以“县卫生局党组”报送的是 {before[key]}" in said[0].message
    assert "previous.no-unit" not in previous_codes(result, "县卫生健康局党组")
    assert result.previous_notes["县卫生健康局党组"] == "上期为“县卫生局党组”"


def test_a_unit_not_reported_or_returned_last_period_is_not_taken_for_a_renamed_one(ts, tmp_path, blank):
    """June: 县交通局党组's file returned, 县人民医院党委 sent nothing (both on the roster, both in
    报送情况). December: each is told it had no figures last period for that reason, at its
    填报单位, never to write an old name as its alias; a unit new in December still is."""
    from dianping_xlsx.definitions import Key

    june = [*JUNE, RosterUnit("县交通局党组", (), "县直机关"), RosterUnit("县人民医院党委", (), "医院")]
    wrong = h1_only(ts, random_values(ts, 9))
    wrong[Key("附件3", "机关部门", "党员数", "")] = 40
    wrong[Key("附件3", "机关部门", "已被点评党员数", "第一次")] = 45
    for unit in ("甲镇党委", "县交通局党组"):
        figures = wrong if unit == "县交通局党组" else h1_only(ts, random_values(ts, 3))
        fill_template(ts, tmp_path / "6月" / f"{unit}.xlsx", unit, "2011-06-25", figures, blank)
    result = merge_inbox(tmp_path / "6月", period="2011-H1", unit_name=OFFICE,
                         roster=write_blank_roster(ts, tmp_path / "名册6月.xlsx", june))
    assert [e.unit for e in result.by_status("rejected")] == ["县交通局党组"]
    write_summary(result, tmp_path / "out6", unit_name=OFFICE)
    december = [RosterUnit(u.name, (), u.kind) for u in june[3:]] + [RosterUnit("县数据局党组", (), "县直机关")]
    for seed, unit in enumerate(u.name for u in december):
        fill_template(ts, tmp_path / "12月" / f"{unit}.xlsx", unit, "2011-12-20", random_values(ts, seed), blank)
    result = merge_inbox(tmp_path / "12月", period="2011-H2", unit_name=OFFICE, previous=tmp_path / "out6",
                         roster=write_blank_roster(ts, tmp_path / "名册12月.xlsx", december))
    said = {e.unit: [p for p in e.problems if p.code.startswith("previous.")] for e in result.entries}
    returned, missing = said["县交通局党组"], said["县人民医院党委"]
    assert [p.code for p in returned + missing] == ["previous.not-counted"] * 2
    assert returned[0].message.startswith("上期该单位报送的文件被退回(见上期汇总表“汇总表_2011-H1.xlsx”的“报送情况”表)")
    assert missing[0].message.startswith("上期该单位未报送(")
    assert "别名" not in returned[0].message + missing[0].message
    assert returned[0].sheet and returned[0].cell  # at its 填报单位
    assert [p.code for p in said["县数据局党组"]] == ["previous.no-unit"]
