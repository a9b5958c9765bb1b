"""Under the second notice (justice-2012) a city's roster may name its counties' bureaus formally
(中共新北区司法局委员会, 常州市武进区司法局) while their 上报 files sign short (新北区司法局): each is
that bureau, as under hunan-2011, and two roster rows one name could stand for stay a question."""

from __future__ import annotations

import datetime as dt

from dianping_xlsx.api import load_notice, merge_inbox, write_summary
from dianping_xlsx.model import RosterUnit
from dianping_xlsx.report.roster import write_blank_roster
from dianping_xlsx.testing import fill_template

from .test_justice_notice import unit_values

NOTICE = load_notice("justice-2012")
TS = NOTICE.tables
COUNTIES = ("新北区司法局", "戚墅堰区司法局", "武进区司法局", "金坛区司法局")
FORMAL = ("中共新北区司法局委员会", "中共常州市戚墅堰区司法局委员会", "常州市武进区司法局", "中共金坛区司法局党组")


def city_inbox(tmp_path):
    """Each county's 上报 file, made by merging two units' filled templates, in the city's inbox."""
    ups = tmp_path / "市收件箱"
    ups.mkdir()
    for n, county in enumerate(COUNTIES):
        inbox = tmp_path / county
        for k in range(2):
            fill_template(TS, inbox / f"单位{k}.xlsx", f"{county}单位{k}", dt.date(2012, 3, 10), unit_values(2 * n + k))
        written = write_summary(merge_inbox(inbox, period="2012-H1", notice=NOTICE), tmp_path / f"{county}结果",
                                unit_name=county, day=dt.date(2012, 3, 14))
        (ups / written.upward.name).write_bytes(written.upward.read_bytes())
    return ups


def roster(tmp_path, names):
    return write_blank_roster(TS, tmp_path / "名册.xlsx", [RosterUnit(u, (), "司法局") for u in names])


def test_a_formal_roster_finds_the_counties_signing_short(tmp_path):
    ups = city_inbox(tmp_path)
    city = merge_inbox(ups, period="2012-H1", notice=NOTICE, unit_name="常州市司法局", roster=roster(tmp_path, FORMAL))
    assert sorted(s.display_unit for s in city.accepted) == sorted(FORMAL)
    assert city.summary.counts["accepted"] == 4 and not city.summary.off_roster and not city.summary.missing


def test_two_roster_rows_one_name_could_be_stay_a_question(tmp_path):
    ups = city_inbox(tmp_path)
    both = ("中共新北区司法局委员会", "新北区司法局党组", *FORMAL[1:])
    city = merge_inbox(ups, period="2012-H1", notice=NOTICE, unit_name="常州市司法局", roster=roster(tmp_path, both))
    assert not {s.display_unit for s in city.accepted} & {"中共新北区司法局委员会", "新北区司法局党组"} and len(city.accepted) == 3
    said = [p.message for p in city.problems if "新北区司法局" in p.message and "您是否指" in p.message]
    assert said and "中共新北区司法局委员会" in said[0] and "新北区司法局党组" in said[0]


def test_bureaus_of_two_places_are_never_one(tmp_path):
    from dianping_xlsx.merge.roster import NameKey

    key = NameKey(TS.names)
    assert key("江苏省常州市司法局") == key("常州市司法局") != key("苏州市司法局")
    assert key("溧阳市司法局") == "溧阳市司法局"  # a county-level city's bureau keeps its place
    assert not key.same_place("常州市司法局", "苏州市司法局")
