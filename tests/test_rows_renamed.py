"""A table whose header is found but none of whose row names is (each typed with a word added:
总人数(在职); a unit added, 总人数(人), is read: test_row_units.py): the file is returned naming the
rows it lacks; it never stops the check or the merge of the other units' files."""

from __future__ import annotations

import openpyxl

from dianping_xlsx import check_files, merge_inbox, write_summary
from dianping_xlsx.text import normalise


def _every_row_name_with_a_word(path, ts) -> None:
    """What a unit does by hand: every row name of every table gets (在职) added."""
    names = {normalise(row.metric) for table in ts.tables for row in table.rows}
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and normalise(cell.value) in names:
                    cell.value = cell.value.strip() + "(在职)"
    wb.save(path)


def test_a_file_with_every_row_renamed_is_checked_not_crashed(make_unit, ts, tmp_path):
    path, _ = make_unit(tmp_path, "梅城镇党委", 3)
    _every_row_name_with_a_word(path, ts)
    report, = check_files([path], period="2011-H1")
    assert not report.ok
    missing = [p for p in report.problems if p.code == "row.missing"]
    assert {p.params["table"] for p in missing} == {t.key for t in ts.tables}
    assert all(p.sheet and p.cell for p in missing)
    assert "table.empty" not in {p.code for p in report.problems}


def test_a_merge_with_such_a_file_adopts_the_others_and_returns_it(make_unit, ts, tmp_path):
    inbox = tmp_path / "inbox"
    _, first = make_unit(inbox, "梅城镇党委", 4)
    _, second = make_unit(inbox, "平口镇党委", 5)
    bad, _ = make_unit(inbox, "东坪镇党委", 6)
    _every_row_name_with_a_word(bad, ts)
    result = merge_inbox(inbox, period="2011-H1")
    assert [s.unit for s in result.accepted] == sorted(["梅城镇党委", "平口镇党委"])
    assert result.totals == {k: first.get(k, 0) + second.get(k, 0) for k in ts.keys}
    returned, = [e for e in result.entries if e.submission.unit == "东坪镇党委"]
    assert "row.missing" in {p.code for p in returned.submission.problems}
    written = write_summary(result, tmp_path / "out", unit_name="安化县委创先办")
    assert written.workbook.exists()
