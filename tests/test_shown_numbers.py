"""A number stored in a cell is judged as Excel and WPS show it (15 significant digits): a count
computed =50*0.58 stores 28.999999999999996 and shows 29, so it is 29 — in the check, in the
messages and in the template's own 自查 (text.as_shown); 2.5 and 29.4 are still not whole."""

from __future__ import annotations

import pytest

from dianping_xlsx import check_files
from dianping_xlsx.definitions import Key
from dianping_xlsx.text import parse_count, number_text

from .hostile_corpus import rewrite, set_cell_xml, sheet_part

KEY = Key("附件1", "县市区委书记", "总人数", "")


@pytest.mark.parametrize("raw, value, code, text", [
    (50 * 0.58, 29, "", "29"),  # 28.999999999999996
    (0.1 + 0.2, None, "value.not-integer", "0.3"),  # 0.30000000000000004
    (2.5, None, "value.not-integer", "2.5"),
    (29.4, None, "value.not-integer", "29.4"),
    (1 - 1e-16, 1, "", "1"),
])
def test_a_stored_number_is_read_as_shown(raw, value, code, text):
    parsed = parse_count(raw)
    assert (parsed.value, parsed.code) == (value, code)
    assert number_text(raw) == text


def _problems(path):
    (report,) = check_files([path], period="2011-H1", jobs=1)
    return report, [(p.code, p.sheet, p.cell, p.message) for p in report.problems if p.code.startswith("value.")]


def _computed(make_unit, tmp_path, formula: str, cached: str):
    """A unit's file whose 县市区委书记 总人数 (附件1!D5) Excel computed: the formula and the
    result Excel saved with it (openpyxl would write 28.999999999999996 as 29)."""
    good, _ = make_unit(tmp_path / "src", "县茶业公司党委", seed=5)
    part = sheet_part(good, "附件1")
    xml = f'<c r="D5" s="9"><f>{formula}</f><v>{cached}</v></c>'
    return rewrite(good, tmp_path / "县茶业公司党委.xlsx",
                   lambda name, data: set_cell_xml(data, "D5", xml) if name == part else data)


def test_a_count_excel_shows_as_29_is_29(make_unit, tmp_path):
    report, said = _problems(_computed(make_unit, tmp_path, "50*0.58", repr(50 * 0.58)))
    assert said == []
    assert report.submission.values[KEY] == 29


def test_a_true_fraction_is_quoted_as_the_cell_shows_it(make_unit, tmp_path):
    _, said = _problems(_computed(make_unit, tmp_path, "294*0.1", "29.400000000000002"))
    assert [code for code, *_ in said] == ["value.not-integer"]
    assert "“29.4”不是整数" in said[0][3]


@pytest.mark.parametrize("raw, quality", [(50 * 0.58, "number"), (29.0, "number"), (2.5, "not integer"),
                                          (29.4, "not integer")])
def test_the_templates_own_check_agrees(raw, quality):
    """The 自查 sheet decides a number is whole as the check does (compared with its ROUND: INT of
    28.999999999999996 is 28 in Excel), and the value it sums is the whole number."""
    from dianping_xlsx.template.formulas import Q_NOT_INTEGER, Q_NUMBER, cell_formulas

    from .test_evaluate import both

    helpers = "SRTUQVP"
    formulas = cell_formulas("'表'!$A$1", lambda name: f"'算'!$A${helpers.index(name) + 1}")
    results, _, _ = both({"A1": raw}, {f"A{helpers.index(n) + 1}": f for n, f in formulas.items()})
    q, v = (dict(zip(formulas, results))[name] for name in "QV")
    assert q == {"number": Q_NUMBER, "not integer": Q_NOT_INTEGER}[quality]
    if quality == "number":
        assert v == 29


def _percent_cell(make_unit, tmp_path, number_format: str | None, builtin: int, value: str):
    """A unit's file whose 县市区委书记 总人数 (附件1!D5) has a percent format, as the unit set it
    (0% built in, or its own code), holding what Excel stores when 12 is typed into it."""
    import openpyxl

    good, _ = make_unit(tmp_path / "src", "县茶业公司党委", seed=5)
    wb = openpyxl.load_workbook(good)
    wb["附件1"]["D5"].number_format = number_format or openpyxl.styles.numbers.BUILTIN_FORMATS[builtin]
    wb["附件1"]["D5"].value = float(value)
    target = tmp_path / "县茶业公司党委.xlsx"
    wb.save(target)
    return target


@pytest.mark.parametrize("number_format, builtin, value, shown", [
    (None, 9, "0.12", "12%"), (None, 10, "0.125", "12.50%"), ('0.0"人"%', 0, "0.12", "12.0%")])
def test_a_count_in_a_percent_cell_is_said_as_shown(make_unit, tmp_path, number_format, builtin, value, shown):
    _, said = _problems(_percent_cell(make_unit, tmp_path, number_format, builtin, value))
    assert [(code, sheet, cell) for code, sheet, cell, _ in said] == [("value.percent", "附件1", "D5")]
    assert f"显示的“{shown}”实际是 {value}" in said[0][3] and "常规" in said[0][3]


def test_a_fraction_in_a_plain_cell_is_not_called_a_percentage(make_unit, tmp_path):
    _, said = _problems(_computed(make_unit, tmp_path, "12/100", "0.12"))
    assert [code for code, *_ in said] == ["value.not-integer"]


@pytest.mark.parametrize("workbook_pr", ['<workbookPr date1904="1"/>', "<workbookPr date1904='true'/>"])
def test_a_bare_day_number_of_a_1904_workbook_is_its_own_day(make_unit, tmp_path, workbook_pr):
    """Mac Excel counts days from 1904: a 填报时间 typed as a bare number (General format) in such
    a workbook is that workbook's day, not four years and a day earlier."""
    import datetime as dt
    import re as regex

    good, _ = make_unit(tmp_path / "src", "江南镇党委", seed=5, day=dt.date(2011, 6, 24))

    def mac(name, data):
        if name == "xl/workbook.xml":
            return data.replace(b"<workbookPr/>", workbook_pr.encode())
        if name.startswith("xl/worksheets/"):  # the date cells: the 1904 day number, General format
            return regex.sub(rb'(<c r="[A-Z]3") s="\d+"( t="n"><v>)(\d+)',
                             lambda m: m[1] + b' s="0"' + m[2] + str(int(m[3]) - 1462).encode(), data, count=1)
        return data

    mac_file = rewrite(good, tmp_path / "江南镇党委.xlsx", mac)
    (report,) = check_files([mac_file], period="2011-H1", jobs=1)
    assert report.submission.date == dt.date(2011, 6, 24)
    assert not [p for p in report.problems if p.code.startswith("date.")]
