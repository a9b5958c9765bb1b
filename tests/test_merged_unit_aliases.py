"""Townships merged between half-years: the roster lists the old townships as 别名 of the new one
(or of the township that keeps its name). Two files whose 填报单位 are two of these names (two 别名,
or the unit's own name and a 别名) are two offices' files, not one unit sending twice in silence: the
older is not counted, and both files say so at their 填报单位 (unit.aliases-one-unit). The same
填报单位 twice, whatever the files are called, is a correction: the newer replaces the older."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from dianping_xlsx import merge_inbox, write_summary
from dianping_xlsx.definitions import Key
from dianping_xlsx.model import RosterUnit
from dianping_xlsx.report.roster import write_blank_roster


@pytest.fixture
def roster(ts, tmp_path):
    units = [RosterUnit("甲乙镇党委", ("甲镇党委", "乙镇党委"), "乡镇"), RosterUnit("县教育局党委", ("教育局", "县教育局"), "县直机关"),
             RosterUnit("东坪镇党委", (), "乡镇"), RosterUnit("江南镇党委", ("小淹镇党委",), "乡镇")]
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


@pytest.mark.parametrize("first, second, relation", [
    ("江南镇党委", "小淹镇党委", "在名册中“江南镇党委”是单位名称,“小淹镇党委”是它的别名"),  # the merged table, then the old office's
    ("小淹镇党委", "江南镇党委", "在名册中“江南镇党委”是单位名称,“小淹镇党委”是它的别名"),
    ("甲镇党委", "甲乙镇党委", "在名册中“甲乙镇党委”是单位名称,“甲镇党委”是它的别名")],
    ids=["merged-first", "absorbed-first", "old-name-first"])
def test_a_unit_under_its_own_name_and_a_township_merged_into_it_is_said_at_both_files(
        make_unit, tmp_path, roster, ts, first, second, relation):
    """江南镇党委 keeps its name, 小淹镇党委 is its 别名: the merged township's table and the old office's
    own are two offices' files. The newer is counted (as for two 别名), and both files say so."""
    inbox = tmp_path / "收件箱"
    _, other = make_unit(inbox, "东坪镇党委", seed=3)
    make_unit(inbox, first, seed=1, day=dt.date(2011, 6, 20))
    _, newer = make_unit(inbox, second, seed=2, day=dt.date(2011, 6, 22))
    result = merge_inbox(inbox, period="2011-H1", roster=roster)
    status = {e.name: e.status for e in result.entries}
    assert status == {f"{first}.xlsx": "superseded", f"{second}.xlsx": "accepted", "东坪镇党委.xlsx": "accepted"}
    assert result.totals == {k: newer.get(k, 0) + other.get(k, 0) for k in result.ts.keys}  # only the newer, as said
    said = {p.file: p for p in result.problems if p.code == "unit.aliases-one-unit"}
    assert set(said) == {f"{first}.xlsx", f"{second}.xlsx"}
    for p in said.values():
        assert p.severity == "warning" and p.sheet == ts.tables[0].key and p.cell == "C3"
        assert relation in p.message and f"只计入较新的“{second}.xlsx”,另一份的数字没有计入汇总" in p.message
        assert "两者在名册中都是" not in p.message
    assert said[f"{first}.xlsx"].message.startswith(f"本文件的填报单位是“{first}”,“{second}.xlsx”的填报单位是“{second}”")
    assert "unit.superseded" not in {p.code for p in result.problems}  # not the plain 无需处理
    old = next(e for e in result.entries if e.name == f"{first}.xlsx")
    assert old.reason == said[f"{first}.xlsx"].message


BAD = {Key("附件1", "其它基层党组织书记", "总人数", ""): 131, Key("附件1", "其它基层党组织书记", "参加点评人数", "第一次"): 311}


def test_the_newer_of_two_names_sent_back_leaves_neither_counted_and_says_so(make_unit, tmp_path, roster, ts):
    inbox = tmp_path / "收件箱"
    _, other = make_unit(inbox, "东坪镇党委", seed=3)
    make_unit(inbox, "江南镇党委", seed=1, day=dt.date(2011, 6, 20))
    make_unit(inbox, "小淹镇党委", seed=2, day=dt.date(2011, 6, 22), values=BAD)
    result = merge_inbox(inbox, period="2011-H1", roster=roster)
    status = {e.name: e.status for e in result.entries}
    assert status == {"江南镇党委.xlsx": "superseded", "小淹镇党委.xlsx": "rejected", "东坪镇党委.xlsx": "accepted"}
    assert result.totals == {k: other.get(k, 0) for k in result.ts.keys}
    said = {p.file: p for p in result.problems if p.code == "unit.aliases-one-unit"}
    assert set(said) == {"江南镇党委.xlsx", "小淹镇党委.xlsx"}
    assert "较新的“小淹镇党委.xlsx”有错误,已退回,两份的数字都没有计入汇总" in said["江南镇党委.xlsx"].message
    assert "只计入" not in said["江南镇党委.xlsx"].message


@pytest.mark.parametrize("first, second, named", [
    ("教育局", "县教育局", None),  # one name written two ways
    ("江南镇党委", "江南镇", None),  # the unit's own name, written short
    ("江南镇党委", "江南镇党委", "小淹镇党委.xlsx"),  # the merged unit's correction saved under the old township's name
    ("小淹镇党委", "小淹镇党委", "江南镇党委.xlsx")])
def test_one_unit_under_one_of_its_names_is_a_plain_resend(make_unit, tmp_path, roster, first, second, named):
    """One 填报单位 (or one name written two ways): the newer replaces the older, whatever the file is called."""
    inbox = tmp_path / "收件箱"
    make_unit(inbox, first, seed=1, day=dt.date(2011, 6, 20))
    _, newer = make_unit(inbox, second, seed=2, day=dt.date(2011, 6, 22), name=named)
    result = merge_inbox(inbox, period="2011-H1", roster=roster)
    codes = {p.code for p in result.problems}
    assert "unit.superseded" in codes and "unit.aliases-one-unit" not in codes
    assert result.totals == {k: newer.get(k, 0) for k in result.ts.keys}


def test_a_township_merged_in_resending_its_return_file_is_a_plain_correction(make_unit, tmp_path, roster, ts):
    """The old office's file sent back goes out as 江南镇党委_审核意见.xlsx (the roster's name) with its own
    填报单位 小淹镇党委 in it; corrected and sent again, it replaces the file it answers, in silence."""
    inbox, out = tmp_path / "收件箱", tmp_path / "汇总结果"
    make_unit(inbox, "小淹镇党委", seed=1, day=dt.date(2011, 6, 20), values=BAD)
    write_summary(merge_inbox(inbox, period="2011-H1", roster=roster), out)
    wb = openpyxl.load_workbook(out / "退回" / "江南镇党委_审核意见.xlsx")
    for name, found in wb.defined_names.items():  # the clerk puts the wrong number right, dates it anew
        sheet, ref = next(iter(found.destinations))
        cell = wb[sheet][ref.replace("$", "")]
        if name.endswith("_填报时间"):
            cell.value = "2011-06-24"
        elif cell.value == 311:
            cell.value = 100
    wb.save(inbox / "江南镇党委_审核意见.xlsx")
    result = merge_inbox(inbox, period="2011-H1", roster=roster)
    status = {e.name: e.status for e in result.entries}
    assert status == {"小淹镇党委.xlsx": "superseded", "江南镇党委_审核意见.xlsx": "accepted"}
    codes = {p.code for p in result.problems}
    assert "unit.superseded" in codes and "unit.aliases-one-unit" not in codes
