"""A county's 上报 forwarded to the province beside its city's 上报 (a clerk forwarding it by mistake,
or the county sending straight up as well): the city's 上报 names the offices and units its totals
hold, transitively, so the province counts the county once (inside the city's), sets the county's
file aside saying which 上报 holds it, and still counts a county the city's 上报 does not hold."""

from __future__ import annotations

import shutil

import pytest

from dianping_xlsx.api import merge_inbox
from dianping_xlsx.check.summarybelow import units_marked
from dianping_xlsx.read.prescan import DEFAULT_LIMITS, prescan

from .conftest import soffice
from .test_clerk_traps import run
from .test_half_year import H1, _county

A_UP, B_UP, C_UP = ("上报_安化县委创先办_2011-H1.xlsx", "上报_桃江县委创先办_2011-H1.xlsx",
                    "上报_沅江市委创先办_2011-H1.xlsx")
CITY_UP = "上报_益阳市委创先办_2011-H1.xlsx"


@pytest.fixture
def counties(ts, make_unit, tmp_path):
    """Three counties' merges (安化 and 桃江 report to the city; 沅江's 上报 the city never got) and
    the city's merge of 安化's and 桃江's 上报; returns (city's out, {county: (out, totals)})."""
    made = {"安化县委创先办": _county(ts, make_unit, tmp_path, "安化县委创先办", ["梅城镇党委", "东坪镇党委"], [], 10),
            "桃江县委创先办": _county(ts, make_unit, tmp_path, "桃江县委创先办", ["桃花江镇党委"], [], 20),
            "沅江市委创先办": _county(ts, make_unit, tmp_path, "沅江市委创先办", ["琼湖街道党工委"], [], 30)}
    assert all(res.exit_code == 0 for _, _, res in made.values())
    city_inbox = tmp_path / "市收件箱"
    city_inbox.mkdir()
    for name in ("安化县委创先办", "桃江县委创先办"):
        shutil.copy(made[name][0] / f"上报_{name}_2011-H1.xlsx", city_inbox)
    res = run("merge", city_inbox, "-o", tmp_path / "市汇总", *H1, "--unit-name", "益阳市委创先办")
    assert res.exit_code == 0, res.output
    return tmp_path / "市汇总", {name: (out, totals) for name, (out, totals, _) in made.items()}


def _sum(ts, *totals):
    return {k: sum(t.get(k, 0) for t in totals) for k in ts.keys}


def _set_aside_in(province, forwarded: str, city_file: str, county: str):
    aside = {e.name: e for e in province.entries if e.status == "ignored"}
    assert list(aside) == [forwarded]
    [note] = aside[forwarded].problems
    assert note.code == "unit.summary-inside-summary" and note.severity == "warning"
    assert note.file == forwarded
    assert f"“{county}”的上报文件已包含在“{city_file}”中" in note.message, note.message
    assert "未重复计入汇总" in note.message and "请“益阳市委创先办”" in note.message
    return note


@pytest.mark.parametrize("forwarded", [A_UP, "转来/" + A_UP, "0_安化县转来.xlsx"])
def test_a_countys_upward_file_beside_its_citys_is_counted_once(ts, counties, tmp_path, forwarded):
    """Its file sorted after the city's, in a folder, or before it (the order files are read in)."""
    city_out, made = counties
    province = tmp_path / "省收件箱"
    (province / forwarded).parent.mkdir(parents=True)
    shutil.copy(city_out / CITY_UP, province)
    shutil.copy(made["安化县委创先办"][0] / A_UP, province / forwarded)
    result = merge_inbox(province, period="2011-H1", unit_name="湖南省委创先办", jobs=1)
    assert [s.display_unit for s in result.accepted] == ["益阳市委创先办"]
    assert {k: result.totals.get(k, 0) for k in ts.keys} == _sum(ts, made["安化县委创先办"][1], made["桃江县委创先办"][1])
    _set_aside_in(result, forwarded, CITY_UP, "安化县委创先办")


def test_a_county_the_citys_file_does_not_hold_is_counted(ts, counties, tmp_path):
    city_out, made = counties
    province = tmp_path / "省收件箱"
    province.mkdir()
    shutil.copy(city_out / CITY_UP, province)
    shutil.copy(made["沅江市委创先办"][0] / C_UP, province)
    result = merge_inbox(province, period="2011-H1", unit_name="湖南省委创先办", jobs=1)
    assert sorted(s.display_unit for s in result.accepted) == ["沅江市委创先办", "益阳市委创先办"]
    assert {k: result.totals.get(k, 0) for k in ts.keys} == _sum(ts, *(t for _, t in made.values()))
    assert not [p for e in result.entries for p in e.problems if "inside-summary" in p.code]
