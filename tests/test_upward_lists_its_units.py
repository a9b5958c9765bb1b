"""A county sends its 上报 up and forwards its units' own files as well: the 上报 names the units
its totals hold (numbered document properties, nothing printed), so the city counts each unit once,
sets the units' files aside naming the 上报, and still counts on its own a unit the county lacked.
The list survives a LibreOffice re-save and holds every name of a county of 200 units."""

from __future__ import annotations

import shutil

import openpyxl
import pytest

from dianping_xlsx.api import merge_inbox
from dianping_xlsx.check.summarybelow import units_marked
from dianping_xlsx.read.prescan import DEFAULT_LIMITS, prescan

from .conftest import soffice
from .test_half_year import H1, _county

UP = "上报_桃江县委创先办_2011-H1.xlsx"
FORWARDED = "桃江县转来的单位报表"


def _county_and_forwarded(ts, make_unit, tmp_path):
    """桃江's merge (roster: 灰山港, 桃花江, 修山; 修山 had not reported) and the folder of its units'
    files it forwards to the city, 修山's late file among them; returns (its out, the folder, totals
    the city should count)."""
    out, totals, res = _county(ts, make_unit, tmp_path, "桃江县委创先办", ["灰山港镇党委", "桃花江镇党委"],
                               ["修山镇党委"], 20)
    assert res.exit_code == 1  # 修山镇党委 missing: the county's totals do not hold it
    forwarded = tmp_path / "转来" / FORWARDED
    shutil.copytree(tmp_path / "桃江县委创先办" / "收件箱", forwarded)
    _, late = make_unit(forwarded, "修山镇党委", seed=40)
    return out, forwarded, {k: totals[k] + late.get(k, 0) for k in ts.keys}


def _city(inbox, forwarded):
    shutil.copytree(forwarded, inbox / FORWARDED)
    return merge_inbox(inbox, period="2011-H1", unit_name="益阳市委创先办", jobs=1)


def _counted_once(ts, city, up_name: str, expected):
    assert sorted(s.display_unit for s in city.accepted) == ["修山镇党委", "桃江县委创先办"]
    assert {k: city.totals.get(k, 0) for k in ts.keys} == expected
    aside = {e.name: e for e in city.entries if e.status == "ignored"}
    assert sorted(aside) == [f"{FORWARDED}/桃花江镇党委.xlsx", f"{FORWARDED}/灰山港镇党委.xlsx"]
    for unit in ("桃花江镇党委", "灰山港镇党委"):
        [note] = aside[f"{FORWARDED}/{unit}.xlsx"].problems
        assert note.code == "unit.inside-summary" and note.severity == "warning"
        assert note.file == f"{FORWARDED}/{unit}.xlsx"  # the unit's file, and the 上报 in the message
        assert f"“{unit}”的数字已包含在“{up_name}”中" in note.message, note.message
        assert "其“明细”表" not in note.message and "未重复计入汇总" in note.message
        assert "请“桃江县委创先办”重新汇总后报送" in note.message


def test_a_countys_units_beside_its_upward_file_are_counted_once(ts, make_unit, tmp_path):
    out, forwarded, expected = _county_and_forwarded(ts, make_unit, tmp_path)
    up = out / UP
    # the units in the county's roster order, the one it lacked not among them
    assert units_marked(prescan(up, DEFAULT_LIMITS).properties) == ("灰山港镇党委", "桃花江镇党委")
    # nothing the clerk prints changes: the notice's tables alone, no sheet hidden, no unit named
    wb = openpyxl.load_workbook(up)
    assert wb.sheetnames == [t.key for t in ts.tables]
    assert all(ws.sheet_state == "visible" for ws in wb.worksheets)
    assert not [c for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row
                if isinstance(c, str) and ("桃花江" in c or "灰山港" in c)]
    inbox = tmp_path / "市收件箱"
    inbox.mkdir()
    shutil.copy(up, inbox)
    _counted_once(ts, _city(inbox, forwarded), UP, expected)


@pytest.mark.parametrize("fmt", ["xlsx", "xls"])
def test_an_upward_file_resaved_by_libreoffice_still_names_its_units(ts, make_unit, tmp_path, fmt):
    from .test_libreoffice import resave

    if soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    out, forwarded, expected = _county_and_forwarded(ts, make_unit, tmp_path)
    inbox = tmp_path / "市收件箱"
    [copy] = resave([out / UP], fmt, inbox, tmp_path / "profile")
    assert units_marked(prescan(copy, DEFAULT_LIMITS).properties) == ("灰山港镇党委", "桃花江镇党委")
    _counted_once(ts, _city(inbox, forwarded), copy.name, expected)


def _long_names(count: int) -> list[str]:
    """Names as long as a unit's name may be (60 characters), with what XML escapes and a character
    outside the BMP (two UTF-16 units, as Excel counts a property's length)."""
    names = []
    for n in range(count):
        head = f"中共某某县第{n:03d}片区&<乡镇>人民政府机关党总支部委员会暨𠮷"
        names.append((head + "工作领导小组办公室联络组" * 4)[:60])
    return names


def test_an_upward_file_of_200_units_with_long_names_keeps_every_name(ts, tmp_path):
    from dianping_xlsx.testing import h1_only, random_values, write_handmade

    from .test_clerk_traps import run

    names = _long_names(200)
    county = tmp_path / "县收件箱"
    for n, name in enumerate(names):  # typed by hand, one workbook a unit
        write_handmade(ts, county / f"单位{n:03d}.xlsx", name, "2011-06-25", h1_only(ts, random_values(ts, n)))
    res = run("merge", county, "-o", tmp_path / "县汇总", *H1, "--unit-name", "桃江县委创先办")
    assert res.exit_code == 0, res.output
    up = tmp_path / "县汇总" / UP
    props = prescan(up, DEFAULT_LIMITS).properties
    parts = [v for k, v in props.items() if k.startswith("dianping_summary_units_")]
    assert len(parts) > 40 and all(len(v.encode("utf-16-le")) // 2 <= 255 for v in parts)
    assert units_marked(props) == tuple(sorted(names))  # no roster: by name
    if soffice() is not None:
        from .test_libreoffice import resave

        [copy] = resave([up], "xlsx", tmp_path / "另存", tmp_path / "profile")
        assert units_marked(prescan(copy, DEFAULT_LIMITS).properties) == tuple(sorted(names))
    inbox = tmp_path / "市收件箱"
    shutil.copytree(county, inbox / "转来")
    shutil.copy(up, inbox)
    city = merge_inbox(inbox, period="2011-H1", unit_name="益阳市委创先办", jobs=1)
    assert [s.display_unit for s in city.accepted] == ["桃江县委创先办"]
    aside = [e for e in city.entries if e.status == "ignored"]
    assert len(aside) == 200 and {p.code for e in aside for p in e.problems} == {"unit.inside-summary"}
