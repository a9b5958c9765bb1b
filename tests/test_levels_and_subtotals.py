"""A notice of the docs' own making (docs/通知定义.md): a 小计 category is the sum of others, and
counted once in every 合计 (分类汇总, 按类型汇总); a lower level's summaries are late by the
office's deadline (``due``), not the units' (``unit_due``)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import openpyxl

from dianping_xlsx.api import load_notice, merge_inbox, write_summary, write_templates
from dianping_xlsx.definitions import Key
from dianping_xlsx.model import RosterUnit
from dianping_xlsx.report.roster import write_blank_roster
from dianping_xlsx.testing import fill_template, random_values

ROOT = Path(__file__).resolve().parent.parent
UNITS = [("甲镇党委", "乡镇"), ("乙镇党委", "乡镇"), ("丙局党组", "部门")]


def docs_notice(folder: Path, unit_due: str = "") -> Path:
    """The docs' example notice (新通知.toml and its tables), written into ``folder``."""
    docs = (ROOT / "docs" / "通知定义.md").read_text(encoding="utf-8")
    for name, body in re.findall(r"```toml\n# (\S+)\n(.*?)```", docs, re.S):
        if unit_due and name == "新通知.toml":
            body = body.replace('due = "03-31"', f'due = "03-31"\nunit_due = "{unit_due}"')
            assert "unit_due" in body
        (folder / name).write_text(body, encoding="utf-8")
    return folder / "新通知.toml"


def filled(tmp_path: Path, notice, day: dt.date) -> tuple[Path, dict[Key, int]]:
    """Each unit's template filled (its 小计 the sum of its parts, as a unit adds it up)."""
    ts = notice.tables
    (blank, *_), _ = write_templates(tmp_path / "模板", notice=notice)
    inbox, sums = tmp_path / "收件箱", {}
    for n, (unit, _) in enumerate(UNITS):
        values = random_values(ts, 7 + n)
        fill_template(ts, inbox / f"{unit}.xlsx", unit, day, values, blank_template=blank)
        for key, value in values.items():
            sums[key] = sums.get(key, 0) + value
    return inbox, sums


def rate_rows(path: Path, sheet: str) -> dict[str, list]:
    ws = openpyxl.load_workbook(path, read_only=True)[sheet]
    return {row[0]: list(row[1:]) for row in ws.iter_rows(values_only=True) if row and row[0]}


def test_a_subtotal_category_is_counted_once_in_every_total(tmp_path):
    notice = load_notice(str(docs_notice(tmp_path)))
    table = notice.tables.tables[0]
    assert table.categories == ("乡镇", "县直单位", "小计") and table.addends(table.categories) == ("乡镇", "县直单位")
    inbox, sums = filled(tmp_path, notice, dt.date(2013, 3, 20))
    roster = write_blank_roster(notice.tables, tmp_path / "名册.xlsx", [RosterUnit(u, (), k) for u, k in UNITS])
    result = merge_inbox(inbox, period="2013-H1", notice=notice, roster=roster)
    assert len(result.accepted) == 3 and result.totals == sums
    base = table.base_row.metric
    leaves = sums[Key(table.key, "乡镇", base, "")] + sums[Key(table.key, "县直单位", base, "")]
    assert sums[Key(table.key, "小计", base, "")] == leaves  # the units' own 小计
    written = write_summary(result, tmp_path / "结果", unit_name="某某县委办", day=dt.date(2013, 3, 25))
    by_category = rate_rows(written.workbook, f"{table.key}分类汇总")
    assert by_category["小计"][0] == leaves and by_category["合计"][0] == leaves  # not 2 × leaves
    by_kind = rate_rows(written.workbook, f"{table.key}按类型汇总")
    assert by_kind["合计"][0] == leaves
    towns = [u for u, k in UNITS if k == "乡镇"]
    assert by_kind["乡镇(2 个单位)"][0] == sum(s.values[Key(table.key, c, base, "")] for s in result.accepted
                                               if s.unit in towns for c in ("乡镇", "县直单位"))


