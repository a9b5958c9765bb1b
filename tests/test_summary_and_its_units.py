"""A county sends its 汇总表 up and forwards its units' own files as well: the city counts each
unit once (in the county's summary), sets the units' files aside saying which summary holds their
numbers, and, with a roster of counties, does not call them units off its roster."""

from __future__ import annotations

import shutil

from dianping_xlsx.api import merge_inbox

from .test_half_year import _county


def _city_inbox(ts, make_unit, tmp_path):
    """The city's inbox: 安化's 上报; 桃江's 汇总表 with its two units' files in a folder beside it."""
    a_out, a_totals, _ = _county(ts, make_unit, tmp_path, "安化县委创先办", ["梅城镇党委"], [], 10)
    b_out, b_totals, _ = _county(ts, make_unit, tmp_path, "桃江县委创先办", ["桃花江镇党委", "灰山港镇党委"], [], 20)
    inbox = tmp_path / "市收件箱"
    inbox.mkdir()
    shutil.copy(a_out / "上报_安化县委创先办_2011-H1.xlsx", inbox)
    shutil.copy(b_out / "汇总表_2011-H1.xlsx", inbox / "桃江县汇总表.xlsx")
    shutil.copytree(tmp_path / "桃江县委创先办" / "收件箱", inbox / "桃江县转来的单位报表")
    return inbox, {k: a_totals[k] + b_totals[k] for k in ts.keys}


def test_a_countys_units_beside_its_summary_are_counted_once(ts, make_unit, tmp_path):
    inbox, both = _city_inbox(ts, make_unit, tmp_path)
    city = merge_inbox(inbox, period="2011-H1", unit_name="益阳市委创先办", jobs=1)
    assert sorted(s.display_unit for s in city.accepted) == ["安化县委创先办", "桃江县委创先办"]
    assert {k: city.totals.get(k, 0) for k in ts.keys} == both
    aside = {e.name: e for e in city.entries if e.status == "ignored"}
    assert sorted(aside) == ["桃江县转来的单位报表/桃花江镇党委.xlsx", "桃江县转来的单位报表/灰山港镇党委.xlsx"]
    [note] = aside["桃江县转来的单位报表/桃花江镇党委.xlsx"].problems
    assert note.code == "unit.inside-summary" and note.severity == "warning"
    assert "“桃花江镇党委”的数字已包含在“桃江县汇总表.xlsx”中" in note.message and "未重复计入" in note.message


def test_with_a_roster_of_counties_the_units_are_not_off_the_roster(ts, make_unit, tmp_path):
    from dianping_xlsx.model import RosterUnit
    from dianping_xlsx.report.roster import write_blank_roster

    inbox, both = _city_inbox(ts, make_unit, tmp_path)
    roster = write_blank_roster(ts, tmp_path / "市名册.xlsx", [RosterUnit("安化县委创先办", (), "县"),
                                                              RosterUnit("桃江县委创先办", (), "县")])
    city = merge_inbox(inbox, period="2011-H1", unit_name="益阳市委创先办", roster=roster, jobs=1)
    assert {k: city.totals.get(k, 0) for k in ts.keys} == both
    assert city.summary.off_roster == [] and city.summary.complete
    assert not [p for e in city.entries for p in e.problems if p.code == "unit.not-on-roster"]
