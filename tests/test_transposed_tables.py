"""A workbook made by hand the way the notice prints its tables: categories down a column (单位类别
over 县市区委, 市直工委 …), the measures across with two-row headings, the transpose of our
template. A table whose labels are each found exactly (附件2: 好, 较好 … down, 人数(人) across) is
read the other way round, with a 提示 (tests/test_turned_tables.py); one whose headings are not
its rows' labels (附件1: 党组织书记数 over (人)) is not read: the unit is told its table is the
other way round and to fill the template, never to do what it did (按通知中的表格样式填报); and
the 退回 mail goes to it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl

from dianping_xlsx.api import check_files, merge_inbox, write_summary, write_templates
from dianping_xlsx.send.outbox import plan_unopened, read_summary
from dianping_xlsx.testing import fill_template

from .test_header_in_row_name import _table_set, _values

UNIT = "白石县委组织部"


def _as_the_notice_prints_it(path: Path) -> Path:
    """附件1 and 附件2 typed by hand in the notice's orientation."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "附件1"
    ws["A1"], ws["A2"] = "附件1", "述职评议考核情况统计表"
    ws["A3"], ws["F3"] = f"填报单位(盖章):{UNIT}", "填报时间:2027-06-20"
    for c, (top, below) in enumerate([("单位类别", None), ("党组织书记数", "(人)"), ("参加述职人数", "(人)"),
                                      ("考核等次", "好(人)"), (None, "较好(人)"), (None, "一般(人)")], start=1):
        ws.cell(4, c, top)
        ws.cell(5, c, below)
    ws.merge_cells("A4:A5")
    ws.merge_cells("D4:F4")
    for r, (category, numbers) in enumerate([("县市区委", (6, 6, 3, 2, 1)), ("市直工委", (4, 3, 1, 1, 1)),
                                             ("合计", (10, 9, 4, 3, 2))], start=6):
        ws.cell(r, 1, category)
        for c, n in enumerate(numbers, start=2):
            ws.cell(r, c, n)
    two = wb.create_sheet("附件2")
    two["A1"], two["A2"], two["A3"] = "附件2", "述职评议考核等次情况统计表", f"填报单位(盖章):{UNIT}"
    two["A4"], two["B4"] = "考核等次", "人数(人)"
    for r, (grade, n) in enumerate([("好", 4), ("较好", 3), ("一般", 2), ("合计", 9)], start=5):
        two.cell(r, 1, grade)
        two.cell(r, 2, n)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def test_a_table_made_the_notices_way_round_is_said_so(tmp_path):
    ts = _table_set(tmp_path)
    report, = check_files([_as_the_notice_prints_it(tmp_path / f"{UNIT}.xlsx")], period="2027-H1",
                          table_set=ts, items=None, ledgers=None)
    turned = [p for p in report.problems if p.code == "table.transposed"]
    assert [(p.params["table"], p.sheet, p.cell) for p in turned] == [("附件1", "附件1", "A6")]
    assert {p.code for p in report.problems if p.severity == "error"} == {"table.transposed"}
    assert all("下发的模板" in p.message and "按通知中的表格样式" not in p.message for p in turned)
    read = [(p.params["table"], p.sheet, p.cell) for p in report.problems if p.code == "table.read-turned"]
    assert read == [("附件2", "附件2", "A4")]
    assert {k.category: v for k, v in report.submission.values.items() if k.table == "附件2"} == _values_two()


def _values_two() -> dict[str, int]:
    return {k.category: v for k, v in _values().items() if k.table == "附件2"}


def test_one_table_turned_beside_a_filled_template_is_read(tmp_path):
    """附件1 from our template, 附件2 retyped by hand the notice's way: 附件2 is read turned (was: an
    error, the file sent back), not 缺少."""
    ts = _table_set(tmp_path)
    (blank,), _ = write_templates(tmp_path / "模板", table_set=ts, items=None, ledgers=None)
    path = fill_template(ts, tmp_path / f"{UNIT}.xlsx", UNIT, dt.date(2027, 6, 20), _values(), blank)
    wb = openpyxl.load_workbook(path)
    del wb["附件2"]
    turned = openpyxl.load_workbook(_as_the_notice_prints_it(tmp_path / "made.xlsx"))["附件2"]
    two = wb.create_sheet("附件2")
    for row in turned.iter_rows():
        for cell in row:
            two.cell(cell.row, cell.column, cell.value)
    wb.save(path)
    report, = check_files([path], period="2027-H1", table_set=ts, items=None, ledgers=None)
    assert [p.code for p in report.problems if p.severity != "info"] == []
    assert "table.read-turned" in {p.code for p in report.problems}
    assert report.submission.values == _values()


def test_the_merge_mails_back_what_it_could_not_read(tmp_path):
    """Sent back without a return file (nothing was read into one): the turned table, and a table
    whose rows were all renamed, are each mailed back saying why (was: no mail at all)."""
    ts = _table_set(tmp_path)
    (blank,), _ = write_templates(tmp_path / "模板", table_set=ts, items=None, ledgers=None)
    inbox = tmp_path / "收件箱"
    fill_template(ts, inbox / "青山县委组织部.xlsx", "青山县委组织部", dt.date(2027, 6, 20), _values(), blank)
    made = _as_the_notice_prints_it(inbox / f"{UNIT}.xlsx")
    wb = openpyxl.load_workbook(made)  # 附件2's 较好 typed 比较好: no table of it is read either
    wb["附件2"]["A6"] = "比较好"
    wb.save(made)
    renamed = fill_template(ts, inbox / "韶峰县委组织部.xlsx", "韶峰县委组织部", dt.date(2027, 6, 20), _values(), blank)
    names = {row.metric for table in ts.tables for row in table.rows}
    wb = openpyxl.load_workbook(renamed)
    for ws in wb.worksheets:  # every row name with a word more: 人数(人) typed 人数(人)(在职), no row of the
        for row in ws.iter_rows():  # table (a unit alone left out or added is read: tests/test_row_units.py)
            for cell in row:
                if cell.value in names:
                    cell.value = f"{cell.value}(在职)"
    wb.save(renamed)
    result = merge_inbox(inbox, period="2027-H1", table_set=ts, items=None, ledgers=None)
    assert [s.unit for s in result.accepted] == ["青山县委组织部"]
    out = tmp_path / "结果"
    write_summary(result, out, unit_name="云州市委组织部", day=dt.date(2027, 6, 25))
    mails = {m.unit: m for m in plan_unopened(read_summary(out), dt.date(2027, 7, 5), "云州市委组织部")}
    assert set(mails) == {UNIT, "韶峰县委组织部"}
    assert "模板行列相反" in mails[UNIT].body and "无法打开" not in mails[UNIT].body
    assert "找不到“党组织书记数" in mails["韶峰县委组织部"].body and "无法打开" not in mails["韶峰县委组织部"].body
