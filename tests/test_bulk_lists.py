"""The summary's lists spliced in (report/bulk.py: rows with their heights, empty texts, the
formats numbered as xlsxwriter numbers them) are the file xlsxwriter writes cell by cell in
constant-memory mode, byte for byte; 问题明细's row heights are row_height's."""

from __future__ import annotations

import xlsxwriter
from hypothesis import given, settings
from hypothesis import strategies as st

from dianping_xlsx.report.bulk import BulkWriter, spliced_list
from dianping_xlsx.report.problemsheets import fast_row_height
from dianping_xlsx.template.layout import row_height

# not "<r>…</r>": xlsxwriter writes such a text raw, as rich text XML; spliced, it stays the text
TEXTS = ["普通文字", "", " 前有空格", "a & b < c > d", "两行\n文字", "回车\r换行", "控制\x01字符", "“引号”的很长的说明文字," * 6, "_x0041_", "x"]


def _book(path, rows, streamed: bool) -> None:
    bulk = BulkWriter(path, streamed)
    wb = xlsxwriter.Workbook(bulk.target, {"constant_memory": True})
    head = wb.add_format({"bold": True, "border": 1})
    first = wb.add_format({"border": 1, "text_wrap": True})
    later = wb.add_format({"border": 1, "font_color": "#C00000"})  # first used by the last row only
    number = wb.add_format({"border": 1, "num_format": "0"})
    ws = wb.add_worksheet("清单")
    ws.write_string(0, 0, "标题", head)
    ws.write_row(2, 0, ["文字", "数", "说明"], head)
    made = []
    for i, (text, height) in enumerate(rows):
        style = later if i == len(rows) - 1 else first
        made.append(([text, i, text[::-1]], (style, number, style), height))
    spliced_list(bulk, ws, 3, made, 3)
    ws.set_column(0, 2, 30)
    ws.freeze_panes(3, 0)
    wb.close()
    bulk.finish()


def test_a_spliced_list_is_xlsxwriters_file(tmp_path):
    rows = [(t, h) for t in TEXTS for h in (None, 15, 16, 27.5, 40)]
    _book(tmp_path / "n.xlsx", rows, streamed=False)
    _book(tmp_path / "s.xlsx", rows, streamed=True)
    assert (tmp_path / "n.xlsx").read_bytes() == (tmp_path / "s.xlsx").read_bytes()
    _book(tmp_path / "n1.xlsx", rows[:1], streamed=False)  # one row: xlsxwriter's alone
    _book(tmp_path / "s1.xlsx", rows[:1], streamed=True)
    assert (tmp_path / "n1.xlsx").read_bytes() == (tmp_path / "s1.xlsx").read_bytes()


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200),
       st.sampled_from([8 * 11 / 9, 26 * 11 / 9, 80 * 11 / 9, 3.0]), st.sampled_from([12, 15]))
def test_fast_row_height_is_row_height(text, width, line):
    assert fast_row_height(text, width, line) == row_height(text, width, line=line)
