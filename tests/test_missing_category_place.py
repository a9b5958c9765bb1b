"""A category label changed by hand is reported at the header of the block it belongs to (the
second block's, not always the first's)."""

from __future__ import annotations

import openpyxl

from dianping_xlsx import check_files


def _retype(path, sheet: str, label: str, typed: str) -> int:
    """``label`` retyped as ``typed``; the row of its header."""
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    cell = next(c for row in ws.iter_rows() for c in row
                if isinstance(c.value, str) and "".join(c.value.split()) == label)
    cell.value = typed
    wb.save(path)
    return cell.row


def test_a_missing_category_is_placed_at_its_own_blocks_header(make_unit, ts, tmp_path):
    table = next(t for t in ts.tables if len(t.blocks) > 1)
    first, second = table.blocks[0][-1], table.blocks[1][-1]
    for label, block in ((first, 0), (second, 1)):
        path, _ = make_unit(tmp_path / str(block), "梅城镇党委", 5)
        row = _retype(path, table.key, label, "改过的类别")
        report, = check_files([path], period="2011-H1")
        missing = [p for p in report.problems if p.code == "category.missing"]
        assert [p.params["category"] for p in missing] == [label]
        assert missing[0].sheet == table.key and missing[0].cell.lstrip("ABCDEFGHIJ") == str(row)


def test_a_category_typed_without_its_enumeration_comma_is_found(make_unit, ts, tmp_path):
    """乡镇、街道党工委书记 typed 乡镇街道党工委书记 or 乡镇,街道党工委书记: the same category, read."""
    table = ts.tables[0]
    label = next(c for c in table.categories if "、" in c)
    for n, typed in enumerate(label.replace("、", mark) for mark in ("", ",", "/", "和", "及")):
        path, values = make_unit(tmp_path / str(n), "梅城镇党委", 5)
        _retype(path, table.key, label, typed)
        report, = check_files([path], period="2011-H1")
        assert not [p for p in report.problems if p.severity == "error"], [p.message for p in report.problems]
        assert report.submission.values == values
