"""Sheets written otherwise than Excel writes them, but read alike by the reader: element names with
a prefix (<x:c r="H5">, as Open XML SDK writes), attributes in single quotes or with spaces around
their "=", references in lower case. The pre-scan sees in them what it sees in the plain file:
error cells and formulas without a result are flagged (never read as 0), and far cells, merged
ranges and shared strings are held to the limits (read/xmlform.py, read/scan_zip.py)."""

from __future__ import annotations

import re

import pytest

from dianping_xlsx import Limits, check_files

from .hostile_corpus import rewrite, set_cell_xml, sheet_part

NS = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def prefixed(data: bytes) -> bytes:
    """A sheet as Open XML SDK writes it: the main namespace bound to x:, every element named x:…"""
    data = data.replace(b'xmlns="' + NS + b'"', b'xmlns:x="' + NS + b'"')
    return re.sub(rb"<(/?)([A-Za-z]\w*)([\s>/])", rb"<\1x:\2\3", data)


def single_quoted(data: bytes) -> bytes:
    """Every attribute in single quotes (valid XML)."""
    return re.sub(rb'(\s[\w:]+)="([^"]*)"', rb"\1='\2'", data)


def spaced(data: bytes) -> bytes:
    """Spaces around every attribute's "=" (valid XML)."""
    return re.sub(rb'(\s[\w:]+)="', rb'\1 = "', data)


FORMS = {"prefixed": prefixed, "single_quoted": single_quoted, "spaced": spaced}

_FAULTY = {"I5": '<c r="I5" s="9"><f>SUM(I9:I9)+I6</f></c>',  # formulas saved without a result
           "I6": '<c r="I6" s="9"><f>I9+0</f></c>',
           "H5": '<c r="H5" s="9" t="e"><f>H9/0</f><v>#DIV/0!</v></c>',  # error cells
           "H6": '<c r="H6" s="9" t="e"><f>H9/0</f><v>#DIV/0!</v></c>'}


def _in_sheet(good, target, sheet, change):
    part = sheet_part(good, sheet)
    return rewrite(good, target, lambda name, data: change(data) if name == part else data)


def _said(path, **limits):
    (report,) = check_files([path], period="2011-H1", jobs=1, limits=Limits(**limits))
    return sorted((p.code, p.sheet, p.cell) for p in report.problems if p.severity == "error")


def _faulty(data: bytes) -> bytes:
    for ref, xml in _FAULTY.items():
        data = set_cell_xml(data, ref, xml)
    return data


@pytest.mark.parametrize("form", FORMS)
def test_error_cells_and_formulas_without_a_result_are_flagged_in_any_form(make_unit, tmp_path, form):
    good, _ = make_unit(tmp_path / "src", "梅城镇党委", seed=3)
    plain = _in_sheet(good, tmp_path / "plain.xlsx", "附件1", _faulty)
    written = _in_sheet(good, tmp_path / f"{form}.xlsx", "附件1", lambda d: FORMS[form](_faulty(d)))
    expected = [("value.error-cell", "附件1", "H5"), ("value.error-cell", "附件1", "H6"),
                ("value.formula-no-value", "附件1", "I5"), ("value.formula-no-value", "附件1", "I6")]
    assert _said(plain) == expected
    assert _said(written) == expected


@pytest.mark.parametrize("cell", [
    "<c r='H5' t='e'><v>#DIV/0!</v></c>",
    '<c r="H5" t = "e"><v>#DIV/0!</v></c>',
    '<c r="H5" s="9" x=">" t="e"><v>#DIV/0!</v></c>',  # a ">" in a value before the type
    '<c r="A1" r="H5" t="e"><v>#DIV/0!</v></c>',  # a name given twice: the reader takes the last
    '<c r="h5" t="e"><v>#DIV/0!</v></c>',  # letters in lower case
    '<c r="H5"><f>1/0</f><v xml:space="preserve"></v></c>',
])
def test_an_error_cell_however_its_attributes_are_written(make_unit, tmp_path, cell):
    good, _ = make_unit(tmp_path / "src", "梅城镇党委", seed=3)
    odd = _in_sheet(good, tmp_path / "odd.xlsx", "附件1", lambda d: set_cell_xml(d, "H5", cell))
    assert ("附件1", "H5") in {(sheet, ref) for code, sheet, ref in _said(odd) if code.startswith("value.")}


_FAR = '<row r="9000"><c r="C9000" s="9"><v>1</v></c></row>'


@pytest.mark.parametrize("form", FORMS)
def test_a_far_cell_is_refused_in_any_form(make_unit, tmp_path, form):
    good, _ = make_unit(tmp_path / "src", "梅城镇党委", seed=3)
    far = _in_sheet(good, tmp_path / f"{form}.xlsx", "附件1",
                    lambda d: FORMS[form](d.replace(b"</sheetData>", _FAR.encode() + b"</sheetData>")))
    assert _said(far) == [("limit.far-cell", "附件1", "C9000")]


