"""A number no count can be (1E+20, five thousand digits typed as text) is an error at its cell;
the run goes on and the county's totals are the other units' (it stopped the whole merge: the
compact arrays overflowed, int() refused 4,300 digits). A unit's nan or inf goes back as text."""

from __future__ import annotations

import csv

import openpyxl
from click.testing import CliRunner

from dianping_xlsx import check_files
from dianping_xlsx.cli import main
from dianping_xlsx.definitions import Key
from dianping_xlsx.report.returns import _as_typed
from dianping_xlsx.text import MAX_COUNT, parse_count


def test_parse_count_refuses_what_no_count_can_be():
    assert parse_count(float(MAX_COUNT)).value == MAX_COUNT
    for raw in (1e20, 1e308, float(MAX_COUNT + 1), "1" * 5000, "１" * 30, "99999999999人"):
        assert parse_count(raw).code == "value.too-large", raw
    assert parse_count(float("nan")).code == parse_count(float("inf")).code == "value.not-number"


def test_a_unit_with_a_twenty_digit_number_is_returned_and_the_rest_merged(make_unit, ts, tmp_path):
    inbox, key = tmp_path / "in", Key("附件2", "农村", "党组织数", "")
    _, good = make_unit(inbox, "梅城镇党委", 1)
    bad, _ = make_unit(inbox, "东坪镇党委", 2)
    wb = openpyxl.load_workbook(bad)
    ws = wb["附件2"]
    cell = next(c for row in ws.iter_rows() for c in row if c.value == key.category)
    ws.cell(cell.row + 1, cell.column, 10**20)  # 党组织数, the first row under the header
    ws.cell(cell.row + 2, cell.column, "8" * 5000)
    ws.cell(cell.row + 3, cell.column + 1, 1e308)  # its 自查 sheet's sums past the largest number: #NUM!
    wb.save(bad)
    report, = check_files([bad], period="2011-H1")
    assert [p.code for p in report.problems if p.severity == "error"] == ["value.too-large"] * 3
    out = tmp_path / "out"
    res = CliRunner().invoke(main, ["merge", str(inbox), "-o", str(out), "--period", "2011-H1",
                                    "--unit-name", "安化县委创先办", "--date", "2011-06-30"])
    assert res.exit_code == 1, res.output
    assert (out / "退回" / "东坪镇党委_审核意见.xlsx").exists()
    with open(out / "summary.csv", encoding="utf-8-sig") as fh:
        totals = {(r["table"], r["category"], r["metric"], r["round"]): int(r["value"])
                  for r in csv.DictReader(fh) if r["unit"] == "合计"}
    assert totals == {tuple(k): v for k, v in good.items()}  # 梅城镇's alone


def test_a_units_nan_or_inf_goes_back_as_its_text():
    assert _as_typed(float("nan")) == "nan" and _as_typed(float("inf")) == "inf" and _as_typed(12.0) == 12
    assert isinstance(_as_typed(2.5), float)
