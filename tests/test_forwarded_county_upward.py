"""A county's 上报 forwarded to the province beside its city's 上报 (a clerk forwarding it by mistake,
or the county sending straight up as well): the city's 上报 names the offices and units its totals
hold, transitively, so the province counts the county once (inside the city's), sets the county's
file aside saying which 上报 holds it, and still counts a county the city's 上报 does not hold."""

from __future__ import annotations

import re
import shutil
import zipfile

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
    made = {name: (out, totals) for name, (out, totals, _) in made.items()}
    return _merged(tmp_path, "市", [made[n][0] / f"上报_{n}_2011-H1.xlsx" for n in ("安化县委创先办", "桃江县委创先办")],
                   "益阳市委创先办"), made


def _merged(tmp_path, level: str, files, office: str, *options):
    """An office's merge (CLI) of the 上报 files sent to it; returns its output folder."""
    inbox = tmp_path / f"{level}收件箱"
    inbox.mkdir()
    for f in files:
        shutil.copy(f, inbox)
    res = run("merge", inbox, "-o", tmp_path / f"{level}汇总", *H1, "--unit-name", office, *options)
    assert res.exit_code == 0, res.output
    return tmp_path / f"{level}汇总"


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


def test_a_county_the_city_calls_by_a_formal_name_is_known_by_its_own(ts, make_unit, counties, tmp_path):
    """The city's roster names its counties formally (the counties' own names as aliases): its 上报
    lists both names, and the province knows the county's file by the name the file gives itself."""
    from dianping_xlsx.model import RosterUnit
    from dianping_xlsx.report.roster import write_blank_roster

    _, made = counties
    roster = write_blank_roster(ts, tmp_path / "市名册.xlsx", [
        RosterUnit("中共安化县委创先争优活动领导小组办公室", ("安化县委创先办",), "县"),
        RosterUnit("中共桃江县委创先争优活动领导小组办公室", ("桃江县委创先办",), "县")])
    city = _merged(tmp_path, "市2", [made[n][0] / f"上报_{n}_2011-H1.xlsx" for n in ("安化县委创先办", "桃江县委创先办")],
                   "益阳市委创先办", "--roster", roster)
    offices = units_marked(prescan(city / CITY_UP, DEFAULT_LIMITS).properties, "dianping_summary_offices")
    assert offices == ("中共安化县委创先争优活动领导小组办公室", "安化县委创先办",
                       "中共桃江县委创先争优活动领导小组办公室", "桃江县委创先办")
    province = tmp_path / "省收件箱"
    province.mkdir()
    shutil.copy(city / CITY_UP, province)
    shutil.copy(made["桃江县委创先办"][0] / B_UP, province)
    result = merge_inbox(province, period="2011-H1", unit_name="湖南省委创先办", jobs=1)
    assert {k: result.totals.get(k, 0) for k in ts.keys} == _sum(ts, made["安化县委创先办"][1], made["桃江县委创先办"][1])
    _set_aside_in(result, B_UP, CITY_UP, "桃江县委创先办")


def test_a_nation_sets_aside_a_countys_file_and_a_units_beside_the_provinces(ts, counties, tmp_path):
    """Three levels: the province's 上报 names its city, the city's counties and their units, so a
    national office counts the county's 上报 and a township's own file once (in the province's)."""
    city_out, made = counties
    prov_out = _merged(tmp_path, "省", [city_out / CITY_UP], "湖南省委创先办")
    prov_up = prov_out / "上报_湖南省委创先办_2011-H1.xlsx"
    props = prescan(prov_up, DEFAULT_LIMITS).properties
    assert units_marked(props, "dianping_summary_offices") == ("益阳市委创先办", "安化县委创先办", "桃江县委创先办")
    assert units_marked(props) == ("梅城镇党委", "东坪镇党委", "桃花江镇党委")  # the units below, farthest last
    nation = tmp_path / "全国收件箱"
    nation.mkdir()
    shutil.copy(prov_up, nation)
    shutil.copy(made["安化县委创先办"][0] / A_UP, nation)
    shutil.copy(tmp_path / "安化县委创先办" / "收件箱" / "梅城镇党委.xlsx", nation)
    result = merge_inbox(nation, period="2011-H1", unit_name="中央创先办", jobs=1)
    assert [s.display_unit for s in result.accepted] == ["湖南省委创先办"]
    assert {k: result.totals.get(k, 0) for k in ts.keys} == _sum(ts, made["安化县委创先办"][1], made["桃江县委创先办"][1])
    aside = {e.name: e.problems[0] for e in result.entries if e.status == "ignored"}
    assert sorted(aside) == sorted([A_UP, "梅城镇党委.xlsx"])
    assert aside[A_UP].code == "unit.summary-inside-summary" and "请“湖南省委创先办”" in aside[A_UP].message
    assert aside["梅城镇党委.xlsx"].code == "unit.inside-summary"
    assert f"已包含在“{prov_up.name}”中" in aside["梅城镇党委.xlsx"].message


