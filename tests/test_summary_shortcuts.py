"""The summary's shortcuts give what the long ways gave: places and cut_places (cells parsed
once, widths added), unit_kinds grouped without by_unit, row_height of a one-line text,
ListHeights.row against measuring every cell, and bulk rows made of pieces (a row of any kinds
of values, spliced, is xlsxwriter's file byte for byte)."""

from __future__ import annotations

import math
import random
import re
import zipfile

import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dianping_xlsx.problemplaces import cut_places, places
from dianping_xlsx.problems import SEVERITY_ORDER, Problem, by_unit
from dianping_xlsx.report.bulk import BulkWriter
from dianping_xlsx.template.layout import row_height
from dianping_xlsx.text import column_number, display_width

from .sheetcompare import differences

# -- the long ways, as they were --------------------------------------------------------------


def _row_col(cell):
    letters = cell.rstrip("0123456789")
    return int(cell[len(letters):]), column_number(letters)


def _old_places(problems, width=0):
    by_sheet = {}
    count = 0
    for p in problems:
        if not p.cell:
            continue
        count += 1
        first, _, last = p.cell.partition(":")
        (row, start), (end_row, end) = _row_col(first), _row_col(last or first)
        for r in range(row, max(row, end_row) + 1):
            by_sheet.setdefault(p.sheet, {}).setdefault(r, []).extend(range(start, end + 1))
    parts = []
    for sheet, rows in by_sheet.items():
        for (top, left), (bottom, right) in _old_blocks(rows):
            ref = f"{_letter(left)}{top}"
            if (bottom, right) != (top, left):
                ref += f":{_letter(right)}{bottom}"
            parts.append(f"{sheet}!{ref}" if sheet else ref)
    return _old_cut(parts, count, width) if width else "、".join(parts)


def _old_blocks(rows):
    runs = {}
    for row in sorted(rows):
        cols = sorted(set(rows[row]))
        start = prev = cols[0]
        for c in [*cols[1:], None]:
            if c is not None and c == prev + 1:
                prev = c
                continue
            runs.setdefault(row, []).append((start, prev))
            if c is not None:
                start = prev = c
    blocks = []
    for row in sorted(runs):
        for run in runs[row]:
            bottom = row
            while run in runs.get(bottom + 1, ()):
                bottom += 1
                runs[bottom].remove(run)
            blocks.append(((row, run[0]), (bottom, run[1])))
    return sorted(blocks)


def _letter(col):
    out = ""
    while col:
        col, rem = divmod(col - 1, 26)
        out = chr(65 + rem) + out
    return out


def _old_cut(parts, count, width):
    text = "、".join(parts)
    if len(parts) < 2 or display_width(text) <= width:
        return text
    tail = f" 等 {count} 处"
    kept = [parts[0]]
    for part in parts[1:]:
        if display_width("、".join([*kept, part]) + tail) > width:
            break
        kept.append(part)
    return "、".join(kept) + tail


def _old_row_height(text, width, line=15):
    room = max(4.0, width - 1)
    if 2 * len(text) <= room and "\n" not in text:
        return line + 4
    lines = sum(max(1, math.ceil(display_width(part) / room)) for part in text.split("\n"))
    return line * max(1, lines) + 4


# -- places ---------------------------------------------------------------------------------

_CELL = st.builds(lambda col, row: f"{_letter(col)}{row}", st.integers(1, 30), st.integers(1, 12))
_PLACE = st.one_of(_CELL, st.builds(lambda a, b: f"{a}:{b}", _CELL, _CELL), st.just(""))


def _problems(cells):
    return [_problem("甲", sheet, cell, "error", 1) for sheet, cell in cells]


def _problem(unit, sheet, cell, severity, value, code="rule.a", file=""):
    return Problem(code, file=file or f"{unit}.xlsx", sheet=sheet, cell=cell, unit=unit, severity=severity,
                   template="填了 {value}。", params={"value": value})


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["表一", "表二", ""]), _PLACE), max_size=30), st.sampled_from([0, 8, 20, 30]))
def test_places_as_the_long_way(cells, width):
    cells = [(s, c) for s, c in cells if not c or _ok(c)]
    problems = _problems(cells)
    assert places(problems, width) == _old_places(problems, width)


def _ok(cell):  # a reversed range (D5:B5) fails both ways alike; the lists hold none
    first, _, last = cell.partition(":")
    return not last or _row_col(last)[1] >= _row_col(first)[1]


def test_places_in_columns_and_rows():
    cells = [("表一", c) for c in ("C5", "C6", "C7", "D9", "C8", "E5", "E6", "A1", "C10")] + [("表二", "B2:B4"), ("表二", "B5")]
    problems = _problems(cells)
    assert places(problems) == _old_places(problems) == "表一!A1、表一!C5:C8、表一!E5:E6、表一!D9、表一!C10、表二!B2:B5"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="表一二!ABC123:、“”", min_size=1, max_size=12), max_size=12),
       st.integers(0, 50), st.integers(0, 40))
