"""A lower office's summary typed by hand into the official tables (no marks of ours) beside the
tool-made 上报 of the other offices: the roster tells it is an office's (its 类型 names a lower
office, or most files are marked summaries), so it is held to no unit's ceiling and the documents
stay addressed to offices; nothing about its units (what it lacked, which it holds) is made up."""

from __future__ import annotations

import datetime as dt
import shutil

import docx
import pytest

from dianping_xlsx.model import RosterUnit
from dianping_xlsx.report.roster import write_blank_roster
from dianping_xlsx.testing import Handmade, write_handmade

from .test_clerk_traps import problems_of, run, totals_of
from .test_half_year import H1, _county

TYPED = Handmade(sheet_names=("附件1", "附件2", "附件3"))


def _circular(out) -> str:
    [path] = out.glob("情况通报_*.docx")
    return "\n".join(p.text for p in docx.Document(path).paragraphs)


def _upward(ts, make_unit, tmp_path, office: str, unit: str, seed: int):
    out, totals, res = _county(ts, make_unit, tmp_path, office, [unit], [], seed)
    assert res.exit_code == 0, res.output
    return next(out.glob("上报_*.xlsx")), totals


@pytest.mark.parametrize("kind", ["区县市", ""])  # the roster's 类型 tells; or, without it, most files are marked
def test_a_city_with_one_county_typed_by_hand_writes_to_its_counties(ts, make_unit, tmp_path, kind):
    inbox = tmp_path / "市收件箱"
    inbox.mkdir()
    for n, (office, unit) in enumerate([("安化县委创先办", "梅城镇党委"), ("桃江县委创先办", "桃花江镇党委")]):
        up, _ = _upward(ts, make_unit, tmp_path, office, unit, 10 * n + 10)
        shutil.copy(up, inbox / up.name)
    typed = {k: 7 for k in ts.keys if not k.round or k.round == ts.rounds[0].label}
    write_handmade(ts, inbox / "高新区上报表.xlsx", "高新区委创先办", "2011年6月28日", typed, TYPED)
    roster = write_blank_roster(ts, tmp_path / "市名册.xlsx", [RosterUnit(name, (), kind) for name in
                                                              ("安化县委创先办", "桃江县委创先办", "高新区委创先办")])
    out = tmp_path / "市汇总"
    res = run("merge", inbox, "-o", out, *H1, "--unit-name", "益阳市委创先办", "--roster", roster)
    assert res.exit_code == 0, res.output
    text = _circular(out)
    assert "各县（市、区）委创先办：" in text and "各乡镇党委" not in text
    assert "各地对" in text and "〔2011〕" not in text  # an office above the county cites no county's 文号
    assert "汇总尚不完整" not in text  # nothing said of the typed summary's units: it says nothing of them


def test_a_province_reads_a_city_typed_by_hand_beyond_one_units_ceiling(ts, make_unit, tmp_path):
    """A city's summary typed by hand counts more members than any one unit can have: no
    value.implausible (an error --ignore cannot lift), the city adopted, its numbers counted."""
    inbox = tmp_path / "省收件箱"
    inbox.mkdir()
    up, yiyang = _upward(ts, make_unit, tmp_path, "益阳市委创先办", "梅城镇党委", 30)
    shutil.copy(up, inbox / up.name)
    typed = {k: 9 for k in ts.keys if not k.round or k.round == ts.rounds[0].label}
    big = [k for k in ts.keys if k.table == "附件3" and k.category == "农村"
           and (not k.round or k.round == ts.rounds[0].label)]
    typed.update({k: 150000 for k in big})
    write_handmade(ts, inbox / "常德市上报.xlsx", "常德市委创先办", "2011年6月30日", typed, TYPED)
    roster = write_blank_roster(ts, tmp_path / "省名册.xlsx", [RosterUnit("益阳市委创先办", (), "市州"),
                                                              RosterUnit("常德市委创先办", (), "市州")])
    out = tmp_path / "省汇总"
    res = run("merge", inbox, "-o", out, *H1, "--unit-name", "湖南省委创先办", "--roster", roster)
    assert res.exit_code == 0, res.output
    assert "不可能有这么多" not in res.output
    said = {r["代码"] for r in problems_of(out) if r["单位"] == "常德市委创先办"}
    assert said == {"rule.cross-table"}  # 9 everywhere: 63 书记 for 108 党组织, and nothing else
    totals = totals_of(out)
    for key in big:
        assert totals[key] == 150000 + yiyang[key]
    assert "各市（州）委创先办：" in _circular(out)


def test_a_countys_own_unit_typed_by_hand_is_still_held_to_the_ceiling(ts, make_unit, tmp_path):
    """A county merging its units' files: a unit of the roster (乡镇) is no office, 150000 is sent back."""
    inbox = tmp_path / "收件箱"
    make_unit(inbox, "平口镇党委", seed=3)
    key = next(k for k in ts.keys if k.table == "附件3")
    write_handmade(ts, inbox / "梅城镇.xlsx", "梅城镇党委", "2011年6月28日", {key: 150000}, TYPED)
    roster = write_blank_roster(ts, tmp_path / "名册.xlsx", [RosterUnit("梅城镇党委", (), "乡镇"),
                                                            RosterUnit("平口镇党委", (), "乡镇")])
    out = tmp_path / "out"
    res = run("merge", inbox, "-o", out, *H1, "--unit-name", "安化县委创先办", "--roster", roster)
    assert res.exit_code == 1, res.output
    assert "value.implausible" in {r["代码"] for r in problems_of(out) if r["单位"] == "梅城镇党委"}


def test_a_county_typed_by_hand_is_due_when_offices_report(ts, tmp_path):
    """The units' deadline (June 20) is not the offices' (June 30): a county's summary typed by hand
    on June 25 is on time, as its tool-made 上报 would be; a unit's file of June 25 is late."""
    from dataclasses import replace

    from dianping_xlsx.merge.inbox import merge
    from dianping_xlsx.merge.options import DEFAULT_OPTIONS
    from dianping_xlsx.merge.roster import load_roster
    from dianping_xlsx.model import Period

    inbox = tmp_path / "市收件箱"
    typed = {k: 7 for k in ts.keys if not k.round or k.round == ts.rounds[0].label}
    write_handmade(ts, inbox / "高新区上报表.xlsx", "高新区委创先办", "2011年6月25日", typed, TYPED)
    write_handmade(ts, inbox / "市教育局.xlsx", "市教育局党委", "2011年6月25日", typed, TYPED)
    roster = load_roster(write_blank_roster(ts, tmp_path / "市名册.xlsx", [
        RosterUnit("高新区委创先办", (), "区县市"), RosterUnit("市教育局党委", (), "市直机关")]), ts.names)
    options = replace(DEFAULT_OPTIONS, roster=roster, due=dt.date(2011, 6, 20), summary_due=dt.date(2011, 6, 30),
                      unit_name="益阳市委创先办", jobs=1)
    result = merge(inbox, ts, Period.parse("2011-H1"), options)
    late = {e.submission.display_unit for e in result.entries for p in e.problems if p.code == "date.late"}
    assert late == {"市教育局党委"}
