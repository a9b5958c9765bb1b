"""A 填报单位 that can be no unit's name (a date, a number) never merges units into one; files
whose names are two roster units' never replace each other because their 填报单位 agree."""

from __future__ import annotations

import datetime as dt

import pytest

from dianping_xlsx import merge_inbox
from dianping_xlsx.model import RosterUnit
from dianping_xlsx.report.roster import write_blank_roster

UNITS = ("东坪镇党委", "乐安镇党委", "县公安局党委")


@pytest.fixture
def roster(ts, tmp_path):
    return write_blank_roster(ts, tmp_path / "单位名册.xlsx", [RosterUnit(u, (), "乡镇") for u in UNITS])


@pytest.mark.parametrize("typed", [dt.datetime(2011, 6, 20), "2011-06-20", "2011年6月20日", "6月20日", 12345, "——"])
def test_a_date_or_number_typed_as_the_unit_names_each_file_after_itself(make_unit, tmp_path, ts, typed):
    inbox = tmp_path / "收件箱"
    sums = {}
    for seed, unit in enumerate(UNITS):
        _, values = make_unit(inbox, typed, seed=seed + 1, name=f"{unit}.xlsx")
        for key, value in values.items():
            sums[key] = sums.get(key, 0) + value
    result = merge_inbox(inbox, period="2011-H1", unit_name="安化县委创先办")
    assert result.summary.counts["accepted"] == 3 and result.summary.counts["superseded"] == 0
    assert sorted(e.unit for e in result.entries) == sorted(UNITS)
    assert result.totals == {k: sums.get(k, 0) for k in result.ts.keys}
    said = [p for p in result.problems if p.code == "unit.not-a-name"]
    assert len(said) == 3 and all(p.sheet == ts.tables[0].key and p.cell == "C3" for p in said)
    assert "填报单位写成了" in said[0].message and "请在“填报单位”处填写单位全称" in said[0].message
    assert not [p for p in result.problems if p.code == "unit.from-filename"]  # not said twice


def test_with_a_roster_the_file_names_find_the_units(make_unit, tmp_path, roster):
    inbox = tmp_path / "收件箱"
    for seed, unit in enumerate(UNITS):
        make_unit(inbox, dt.datetime(2011, 6, 20), seed=seed + 1, name=f"{unit}.xlsx")
    result = merge_inbox(inbox, period="2011-H1", roster=roster)
    assert result.summary.counts["accepted"] == 3
    assert {e.submission.roster_unit.name for e in result.entries} == set(UNITS)
    assert "unit.not-on-roster" not in {p.code for p in result.problems}


def test_two_files_named_after_two_roster_units_with_one_unit_typed_stay_apart(make_unit, tmp_path, roster):
    """乐安镇党委 filled 东坪镇党委's file and saved it under its own name, later: it does not
    replace 东坪镇党委's report; it is sent back, saying which file shares its 填报单位."""
    inbox = tmp_path / "收件箱"
    _, own = make_unit(inbox, "东坪镇党委", seed=1, day=dt.date(2011, 6, 20))
    make_unit(inbox, "东坪镇党委", seed=2, day=dt.date(2011, 6, 26), name="乐安镇党委.xlsx")
    result = merge_inbox(inbox, period="2011-H1", roster=roster)
    status = {e.name: e.status for e in result.entries}
    assert status == {"东坪镇党委.xlsx": "accepted", "乐安镇党委.xlsx": "rejected"}
    assert result.totals == {k: own.get(k, 0) for k in result.ts.keys}
    clash = next(p for p in result.problems if p.code == "unit.name-clash")
    assert (clash.file, clash.sheet, clash.cell) == ("乐安镇党委.xlsx", result.ts.tables[0].key, "C3")
    assert "乐安镇党委" in clash.message and "东坪镇党委.xlsx" in clash.message
    assert "乐安镇党委" in {u.name for u, _ in result.summary.missing}


def test_copies_of_one_unit_still_replace_each_other(make_unit, tmp_path, roster):
    inbox = tmp_path / "收件箱"
    make_unit(inbox, "东坪镇党委", seed=1, day=dt.date(2011, 6, 20))
    _, newer = make_unit(inbox, "东坪镇党委", seed=2, day=dt.date(2011, 6, 26), name="东坪镇党委(更正).xlsx")
    result = merge_inbox(inbox, period="2011-H1", roster=roster)
    assert {e.name: e.status for e in result.entries} == {"东坪镇党委.xlsx": "superseded",
                                                         "东坪镇党委(更正).xlsx": "accepted"}
    assert result.totals == {k: newer.get(k, 0) for k in result.ts.keys}


@pytest.mark.parametrize("typed", [501, "501"])
def test_a_number_the_roster_knows_as_an_alias_is_that_unit(make_unit, tmp_path, ts, typed):
    """501 typed as 填报单位 where the roster gives 501厂党委 the 别名 501: that unit, no warning (a
    number is no name only when nobody is called so)."""
    roster = write_blank_roster(ts, tmp_path / "单位名册.xlsx",
                                [RosterUnit("501厂党委", ("501",), "企业"), RosterUnit("东坪镇党委", (), "乡镇")])
    inbox = tmp_path / "收件箱"
    make_unit(inbox, typed, seed=1, name="a1.xlsx")
    result = merge_inbox(inbox, period="2011-H1", roster=roster)
    (entry,) = result.entries
    assert entry.status == "accepted" and entry.submission.roster_unit.name == "501厂党委"
    codes = {p.code for p in result.problems}
    assert "unit.not-a-name" not in codes and "unit.not-on-roster" not in codes and "unit.matched" in codes
