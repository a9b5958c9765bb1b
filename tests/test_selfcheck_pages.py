"""The 自查 sheet as a clerk reads and prints it: one line per rule and category with its rounds
side by side, no verdict before any value is filled, few pages with page numbers and headings on
every page, nothing printed over anything else."""

from __future__ import annotations

import pytest
import python_calamine

from dianping_xlsx.model import SELF_CHECK_SHEET, Period
from dianping_xlsx.template.blank import write_template
from dianping_xlsx.template.selfcheck_lines import NOT_FILLED
from dianping_xlsx.template.selfcheck_sheet import FIRST_LINE, RESULT_COL, columns

from .printcheck import can_print, overlaps, page_texts, pages_of, to_pdf
from .test_selfcheck_saved import return_files

needs_print = pytest.mark.skipif(not can_print(), reason="needs LibreOffice and poppler")


def rows_of(path):
    return python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name(SELF_CHECK_SHEET).to_python(
        skip_empty_area=False)


@pytest.mark.parametrize("period", [None, Period(2011, "H1")])
def test_a_blank_template_gives_no_verdict_until_a_value_is_filled(ts, tmp_path, period):
    rows = rows_of(write_template(ts, tmp_path / "t.xlsx", "梅城镇党委", period=period))
    cols = columns(ts)
    assert rows[0][0].startswith("自查结果:表格还没有填写数字")
    end = next(i for i in range(FIRST_LINE, len(rows)) if rows[i][0] == "")
    lines = rows[FIRST_LINE:end]
    results = {r[RESULT_COL + i] for r in lines for i in range(cols.count)}
    assert results <= {"", "—"}  # no 通过 before anything is filled
    statuses = {r[cols.status + i] for r in lines for i in range(cols.count)} - {""}
    assert statuses == {NOT_FILLED}


def test_one_line_per_rule_and_category_with_its_rounds_side_by_side(ts, tmp_path):
    rows = rows_of(write_template(ts, tmp_path / "t.xlsx"))
    cols = columns(ts)
    assert rows[FIRST_LINE - 1][RESULT_COL:RESULT_COL + 2] == ["结果(第一次)", "结果(第二次)"]
    lines = [r for r in rows[FIRST_LINE:] if r[cols.rule]]
    seen = [(r[cols.rule], r[1], r[2]) for r in lines]
    assert len(seen) == len(set(seen))  # one line each
    per_category = sum(len(t.categories) for t in ts.tables for rule in ts.rules if rule.per_category
                       and t.key in rule.tables)
    assert len(lines) <= per_category + len(ts.rules)
    assert len(rows) - FIRST_LINE < 125  # 223 lines when each round was a line and each category's cells one


def test_the_self_check_says_only_what_this_notice_has(ts, tmp_path):
    """A notice without rounds is not told its rounds stand side by side; one without ledgers is
    not promised a check against ledgers at merge (it never happens)."""
    from dianping_xlsx.api import load_notice

    justice = load_notice("justice-2012")
    texts = ["".join(str(c) for c in r) for r in rows_of(write_template(justice.tables, tmp_path / "j.xlsx", ledgers=False))]
    assert not [t for t in texts if "各轮次并列" in t or "台账" in t], texts
    assert any("每项检查一行,写明是否通过" in t for t in texts)
    texts = ["".join(str(c) for c in r) for r in rows_of(write_template(ts, tmp_path / "h.xlsx"))]
    assert any("各轮次并列" in t for t in texts) and any("统计表与台账核对" in t for t in texts)



def test_the_notice_tells_every_template_whether_it_has_ledgers(tmp_path):
    """The blank template, a roster's stamped ones: the check against ledgers listed only for a
    notice with ledgers."""
    from dianping_xlsx.api import write_templates
    from dianping_xlsx.merge.roster import Roster
    from dianping_xlsx.model import RosterUnit

    for name, has in (("justice-2012", False), ("hunan-2011", True)):
        (blank, *_), _ = write_templates(tmp_path / name, notice=name)
        roster = Roster([RosterUnit("甲单位", (), "")])
        (stamped, *_), _ = write_templates(tmp_path / f"{name}-名册", notice=name, roster=roster)
        for path in (blank, stamped):
            texts = ["".join(str(c) for c in r) for r in rows_of(path)]
            assert any("统计表与台账核对" in t for t in texts) == has, (name, path.name)


@needs_print
def test_the_self_check_prints_on_few_numbered_pages_with_headings(ts, tmp_path):
    blank = write_template(ts, tmp_path / "t.xlsx", period=Period(2011, "H1"))
    faulty = max(return_files(ts, tmp_path, "H1", 6, 3), key=lambda p: len(str(rows_of(p))))
    for path in (blank, faulty):
        pdf = to_pdf(path, tmp_path / "pdf")
        texts = page_texts(pdf)
        mine = [i for i in pages_of(pdf, "序号") if "检查内容" in texts[i - 1]]
        assert len(mine) <= 6, (path.name, len(mine))  # ten before
        for i, page in enumerate(mine, start=1):
            assert "序号" in texts[page - 1] and f"第 {mine[0] + i - 1} 页" in texts[page - 1]
        assert any("以下内容在各单位报送后、汇总时检查(本页无法检查):" in line
                   for line in texts[mine[-1] - 1].splitlines())  # one line, not wrapped in a column
        assert overlaps(pdf, mine) == [], path.name
