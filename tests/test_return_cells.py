"""What a return file puts into each value cell: what the unit's cell held, so that its 自查 and a
second merge say of it what the first merge said (never a blank that passes as 0)."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
import python_calamine

from dianping_xlsx.check.workbook import check_workbook
from dianping_xlsx.definitions import Key
from dianping_xlsx.model import SELF_CHECK_SHEET, Period
from dianping_xlsx.report.returns import write_return_file

H1 = Period(2011, "H1")
EVALUATED = Key("附件2", "国有企业和金融机构", "已开展群众评议党组织数", "")  # 附件2!E8


def returned(sub, ts, folder):
    path = write_return_file(sub, ts, folder, dt.date(2011, 7, 1), period=H1)
    verdict = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name(SELF_CHECK_SHEET).to_python()[0][0]
    return path, verdict


def errors_at(sub) -> set[tuple[str, str, str]]:
    return {(p.code, p.sheet, p.cell) for p in sub.problems if p.severity == "error"}


# openpyxl writes "#DIV/0!" as an error value (t="e") and "=2+3" as a formula without its result
@pytest.mark.parametrize("typed, code", [("#DIV/0!", "value.error-cell"), ("#N/A", "value.error-cell"),
                                         ("=2+3", "value.formula-no-value")])
def test_a_cell_read_blank_for_what_it_held_goes_back_as_that_text(make_unit, ts, tmp_path, typed, code):
    path, _ = make_unit(tmp_path / "in", "梅城镇党委", 1, values={EVALUATED: typed})
    sub = check_workbook(path, ts, H1)
    assert errors_at(sub) == {(code, "附件2", "E8")}
    back, verdict = returned(sub, ts, tmp_path / "back")
    cell = openpyxl.load_workbook(back)["附件2"]["E8"]
    assert (cell.value, cell.data_type) == (typed, "s")  # text: never a formula of ours, never blank
    assert sub.problems[0].message in cell.comment.text
    # the comment says the cell holds it as text only, and what to type instead
    what = "公式" if code == "value.formula-no-value" else "错误值"
    assert f"此格写的是原来的{what}“{typed}”(只是文字,不是数字),请直接填写整数" in cell.comment.text, cell.comment.text
    # its 自查 says it cannot be sent, and sent back unchanged it is rejected again at that cell
    assert verdict.startswith("自查结果:未通过,有 1 项错误")
    again = check_workbook(back, ts, H1)
    assert not again.ok and {(p.sheet, p.cell) for p in again.problems if p.severity == "error"} == {("附件2", "E8")}
    assert EVALUATED not in again.values


def test_a_formula_without_its_result_is_flagged_with_its_text():
    from dianping_xlsx.read.scan_zip import _flag_cells

    body = (b'<sheetData><row r="1"><c r="A1"><f>IF(B1&gt;0,"&#20010;",2)</f><v></v></c>'
            b'<c r="B1"><f t="shared" ref="B1:B2" si="0">C1*2</f></c></row>'
            b'<row r="2"><c r="B2"><f t="shared" si="0"/></c><c r="C2"><f>1+1</f><v>2</v></c></row></sheetData>')
    # a shared formula's other cells hold no text of their own; a formula with its result is read
    assert _flag_cells(body) == {"A1": '=IF(B1>0,"个",2)', "B1": "=C1*2", "B2": "formula"}


ZERO = Key("附件2", "农村", "党组织数", "")


def _left_blank(ts, blank, folder):
    """A first-half report: every 第二次 cell left blank, one 0 typed, one fault to send it back."""
    from dianping_xlsx.testing import fill_template, random_values

    values = {k: (None if k.round and ts.round_half(k.round) == "H2" else v)
              for k, v in random_values(ts, 2).items()}
    values.update({ZERO: 0, EVALUATED: "若干"})
    return fill_template(ts, folder / "梅城镇党委.xlsx", "梅城镇党委", dt.date(2011, 6, 25), values, blank), values


def _blank_and_zero_kept(book, ts, values):
    again = check_workbook(book, ts, H1)
    wb = openpyxl.load_workbook(book)
    blanks = [k for k, v in values.items() if v is None]
    assert len(blanks) > 30
    assert [k for k in blanks if wb[k.table][again.cells[k].ref].value is not None] == []
    assert wb[ZERO.table][again.cells[ZERO].ref].value == 0
    return again


def test_a_merge_leaves_the_cells_left_blank_blank_in_its_return_files(ts, blank, tmp_path):
    # the path a merge takes: read in a worker, kept compact (check/compact.py), then written back
    from dianping_xlsx.api import merge_inbox, write_summary

    path, values = _left_blank(ts, blank, tmp_path / "in")
    result = merge_inbox(tmp_path / "in", period="2011-H1", jobs=1)
    write_summary(result, tmp_path / "out", unit_name="安化县委创先办", day=dt.date(2011, 6, 30))
    back = tmp_path / "out" / "退回" / "梅城镇党委_审核意见.xlsx"
    again = _blank_and_zero_kept(back, ts, values)
    assert again.values == check_workbook(path, ts, H1).values  # read as before: a blank is 0 to the merge


def test_cells_left_blank_stay_blank_and_typed_zeros_stay_zeros(ts, blank, tmp_path):
    path, values = _left_blank(ts, blank, tmp_path / "in")
    sub = check_workbook(path, ts, H1)
    back, verdict = returned(sub, ts, tmp_path / "back")
    again = _blank_and_zero_kept(back, ts, values)
    # read as before: a blank is 0 to the merge, as it was in the unit's file
    errors = sum(p.severity == "error" for p in sub.problems)
    assert again.values == sub.values and verdict.startswith(f"自查结果:未通过,有 {errors} 项错误")
