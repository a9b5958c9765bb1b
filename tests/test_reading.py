"""Tables are found by their labels: our template, and official layouts typed by hand."""

import datetime as dt

import openpyxl
import pytest

from dianping_xlsx.definitions import Key
from dianping_xlsx.problems import flatten
from dianping_xlsx.testing import Handmade, h1_only, random_values, write_handmade
from dianping_xlsx.check.workbook import check_workbook
from dianping_xlsx.model import Period

H1 = Period.parse("2011-H1")


def test_filled_template(ts, make_unit, tmp_path):
    path, values = make_unit(tmp_path, "梅城镇党委", seed=3)
    sub = check_workbook(path, ts, H1)
    assert sub.ok and sub.problems == []
    assert sub.unit == "梅城镇党委" and sub.date == dt.date(2011, 6, 25)
    assert sub.values == values
    assert sub.cells[Key("附件1", "市州委书记", "总人数", "")].ref == "C5"


STYLES = {
    "separate sheets": Handmade(),
    "stacked, shifted, traditional, spaced": Handmade(
        one_sheet=True, row_offset=4, col_offset=3, traditional=True, spaced_labels=True),
    "rounds in the row label, sheets reversed": Handmade(
        rounds_in_label=True, reverse_sheets=True, sheet_names=("Sheet3", "Sheet2", "Sheet1")),
    "unit in the label cell, half-width": Handmade(unit_in_label_cell=True, full_width=False),
    # 填报单位（盖章）：县林业局党组, as a Chinese input method types it (was read as no unit: returned)
    "unit in the label cell, full-width": Handmade(unit_in_label_cell=True),
}


def test_unit_typed_into_our_templates_label_cell_with_full_width_punctuation(ts, make_unit, tmp_path):
    """A unit that types its name after the label in our template, with a Chinese input method's
    （）and ：, is read as that unit (the label's colon was matched in its half-width form only)."""
    path, values = make_unit(tmp_path, "梅城镇党委", seed=3)
    wb = openpyxl.load_workbook(path)
    for ws in (wb[t.key] for t in ts.tables):
        for row in ws.iter_rows(max_row=6):
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("填报单位"):
                    cell.value = "填报单位\uff08盖章\uff09\uff1a梅城镇党委"
                elif cell.value == "梅城镇党委":
                    cell.value = None
    wb.save(path)
    sub = check_workbook(path, ts, H1)
    assert sub.unit == "梅城镇党委" and sub.values == values
    assert not [p for p in flatten(sub.problems) if p.code.startswith("unit.")]


@pytest.mark.parametrize("style", STYLES.values(), ids=STYLES.keys())
def test_handmade_layouts(ts, tmp_path, style):
    values = h1_only(ts, random_values(ts, 11))
    path = write_handmade(ts, tmp_path / "h.xlsx", "县林业局党组", "2011年6月27日", values, style)
    sub = check_workbook(path, ts, H1)
    assert flatten(sub.problems) == []
    assert sub.unit == "县林业局党组" and sub.date == dt.date(2011, 6, 27)
    assert sub.values == values


def test_other_variant_labels(ts, tmp_path):
    """其他 for 其它, and text numbers with units."""
    values = h1_only(ts, random_values(ts, 12))
    key = Key("附件1", "其它基层党组织书记", "总人数", "")
    values[key] = f"{values[key]}人"
    path = write_handmade(ts, tmp_path / "h.xlsx", "某单位", "2011-06-27", values, Handmade())
    wb = openpyxl.load_workbook(path)
    ws = wb["表一"]
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == "其它基层党组织书记":
                cell.value = "其他基层党组织书记"
    wb.save(path)
    sub = check_workbook(path, ts, H1)
    assert flatten(sub.problems, ("code",)) == [["value.text-number"]]
    assert sub.values[key] == int(values[key][:-1])


def test_summary_sheets_are_not_mistaken_for_tables(ts, tmp_path, make_unit):
    """Sheets other than the official tables hold no 类别 header with categories."""
    from click.testing import CliRunner

    from dianping_xlsx.cli import main

    inbox = tmp_path / "in"
    make_unit(inbox, "甲单位", 1)
    out = tmp_path / "out"
    res = CliRunner().invoke(main, ["merge", str(inbox), "-o", str(out), "--period", "2011-H1",
                                    "--unit-name", "安化县委创先办", "--date", "2011-06-30"])
    assert res.exit_code == 0, res.output
    sub = check_workbook(out / "汇总表_2011-H1.xlsx", ts, H1)
    assert flatten(sub.problems) == []
    assert sub.unit == "安化县委创先办"
