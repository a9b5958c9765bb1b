"""A notice drafted from its Word file (dianping definitions init) compares a roster's names as the
shipped notices do: a clerk's roster writes units formally (中共梅城镇委员会, 安化县平口镇党委,
常州市新北区司法局), their files sign short (梅城镇, 平口镇, 新北区司法局): each is that unit out of
the box, while a unit of another place (桃江县平口镇) is never taken for one of the roster."""

from __future__ import annotations

import datetime as dt

from dianping_xlsx import api
from dianping_xlsx.model import RosterUnit
from dianping_xlsx.report.roster import write_blank_roster
from dianping_xlsx.testing import fill_template, random_values

from .test_draft_docs import county_docx

DAY = dt.date(2013, 3, 20)
FORMAL = {"中共梅城镇委员会": "梅城镇", "安化县平口镇党委": "平口镇", "中共常州市新北区司法局委员会": "新北区司法局",
          "益阳市赫山区教育局党组": "赫山区教育局"}


def _drafted(tmp_path):
    return api.draft_notice(county_docx(tmp_path / "通知.docx"), tmp_path / "新通知.toml").notice


def test_a_drafted_notice_matches_formal_roster_names_to_short_ones(tmp_path):
    notice = _drafted(tmp_path)
    ts = api.load_notice(str(notice)).tables
    roster = write_blank_roster(ts, tmp_path / "名册.xlsx", [RosterUnit(u, (), "") for u in FORMAL])
    inbox = tmp_path / "收件箱"
    for n, short in enumerate([*FORMAL.values(), "桃江县平口镇"]):
        fill_template(ts, inbox / f"{short}.xlsx", short, DAY, random_values(ts, n))
    result = api.merge_inbox(inbox, period="2013-H1", notice=str(notice), roster=roster, jobs=1)
    assert sorted(s.display_unit for s in result.accepted) == sorted(FORMAL)
    assert not result.summary.missing
    assert result.summary.off_roster_units == ["桃江县平口镇"]  # another county's township is never 平口镇 here


def test_the_draft_says_its_name_rules(tmp_path):
    tables = _drafted(tmp_path).with_name("新通知-tables.toml").read_text(encoding="utf-8")
    assert '"委员会" = "党委"' in tables and "# 比对名册的单位名称" in tables
