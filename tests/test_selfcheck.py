"""The template's 自查 sheet, held against ``dianping check`` after a real recalculation.

Templates are filled the way units fill them (openpyxl into our template: numbers, numbers typed
as text, 12人, full-width digits, negatives, fractions, words), LibreOffice opens and recalculates
each (headless conversion), and the verdicts and cell colours it computed are read back and held
against check_workbook on the same file: the same verdict for every rule, category and round.
"""

from __future__ import annotations

import random
import subprocess
from pathlib import Path

import openpyxl
import pytest
import python_calamine

from dianping_xlsx.check.workbook import check_workbook
from dianping_xlsx.definitions import Key
from dianping_xlsx.model import SELF_CHECK_HELPER, SELF_CHECK_SHEET, Period
from dianping_xlsx.template import formulas as fx
from dianping_xlsx.template.blank import write_template
from dianping_xlsx.template.selfcheck import _Helper, seen_live
from dianping_xlsx.template.selfcheck_sheet import FIRST_LINE, RESULT_COL, columns
from dianping_xlsx.testing import fill_template, random_values

from .conftest import soffice

SEVERITY = {"error": fx.FAIL, "warning": fx.WARN}
PERIODS = {"H1": Period(2011, "H1"), "H2": Period(2011, "H2"), "": None}
needs_office = pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")


