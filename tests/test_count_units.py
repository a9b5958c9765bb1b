"""A count typed with a measure word (40项, 3 件, 50票): read when the word is one a count carries,
said when it is not the unit the cell's label prints (40人 in a 承诺事项数(项) row); and the
template's 自查 sheet reads such a cell as ``dianping check`` does."""

from __future__ import annotations

import pytest

from dianping_xlsx.check.workbook import check_workbook
from dianping_xlsx.definitions import Key, load_table_set
from dianping_xlsx.model import Period
from dianping_xlsx.template import formulas as fx
from dianping_xlsx.template.blank import write_template
from dianping_xlsx.template.selfcheck import seen_live
from dianping_xlsx.testing import fill_template
from dianping_xlsx.text import parse_count, printed_unit

from .test_selfcheck import needs_office, recalculated, results_text, self_check_lines


@pytest.mark.parametrize("raw, unit, value, code", [
    ("40项", "", 40, "value.text-number"),
    ("32 项", "项", 32, "value.text-number"),
    ("50票", "票", 50, "value.text-number"),
    ("12人次", "", 12, "value.text-number"),
    ("12名", "人", 12, "value.text-number"),  # 人, 名, 位: one thing
    ("12个", "人", 12, "value.text-number"),  # 个 is said of anything
    ("12家", "个", 12, "value.text-number"),
    ("40人", "项", 40, "value.unit-differs"),
    ("12人", "个", 12, "value.unit-differs"),  # persons in an organisations row
    ("12件", "项", 12, "value.unit-differs"),
    ("12个", "万元", 12, "value.unit-differs"),
    ("40元", "", None, "value.not-number"),  # money, per cent, 万: no count
    ("40万", "", None, "value.not-number"),
    ("40%", "", None, "value.not-number"),
    ("项", "项", None, "value.not-number"),
])
def test_a_count_with_a_measure_word(raw, unit, value, code):
    parsed = parse_count(raw, unit)
    assert (parsed.value, parsed.code) == (value, code)


@pytest.mark.parametrize("label, unit", [
    ("承诺事项数(项)", "项"), ("党组织数(个)", "个"), ("支部数-(个)", "个"), ("支部数/个", "个"),
    ("金额(单位:万元)", "万元"), ("党员数(含预备党员)", ""), ("人数(男)", ""), ("总人数", ""),
])
def test_the_unit_a_label_prints(label, unit):
    assert printed_unit(label) == unit


RAWS = ["40项", "3 项", "40人", "12名", "12个", "12家", "12人次", "12件", "40元", "40%", "项", "-3项", "2.5项",
        "12", 12.0, ""]


@pytest.mark.parametrize("unit", ["", "项", "人", "个"])
def test_the_self_checks_reading_agrees(unit):
    """The helper formulas of a cell whose label prints ``unit`` (computed as a return file's are
    saved) give the code and the value parse_count gives."""
    from .test_evaluate import both

    helpers = "SRTUQVP"
    formulas = fx.cell_formulas("'表'!$A$1", lambda name: f"'算'!$A${helpers.index(name) + 1}", unit)
    codes = {fx.Q_BLANK: "", fx.Q_NUMBER: ""} | fx.Q_KINDS
    for raw in RAWS:
        by_book, by_program, _ = both({"A1": raw}, {f"A{helpers.index(n) + 1}": f for n, f in formulas.items()})
        assert by_book == by_program
        q, v = (dict(zip(formulas, by_program))[name] for name in "QV")
        parsed = parse_count(raw, unit)
        assert codes[int(q)] == parsed.code, (raw, unit)
        assert (None if v == "" else int(v)) == parsed.value, (raw, unit)


JUSTICE = Period(2012, "H1")


def _filled(tmp_path):
    """The 2012 justice notice's template (rows 党组织数(个), 党员数(人), 满意(票)) filled by a
    clerk who typed units: 3家 and 5票 where they belong, 4人 in an organisations row, 2元."""
    ts = load_table_set("justice-2012")
    table = ts.tables[0]
    first, second = table.categories[:2]
    values = {k: 0 for k in table.keys()}
    values |= {Key(table.key, first, "党组织数(个)", ""): "3家", Key(table.key, first, "满意(票)", ""): "5票",
               Key(table.key, first, "评议票数合计(票)", ""): 5,
               Key(table.key, second, "党组织数(个)", ""): "4人", Key(table.key, second, "党员数(人)", ""): "2元"}
    template = write_template(ts, tmp_path / "template.xlsx", period=JUSTICE)
    return ts, fill_template(ts, tmp_path / "in" / "司法局.xlsx", "某某司法局", None, values, template)


def test_check_reads_units_and_says_a_unit_that_differs(tmp_path):
    ts, path = _filled(tmp_path)
    sub = check_workbook(path, ts, JUSTICE)
    said = {p.cell: (p.code, p.message) for p in sub.problems if p.code.startswith("value.")}
    table = ts.tables[0]
    first, second = table.categories[:2]
    assert sub.values[Key(table.key, first, "党组织数(个)", "")] == 3
    assert sub.values[Key(table.key, first, "满意(票)", "")] == 5
    assert sub.values[Key(table.key, second, "党组织数(个)", "")] == 4
    assert sorted(code for code, _ in said.values()) == [
        "value.not-number", "value.text-number", "value.text-number", "value.unit-differs"]
    differs = next(m for code, m in said.values() if code == "value.unit-differs")
    assert differs.startswith(f"“4人”带的单位是“人”,而{table.key}“{second}”的党组织数(个)以“个”计,已按 4 读取。")


@needs_office
def test_the_self_check_says_what_check_says(tmp_path):
    ts, path = _filled(tmp_path)
    sub = check_workbook(path, ts, JUSTICE)
    (done,) = recalculated([path], tmp_path / "out")
    text = results_text(self_check_lines(done))
    listed = [p for p in sub.problems if p.code.startswith("value.") and p.severity != "info"]
    assert sorted(p.code for p in listed) == ["value.not-number", "value.unit-differs"]
    for p in listed:
        assert f"{p.position}:{p.message}" in text, p.message
    assert "“3家”" not in text and "“5票”" not in text  # read: a note, nothing to do
    live = [p for p in sub.problems if seen_live(p.code)]  # counted as check counts them
    errors, warnings = (sum(p.severity == s for p in live) for s in ("error", "warning"))
    assert self_check_lines(done)[0][0] == (f"自查结果:未通过,有 {errors} 项错误(标红),改正后才能报送。"
                                            f"另有 {warnings} 项警告(标黄)。")
