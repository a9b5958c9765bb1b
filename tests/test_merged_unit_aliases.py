"""Townships merged between half-years: the roster lists the old townships as 别名 of the new one.
Two files naming two of them are not one unit sending twice in silence: the older is not counted,
and both files say so at their 填报单位 (unit.aliases-one-unit)."""

from __future__ import annotations

import datetime as dt

import pytest

from dianping_xlsx import merge_inbox
from dianping_xlsx.model import RosterUnit
from dianping_xlsx.report.roster import write_blank_roster


@pytest.fixture
def roster(ts, tmp_path):
    units = [RosterUnit("甲乙镇党委", ("甲镇党委", "乙镇党委"), "乡镇"), RosterUnit("县教育局党委", ("教育局", "县教育局"), "县直机关"),
             RosterUnit("东坪镇党委", (), "乡镇")]
    return write_blank_roster(ts, tmp_path / "单位名册.xlsx", units)


def test_two_old_townships_of_a_merged_one_are_said_at_both_files(make_unit, tmp_path, roster, ts):
    inbox = tmp_path / "收件箱"
    make_unit(inbox, "甲镇党委", seed=1, day=dt.date(2011, 6, 20))
    _, newer = make_unit(inbox, "乙镇党委", seed=2, day=dt.date(2011, 6, 22))
    result = merge_inbox(inbox, period="2011-H1", roster=roster)
    status = {e.name: e.status for e in result.entries}
    assert status == {"甲镇党委.xlsx": "superseded", "乙镇党委.xlsx": "accepted"}
    assert result.totals == {k: newer.get(k, 0) for k in result.ts.keys}  # only the newer, as said
    said = {p.file: p for p in result.problems if p.code == "unit.aliases-one-unit"}
    assert set(said) == {"甲镇党委.xlsx", "乙镇党委.xlsx"}
    for p in said.values():
        assert p.severity == "warning" and p.sheet == ts.tables[0].key and p.cell == "C3"
        assert "“甲镇党委”" in p.message and "“乙镇党委”" in p.message and "“甲乙镇党委”的别名" in p.message
        assert "只计入较新的“乙镇党委.xlsx”" in p.message
    assert "unit.superseded" not in {p.code for p in result.problems}  # not the plain 无需处理
    old = next(e for e in result.entries if e.name == "甲镇党委.xlsx")
    assert old.reason == said["甲镇党委.xlsx"].message


@pytest.mark.parametrize("first, second", [("教育局", "县教育局"), ("甲镇党委", "甲乙镇党委")])
def test_one_unit_under_two_of_its_names_is_a_plain_resend(make_unit, tmp_path, roster, first, second):
    """One name written two ways, or an old name then the roster's own: the newer replaces the older."""
    inbox = tmp_path / "收件箱"
    make_unit(inbox, first, seed=1, day=dt.date(2011, 6, 20))
    make_unit(inbox, second, seed=2, day=dt.date(2011, 6, 22))
    result = merge_inbox(inbox, period="2011-H1", roster=roster)
    codes = {p.code for p in result.problems}
    assert "unit.superseded" in codes and "unit.aliases-one-unit" not in codes