def _rewritten(source, target, units: str | None):
    """A copy of an upward workbook as an earlier version wrote it: no list of offices, its units' list
    the given names (None: no list at all, as before lists were written)."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "docProps/custom.xml":
                text = data.decode("utf-8")
                text = re.sub(r'<property [^>]*name="dianping_summary_(offices|units)_(?!1")[^"]*">.*?</property>', "",
                              text, flags=re.S)
                text = re.sub(r'<property [^>]*name="dianping_summary_offices_1">.*?</property>', "", text, flags=re.S)
                unit = re.compile(r'(<property [^>]*name="dianping_summary_units_1"><vt:lpwstr>)[^<]*(</vt:lpwstr></property>)')
                text = unit.sub("" if units is None else lambda m: m[1] + units + m[2], text)
                data = text.encode("utf-8")
            zout.writestr(info, data)
    return target


@pytest.mark.parametrize("listed", [True, False])
def test_a_citys_file_of_an_earlier_version(ts, counties, tmp_path, listed):
    """Its list of the counties it counted (an earlier version listed the accepted reports alone)
    still sets the county's file aside; a file with no list counts it, as before."""
    city_out, made = counties
    province = tmp_path / "省收件箱"
    province.mkdir()
    _rewritten(city_out / CITY_UP, province / CITY_UP, "安化县委创先办\n桃江县委创先办" if listed else None)
    props = prescan(province / CITY_UP, DEFAULT_LIMITS).properties
    assert not [k for k in props if k.startswith("dianping_summary_offices")]
    assert units_marked(props) == (("安化县委创先办", "桃江县委创先办") if listed else ())
    shutil.copy(made["安化县委创先办"][0] / A_UP, province)
    result = merge_inbox(province, period="2011-H1", unit_name="湖南省委创先办", jobs=1)
    both = _sum(ts, made["安化县委创先办"][1], made["桃江县委创先办"][1])
    if listed:
        assert {k: result.totals.get(k, 0) for k in ts.keys} == both
        _set_aside_in(result, A_UP, CITY_UP, "安化县委创先办")
    else:  # nothing tells: counted as any office's report (the clerk sees both in 报送情况)
        assert sorted(s.display_unit for s in result.accepted) == ["安化县委创先办", "益阳市委创先办"]


@pytest.mark.parametrize("fmt", ["xlsx", "xls", "ods"])
def test_a_citys_file_resaved_by_libreoffice_still_names_its_counties(ts, counties, tmp_path, fmt):
    from .test_libreoffice import resave

    if soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    city_out, made = counties
    province = tmp_path / "省收件箱"
    [copy] = resave([city_out / CITY_UP], fmt, province, tmp_path / "profile")
    props = prescan(copy, DEFAULT_LIMITS).properties
    assert units_marked(props, "dianping_summary_offices") == ("安化县委创先办", "桃江县委创先办")
    shutil.copy(made["安化县委创先办"][0] / A_UP, province)
    result = merge_inbox(province, period="2011-H1", unit_name="湖南省委创先办", jobs=1)
    assert {k: result.totals.get(k, 0) for k in ts.keys} == _sum(ts, made["安化县委创先办"][1], made["桃江县委创先办"][1])
    _set_aside_in(result, A_UP, copy.name, "安化县委创先办")


def test_a_nations_list_is_cut_to_what_a_reader_takes(tmp_path):
    """A list of every unit of a nation would pass the 1 MB of properties a reader takes (and lose
    every mark, the file no longer known as a summary): the offices are kept whole, the units as
    many as fit, the farthest below (last) left out."""
    import xlsxwriter

    from dianping_xlsx.model import SUMMARY_PERIOD_PROPERTY
    from dianping_xlsx.report.marks import mark_units
    from dianping_xlsx.template.layout import set_property

    offices = [f"中共第{n:04d}县委创先争优活动领导小组办公室" for n in range(3000)]
    units = [f"第{n // 130:04d}县第{n % 130:03d}乡镇党委" for n in range(60000)]
    wb = xlsxwriter.Workbook(str(tmp_path / "上报.xlsx"))
    wb.add_worksheet("附件1")
    set_property(wb, SUMMARY_PERIOD_PROPERTY, "2011-H1")
    mark_units(wb, units, offices)
    wb.close()
    props = prescan(tmp_path / "上报.xlsx", DEFAULT_LIMITS).properties
    assert props[SUMMARY_PERIOD_PROPERTY] == "2011-H1"
    assert units_marked(props, "dianping_summary_offices") == tuple(offices)
    kept = units_marked(props)
    assert 10000 < len(kept) < len(units) and kept == tuple(units[:len(kept)])


def test_with_a_roster_of_cities_the_county_is_not_off_the_roster(ts, counties, tmp_path):
    from dianping_xlsx.model import RosterUnit
    from dianping_xlsx.report.roster import write_blank_roster

    city_out, made = counties
    province = tmp_path / "省收件箱"
    province.mkdir()
    shutil.copy(city_out / CITY_UP, province)
    shutil.copy(made["安化县委创先办"][0] / A_UP, province)
    roster = write_blank_roster(ts, tmp_path / "省名册.xlsx", [RosterUnit("益阳市委创先办", (), "市")])
    result = merge_inbox(province, period="2011-H1", unit_name="湖南省委创先办", roster=roster, jobs=1)
    assert {k: result.totals.get(k, 0) for k in ts.keys} == _sum(ts, made["安化县委创先办"][1], made["桃江县委创先办"][1])
    assert result.summary.off_roster == [] and result.summary.complete
    _set_aside_in(result, A_UP, CITY_UP, "安化县委创先办")
