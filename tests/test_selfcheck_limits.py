"""The 自查 refuses what a merge refuses at the edges of a count: a number too large to be a count
(text.MAX_COUNT, typed as a number or as text), as the merge words it, in LibreOffice's
recalculation and in the results the tool saves."""

from __future__ import annotations

import datetime as dt

import pytest

from dianping_xlsx.check.workbook import check_workbook
from dianping_xlsx.model import Period
from dianping_xlsx.report.returns import write_return_file
from dianping_xlsx.template.blank import write_template
from dianping_xlsx.template.layout import INTEGER_VALIDATION
from dianping_xlsx.testing import fill_template, h1_only, random_values
from dianping_xlsx.text import MAX_COUNT

from .test_selfcheck import colours, expected, needs_office, recalculated, results_text, self_check_lines, verdicts
from .test_selfcheck import template_places
from .test_selfcheck_saved import converted, differences

H1 = Period(2011, "H1")
# as a clerk types them: a phone number pasted, one digit too many, as text, with 人, a fraction
# of too many digits; the largest count read
TOO_LARGE = [13800001234, 1000000001, "13800001234", "1000000001人", "12345678901.5", "-99999999999", MAX_COUNT]


def filled(ts, folder, template):
    values = h1_only(ts, random_values(ts, 4))
    keys = list(ts.tables[2].keys())
    values.update({keys[i * 3]: v for i, v in enumerate(TOO_LARGE)})
    return fill_template(ts, folder / "large.xlsx", "梅城镇党委", dt.date(2011, 6, 25), values, template)


def said_alike(ts, path, rows):
    """The 自查's lines (rows) say what check says of ``path``: each value's problem in its words,
    the same rules failing, the same count of errors on its first line, the same cells coloured."""
    sub = check_workbook(path, ts, H1)
    faults = [p for p in sub.problems if p.code.startswith("value.") and p.severity == "error"]
    # the largest count read is read, and no unit can have it (the table set's most)
    assert sorted(p.code for p in faults) == ["value.implausible"] + ["value.too-large"] * (len(TOO_LARGE) - 1)
    text = results_text(rows)
    for p in faults:
        assert f"{p.position}:{p.message}" in text, p.message
    failing, worst = expected(sub, ts)
    assert {k for k, (s, _) in verdicts(rows, ts).items() if s > 0} == set(failing)
    errors = sum(p.severity == "error" for p in sub.problems)
    assert rows[0][0].startswith(f"自查结果:未通过,有 {errors} 项错误")
    return failing, worst


@needs_office
def test_a_number_too_large_is_refused_as_the_merge_refuses_it(ts, tmp_path):
    template = write_template(ts, tmp_path / "template.xlsx", "梅城镇党委", period=H1)
    (path,) = recalculated([filled(ts, tmp_path / "in", template)], tmp_path / "out")
    failing, worst = said_alike(ts, path, self_check_lines(path))
    shown = colours(path, ts, template_places(template, ts))
    if any(k[2] == "" for k in failing):  # a rule over whole tables colours every cell it adds
        assert all(shown[k] >= v for k, v in worst.items())
    else:
        assert shown == {k: worst.get(k, 0) for k in shown}


@needs_office
def test_a_return_file_saves_what_libreoffice_computes_for_a_number_too_large(ts, tmp_path):
    template = write_template(ts, tmp_path / "template.xlsx")
    sub = check_workbook(filled(ts, tmp_path / "in", template), ts, H1)
    back = write_return_file(sub, ts, tmp_path / "back", dt.date(2011, 7, 1), period=H1)
    said_alike(ts, back, self_check_lines(back))  # the results the tool saved, read as they are
    (theirs,) = converted([back], tmp_path / "lo", recalculate=True)
    assert differences(back, theirs) == []


def test_the_template_takes_no_count_above_what_a_merge_reads():
    assert (INTEGER_VALIDATION["minimum"], INTEGER_VALIDATION["maximum"]) == (0, MAX_COUNT)


def test_a_number_is_quoted_alike_by_the_merge_and_the_saved_self_check(ts, tmp_path):
    """0.0000001 and 1E+20 as the General format shows them, in the merge's message and in the
    results the tool saves in the return file's 自查 (it said “1e-07”, the 自查 “1E-07”)."""
    template = write_template(ts, tmp_path / "template.xlsx")
    keys = list(ts.tables[1].keys())
    values = h1_only(ts, random_values(ts, 4)) | {keys[0]: 0.0000001, keys[4]: 1e20, keys[8]: -2.5}
    sub = check_workbook(fill_template(ts, tmp_path / "in" / "u.xlsx", "梅城镇党委", dt.date(2011, 6, 25), values,
                                       template), ts, H1)
    said = {p.params["text"] for p in sub.problems if p.code.startswith("value.")}
    assert said == {"1E-07", "1E+20", "-2.5"}
    back = write_return_file(sub, ts, tmp_path / "back", dt.date(2011, 7, 1), period=H1)
    text = results_text(self_check_lines(back))
    for p in sub.problems:
        if p.code.startswith("value."):
            assert f"{p.position}:{p.message}" in text, p.message
