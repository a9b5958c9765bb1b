"""A material filed under a short name is matched to the roster as tables are (卫健工委述职报告.docx
is 云州市卫健工委's), one naming no roster unit is listed as 名册外 with a 您是否指 hint, and a lower
office's summary is not asked for the units' materials unless the notice asks offices too."""

from __future__ import annotations

import dataclasses
import datetime as dt

from dianping_xlsx.api import merge_inbox
from dianping_xlsx.definitions import Key
from dianping_xlsx.model import MATERIAL, RosterUnit
from dianping_xlsx.report.roster import write_blank_roster
from dianping_xlsx.testing import fill_template

from .test_material_names import missing, notice  # noqa: F401 - the fixture

UNITS = ("某某县甲乡党委", "某某县乙乡党委")


def _inbox(notice, folder, *documents: str):  # noqa: F811
    """Each unit's tables with its full name (the template as the roster stamps it), and documents."""
    ts = notice.tables
    table = ts.tables[0]
    base, done = (r.metric for r in table.rows)
    town, county, subtotal = table.categories
    for unit in UNITS:
        values = {Key(table.key, town, base, ""): 10, Key(table.key, county, base, ""): 20,
                  Key(table.key, subtotal, base, ""): 30, Key(table.key, town, done, ""): 8,
                  Key(table.key, county, done, ""): 20, Key(table.key, subtotal, done, ""): 28}
        fill_template(ts, folder / "收件箱" / f"{unit[3:]}.xlsx", unit, dt.date(2013, 3, 20), values)
    for name in documents:
        (folder / "收件箱" / name).write_bytes(b"PK\x03\x04 a summary")
    roster = write_blank_roster(ts, folder / "名册.xlsx", [RosterUnit(u, (), "乡镇") for u in UNITS])
    return merge_inbox(folder / "收件箱", period="2013-H1", notice=notice, unit_name="某某县委办", roster=roster)


def test_a_short_name_is_its_roster_units_material(notice, tmp_path):  # noqa: F811
    result = _inbox(notice, tmp_path, "甲乡党委工作总结.docx")
    entry = next(e for e in result.entries if e.name == "甲乡党委工作总结.docx")
    assert (entry.status, entry.named, entry.problems[0].code) == (MATERIAL, "某某县甲乡党委", "material.received")
    assert missing(result) == ["某某县乙乡党委"]


def test_a_material_of_no_roster_unit_is_said_off_roster(notice, tmp_path):  # noqa: F811
    result = _inbox(notice, tmp_path, "甲乡党委工作总结.docx", "甲乡党工委工作总结.docx")
    entry = next(e for e in result.entries if e.name == "甲乡党工委工作总结.docx")
    said = entry.problems[0]
    assert (entry.status, said.code, entry.named) == (MATERIAL, "material.off-roster", "甲乡党工委")
    assert "“甲乡党工委”不在单位名册中" in said.message and "您是否指“某某县" in said.message
    assert missing(result) == ["某某县乙乡党委"]


def test_a_lower_offices_summary_is_not_asked_for_the_units_materials(notice, tmp_path):  # noqa: F811
    county = _inbox(notice, tmp_path / "县", "甲乡党委工作总结.docx", "乙乡党委工作总结.docx")
    from dianping_xlsx.api import write_summary

    write_summary(county, tmp_path / "县" / "汇总", unit_name="某某县委办")
    [upward] = (tmp_path / "县" / "汇总").glob("上报_*.xlsx")
    city_inbox = tmp_path / "市收件箱"
    city_inbox.mkdir()
    (city_inbox / upward.name).write_bytes(upward.read_bytes())
    city = merge_inbox(city_inbox, period="2013-H1", notice=notice, unit_name="某某市委办")
    assert missing(city) == []
    asked = dataclasses.replace(notice, materials=tuple(dataclasses.replace(m, offices=True) for m in notice.materials))
    city = merge_inbox(city_inbox, period="2013-H1", notice=asked, unit_name="某某市委办")
    assert missing(city) == ["某某县委办"]
