"""Row names typed the usual way, with a unit of measure: 总人数(人) where the definition says 总人数;
基层党组织数(个), 基层党组织数（个）, 基层党组织数 (个), 基层党组织数/个 where a drafted definition
joins a two-row heading as 基层党组织数-(个). Each is read as its row, with a 提示 naming the cell
and the definition's row (总人数 人 too: a unit of measure after a plain space); a name that may be
two rows (人数 for 人数(人) and 人数(%)) is no row, as before, and the rows it may be are named; a
row missing where a name that is no row was typed is said at that name's cell."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from dianping_xlsx import check_files, merge_inbox
from dianping_xlsx.api import write_templates
from dianping_xlsx.definitions import Key
from dianping_xlsx.definitions.tables import table_set_from_text
from dianping_xlsx.testing import fill_template
from dianping_xlsx.text import normalise


def _rename_rows(path: Path, names: dict[str, str]) -> list[str]:
    """What a unit does by hand: each row name typed anew (``names``: as defined -> as typed);
    the cells changed, as sheet!A1."""
    wb = openpyxl.load_workbook(path)
    changed = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.strip() in names:
                    cell.value = names[cell.value.strip()]
                    changed.append(f"{ws.title}!{cell.coordinate}")
    wb.save(path)
    return changed


# -- hunan-2011, our template with 人 added to every row name ------------------------------------

def test_our_template_with_a_unit_on_every_row_name_is_adopted_with_its_totals(make_unit, ts, tmp_path):
    inbox = tmp_path / "inbox"
    _, first = make_unit(inbox, "梅城镇党委", 4)
    units = {"平口镇党委": 5, "东坪镇党委": 6, "江南镇党委": 7}
    renamed, changed = {}, set()
    for unit, seed in units.items():
        path, renamed[unit] = make_unit(inbox, unit, seed)
        typed = {row.metric: f"{row.metric}(人)" for table in ts.tables for row in table.rows}
        if unit == "江南镇党委":  # typed on a Chinese keyboard: full-width brackets, a space
            typed = {row.metric: f"{row.metric} （人）" for table in ts.tables for row in table.rows}
        changed |= {(path.name, where) for where in _rename_rows(path, typed)}
    result = merge_inbox(inbox, period="2011-H1", jobs=1)  # one worker: its layout memo serves the repeats
    assert sorted(s.unit for s in result.accepted) == sorted(["梅城镇党委", *units])
    assert result.totals == {k: first.get(k, 0) + sum(v.get(k, 0) for v in renamed.values()) for k in ts.keys}
    notes = {}
    for entry in result.entries:
        sub = entry.submission
        assert "row.missing" not in {p.code for p in sub.problems}
        notes[sub.unit] = [p for p in sub.problems if p.code == "row.by-unit"]
    assert notes["梅城镇党委"] == []
    metrics = {row.metric for table in ts.tables for row in table.rows}
    for unit in units:
        assert notes[unit] and all(p.severity == "info" and p.sheet and p.cell.startswith("A") for p in notes[unit])
        assert {p.params["row"] for p in notes[unit]} == metrics
        assert "已按“总人数”一行读取" in next(p.message for p in notes[unit] if p.params["row"] == "总人数")
    said = {(e.submission.path.name, f"{p.sheet}!{p.cell}") for e in result.entries
            for p in e.submission.problems if p.code == "row.by-unit"}
    assert said == changed  # each renamed cell said once, and only those


# -- a drafted notice: a two-row heading joined with "-" ---------------------------------------

DRAFTED = '''
id = "drafted"
name = "{year}年述职评议考核情况统计表"
unit_label = "填报单位(盖章):"
date_label = "填报时间:"
header_label = "单位类别"
published = 2027-11-20
marker_pattern = "附件(\\\\d+)"
all_tables = "附件1"
previous_change = 0.2
instructions = ["{rules}"]

[[tables]]
key = "附件1"
title = "述职评议考核情况统计表"
blocks = [["县市区委", "市直工委", "合计"]]

[[tables.rows]]
metric = "基层党组织数-(个)"
base = true

[[tables.rows]]
metric = "党组织书记数-(人)"

[[tables.rows]]
metric = "人数(人)"

[[tables.rows]]
metric = "人数(%)"

[[tables.rows]]
metric = "考核等次-好(人)"

[[tables.rows]]
metric = "考核等次-较好(人)"

[[tables.sums]]
total = "合计"
parts = ["县市区委", "市直工委"]
'''
VALUES = {"基层党组织数-(个)": (6, 4, 10), "党组织书记数-(人)": (6, 3, 9), "人数(人)": (5, 3, 8),
          "人数(%)": (40, 50, 90), "考核等次-好(人)": (2, 1, 3), "考核等次-较好(人)": (4, 2, 6)}


def _drafted(tmp_path: Path, renamed: dict[str, str] | None = None):
    """Our template of the drafted table set (its rows ``renamed``: as written -> as defined), filled."""
    text = DRAFTED
    for old, new in (renamed or {}).items():
        text = text.replace(f'metric = "{old}"', f'metric = "{new}"')
    path = tmp_path / "tables.toml"
    path.write_text(text, encoding="utf-8")
    ts = table_set_from_text(text, str(path))
    values = {Key("附件1", c, (renamed or {}).get(m, m), ""): v
              for m, vs in VALUES.items() for c, v in zip(("县市区委", "市直工委", "合计"), vs)}
    (blank,), _ = write_templates(tmp_path / "模板", table_set=ts, items=None, ledgers=None)
    filled = fill_template(ts, tmp_path / "白石县委组织部.xlsx", "白石县委组织部", dt.date(2027, 6, 20), values, blank)
    return ts, values, filled


def _check(ts, path):
    report, = check_files([path], period="2027-H1", table_set=ts, items=None, ledgers=None)
    return report


@pytest.mark.parametrize("typed", ["基层党组织数(个)", "基层党组织数（个）", "基层党组织数 (个)", "基层党组织数/个",
                                   "基层党组织数 / 个", "基层党组织数—个", "基層黨組織數（個）", "基层党组织数"])
def test_a_drafted_two_row_heading_typed_without_its_dash_is_its_row(tmp_path, typed):
    ts, values, path = _drafted(tmp_path)
    where, = _rename_rows(path, {"基层党组织数-(个)": typed})
    report = _check(ts, path)
    assert [p.message for p in report.problems if p.severity == "error"] == []
    assert report.submission.values == values
    note, = [p for p in report.problems if p.code == "row.by-unit"]
    assert f"{note.sheet}!{note.cell}" == where and note.severity == "info"
    assert note.params["row"] == "基层党组织数-(个)" and note.params["text"] == typed.strip()


def test_our_drafted_template_as_it_came_is_read_without_notes(tmp_path):
    ts, values, path = _drafted(tmp_path)
    report = _check(ts, path)
    assert report.submission.values == values
    assert not {"row.by-unit", "row.ambiguous", "row.missing"} & {p.code for p in report.problems}


def test_a_name_that_may_be_two_rows_is_refused_and_both_named(tmp_path):
    """人数(人) and 人数(%) never collapse: 人数 typed for the first is no row (缺少行, as before),
    and a warning at its cell names both rows."""
    ts, values, path = _drafted(tmp_path)
    where, = _rename_rows(path, {"人数(人)": "人数"})
    report = _check(ts, path)
    assert not report.ok
    assert [p.params["row"] for p in report.problems if p.code == "row.missing"] == ["人数(人)"]
    said, = [p for p in report.problems if p.code == "row.ambiguous"]
    assert f"{said.sheet}!{said.cell}" == where and "“人数(人)”“人数(%)”" in said.message
    assert "row.by-unit" not in {p.code for p in report.problems}
    read = report.submission.values
    assert read[Key("附件1", "合计", "人数(%)", "")] == 90  # the other row is read as it is


def test_a_unit_tells_two_such_rows_apart(tmp_path):
    """人数/人 is 人数(人), 人数-％ is 人数(%): the unit typed decides; the values stay apart."""
    ts, values, path = _drafted(tmp_path)
    _rename_rows(path, {"人数(人)": "人数/人", "人数(%)": "人数-％"})
    report = _check(ts, path)
    assert [p.message for p in report.problems if p.severity == "error"] == []
    assert report.submission.values == values
    assert sorted(p.params["row"] for p in report.problems if p.code == "row.by-unit") == ["人数(%)", "人数(人)"]


def test_another_unit_is_not_the_row(tmp_path):
    """党组织书记数(%) is not 党组织书记数-(人): a unit that differs is another quantity, not read."""
    ts, _, path = _drafted(tmp_path)
    _rename_rows(path, {"党组织书记数-(人)": "党组织书记数(%)"})
    report = _check(ts, path)
    assert [p.params["row"] for p in report.problems if p.code == "row.missing"] == ["党组织书记数-(人)"]


@pytest.mark.parametrize("typed", [{"考核等次-好(人)": "好(人)", "考核等次-较好(人)": "较好"},
                                   {"考核等次-好(人)": "考核等次好(人)", "考核等次-较好(人)": "考核等次 较好/人"}])
def test_a_drafted_row_typed_without_its_upper_heading_is_its_row(tmp_path, typed):
    """考核等次-好(人) is the notice's two-row heading 考核等次 over 好(人): typed as the lower heading
    alone, or both run together, it is its row, and the note names the heading left out."""
    ts, values, path = _drafted(tmp_path)
    where = _rename_rows(path, typed)
    report = _check(ts, path)
    assert [p.message for p in report.problems if p.severity == "error"] == []
    assert report.submission.values == values
    notes = [p for p in report.problems if p.code == "row.by-heading"]
    assert [f"{p.sheet}!{p.cell}" for p in notes] == where
    assert [(p.params["row"], p.params["heading"], p.severity) for p in notes] == [
        ("考核等次-好(人)", "考核等次", "info"), ("考核等次-较好(人)", "考核等次", "info")]


def test_a_lower_heading_under_two_upper_ones_is_refused_and_both_named(tmp_path):
    """好(人) under 考核等次 and under 复核等次: typed 好(人), it may be either row, so it is none."""
    ts, _, path = _drafted(tmp_path, {"考核等次-较好(人)": "复核等次-好(人)"})
    _rename_rows(path, {"考核等次-好(人)": "好(人)"})
    report = _check(ts, path)
    assert [p.params["row"] for p in report.problems if p.code == "row.missing"] == ["考核等次-好(人)"]
    said, = [p for p in report.problems if p.code == "row.ambiguous"]
    assert "“考核等次-好(人)”“复核等次-好(人)”" in said.message


# -- a unit typed after a plain space: 总人数 人 ---------------------------------------------------

@pytest.mark.parametrize("typed", ["总人数 人", "总人数\u3000人", "總人數 人", "总人数  名"])
def test_a_unit_typed_after_a_space_is_read_as_its_row(make_unit, tmp_path, typed):
    """总人数 人 (a half- or full-width space, traditional characters) is 总人数, like 总人数/人 and
    总人数（人）: the space is lost to the comparable text (总人数人), the cell's own text keeps it."""
    path, values = make_unit(tmp_path, "东坪镇党委", 3)
    where = _rename_rows(path, {"总人数": typed})
    report, = check_files([path], period="2011-H1")
    assert [p.message for p in report.problems if p.severity == "error"] == []
    assert report.submission.values == values
    notes = [p for p in report.problems if p.code == "row.by-unit"]
    assert [f"{p.sheet}!{p.cell}" for p in notes] == where and len(where) == 2
    assert all(p.params["row"] == "总人数" and p.params["text"] == " ".join(typed.split()) for p in notes)