@pytest.mark.parametrize("row", [
    '<row r="9000"><c r="c9000"><v>1</v></c></row>',  # the reader takes c9000 for C9000
    '<row r="9000"><c s="9" x=">" r="C9000"><v>1</v></c></row>',  # r after a value holding ">"
    '<y:row xmlns:y="urn:any" r="9000"><y:c r="C9000"><y:v>1</y:v></y:c></y:row>',  # any prefix, any namespace
])
def test_a_far_cell_written_oddly_is_refused(make_unit, tmp_path, row):
    good, _ = make_unit(tmp_path / "src", "梅城镇党委", seed=3)
    far = _in_sheet(good, tmp_path / "far.xlsx", "附件1",
                    lambda d: d.replace(b"</sheetData>", row.encode() + b"</sheetData>", 1))
    assert _said(far) == [("limit.far-cell", "附件1", "C9000")]


@pytest.mark.parametrize("merge", ["<x:mergeCell ref='A20:Z9000'/>", '<mergeCell ref = "A20:Z9000"/>',
                                   '<mergeCell x=">" ref="A20:Z9000"/>'])
def test_a_huge_merged_range_is_refused_in_any_form(make_unit, tmp_path, merge):
    good, _ = make_unit(tmp_path / "src", "梅城镇党委", seed=3)

    def change(data):
        data = data.replace(b"<worksheet ", b'<worksheet xmlns:x="' + NS + b'" ', 1)
        return data.replace(b"</mergeCells>", merge.encode() + b"</mergeCells>", 1)

    huge = _in_sheet(good, tmp_path / "merged.xlsx", "附件1", change)
    assert [code for code, _, _ in _said(huge, max_rows=100000)] == ["limit.merged-area"]


def test_prefixed_shared_strings_are_counted(tmp_path):
    from dianping_xlsx.definitions import load_table_set
    from dianping_xlsx.template.blank import write_template

    good = write_template(load_table_set(), tmp_path / "blank.xlsx")  # xlsxwriter: it has shared strings
    many = rewrite(good, tmp_path / "many.xlsx", lambda name, data: prefixed(data.replace(
        b"</sst>", b"<si><t>x</t></si>" * 300 + b"</sst>")) if name == "xl/sharedStrings.xml" else data)
    assert "limit.strings" in {code for code, _, _ in _said(many, max_strings=200)}


def test_a_sheet_named_in_a_value_is_not_taken_for_the_self_check(make_unit, tmp_path):
    """The 自查 sheets are not scanned (they are never read): a name and an id written inside
    another attribute's value do not make a sheet the reader reads one of them."""
    good, _ = make_unit(tmp_path / "src", "梅城镇党委", seed=3)
    from dianping_xlsx.model import SELF_CHECK_SHEET

    part = sheet_part(good, "附件1")
    rid = re.search(r'<sheet [^>]*name="附件1"[^>]*r:id="(\w+)"', _read(good, "xl/workbook.xml").decode())[1]
    named = 'name="附件1"'.encode()
    spoofed = (f"x=' name=\"{SELF_CHECK_SHEET}\" r:id=\"{rid}\"' " + 'name="附件1"').encode()

    def change(name, data):
        if name == "xl/workbook.xml":  # 附件1's element also says, in a value, that it is 自查
            return data.replace(named, spoofed, 1)
        if name == part:
            return data.replace(b"</sheetData>", _FAR.encode() + b"</sheetData>")
        return data

    spoof = rewrite(good, tmp_path / "spoof.xlsx", change)
    assert b"x=' name=" in _read(spoof, "xl/workbook.xml")
    assert _said(spoof) == [("limit.far-cell", "附件1", "C9000")]


def _read(path, name):
    import zipfile

    with zipfile.ZipFile(path) as z:
        return z.read(name)


def test_the_canonical_form():
    from dianping_xlsx.read.xmlform import attributes, canonical, cell_key

    assert canonical(b"<x:c r='H5' t = 'e' ><x:v >#N/A</x:v></x:c>") == b'<c r="H5" t="e"><v>#N/A</v></c>'
    assert canonical(b"<c r='A1' x='a\"b>c'/>") == b'<c r="A1" x="a&quot;b&gt;c"/>'
    assert canonical(b"<t>it's = 'text'</t>") == b"<t>it's = 'text'</t>"  # text is left as it is
    assert attributes(b' r="A1" r="B2"') == {b"r": b"B2"} and attributes(b' r="A1" r="B2"', strict=True) is None
    assert attributes(b" x=' r=\"A1\"' r=\"B2\"") == {b"x": b' r="A1"', b"r": b"B2"}
    assert [cell_key(r) for r in (b"c09", b"xfd3", b"A0", b"9")] == ["C9", "XFD3", None, None]
