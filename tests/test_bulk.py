"""Rows spliced into xlsxwriter's sheets as XML (report/bulk.py) against the same rows written
by xlsxwriter cell by cell: every value and style the same, as openpyxl and calamine read them,
Excel's own escapes included; the merged ledgers both ways."""

from __future__ import annotations

import datetime as dt
import zipfile

import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from dianping_xlsx.report.bulk import BulkWriter

from .sheetcompare import differences

TRICKY = ["普通文字", " 前有空格", "后有空格 ", "a & b < c > d", "两行\n文字", "制表\t符", "_x0041_ 字面",
          "控制\x01\x1f字符", "回车\r换行", "\ufffe\uffff", '引号"和\'', "_", "x" * 40000, "12", "=SUM(A1)"]


def _book(path, texts, numbers, streamed: bool):
    bulk = BulkWriter(path, streamed)
    wb = xlsxwriter.Workbook(bulk.target, {"constant_memory": True})
    head = wb.add_format({"bold": True, "border": 1})
    cell = wb.add_format({"border": 1, "text_wrap": True})
    ws = wb.add_worksheet("明细")
    ws.write_row(0, 0, ["文字", "数", "空"], head)
    styles = (cell, None, cell)
    rows = [([t, n, None], styles) for t, n in zip(texts, numbers)]
    bulk.rows(ws, 1, len(rows), 3, iter(rows), [styles])
    ws.write_string(1 + len(rows), 0, "合计", head)  # a row xlsxwriter writes below them
    ws.set_column(0, 0, 20, cell)
    wb.close()
    bulk.finish()


def test_tricky_texts_read_back_as_xlsxwriter_writes_them(tmp_path):
    numbers = [0, 1, -2, 3.5, 1e20, 12345678901234, 0.1, 7, 8, 9, 10, 11, 12, 13, 14]
    normal, spliced = tmp_path / "normal.xlsx", tmp_path / "spliced.xlsx"
    _book(normal, TRICKY, numbers, streamed=False)
    _book(spliced, TRICKY, numbers, streamed=True)
    assert differences(normal, spliced) == []
    a = CalamineWorkbook.from_path(str(normal)).get_sheet_by_name("明细").to_python()
    b = CalamineWorkbook.from_path(str(spliced)).get_sheet_by_name("明细").to_python()
    assert a == b
    assert b[1][0] == "普通文字" and b[2][0] == " 前有空格" and b[5][0] == "两行\n文字"
    assert [row[1] for row in b[1:4]] == [0, 1, -2] and b[-1][0] == "合计"
    assert len(b[13][0]) == 32767  # Excel's limit, as xlsxwriter cuts it
    with zipfile.ZipFile(spliced) as z:
        xml = z.read("xl/worksheets/sheet1.xml").decode()
    assert '<dimension ref="A1:C17"/>' in xml  # the used range covers the spliced rows
    assert xml.index('<row r="2">') < xml.index('<row r="17"')  # in row order, before the total


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=30),
                min_size=1, max_size=8))
def test_any_text_reads_back_the_same_both_ways(tmp_path_factory, texts):
    folder = tmp_path_factory.mktemp("bulk")
    numbers = list(range(len(texts)))
    _book(folder / "n.xlsx", texts, numbers, streamed=False)
    _book(folder / "s.xlsx", texts, numbers, streamed=True)
    assert differences(folder / "n.xlsx", folder / "s.xlsx") == []


def test_merged_ledgers_the_same_both_ways(ts, tmp_path, make_unit):
    import dianping_xlsx as api
    from dianping_xlsx.template.ledgers import write_ledger_templates
    from dianping_xlsx.report.ledgersheets import write_merged_ledgers
    from dianping_xlsx.definitions import load_ledger_set

    from .test_ledgers import APPRAISALS, COMMITMENTS, _fill_template

    odd = ("2011-06-08", "赵书记", "书记", " 前后空格 ", "党员", "农村", "会议集中点评",
           "第一行\n第二行 & <备注> _x0041_", "", "")
    inbox = tmp_path / "收件箱"
    inbox.mkdir()
    for n, unit in enumerate(["梅城镇党委", "东坪镇党委", "乐安镇党委"]):
        appraisal, commitment = write_ledger_templates(load_ledger_set(), ts, inbox, unit)
        _fill_template(appraisal, [*APPRAISALS[: 2 + n], odd])
        _fill_template(commitment, COMMITMENTS[n:])
        make_unit(inbox, unit, seed=n, values=dict.fromkeys(ts.keys, 0))  # ledgers count with adopted tables
    summary = api.merge_inbox(inbox, period="2011-H1", jobs=1).summary.ledgers
    normal, spliced = tmp_path / "normal.xlsx", tmp_path / "spliced.xlsx"
    day = dt.date(2011, 6, 30)
    write_merged_ledgers(summary, normal, "2011年上半年", day, streamed=False)
    write_merged_ledgers(summary, spliced, "2011年上半年", day, streamed=True)
    again = tmp_path / "again.xlsx"
    write_merged_ledgers(summary, again, "2011年上半年", day)
    assert again.read_bytes() == spliced.read_bytes()  # the same bytes on every run: dated by the
    with zipfile.ZipFile(again) as z:  # summary's day, not by the clock
        assert b"<dcterms:created xsi:type=\"dcterms:W3CDTF\">2011-06-30T00:00:00Z" in z.read("docProps/core.xml")
    assert differences(normal, spliced) == []
    _more_than_a_sheet_holds(summary, tmp_path, day)
    rows = CalamineWorkbook.from_path(str(spliced)).get_sheet_by_name("领导点评全程记实台账").to_python()
    records = [r for r in rows[3:] if r[0]]
    assert len(records) == sum(len(u.rows) for u in summary.merged["appraisal"]) == 3 + 4 + 5
    # as the reader cleaned it (a line break a space; "_x0041_" in the unit's file is Excel's
    # escape of "A", as openpyxl wrote it unescaped), then written back as it is
    assert "第一行 第二行 & <备注> A" in {c for r in records for c in r}


def _more_than_a_sheet_holds(summary, tmp_path, day):
    """A ledger longer than Excel's rows on a sheet (made small here) goes on over several sheets,
    every record once, in order (xlsxwriter alone would drop the rows beyond the limit)."""
    import dianping_xlsx.report.ledgersheets as sheets

    expected = [(u.unit, *r) for u in summary.merged["appraisal"] for r in u.rows]
    saved = sheets.SHEET_ROWS
    sheets.SHEET_ROWS = 5
    try:
        sheets.write_merged_ledgers(summary, tmp_path / "split.xlsx", "2011年上半年", day)
    finally:
        sheets.SHEET_ROWS = saved
    wb = CalamineWorkbook.from_path(str(tmp_path / "split.xlsx"))
    parts = [n for n in wb.sheet_names if n.startswith("领导点评全程记实台账")]
    assert parts == [f"领导点评全程记实台账({n})" for n in range(1, 4)]  # 12 records, 5 a sheet
    got = []
    for name in parts:
        rows = wb.get_sheet_by_name(name).to_python()
        assert "一张工作表放不下,分 3 张" in rows[0][0] and rows[2][0] == "单位"
        got += [tuple(r) for r in rows[3:] if r[0]]
    assert len(got) == len(expected) == 12
    assert [g[:4] for g in got] == [tuple(str(x) for x in e[:4]) for e in expected]
