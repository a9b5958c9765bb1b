"""Each notice's templates are kept apart (in its period's folder): making templates for another notice
neither mixes its files into the first one's nor replaces the first one's zips, and switching back
offers the first one's again; an older desk's one 模板 folder is still offered for the notice it was
made for (HTTP level)."""

from __future__ import annotations

import io
import re
import shutil
import zipfile

import openpyxl
import pytest

pytest.importorskip("starlette", reason="the desk needs starlette (pip install -e .)")

from .test_desk import ROOT, desk, make_templates  # noqa: E402,F401 - fixture

UNITS = ["东坪镇党委", "梅城镇党委", "小淹镇党委"]


def small_roster() -> bytes:
    """The sample roster cut to its first three units, as a clerk deletes rows in Excel."""
    wb = openpyxl.load_workbook(ROOT / "examples" / "单位名册.xlsx")
    ws = wb["单位名册"]
    ws.delete_rows(2 + len(UNITS), ws.max_row)
    data = io.BytesIO()
    wb.save(data)
    return data.getvalue()


def choose(client, notice: str) -> None:
    client.post("/settings", data={"notice": notice, "office": "安化县委创先办"})


def offered(client) -> dict[str, bytes]:
    """The zips the 模板 page offers as made, by name, with what their links download."""
    page = client.get("/templates").text
    links = re.findall(r'<a href="(/download\?path=[^"]+)">([^<]+)</a>', page.split("已生成的模板")[-1])
    return {name: client.get(href.replace("&amp;", "&")).content for href, name in links}


def members(data: bytes) -> dict[str, bytes]:
    archive = zipfile.ZipFile(io.BytesIO(data))
    return {name: archive.read(name) for name in archive.namelist()}


def files_in(folder) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if not p.name.startswith(".")}


def test_two_notices_keep_their_templates_apart(desk):
    client, workspace = desk
    client.post("/settings", data={"notice": "hunan-2011", "office": "安化县委创先办", "period_year": "2011",
                                   "period_half": "H1"})
    client.post("/roster", files={"roster": ("名册.xlsx", small_roster())})
    hunan_units, hunan_blank = make_templates(client, "1").content, make_templates(client, "0").content
    hunan_folder = workspace.templates / "各单位"

    choose(client, "justice-2012")
    client.post("/roster", files={"roster": ("名册.xlsx", small_roster())})
    justice_units = make_templates(client, "1").content
    justice_folder = workspace.templates / "各单位"
    # each folder holds its own notice's files only, as its zip has them (they were both notices' files
    # in one folder, a file of the same name, 群众评议汇总表_<unit>.xlsx, replaced by the other's)
    assert files_in(hunan_folder) == members(hunan_units) and files_in(justice_folder) == members(justice_units)
    assert set(offered(client)) == {"各单位模板.zip"}  # the justice notice's own, not hunan's blank

    choose(client, "hunan-2011")
    assert offered(client) == {"空白模板.zip": hunan_blank, "各单位模板.zip": hunan_units}
    choose(client, "justice-2012")
    assert offered(client) == {"各单位模板.zip": justice_units}


def test_an_older_desks_templates_folder_is_offered_for_its_own_notice(desk):
    """An older desk made every notice's templates in <folder>/模板: kept as it is, offered while the
    notice it was made for is followed, never for another."""
    client, workspace = desk
    client.post("/settings", data={"notice": "hunan-2011", "office": "安化县委创先办", "period_year": "2011",
                                   "period_half": "H1"})
    blank = make_templates(client, "0").content
    old = workspace.folder / "模板"
    shutil.move(workspace.templates, old)  # where an older desk left them
    assert offered(client) == {"空白模板.zip": blank}
    assert "以前按别的通知" not in client.get("/templates").text

    choose(client, "justice-2012")
    assert offered(client) == {} and "以前按别的通知" in client.get("/templates").text
    justice = make_templates(client, "0").content
    assert offered(client) == {"空白模板.zip": justice} and (old / "空白模板.zip").read_bytes() == blank

    choose(client, "hunan-2011")
    assert offered(client) == {"空白模板.zip": blank}
