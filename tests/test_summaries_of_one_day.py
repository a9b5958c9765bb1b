"""A county that merges twice on one day sends two upward workbooks with the same 填报时间: the
city takes the later merge by what the workbooks say of themselves (the newest report each merge
read, then the units each counted), not by the files' modification times, which a mail client or a
copy sets; when only those times tell, the clerk is warned, both files named."""

from __future__ import annotations

import os
import shutil

from dianping_xlsx.api import merge_inbox
from dianping_xlsx.model import ACCEPTED, RosterUnit, SUPERSEDED
from dianping_xlsx.read.prescan import DEFAULT_LIMITS, prescan
from dianping_xlsx.report.roster import write_blank_roster

from .test_clerk_traps import run

COUNTY = "沅江市委创先办"
DAY = ("--period", "2011-H1", "--date", "2011-06-29")  # both merges on one day: one 填报时间
T = 1_309_300_000  # 2011-06-28 22:26 UTC


def _merge(ts, inbox, tmp_path, units, keep_as):
    """The county merges its inbox (roster: ``units``) and keeps its upward workbook as ``keep_as``."""
    roster = write_blank_roster(ts, tmp_path / "名册.xlsx", [RosterUnit(u, (), "乡镇") for u in units])
    out = tmp_path / f"县汇总_{inbox.name}"
    run("merge", inbox, "-o", out, *DAY, "--unit-name", COUNTY, "--roster", roster)
    kept = tmp_path / "kept" / keep_as
    kept.parent.mkdir(exist_ok=True)
    return shutil.copy(out / f"上报_{COUNTY}_2011-H1.xlsx", kept)


def _city(tmp_path, earlier, later):
    """The city's inbox: the earlier merge's file saved last (its modification time the later one)."""
    inbox = tmp_path / "市收件箱"
    inbox.mkdir()
    first, second = shutil.copy(earlier, inbox), shutil.copy(later, inbox)
    os.utime(second, (T + 3600, T + 3600))
    os.utime(first, (T + 3605, T + 3605))  # the clerk saved the earlier mail's attachment after
    result = merge_inbox(inbox, period="2011-H1", unit_name="益阳市委创先办", jobs=1)
    return {e.name: (e.status, [(p.code, p.message) for p in e.problems if p.code.startswith("unit.")])
            for e in result.entries}


def test_the_merge_after_a_missing_units_report_came_is_the_newer(ts, make_unit, tmp_path):
    inbox = tmp_path / "县收件箱"
    a, _ = make_unit(inbox, "沅江山镇党委", 1)
    os.utime(a, (T, T))
    earlier = _merge(ts, inbox, tmp_path, ["沅江山镇党委", "沅江水乡党委"], "上报_沅江市委创先办_2011-H1.xlsx")
    b, _ = make_unit(inbox, "沅江水乡党委", 2)
    os.utime(b, (T, T))  # the same time as the other file: the units each merge counted decide
    later = _merge(ts, inbox, tmp_path, ["沅江山镇党委", "沅江水乡党委"], "上报_沅江市委创先办_2011-H1_2.xlsx")
    said = [prescan(p, DEFAULT_LIMITS).properties.get("dianping_summary_newest") for p in (earlier, later)]
    assert said == ["2011-06-28T22:26:40Z"] * 2
    got = _city(tmp_path, earlier, later)
    assert got[later.name] == (ACCEPTED, [])
    assert got[earlier.name] == (SUPERSEDED, [(
        "unit.superseded", f"同一单位报送了多份文件,已采用较新的“{later.name}”,本文件不计入汇总。")])


def test_the_merge_that_read_a_units_later_correction_is_the_newer(ts, make_unit, tmp_path):
    inbox = tmp_path / "县收件箱"
    for n, unit in enumerate(["沅江山镇党委", "沅江水乡党委"]):
        path, _ = make_unit(inbox, unit, n)
        os.utime(path, (T, T))
    earlier = _merge(ts, inbox, tmp_path, ["沅江山镇党委", "沅江水乡党委"], "上报_沅江市委创先办_2011-H1.xlsx")
    path, _ = make_unit(inbox, "沅江水乡党委", 7)  # the unit's correction replaces its file: the same units
    os.utime(path, (T + 60, T + 60))
    later = _merge(ts, inbox, tmp_path, ["沅江山镇党委", "沅江水乡党委"], "上报_沅江市委创先办_2011-H1_2.xlsx")
    assert prescan(later, DEFAULT_LIMITS).properties["dianping_summary_newest"] == "2011-06-28T22:27:40Z"
    got = _city(tmp_path, earlier, later)
    assert got[later.name] == (ACCEPTED, [])
    assert got[earlier.name][0] == SUPERSEDED


def test_two_summaries_only_their_times_tell_apart_are_said_naming_both(ts, make_unit, tmp_path):
    one, other = tmp_path / "县收件箱", tmp_path / "另一收件箱"
    for folder, unit, seed in ((one, "沅江山镇党委", 1), (other, "沅江水乡党委", 2)):
        path, _ = make_unit(folder, unit, seed)
        os.utime(path, (T, T))  # the same newest report, units neither within the other
    earlier = _merge(ts, one, tmp_path, ["沅江山镇党委"], "上报_沅江市委创先办_2011-H1.xlsx")
    later = _merge(ts, other, tmp_path, ["沅江水乡党委"], "上报_沅江市委创先办_2011-H1_2.xlsx")
    got = _city(tmp_path, earlier, later)
    assert got[earlier.name] == (ACCEPTED, [(
        "unit.tie-saved", f"同一下级单位的本文件与“{later.name}”都是汇总结果,填报时间相同,从内容也看不出哪个是后汇总的,"
        "只能按文件的修改时间采用了较晚修改的本文件;邮件保存或复制过的文件,修改时间不一定是汇总的先后。")])
    assert got[later.name] == (SUPERSEDED, [(
        "unit.superseded-saved", f"同一下级单位的本文件与“{earlier.name}”都是汇总结果,填报时间相同,"
        f"从内容也看不出哪个是后汇总的,按文件的修改时间采用了“{earlier.name}”,本文件不计入汇总。")])
