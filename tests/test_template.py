"""The blank template: committed copy = generated copy; structure of the official tables."""

import zipfile

import openpyxl
import pytest

from dianping_xlsx.template.blank import template_filename, write_template
from dianping_xlsx.template.layout import defined_name
from dianping_xlsx.text import MAX_COUNT

from .conftest import ROOT


def zip_contents(path):
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in sorted(z.namelist())}


def test_committed_template_is_what_the_command_writes(ts, tmp_path):
    from dianping_xlsx.api import load_notice

    committed = ROOT / "input_templates" / template_filename(ts=ts)
    fresh = write_template(ts, tmp_path / template_filename(ts=ts), notice_id=load_notice().id)  # as the command
    assert zip_contents(committed) == zip_contents(fresh)
    assert committed.read_bytes() == fresh.read_bytes()


def test_committed_evaluation_forms_are_what_the_command_writes(tmp_path):
    from dianping_xlsx.definitions import load_item_set, load_table_set
    from dianping_xlsx.template.forms import write_evaluation_templates

    for fresh in write_evaluation_templates(load_item_set(), load_table_set(), tmp_path):
        assert zip_contents(ROOT / "input_templates" / fresh.name) == zip_contents(fresh), fresh.name


@pytest.fixture(scope="module")
def book(ts, tmp_path_factory):
    path = write_template(ts, tmp_path_factory.mktemp("tpl") / "t.xlsx", unit_name="梅城镇党委")
    return openpyxl.load_workbook(path)


def test_sheets(book):
    assert book.sheetnames == ["填表说明", "附件1", "附件2", "附件3", "自查", "自查计算"]
    assert book["自查计算"].sheet_state == "hidden" and book["自查"].protection.sheet
    assert "不能大于" in "".join(str(c.value) for c in book["填表说明"]["A"] if c.value)


def test_official_layout(book, ts):
    ws = book["附件2"]
    assert ws["A1"].value == "附件2"
    assert ws["A2"].value == "领导点评和群众评议等工作情况统计表(党组织)"
    assert ws["A3"].value == "填报单位(盖章):"
    assert ws["C3"].value == "梅城镇党委"
    assert ws["F3"].value == "填报时间:"
    assert ws["A4"].value == "类别"
    # category labels as the notice has them, broken into lines for print only
    assert [ws.cell(4, c).value.replace("\n", "") for c in range(3, 9)] == list(ts.table("附件2").blocks[0])
    assert ws["E4"].value == "国有企业\n和金融机构"
    assert [ws.cell(r, 1).value for r in range(5, 9)] == ["党组织数", "已被点评党组织数", None, "已开展群众评议党组织数"]
    assert [ws.cell(r, 2).value for r in (6, 7)] == ["第一次", "第二次"]
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A4:B4", "A5:B5", "A6:A7", "A8:B8", "A9:B9", "A10:B10", "A11:A12", "A13:B13"} <= merged
    assert ws["A9"].value == "类别" and ws["C9"].value == "基层医疗卫生单位"
    # the notes are printed under 附件1 only, as in the notice
    assert all(ws.cell(r, 1).value is None for r in range(15, 18))
    first = book["附件1"]
    notes = [c.value for c in first["A"] if isinstance(c.value, str) and c.value.startswith(("注", "②", "③"))]
    assert notes[0].startswith("注:①") and notes[1].startswith("②") and notes[2].startswith("③")


def test_print_settings(book):
    for name in ("附件1", "附件2", "附件3"):
        ws = book[name]
        assert ws.page_setup.orientation == "landscape"
        assert ws.page_setup.paperSize == 9  # A4
        assert ws.page_setup.fitToWidth in (None, 1)  # absent means 1 in OOXML
        assert ws.page_setup.fitToHeight == 0
        assert ws.sheet_properties.pageSetUpPr.fitToPage


def test_only_inputs_unlocked_and_checked(book, ts):
    for table in ts.tables:
        ws = book[table.key]
        assert ws.protection.sheet and not ws.protection.password
        inputs = set()
        for key in table.keys():
            sheet, ref = next(iter(book.defined_names[defined_name(table, key)].destinations))
            assert sheet == table.key
            inputs.add(ref.replace("$", ""))
        assert len(inputs) == len(table.keys())
        unlocked = {c.coordinate for row in ws.iter_rows() for c in row
                    if c.protection.locked is False and c.row > 3}
        assert unlocked == inputs
        (validation,) = ws.data_validations.dataValidation
        # between (OOXML's default operator, left out) 0 and the largest count a merge reads
        assert validation.type == "whole" and validation.operator is None
        assert (validation.formula1, validation.formula2) == ("0", str(MAX_COUNT))
        assert "整数" in validation.error
        covered = {c for rng in validation.sqref.ranges for row in ws[rng.coord] for c in
                   [cell.coordinate for cell in row]}
        assert inputs <= covered
        for label in ("填报单位", "填报时间"):
            assert f"{table.key}_{label}" in book.defined_names