def test_cut_places_as_the_long_way(parts, count, width):
    assert cut_places(parts, count, width) == _old_cut(parts, count, width)


# -- unit_kinds -----------------------------------------------------------------------------


def _old_unit_groups(problems):
    groups = {}
    for unit_problems in by_unit(problems).values():
        for p in unit_problems:
            groups.setdefault((p.unit, p.code, p.severity), []).append(p)
    return groups


def test_unit_kinds_as_grouped_by_unit():
    from dianping_xlsx.merge.kinds import unit_kinds

    rng = random.Random(7)
    problems = []
    for _ in range(400):
        unit = rng.choice("甲乙丙丁")
        problems.append(_problem(unit, rng.choice(["表一", "表二"]), rng.choice(["C5", "C6", "D5", "AA3", "C5:E5", ""]),
                                 rng.choice(["error", "warning", "info"]), rng.choice([1, 1.0, "12人"]),
                                 code=rng.choice(["rule.a", "rule.b"]), file=f"{unit}{rng.choice('12')}.xlsx"))
    blocks = [problems[:150], problems[150:151], [], problems[151:]]  # files' lists: a unit's in several
    rows = list(unit_kinds(blocks))
    groups = _old_unit_groups(problems)
    assert len(rows) == len(groups)
    worst = {}  # the order the rows had sorted at once: units with errors first, then by name, level, code
    for p in problems:
        worst[p.unit] = min(worst.get(p.unit, 9), SEVERITY_ORDER[p.severity])
    assert [(r.unit, r.code, r.severity) for r in rows] == sorted(
        groups, key=lambda k: (worst[k[0]], k[0], SEVERITY_ORDER[k[2]], k[1]))
    for r in rows:
        ps = groups[(r.unit, r.code, r.severity)]
        assert r.places == _old_places(ps)
        assert r.files == "、".join(dict.fromkeys(p.file for p in ps))
        assert r.message == (ps[0].message if len(ps) == 1 else f"共 {len(ps)} 处。例:{ps[0].message}")


def test_unit_kinds_without_notes_are_the_other_rows():
    """审核问题 lists no notes: UnitKinds.without leaves their rows unmade, the others as they were."""
    from dianping_xlsx.merge.kinds import UnitKinds

    rng = random.Random(9)
    problems = [_problem(rng.choice("甲乙"), rng.choice(["表一", "表二"]), rng.choice(["C5", "D6", ""]),
                         rng.choice(["error", "warning", "info"]), 1, code=rng.choice(["rule.a", "rule.b"]))
                for _ in range(120)]
    rows = UnitKinds([problems[:60], problems[60:]])
    assert list(rows.without("info")) == [r for r in rows if r.severity != "info"]
    assert {r.severity for r in rows} == {"error", "warning", "info"}


def test_by_unit_of_files_as_of_every_problem_at_once():
    from dianping_xlsx.problems import ByUnit

    rng = random.Random(5)
    units = "甲乙丙丁戊"
    blocks = []
    for n in range(40):  # a file of one unit's, a unit's second file, a file with several units' problems
        mixed = n % 7 == 3
        unit = rng.choice(units)
        blocks.append([_problem(rng.choice(units) if mixed else unit, rng.choice(["表一", "表二"]),
                                rng.choice(["C5", "D6", "AA3", ""]), rng.choice(["error", "warning", "info"]), n,
                                file=f"{unit}{n}.xlsx") for _ in range(rng.randrange(0, 6))])
    everything = [p for block in blocks for p in block]
    grouped = ByUnit(blocks)
    want = by_unit(everything)
    assert grouped.units == list(want) and grouped.count == len(everything)
    assert [[tuple(p) for p in ps] for ps in grouped] == [[tuple(p) for p in ps] for ps in want.values()]


def test_problem_kinds_counted_file_by_file_as_at_once():
    from dianping_xlsx.merge.kinds import problem_kinds

    rng = random.Random(11)
    problems = [_problem(rng.choice("甲乙丙"), "表一", rng.choice(["C5", "D6"]), rng.choice(["error", "warning"]),
                         1, code=rng.choice(["rule.a", "rule.b", "rule.c"])) for _ in range(300)]
    rows = problem_kinds([problems[:100], [], problems[100:101], problems[101:]])
    groups = {}
    for p in problems:
        groups.setdefault((p.code, p.severity), []).append(p)
    assert {(r.code, r.severity): (r.units, r.count) for r in rows} == {
        k: (len({p.unit for p in ps}), len(ps)) for k, ps in groups.items()}
    assert [(r.code, r.severity) for r in rows] == sorted(
        groups, key=lambda k: (SEVERITY_ORDER[k[1]], -len({p.unit for p in groups[k]}), -len(groups[k]), k[0]))
    assert sum(r.count for r in rows) == 300 and len(rows) == 6