def test_a_unit_after_a_space_tells_two_such_rows_apart(tmp_path):
    """人数 人 is 人数(人), 人数 ％ is 人数(%); 人数 次 is neither (another quantity)."""
    ts, values, path = _drafted(tmp_path)
    _rename_rows(path, {"人数(人)": "人数 人", "人数(%)": "人数 ％"})
    report = _check(ts, path)
    assert [p.message for p in report.problems if p.severity == "error"] == []
    assert report.submission.values == values
    assert sorted(p.params["row"] for p in report.problems if p.code == "row.by-unit") == ["人数(%)", "人数(人)"]


@pytest.mark.parametrize("typed", ["人数 次", "人数 在职", "人 数"])
def test_no_unit_after_a_space_is_no_row(tmp_path, typed):
    """A word after the space that is no unit of measure, or one that differs from the row's, reads
    nothing: 人数(人) is missing, said at the cell typed in its place."""
    ts, _, path = _drafted(tmp_path)
    where, = _rename_rows(path, {"人数(人)": typed})
    report = _check(ts, path)
    missing = [p for p in report.problems if p.code == "row.missing"]
    assert [(p.params["row"], f"{p.sheet}!{p.cell}") for p in missing] == [("人数(人)", where)]
    assert not any(p.params.get("row") == "人数(人)" for p in report.problems if p.code == "row.by-unit")


