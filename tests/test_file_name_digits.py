"""Files without 填报单位 are named after their file names: digits inside a unit's name stay
(梅城镇第12村党支部 and 梅城镇第13村党支部 are two units, not one that replaces the other); what is
no name (a year, a date, a version or copy mark) is taken out."""

from __future__ import annotations

import pytest

from dianping_xlsx import merge_inbox
from dianping_xlsx.check.workbook import check_workbook
from dianping_xlsx.model import Period

H1 = Period.parse("2011-H1")


def test_two_villages_numbered_in_their_names_are_two_units(make_unit, tmp_path):
    inbox = tmp_path / "收件箱"
    names = ("梅城镇第12村党支部", "梅城镇第13村党支部", "安化1中党委", "安化2中党委")
    sums = {}
    for seed, name in enumerate(names):
        _, values = make_unit(inbox, "", seed=seed + 1, name=f"{name}.xlsx")
        for key, value in values.items():
            sums[key] = sums.get(key, 0) + value
    result = merge_inbox(inbox, period="2011-H1", unit_name="安化县委创先办")
    assert result.summary.counts["accepted"] == 4 and result.summary.counts["superseded"] == 0
    assert sorted(e.unit for e in result.entries) == sorted(names)
    assert result.totals == {k: sums.get(k, 0) for k in result.ts.keys}


@pytest.mark.parametrize("stem, unit", [
    ("县第3中学党委", "县第3中学党委"), ("第2党支部", "第2党支部"), ("com1", "com1"),
    ("2011年上半年安化一中党委", "安化一中党委"), ("梅城镇第12村党支部(1)", "梅城镇第12村党支部"),
    ("梅城镇党委_2", "梅城镇党委"), ("梅城镇党委v2", "梅城镇党委"), ("梅城镇党委第2版", "梅城镇党委"),
    ("梅城镇党委修改2", "梅城镇党委"), ("梅城镇党委 - 副本 (2)", "梅城镇党委"), ("01梅城镇党委", "梅城镇党委"),
    ("梅城镇党委_2011-06-20", "梅城镇党委"), ("梅城镇党委2011年6月20日", "梅城镇党委"),
    ("20110620梅城镇党委", "梅城镇党委"), ("梅城镇党委_2011-H1", "梅城镇党委"), ("1号井党支部", "1号井党支部"),
])
def test_the_unit_a_file_name_gives(ts, make_unit, tmp_path, stem, unit):
    path, _ = make_unit(tmp_path, "", 1, name=f"{stem}.xlsx")
    sub = check_workbook(path, ts, H1)
    assert sub.ok and sub.unit == unit