def recalculated(files: list[Path], out: Path) -> list[Path]:
    """Each file opened, recalculated and saved by LibreOffice (one process for the batch)."""
    out.mkdir(exist_ok=True)
    subprocess.run([soffice(), f"-env:UserInstallation=file://{out}/profile", "--headless", "--convert-to",
                    "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out), *map(str, files)],
                   check=True, capture_output=True, timeout=600)
    return [out / f.name for f in files]


def self_check_lines(path: Path) -> list[list]:
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    return book.get_sheet_by_name(SELF_CHECK_SHEET).to_python(skip_empty_area=False)


def verdicts(rows: list[list], ts=None) -> dict[tuple, tuple[int, str]]:
    """(rule, table, category, round) -> (status, 结果) of every rule line's round (its rounds
    side by side: a rule that reads no round has one result across them)."""
    from dianping_xlsx.definitions import load_table_set

    ts = ts or load_table_set()
    cols = columns(ts)
    with_rounds = {r.id for r in ts.rules if r.round_refs}
    out = {}
    for row in rows[FIRST_LINE:]:
        if len(row) > cols.rule and row[cols.rule]:
            category = "" if row[2] == "全部类别" else row[2]
            for i in range(cols.count):
                status = row[cols.status + i]
                if status != "" and status is not None:
                    rnd = cols.rounds[i] if row[cols.rule] in with_rounds else ""
                    out[(row[cols.rule], row[1], category, rnd)] = (int(status), row[RESULT_COL + i])
    return out


def results_text(rows: list[list]) -> str:
    """Every 结果 cell of the checked lines."""
    return "\n".join(str(v) for r in rows[FIRST_LINE:] for v in r[RESULT_COL:RESULT_COL + 2])


def colours(path: Path, ts, places) -> dict[Key, int]:
    """Each input cell's colour code (the F helper its conditional format reads)."""
    helper = _Helper(ts, places)
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    grid = book.get_sheet_by_name(SELF_CHECK_HELPER).to_python(skip_empty_area=False)
    return {k: int(grid[r][c] or 0) for k in places for r, c in [helper.at(k, "F")]}


def template_places(path: Path, ts) -> dict[Key, str]:
    from dianping_xlsx.template.layout import defined_name

    wb = openpyxl.load_workbook(path)
    return {k: next(iter(wb.defined_names[defined_name(t, k)].destinations))[1].replace("$", "")
            for t in ts.tables for k in t.keys()}


def messy(rng: random.Random, value: int):
    """A value as a unit may type it."""
    roll = rng.random()
    if roll < 0.70:
        return value
    return rng.choice([str(value), f"{value}人", str(value).translate(str.maketrans("0123456789", "０１２３４５６７８９")),
                       -value - 1, value + 0.5, "无", "", f" {value} ", f"{value}.0",
                       f"\u00a0{value}", "无\u00a0"])  # pasted from a web page or a chat


def edge_values(ts, rng: random.Random) -> dict[Key, object]:
    """Every rule at its edges: a done count equal to its total, one above, one below."""
    values: dict[Key, object] = {}
    for table in ts.tables:
        for category in table.categories:
            total = rng.randint(0, 9)
            for key in (k for k in table.keys() if k.category == category):
                base = table.row(key.metric).base
                values[key] = total if base else max(0, total + rng.choice([-1, 0, 0, 1]))
    return values


def at_boundary(ts, secretaries: int, organisations: int) -> dict[Key, object]:
    """The secretaries of the first table's first block against the second table's
    organisations, spread over the categories: the 10% rule at its edge."""
    first, second = ts.tables[0], ts.tables[1]
    values: dict[Key, object] = {k: 0 for t in ts.tables for k in t.keys()}
    for table, block, total in ((first, first.blocks[0], secretaries), (second, second.categories, organisations)):
        for i, category in enumerate(block):
            share = total // len(block) + (1 if i < total % len(block) else 0)
            for key in (k for k in table.keys() if k.category == category):
                values[key] = share
    return values


def fills(ts, count: int, seed: int) -> list[dict[Key, object]]:
    rng = random.Random(seed)
    out = [at_boundary(ts, s, 30) for s in (33, 34, 27, 26)]
    for i in range(count):
        values = edge_values(ts, rng) if i % 2 else random_values(ts, seed + i, scale=20, full=0.6)
        out.append({k: messy(rng, v) if i % 3 else v for k, v in values.items()})
    return out


def expected(sub, ts) -> tuple[dict[tuple, str], dict[Key, int]]:
    """What check says: failing rule lines (-> message), and each input cell's worst severity."""
    failing, worst = {}, {}
    for p in sub.problems:
        if p.code.startswith("rule."):
            failing[(p.params["rule"], p.params["table"], p.params["category"], p.params["round"])] = p.message
        if p.target is not None and p.severity in SEVERITY:
            key = Key(*p.target)
            worst[key] = max(worst.get(key, 0), SEVERITY[p.severity])
    return failing, worst


@needs_office
@pytest.mark.parametrize("half", ["H1", "H2", ""])
def test_self_check_agrees_with_dianping_check(ts, tmp_path, half):
    period = PERIODS[half]
    template = write_template(ts, tmp_path / "template.xlsx", "梅城镇党委", period=period)
    places = template_places(template, ts)
    filled = [fill_template(ts, tmp_path / "in" / f"fill{i:02d}.xlsx", "梅城镇党委", None, values, template)
              for i, values in enumerate(fills(ts, 12, seed=len(half) * 100 + 7))]
    checked_lines, cross_table, cell_messages = 0, set(), 0
    for path in recalculated(filled, tmp_path / "out"):
        sub = check_workbook(path, ts, period)
        failing, worst = expected(sub, ts)
        lines = verdicts(self_check_lines(path), ts)
        assert {k for k, (s, _) in lines.items() if s > 0} == set(failing), path.name
        for key, message in failing.items():
            assert lines[key][1] == message  # the same sentence, numbers filled in by the formula
        checked_lines += len(lines)
        text = results_text(self_check_lines(path))
        for p in sub.problems:  # each cell's own problems, as check words them, at the cell
            if p.severity == "info":  # a note (a number typed as text) asks nothing: not listed
                assert f"{p.position}:{p.message}" not in text, (path.name, p.position)
                continue
            if p.code.startswith("value.") or p.code == "period.second-round-early":
                assert f"{p.position}:{p.message}" in text, (path.name, p.position, p.message)
                cell_messages += 1
        cross_table.update(k[0] for k in failing if k[2] == "")
        shown = colours(path, ts, places)
        sums_failed = any(k[2] == "" for k in failing)  # a rule over whole tables colours every cell it adds
        for key in places:
            if sums_failed:
                assert shown[key] >= worst.get(key, 0), (path.name, key)
            else:
                assert shown[key] == worst.get(key, 0), (path.name, key, shown[key])
    assert checked_lines > 16 * 150  # every rule, in every category and round, was compared
    assert cross_table  # the rule over whole tables failed in some fill (34 against 30, 26 against 30)
    assert cell_messages > 50


@needs_office
def test_first_line_and_cell_messages(ts, tmp_path):
    template = write_template(ts, tmp_path / "template.xlsx", period=Period(2011, "H1"))
    cats = {t.key: t.categories for t in ts.tables}
    t1, t2 = ts.tables[0], ts.tables[1]
    bad = {Key(t1.key, cats[t1.key][0], "总人数", ""): 20,
           Key(t1.key, cats[t1.key][0], "参加点评人数", "第一次"): 25,
           Key(t2.key, cats[t2.key][0], "党组织数", ""): "12人",
           Key(t2.key, cats[t2.key][1], "党组织数", ""): 2.5,
           Key(t2.key, cats[t2.key][1], "已被点评党组织数", "第二次"): 1}
    good = {Key(t1.key, cats[t1.key][0], "总人数", ""): 3, Key(t1.key, cats[t1.key][0], "参加点评人数", "第一次"): 3,
            Key(t2.key, cats[t2.key][0], "党组织数", ""): 3, Key(t2.key, cats[t2.key][0], "已被点评党组织数", "第一次"): 3}
    third = next(k for k in ts.tables[2].keys() if k.round in ("", ts.rounds[0].label))
    bad[third] = good[third] = 0  # every table filled: one left blank is an error (tests/test_blank_table.py)
    paths = [fill_template(ts, tmp_path / name, "梅城镇党委", None, values, template)
             for name, values in (("bad.xlsx", bad), ("good.xlsx", good))]
    blank_copy = tmp_path / "blank.xlsx"
    blank_copy.write_bytes(template.read_bytes())
    bad_done, good_done, blank_done = recalculated([*paths, blank_copy], tmp_path / "out")
    rows = self_check_lines(bad_done)
    # counted as check counts them (each cell and each rule's round), 12人 a note
    live = [p for p in check_workbook(bad_done, ts, Period(2011, "H1")).problems if seen_live(p.code)]
    assert [sum(p.severity == s for p in live) for s in ("error", "warning")] == [2, 2]
    assert rows[0][0] == "自查结果:未通过,有 2 项错误(标红),改正后才能报送。另有 2 项警告(标黄)。"
    text = results_text(rows)
    assert "“市州委书记”的参加点评人数(第一次)为 25,超过了总人数 20。" in text
    assert "“12人”" not in text  # read as 12: a note, nothing for the unit to do
    assert "“2.5”不是整数。" in text
    # the sentence check prints (the template was made for 2011-H1, so it knows the year)
    assert "本次为2011年上半年报送,“街道社区”的已被点评党组织数(第二次)却填了 1。第二次的数字应在下半年报送时填写" in text
    assert self_check_lines(good_done)[0][0] == "自查结果:全部通过,可以报送。"
    assert self_check_lines(blank_done)[0][0].startswith("自查结果:表格还没有填写数字")
    # the 自查 sheets are never read as tables, and check finds the same faults
    sub = check_workbook(bad_done, ts, Period(2011, "H1"))
    assert sorted(p.code for p in sub.problems if p.severity == "error") == ["rule.exceeds", "value.not-integer"]


PORTABLE = {"IF", "AND", "OR", "NOT", "SUM", "COUNT", "COUNTIF", "MAX", "MIN", "ABS", "ROUND", "INT", "N",
            "VALUE", "LEN", "LEFT", "MID", "RIGHT", "TRIM", "SUBSTITUTE", "CHOOSE", "ISNUMBER", "ISERROR", "IFERROR",
            "CHAR", "ERROR.TYPE"}


def test_formulas_use_only_functions_every_office_suite_computes_alike(ts, tmp_path):
    """Excel, WPS and LibreOffice: no newer function (xlsxwriter is also told none is there)."""
    import re

    book = openpyxl.load_workbook(write_template(ts, tmp_path / "t.xlsx"))
    used = set()
    for name in (SELF_CHECK_SHEET, SELF_CHECK_HELPER):
        for row in book[name].iter_rows():
            for c in row:
                if c.data_type == "f":
                    text = re.sub(r'"[^"]*"', "", c.value)  # not inside string literals
                    used |= set(re.findall(r"([A-Z][A-Z.]*)\(", text))
    assert used and used <= PORTABLE, used - PORTABLE
    assert book[SELF_CHECK_SHEET]["C2"].protection.locked is False  # the 报送时段, the one input
    assert all(c.protection.locked for row in book[SELF_CHECK_SHEET].iter_rows(min_row=6) for c in row)


@pytest.mark.parametrize("sheet_name", ["自查", "自查 (2)", "我的检查"])
def test_a_copied_self_check_sheet_is_never_a_table(ts, tmp_path, sheet_name):
    """A unit copies the 自查 sheet (its words: 附件1, the categories, the rule sentences) into its
    own hand-made workbook, under its name or another: read exactly as without it."""
    from dianping_xlsx.testing import write_handmade

    values = random_values(ts, 11)
    plain = write_handmade(ts, tmp_path / "plain.xlsx", "梅城镇党委", "2011-06-25", values)
    template = openpyxl.load_workbook(write_template(ts, tmp_path / "t.xlsx"))
    book = openpyxl.load_workbook(plain)
    copy = book.create_sheet(sheet_name)
    for row in template[SELF_CHECK_SHEET].iter_rows():
        for c in row:
            if c.value is not None:  # a copy keeps what the formulas showed, as text
                copy.cell(c.row, c.column, "自查结果:全部通过,可以报送。" if c.row == 1 else
                          "通过" if c.data_type == "f" else c.value)
    book.save(tmp_path / "with_copy.xlsx")
    period = Period(2011, "H1")
    before, after = (check_workbook(p, ts, period) for p in (plain, tmp_path / "with_copy.xlsx"))
    assert after.values == before.values == {k: v for k, v in values.items()}
    assert [p.message for p in after.problems] == [p.message for p in before.problems]
    assert after.unit == "梅城镇党委"


def test_the_self_check_sheets_are_neither_scanned_nor_read(ts, tmp_path):
    """Skipped by name before the pre-scan inflates them: a sheet named 自查 that holds a cell at
    the sheet's far corner (which aborts the native reader) costs nothing, and the tables of the
    workbook are read as ever; the same cell in any other sheet is refused."""
    from dianping_xlsx.api import check_files

    values = random_values(ts, 4)
    path = fill_template(ts, tmp_path / "t.xlsx", "梅城镇党委", "2011-06-25", values)
    book = openpyxl.load_workbook(path)
    book[SELF_CHECK_HELPER]["XFD1048576"] = 1
    book.save(tmp_path / "far_in_self_check.xlsx")
    book = openpyxl.load_workbook(path)
    book.create_sheet("备注")["XFD1048576"] = 1
    book.save(tmp_path / "far_elsewhere.xlsx")
    quiet, loud = check_files([tmp_path / "far_in_self_check.xlsx", tmp_path / "far_elsewhere.xlsx"],
                              period="2011-H1", jobs=1)
    assert dict(quiet.submission.values) == values and quiet.ok
    assert [p.code for p in loud.problems] and not loud.ok
    assert all(p.code.startswith("limit.") for p in loud.problems if p.severity == "error")


EXTRA_RULE = '''
[[rules]]
id = "evaluated-within-appraised"
title = "评议的党组织不多于点评过的一半加二"
severity = "warning"
code = "rule.failed"
tables = ["附件2"]
let = { "上限" = "max(已被点评党组织数[第一次], 已被点评党组织数[第二次]) / 2 + 2" }
check = "已开展群众评议党组织数 <= 上限 + min(0, -abs(党组织数 - 党组织数))"
message = "“{category}”评议了 {lhs} 个,上限 {上限}。"
'''


@needs_office
def test_a_rule_added_to_the_data_file_gets_its_formula(tmp_path):
    """One source of truth: a new rule (let, max, min, abs, a division, named rounds) in the table
    set's file is on the 自查 sheet, computed by the office suite as dianping check computes it."""
    from dianping_xlsx.definitions.tables import table_set_from_text

    text = (Path(__file__).resolve().parent.parent / "dianping_xlsx" / "definitions" / "tablesets"
            / "hunan-2011.toml").read_text(encoding="utf-8")
    ts = table_set_from_text(text + EXTRA_RULE)
    template = write_template(ts, tmp_path / "t.xlsx")
    category = ts.table("附件2").categories[0]

    def key(metric, rnd=""):
        return Key("附件2", category, metric, rnd)

    fills = {"ok.xlsx": {key("党组织数"): 9, key("已被点评党组织数", "第一次"): 5, key("已开展群众评议党组织数"): 4},
             "over.xlsx": {key("党组织数"): 9, key("已被点评党组织数", "第一次"): 5, key("已开展群众评议党组织数"): 5}}
    paths = [fill_template(ts, tmp_path / name, "梅城镇党委", None, values, template) for name, values in fills.items()]
    ok, over = recalculated(paths, tmp_path / "out")
    line = ("evaluated-within-appraised", "附件2", category, "")
    assert verdicts(self_check_lines(ok), ts)[line] == (fx.PASS, "通过")
    (problem,) = [p for p in check_workbook(over, ts, None).problems if p.params.get("rule") == line[0]
                  and p.params["category"] == category]
    assert verdicts(self_check_lines(over), ts)[line] == (fx.WARN, problem.message)
    assert problem.message == f"“{category}”评议了 5 个,上限 4.5。"


def test_an_ods_content_loses_only_the_self_check_sheets():
    """The .ods pre-scan takes the 自查 sheets out before walking the cells, each at its matching
    end tag (a table nested in it counted), everything else byte for byte."""
    from dianping_xlsx.read.scan_ods import _without_self_check

    sheet = '<table:table table:name="{}" table:style-name="ta1">{}</table:table>'
    nested = '<table:table-row><table:table-cell><table:table table:name="x"></table:table></table:table-cell></table:table-row>'
    kept = [sheet.format("附件1", "<table:table-row><table:table-cell>1</table:table-cell></table:table-row>"),
            sheet.format("备注", "<table:table/>")]
    content = ("<office:spreadsheet>" + kept[0] + sheet.format("自查", nested) + kept[1]
               + sheet.format("自查计算", "<table:table-row/>") + "</office:spreadsheet>").encode()
    assert _without_self_check(content).decode() == "<office:spreadsheet>" + "".join(kept) + "</office:spreadsheet>"
    unchanged = ("<office:spreadsheet>" + "".join(kept) + "</office:spreadsheet>").encode()
    assert _without_self_check(unchanged) is unchanged


@needs_office
def test_a_template_saved_as_ods_by_libreoffice_reads_as_ever(ts, tmp_path):
    from dianping_xlsx.api import check_files

    values = random_values(ts, 6)
    path = fill_template(ts, tmp_path / "unit.xlsx", "梅城镇党委", "2011-06-25", values)
    subprocess.run([soffice(), f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "ods",
                    "--outdir", str(tmp_path / "ods"), str(path)], check=True, capture_output=True, timeout=300)
    (report,) = check_files([tmp_path / "ods" / "unit.ods"], period="2011-H1", jobs=1)
    assert dict(report.submission.values) == values and report.submission.unit == "梅城镇党委"