# -- a row missing where another name was typed: that cell is named ------------------------------

def test_a_missing_row_names_the_cell_typed_in_its_place(make_unit, tmp_path):
    """总人数 typed as 总数 in the first block of 附件1: 缺少行 names A5 (where 总数 is), not the header
    A4; the same row deleted in the second block names its header (nothing stands in its place)."""
    path, _ = make_unit(tmp_path, "东坪镇党委", 3)
    wb = openpyxl.load_workbook(path)
    ws = wb["附件1"]
    assert ws["A4"].value == "类别" and ws["A5"].value == "总人数" and ws["A9"].value == "总人数"
    ws["A5"] = "总数"
    ws.delete_rows(9)
    wb.save(path)
    report, = check_files([path], period="2011-H1")
    missing = [p for p in report.problems if p.code == "row.missing"]
    assert [(p.params["row"], f"{p.sheet}!{p.cell}") for p in missing] == [("总人数", "附件1!A5"), ("总人数", "附件1!A8")]


def test_the_stem_of_a_label(ts):
    from dianping_xlsx.read.rowlabels import split_unit

    assert {split_unit(normalise(t)) for t in ("基层党组织数-(个)", "基层党组织数（个）", "基层党组织数 (个)",
                                               "基层党组织数/个", "基层党组织数【单位:个】")} == {("基层党组织数", "个")}
    assert split_unit("总人次") == ("总人次", "")  # a unit is never taken off a name without a bracket or separator
    assert split_unit("参加点评人数") == ("参加点评人数", "")


def test_a_unit_after_a_space_of_a_label():
    """Only a unit of measure after the last space counts, and only where the label ends in it."""
    from dianping_xlsx.read.rowlabels import spaced_unit

    assert spaced_unit("总人数 人", "总人数人") == "总人数-人"
    assert spaced_unit("總人數\u3000人次", "总人数人次") == "总人数-人次"
    assert spaced_unit("人数 ％", "人数%") == "人数-%"
    assert spaced_unit("总 人 数", "总人数") == ""  # a name spaced out: 数 is no unit
    assert spaced_unit("总人数 在职", "总人数在职") == "" and spaced_unit("总人数人", "总人数人") == ""
    assert spaced_unit(" 人", "人") == ""  # a unit alone is no row's name
