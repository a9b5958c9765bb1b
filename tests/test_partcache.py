"""Parts written from texts kept (template/partcache.py) are the ones xlsxwriter writes: workbooks
that differ in each thing those parts are made of, written one after another in one process, each
equal entry for entry to the same workbook written by xlsxwriter's own Workbook."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
import xlsxwriter

from dianping_xlsx.template import partcache
from dianping_xlsx.template.layout import define_name

PARTS = ("xl/workbook.xml", "docProps/app.xml", "xl/sharedStrings.xml")  # the parts written from texts kept
# each a change to the base workbook that must show in one of them
CHANGES = {
    "base": {},
    "a name's cell": {"cell": "$C$9"},
    "another name": {"name": "其他_类别02_人数"},
    "a sheet's name": {"sheet": "附表"},
    "a hidden sheet": {"hidden": True},
    "a very hidden sheet": {"hidden": 2},
    "a print area": {"print_area": True},
    "print titles": {"repeat_rows": True},
    "a filter": {"filter": True},
    "a company": {"company": "某单位"},
    "a manager": {"manager": "某人"},
    "read only": {"read_only": 2},
    "a sheet's own name": {"local": True},
    "texts": {"texts": ["a", " lead", "trail ", "a\x01b", "<r>x</r>", "&<>\"'", "", "\n", "单位"]},
    "other texts": {"texts": ["b", " lead", "单位", "_x0041_"]},
}


def _book(cls, change: dict) -> dict[str, bytes]:
    buffer = io.BytesIO()
    wb = cls(buffer, {"in_memory": True})
    sheet = change.get("sheet", "表")
    ws = wb.add_worksheet(sheet)
    other = wb.add_worksheet("自查计算")
    ws.write_number(0, 0, 1)
    for row, text in enumerate(change.get("texts", []), start=1):
        ws.write_string(row, 0, text)
    define_name(wb, "表_填报单位", f"='{sheet}'!$C$3")
    define_name(wb, change.get("name", "表_类别01_人数"), f"='{sheet}'!{change.get('cell', '$C$8')}")
    if change.get("local"):
        define_name(wb, f"'{sheet}'!局部", f"='{sheet}'!$D$8")
    if change.get("hidden") == 2:
        other.very_hidden()
    elif change.get("hidden"):
        other.hide()
    if change.get("print_area"):
        ws.print_area(0, 0, 9, 3)
    if change.get("repeat_rows"):
        ws.repeat_rows(0, 1)
    if change.get("filter"):
        ws.autofilter(0, 0, 5, 2)
    properties = {k: change[k] for k in ("company", "manager") if k in change}
    wb.set_properties({"created": dt.datetime(2011, 6, 30), **properties})  # core.xml: not the clock's
    if "read_only" in change:
        wb.read_only_recommended()
    wb.close()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as z:
        return {name: z.read(name) for name in z.namelist()}


@pytest.mark.parametrize("order", [list(CHANGES), list(reversed(CHANGES))])
def test_parts_kept_are_the_parts_written(order):
    for name in order:
        kept, plain = _book(partcache.Workbook, CHANGES[name]), _book(xlsxwriter.Workbook, CHANGES[name])
        assert kept == plain, name


def test_each_change_shows():
    """The changes above do change those parts (else the test above proves nothing)."""
    base = _book(xlsxwriter.Workbook, {})
    for name, change in CHANGES.items():
        if change:
            other = _book(xlsxwriter.Workbook, change)
            assert any(base.get(p) != other.get(p) for p in PARTS), name


def test_a_wrong_text_kept_would_show(monkeypatch):
    """The texts kept are what is written: one made wrong makes the workbook differ."""
    _book(partcache.Workbook, {})
    for key, text in partcache._NAMES.items():
        monkeypatch.setitem(partcache._NAMES, key, text.replace("$C$8", "$C$7"))
    assert _book(partcache.Workbook, {}) != _book(xlsxwriter.Workbook, {})
    monkeypatch.undo()
    _book(partcache.Workbook, CHANGES["texts"])
    monkeypatch.setitem(partcache._STRINGS, "单位", "<si><t>x</t></si>")
    assert _book(partcache.Workbook, CHANGES["texts"]) != _book(xlsxwriter.Workbook, CHANGES["texts"])