# -- heights --------------------------------------------------------------------------------

_TEXT = st.text(alphabet=st.sampled_from(list("ab1 中文,。“”\n\t")), max_size=120)


@settings(max_examples=400, deadline=None)
@given(_TEXT, st.sampled_from([4, 6, 8.5, 22, 30, 60, 97.7]), st.sampled_from([12, 15]))
def test_row_height_as_the_long_way(text, width, line):
    assert row_height(text, width, line) == _old_row_height(text, width, line)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(*[st.sampled_from(["甲", "很长的单位名称" * 5, "a\nb", "C5", ""])] * 8), max_size=20))
def test_list_heights_row_as_each_cell_measured(rows):
    from dianping_xlsx.report.problemsheets import ListHeights

    heights, plain = ListHeights(), ListHeights()
    for cells in rows:
        assert heights.row(cells, 16) == plain(cells, 16)


# -- bulk rows of any kinds -----------------------------------------------------------------

_VALUE = st.one_of(st.none(), st.just(""), st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=8),
                   st.integers(-2**60, 2**60), st.sampled_from([0, 7, 2**53, -2**53 - 1, 1.5, 1e20, True]))


def _book(path, rows, streamed, exact):
    bulk = BulkWriter(path, streamed)
    wb = xlsxwriter.Workbook(bulk.target, {"constant_memory": True})
    a = wb.add_format({"border": 1})
    b = wb.add_format({"bold": True})
    styles = [(a, None, b), (None, None, None), (b, a, None)]
    ws = wb.add_worksheet("清单")
    ws.write_string(0, 0, "标题", a)
    made = [(values, styles[i % 3]) for i, values in enumerate(rows)]
    bulk.rows(ws, 1, len(made), 3, made, styles, exact_text=exact)
    ws.write_string(1 + len(made), 0, "合计", a)
    wb.close()
    bulk.finish()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(_VALUE, _VALUE, _VALUE), min_size=1, max_size=12), st.booleans())
def test_rows_of_any_kinds_are_xlsxwriters_file(tmp_path_factory, rows, exact):
    folder = tmp_path_factory.mktemp("kinds")
    rows = [list(r) for r in rows] * 2  # each kind of row met again: made from kept pieces
    _book(folder / "n.xlsx", rows, False, exact)
    _book(folder / "s.xlsx", rows, True, exact)
    if exact:  # write_string's bytes
        assert _sheet(folder / "n.xlsx") == _sheet(folder / "s.xlsx")
    else:  # a newline as &#xA;, no empty text cell: the same cells to a reader
        assert differences(folder / "n.xlsx", folder / "s.xlsx") == []


def _sheet(path):
    """The sheet's XML but its dimension (the splice declares its rows' width there even where
    their last columns are empty: a reader's hint, as it always was)."""
    with zipfile.ZipFile(path) as z:
        return re.sub(rb'<dimension ref="[^"]*"/>', b"", z.read("xl/worksheets/sheet1.xml"))


def _shelled(path, in_memory):
    from dianping_xlsx.template.layout import WORKBOOK_OPTIONS

    bulk = BulkWriter(path, True, in_memory=in_memory)
    wb = xlsxwriter.Workbook(bulk.target, bulk.options(WORKBOOK_OPTIONS))
    a = wb.add_format({"border": 1})
    wb.constant_memory = True  # as the summary's workbook sets it for its lists (in-memory mode cleared it)
    ws = wb.add_worksheet("清单")
    wb.constant_memory = False
    ws.write_string(0, 0, "标题", a)
    rows = [([f"第{i}行", i], (a, None)) for i in range(50)]
    bulk.rows(ws, 1, len(rows), 2, rows, [(a, None)])
    ws.write_string(51, 0, "合计", a)
    wb.add_worksheet("另一张").write_string(0, 0, "共享的文字")
    wb.close()
    bulk.finish()


def test_a_shell_made_in_memory_gives_the_same_file(tmp_path):
    """xlsxwriter's in-memory mode dates its parts 1980-01-01 without a mode: spliced, each entry
    is dated and moded as the on-disk mode does, so the file is the same, byte for byte."""
    _shelled(tmp_path / "disk.xlsx", False)
    _shelled(tmp_path / "memory.xlsx", True)
    assert (tmp_path / "disk.xlsx").read_bytes() == (tmp_path / "memory.xlsx").read_bytes()
    assert not list(tmp_path.glob(".tmp-*"))
