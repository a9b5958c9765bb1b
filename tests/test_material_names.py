"""A unit's 工作总结 under the names units give it, with no roster: filed under the unit the name
holds once the material's words, the period's name and the year are taken out (the notice of
docs/通知定义.md's example, whose table set names no document words)."""

from __future__ import annotations

import datetime as dt

import pytest

from dianping_xlsx.api import load_notice, merge_inbox
from dianping_xlsx.definitions import Key
from dianping_xlsx.model import IGNORED, MATERIAL
from dianping_xlsx.testing import fill_template

from .conftest import docs_example

UNITS = {"甲乡党委": (10, 20, 8, 20), "乙乡党委": (5, 5, 5, 4)}


@pytest.fixture(scope="module")
def notice(tmp_path_factory):
    folder = tmp_path_factory.mktemp("notice")
    for name, body in docs_example():
        (folder / name).write_text(body, encoding="utf-8")
    return load_notice(str(folder / "新通知.toml"))


def inbox_with(notice, folder, *documents: str):
    ts = notice.tables
    table = ts.tables[0]
    base, done = (r.metric for r in table.rows)
    for unit, (a, b, c, d) in UNITS.items():
        town, county, subtotal = table.categories
        values = {Key(table.key, town, base, ""): a, Key(table.key, county, base, ""): b,
                  Key(table.key, subtotal, base, ""): a + b, Key(table.key, town, done, ""): c,
                  Key(table.key, county, done, ""): d, Key(table.key, subtotal, done, ""): c + d}
        fill_template(ts, folder / f"{unit}.xlsx", unit, dt.date(2013, 3, 20), values)
    for name in documents:
        (folder / name).write_bytes(b"PK\x03\x04 a summary")
    return merge_inbox(folder, period="2013-H1", notice=notice, unit_name="某某县委办")


def missing(result) -> list[str]:
    return sorted(e.unit for e in result.entries if any(p.code == "material.missing" for p in e.problems))


@pytest.mark.parametrize("name", ["甲乡党委工作总结.docx", "甲乡党委_工作总结.docx", "工作总结(甲乡党委).docx",
                                  "甲乡党委2013年群众评议工作总结.docx", "甲乡党委2013年群众评议总结.pdf",
                                  "甲乡党委工作总结.wps", "甲乡党委上半年工作总结.docx", "2013年上半年甲乡党委工作总结.pdf",
                                  "甲乡党委年度工作总结.docx", "关于甲乡党委群众评议工作的总结.docx",
                                  "甲乡党委创先争优活动群众评议工作总结.docx"])
def test_the_material_is_filed_under_the_unit_its_name_holds(notice, tmp_path, name):
    result = inbox_with(notice, tmp_path, name)
    entry = next(e for e in result.entries if e.name == name)
    assert (entry.status, entry.named, entry.problems[0].code) == (MATERIAL, "甲乡党委", "material.received")
    assert missing(result) == ["乙乡党委"]


def test_a_document_named_by_a_unit_alone_is_its_material(notice, tmp_path):
    """The notice asks for one kind of document: 甲乡党委.docx beside 甲乡党委's tables is its 工作总结,
    said so; a document naming no unit that sent tables (报送函, a unit that sent nothing) is ignored."""
    result = inbox_with(notice, tmp_path, "甲乡党委.docx", "报送函.docx", "丁乡党委.docx")
    by_name = {e.name: e for e in result.entries}
    mine = by_name["甲乡党委.docx"]
    assert (mine.status, mine.named, mine.problems[0].code) == (MATERIAL, "甲乡党委", "material.by-unit")
    assert "已作为“甲乡党委”的工作总结收下" in mine.reason and "没有“总结”" in mine.reason
    for other in ("报送函.docx", "丁乡党委.docx"):
        assert (by_name[other].status, by_name[other].problems[0].code) == (IGNORED, "file.not-spreadsheet")
        assert by_name[other].named == ""
    assert missing(result) == ["乙乡党委"]
