"""The summary's lists spliced in (report/bulk.py: rows with their heights, empty texts, the
formats numbered as xlsxwriter numbers them) are the file xlsxwriter writes cell by cell in
constant-memory mode, byte for byte; 问题明细's row heights are row_height's."""

from __future__ import annotations

import unicodedata
import zipfile

import xlsxwriter
from hypothesis import given, settings
from hypothesis import strategies as st

from dianping_xlsx.report.bulk import BulkWriter, spliced_list
from dianping_xlsx.template.layout import row_height
from dianping_xlsx.text import display_width

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
    assert _entries(tmp_path / "n.xlsx") == _entries(tmp_path / "s.xlsx")
    _book(tmp_path / "n1.xlsx", rows[:1], streamed=False)  # one row: xlsxwriter's alone
    _book(tmp_path / "s1.xlsx", rows[:1], streamed=True)
    assert _entries(tmp_path / "n1.xlsx") == _entries(tmp_path / "s1.xlsx")


def _entries(path):
    """A zip's entries as a reader sees them: names in order, times, attributes, contents (the
    splice compresses at its own level, so the compressed bytes differ from xlsxwriter's)."""
    with zipfile.ZipFile(path) as z:
        return [(i.filename, i.date_time, i.external_attr, i.compress_type, z.read(i)) for i in z.infolist()]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200))
def test_a_texts_width_is_its_characters_widths(text):
    """display_width looks each character's width up once (the summary measures 100,000s of
    texts): the same number as measuring every character anew."""
    measured = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    assert display_width(text) == measured
    assert display_width(text) == measured  # a second time, every width from the kept ones


def _problem(unit: str, cell: str, severity: str, value, file: str = "") -> "Problem":
    from dianping_xlsx.problems import Problem

    return Problem("rule.coverage", file=file or f"{unit}.xlsx", sheet="表一" if cell < "M" else "表二", cell=cell,
                   unit=unit, severity=severity, template="“{category}”总人数 {rhs},参加 {lhs}。",
                   params={"category": "街道社区", "lhs": value, "rhs": 10})


PROBLEMS = [_problem(u, c, s, v, f) for u in ("乙", "甲", "丙") for f in ("", "更正.xlsx")
            for c in ("C5", "AA10", "C10", "B5:D5", "", "N2") for s, v in (("warning", 1), ("error", 1.0), ("info", True))]


def test_the_lists_sort_as_problems_does():
    """problems.by_unit, as 审核问题 and 问题明细 list them: units with errors first (then by
    name), in each errors first, then by file, then cell by cell in reading order."""
    import random

    from dianping_xlsx.problems import by_unit

    groups = by_unit(random.Random(3).sample(PROBLEMS, len(PROBLEMS)))
    assert list(groups) == sorted(["乙", "甲", "丙"])
    first = groups["甲"]
    assert [(p.severity, p.file) for p in first[:12]] == [("error", "更正.xlsx")] * 6 + [("error", "甲.xlsx")] * 6
    assert [(p.sheet, p.cell) for p in first[:6]] == [("表一", ""), ("表一", "B5:D5"), ("表一", "C5"), ("表一", "C10"),
                                                     ("表一", "AA10"), ("表二", "N2")]
    assert [p.severity for p in first] == ["error"] * 12 + ["warning"] * 12 + ["info"] * 12


def test_a_list_row_says_its_problems_message():
    """问题明细's messages, formatted once per kind and values, are each problem's own: 1, 1.0
    and True are three messages."""
    from dianping_xlsx.problems import by_unit
    from dianping_xlsx.report.problemsheets import LIST_WIDTHS, ListHeights, _list_rows

    groups = by_unit(PROBLEMS)
    styles = (None,) * len(LIST_WIDTHS)
    rows = list(_list_rows(groups.values(), {}, styles, styles))
    problems = [p for ps in groups.values() for p in ps]
    assert [cells[5] for cells, _, _ in rows] == [p.message for p in problems]
    assert {p.message for p in problems} >= {"“街道社区”总人数 10,参加 1。", "“街道社区”总人数 10,参加 1.0。",
                                             "“街道社区”总人数 10,参加 True。"}
    heights = ListHeights()
    assert [h for _, _, h in rows] == [max(row_height(t, w, line=12) for t, w in zip(cells, heights.widths))
                                       for cells, _, _ in rows]


def test_a_spliced_workbook_is_compressed_at_the_fast_level(tmp_path):
    """Every entry of the spliced file is deflated at bulk.LEVEL (zlib's fastest: compressing was
    a third of writing a province's summary), not at zipfile's default."""
    import struct
    import zlib

    from dianping_xlsx.report.bulk import LEVEL

    rows = [(t, None) for t in TEXTS] * 40
    _book(tmp_path / "s.xlsx", rows, streamed=True)
    data = (tmp_path / "s.xlsx").read_bytes()
    with zipfile.ZipFile(tmp_path / "s.xlsx") as z:
        for info in z.infolist():
            names, extra = struct.unpack_from("<HH", data, info.header_offset + 26)
            start = info.header_offset + 30 + names + extra
            packer = zlib.compressobj(LEVEL, zlib.DEFLATED, -15)
            raw = z.read(info)
            assert data[start:start + info.compress_size] == packer.compress(raw) + packer.flush(), info.filename
    assert LEVEL == 1


def test_the_list_made_as_pieces_is_the_list_of_rows():
    """问题明细 spliced from its rows' pieces (problemsheets._list_pieces: a unit's cells, a place's
    and a message's kept) is, byte for byte, what its rows (_list_rows) make spliced: red for errors
    but a superseded file's, every height, 1, 1.0 and True apart, the first ``count`` rows."""
    from types import SimpleNamespace

    from dianping_xlsx.model import SUPERSEDED
    from dianping_xlsx.problems import by_unit
    from dianping_xlsx.report.bulk import BulkRows, _chunks
    from dianping_xlsx.report.problemsheets import LIST_WIDTHS, _list_pieces, _list_rows

    bad = (SimpleNamespace(xf_index=3),) * len(LIST_WIDTHS)
    plain = (SimpleNamespace(xf_index=4),) * len(LIST_WIDTHS)
    groups = list(by_unit(PROBLEMS * 2).values())
    status = {"甲.xlsx": SUPERSEDED}
    total = sum(map(len, groups))
    whole = None
    for count in (total, total - 1, 5):
        rows = [row for row, _ in zip(_list_rows(groups, status, bad, plain), range(count))]
        made = b"".join(_chunks(BulkRows(2, 3, count, len(LIST_WIDTHS), rows, True)))
        pieces = _list_pieces(groups, status, bad, plain, count)
        assert b"".join(_chunks(BulkRows(2, 3, count, len(LIST_WIDTHS), None, True, pieces=pieces))) == made
        whole = whole or made
    assert b'customHeight="1"' in whole and b' s="3"' in whole and b' s="4"' in whole