def test_a_lower_levels_summaries_are_late_by_the_offices_deadline(tmp_path):
    """unit_due (03-20) holds the units; the counties' summaries, dated 03-25, are on time at
    the city: the notice's due (03-31) holds the offices."""
    notice = load_notice(str(docs_notice(tmp_path, unit_due="03-20")))
    inbox, sums = filled(tmp_path, notice, dt.date(2013, 3, 22))
    county = merge_inbox(inbox, period="2013-H1", notice=notice)
    assert county.summary.due == dt.date(2013, 3, 20) and len(county.summary.late) == 3  # units late
    ups = tmp_path / "市收件箱"
    ups.mkdir()
    for office in ("甲县委办", "乙县委办"):
        written = write_summary(county, tmp_path / office, unit_name=office, day=dt.date(2013, 3, 25))
        (ups / written.upward.name).write_bytes(written.upward.read_bytes())
    city = merge_inbox(ups, period="2013-H1", notice=notice, unit_name="某某市委办")
    assert len(city.accepted) == 2 and city.totals == {k: 2 * v for k, v in sums.items()}
    assert city.summary.due == dt.date(2013, 3, 31) and city.summary.late == []
    assert not [p for e in city.entries for p in e.problems if p.code.startswith("date.late")]
    late = merge_inbox(ups, period="2013-H1", notice=notice, unit_name="某某市委办", due="2013-03-24")
    assert late.summary.due == dt.date(2013, 3, 24) and len(late.summary.late) == 2  # a deadline given: for all


def test_a_county_whose_name_is_one_character_and_its_county_signs_short(tmp_path):
    """南县: the city's roster names it 中共南县县委创先争优活动领导小组办公室 with the alias 南县委创先办,
    the county signs 南县委创先办: one place (南县), the alias holds (it was refused as another place)."""
    from dianping_xlsx.api import load_roster
    from dianping_xlsx.testing import h1_only

    ts = load_notice("hunan-2011").tables
    inbox = tmp_path / "县收件箱"
    values = h1_only(ts, random_values(ts, 3))
    fill_template(ts, inbox / "甲镇党委.xlsx", "甲镇党委", dt.date(2011, 6, 25), values)
    county = merge_inbox(inbox, period="2011-H1")
    written = write_summary(county, tmp_path / "南县结果", unit_name="南县委创先办", day=dt.date(2011, 6, 28))
    ups = tmp_path / "市收件箱"
    ups.mkdir()
    (ups / written.upward.name).write_bytes(written.upward.read_bytes())
    roster = write_blank_roster(ts, tmp_path / "市名册.xlsx", [
        RosterUnit("中共南县县委创先争优活动领导小组办公室", ("南县委创先办",), "县"),
        RosterUnit("中共安化县委创先争优活动领导小组办公室", (), "县")])
    city = merge_inbox(ups, period="2011-H1", unit_name="益阳市委创先办", roster=load_roster(roster, ts))
    assert [s.display_unit for s in city.accepted] == ["中共南县县委创先争优活动领导小组办公室"]
    assert city.totals == values


def test_a_unit_off_the_roster_is_suggested_units_of_its_kind_not_of_its_county(tmp_path):
    """安化县职业中专党委 (dissolved, off the roster): no suggestion of 安化县林业局党委 for sharing 安化县 … 党委;
    a name mistyped (东平镇党委) still gets the unit meant."""
    from dianping_xlsx.api import load_roster

    ts = load_notice("hunan-2011").tables
    path = write_blank_roster(ts, tmp_path / "名册.xlsx", [RosterUnit(n) for n in (
        "安化县林业局党委", "安化县农业局党委", "安化县中医院党委", "东坪镇党委")])
    roster = load_roster(path, ts)
    assert roster.match("安化县职业中专党委").suggestions == []
    assert roster.match("东平镇党委").suggestions == ["东坪镇党委"]
    assert roster.match("安化县中医医院党委").suggestions == ["安化县中医院党委"]


def test_a_late_file_of_a_notice_without_a_window_is_late_not_of_another_period(tmp_path):
    """The docs' notice gives work and due (03-31) but no window: a file dated 04-10 is 逾期, and
    not also "填报时间不在本期" (the window was the work span, ending at the deadline)."""
    notice = load_notice(str(docs_notice(tmp_path)))
    inbox, _ = filled(tmp_path, notice, dt.date(2013, 4, 10))
    result = merge_inbox(inbox, period="2013-H1", notice=notice, due="2013-03-31")
    codes = {p.code for e in result.entries for p in e.problems}
    assert "date.late" in codes and "date.outside-period" not in codes
    assert notice.period("2013-H1").window == (dt.date(2013, 2, 1), dt.date(2013, 4, 30))
