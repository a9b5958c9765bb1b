"""What units type that the 自查 sheet once read otherwise than ``dianping check``: a number with a
no-break space or a zero-width space pasted from a web page or a chat, a 填报单位 of spaces or a
symbol alone, an error value in a count cell. Our template filled with openpyxl, recalculated by
LibreOffice, its first line's count of errors and warnings and each cell's sentence held against
check on the same file.
"""

from __future__ import annotations

import re

import pytest

from dianping_xlsx.check.workbook import check_workbook
from dianping_xlsx.model import Period
from dianping_xlsx.template import formulas as fx
from dianping_xlsx.template.blank import write_template
from dianping_xlsx.testing import fill_template

from .conftest import soffice
from .test_selfcheck import recalculated, results_text, self_check_lines

needs_office = pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")
PERIOD = Period(2011, "H1")
UNIT = "梅城镇党委"


def counted(first_line: str) -> tuple[int, int]:
    """(errors, warnings) as the 自查 sheet's first line says them."""
    errors = re.search(r"(\d+) 项错误", first_line)
    warnings = re.search(r"(\d+) 项警告", first_line)
    return int(errors.group(1)) if errors else 0, int(warnings.group(1)) if warnings else 0


def zeros(ts) -> dict:
    return {k: 0 for t in ts.tables for k in t.keys()}  # every check passes


def fill(ts, folder, cases: dict[str, tuple[object, object]]) -> list:
    """One file per case: (the 填报单位 of every table, or a list of one each; the first value
    cell's value)."""
    import openpyxl

    from dianping_xlsx.template.layout import UNIT_LINE, line_name

    template = write_template(ts, folder / "template.xlsx", period=PERIOD)
    first = ts.tables[0].keys()[0]
    out = []
    for name, (unit, value) in cases.items():
        path = fill_template(ts, folder / "in" / f"{name}.xlsx", "", "2011-06-25", {**zeros(ts), first: value},
                             template)
        book = openpyxl.load_workbook(path)
        for table, typed in zip(ts.tables, unit if isinstance(unit, list) else [unit] * len(ts.tables)):
            sheet, ref = next(iter(book.defined_names[line_name(table, UNIT_LINE)].destinations))
            book[sheet][ref.replace("$", "")] = typed if typed != "" else None
        book.save(path)
        out.append(path)
    return out


def held_against_check(ts, path) -> tuple[list, str]:
    """The 自查 first line's counts are check's; returns check's problems and the 自查 results."""
    sub = check_workbook(path, ts, PERIOD)
    rows = self_check_lines(path)
    said = [p for p in sub.problems if p.severity in ("error", "warning")]
    assert counted(rows[0][0]) == (sum(p.severity == "error" for p in said),
                                   sum(p.severity == "warning" for p in said)), (path.name, rows[0][0], said)
    return sub.problems, results_text(rows)


@needs_office
def test_spaces_pasted_with_a_number_are_read_as_check_reads_them(ts, tmp_path):
    cases = {"nbsp_after": (UNIT, "0\u00a0"), "nbsp_before": (UNIT, "\u00a00"), "zero_width": (UNIT, "0\u200b"),
             "bom": (UNIT, "\ufeff0"), "word_nbsp": (UNIT, "无\u00a0"), "word_ideographic": (UNIT, "无\u3000人")}
    for path in recalculated(fill(ts, tmp_path, cases), tmp_path / "out"):
        problems, text = held_against_check(ts, path)
        for p in problems:
            if p.severity == "error":
                assert f"{p.position}:{p.message}" in text, (path.name, p.message, text)
        if path.stem.startswith("word"):  # quoted as check quotes it: spaces single, trimmed
            assert [p.code for p in problems] == ["value.not-number"], path.name
        else:
            assert [p.code for p in problems] == ["value.text-number"], path.name  # read as 0, with a note


@needs_office
def test_a_unit_name_of_spaces_or_a_symbol_is_not_filled_in(ts, tmp_path):
    """check warns of a 填报单位 that is blank once cleaned (unit.from-filename) or no name (a
    symbol, a number, a date: unit.not-a-name), even beside a proper one; 无 is a name to it."""
    warned = {"spaces": "   ", "no_break_space": "\u00a0", "line_break": "\n", "tab_and_space": "\t \u3000",
              "dash": "-", "dashes": "——", "slash": "/", "star": "*", "full_width_dash": "－", "dots": "…",
              "a_number": 12345, "a_date_as_text": "2011-06-25", "a_date_in_words": "2011年6月", "one_wrong": [UNIT, "-", UNIT]}
    passed = {"named": UNIT, "named_once": [UNIT, "", ""], "spaced_name": f" {UNIT}\u00a0", "none_word": "无"}
    cases = {name: (unit, 0) for name, unit in {**warned, **passed}.items()}
    for path in recalculated(fill(ts, tmp_path, cases), tmp_path / "out"):
        problems, _ = held_against_check(ts, path)
        unit_said = [p.code for p in problems if p.code.startswith("unit.")]
        assert bool(unit_said) == (path.stem in warned), (path.name, unit_said)


@needs_office
def test_the_saved_unit_verdicts_are_what_libreoffice_computes(ts, tmp_path):
    """The 填报单位 helpers computed by evaluate.py, for templates written with odd names."""
    from .test_selfcheck_saved import converted, differences

    files = [write_template(ts, tmp_path / f"t{i}.xlsx", unit, period=PERIOD)
             for i, unit in enumerate(["-", "   ", "无", "2011年6月", "“", UNIT])]
    for ours, theirs in zip(files, converted(files, tmp_path / "out", recalculate=True)):
        assert differences(ours, theirs) == [], ours.name


ERRORS = ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A")


@needs_office
def test_an_error_value_is_named_as_check_names_it(ts, tmp_path):
    """(#NULL!, of an intersection of two ranges, no unit types: LibreOffice's ERROR.TYPE gives #N/A
    for it, so its 自查 says #错误值 there; Excel's says 1, #NULL!.)"""
    typed = ERRORS[1:]
    cases = {f"error{i}": (UNIT, code) for i, code in enumerate(typed)}
    for path, code in zip(recalculated(fill(ts, tmp_path, cases), tmp_path / "out"), typed):
        problems, text = held_against_check(ts, path)
        (said,) = [p for p in problems if p.code == "value.error-cell"]
        assert said.params["text"] == code
        assert f"{said.position}:{said.message}" in text, (code, text)


def test_the_evaluator_names_each_error_value():
    from dianping_xlsx.template.evalfuncs import Err
    from dianping_xlsx.template.evalparse import compile_formula

    cell = ("附件1", 4, 2)
    formula = compile_formula("=" + fx.error_text("'附件1'!$C$5"), "自查计算")
    for code in ERRORS:
        assert formula.run({cell: Err(code)}) == code
    assert formula.run({cell: Err("#CIRCULAR")}) == "#错误值"  # none of the seven: said as before
