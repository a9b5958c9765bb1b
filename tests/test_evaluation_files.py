"""A unit's evaluation files together: one file per evaluator all count (forms are never versions
of each other), the same file twice is one, a corrected file replaces its first; a tally sent
beside the forms is held against them, never added to them."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import openpyxl
import pytest

from dianping_xlsx import api
from dianping_xlsx.definitions import load_item_set
from dianping_xlsx.testing import fill_org_forms, fill_tally

ROSTER = Path(__file__).resolve().parent.parent / "examples" / "单位名册.xlsx"
UNIT = "平口镇党委"
BRANCH = "平口镇机关党支部"


@pytest.fixture(scope="module")
def es():
    return load_item_set("hunan-2011")


@pytest.fixture(scope="module")
def tpl(tmp_path_factory):
    """The roster's own templates, as the county mails them to its units."""
    out = tmp_path_factory.mktemp("tpl")
    api.write_templates(out, roster=api.load_roster(ROSTER), period="2011-H1")
    return out


def _merge(inbox: Path):
    return api.merge_inbox(inbox, period="2011-H1", unit_name="安化县委创先办", roster=api.load_roster(ROSTER))


def _answers(es, option: str) -> dict[str, str]:
    return {item: option for item in es.org.items}


def _one_form_per_file(es, tpl, inbox: Path, options: list[str]) -> list[Path]:
    """Each evaluator's own workbook, all saved at one time (the files of one mail)."""
    paths = [fill_org_forms(es, tpl / f"群众评议表_{es.org.key}_{UNIT}.xlsx", inbox / f"平口镇_评议表_{i:02d}.xlsx",
                            [(BRANCH, _answers(es, option))]) for i, option in enumerate(options, start=1)]
    for p in paths:
        os.utime(p, (1_300_000_000, 1_300_000_000))
    return paths


def test_one_workbook_per_evaluator_every_form_counts(es, tpl, tmp_path):
    inbox = tmp_path / "in"
    inbox.mkdir()
    options = [es.options[i % 4] for i in range(8)]
    _one_form_per_file(es, tpl, inbox, options)
    result = _merge(inbox)
    assert {e.name: e.status for e in result.entries} == {f"平口镇_评议表_{i:02d}.xlsx": "accepted" for i in range(1, 9)}
    (block,) = [b for b in result.summary.evaluations if b.form.key == es.org.key]
    unit = next(r for r in block.rows if r.first[0] == UNIT)
    assert unit.forms == 8 and unit.share == pytest.approx(0.25)  # 2 of 8 evaluators 不满意
    assert unit.items[0].satisfied == pytest.approx(0.5)


def test_the_same_form_file_twice_is_one_and_a_corrected_file_replaces_its_first(es, tpl, tmp_path):
    inbox = tmp_path / "in"
    inbox.mkdir()
    first, second = _one_form_per_file(es, tpl, inbox, ["满意", "不满意"])
    shutil.copy2(first, inbox / "平口镇_评议表_01(1).xlsx")  # one attachment saved twice
    fixed = fill_org_forms(es, tpl / f"群众评议表_{es.org.key}_{UNIT}.xlsx", inbox / "平口镇_评议表_02(更正).xlsx",
                           [(BRANCH, _answers(es, "比较满意"))])
    os.utime(fixed, (1_300_000_600, 1_300_000_600))
    result = _merge(inbox)
    status = {e.name: e.status for e in result.entries}
    assert status == {first.name: "accepted", "平口镇_评议表_01(1).xlsx": "superseded",
                      second.name: "superseded", fixed.name: "accepted"}
    assert sorted(t.counts[es.org.items[0]].index(1) for t in result.evaluations[UNIT]) == [0, 1]  # 满意, 比较满意


def _tally_rows(es, forms: int, counts: list[int]):
    return {es.org.key: [(BRANCH, "", forms, {item: counts for item in es.org.items})]}


def _forms_and_tally_in_one_workbook(es, tpl, target: Path, options: list[str], forms: int, counts: list[int]) -> Path:
    """The unit's forms, one a sheet, and its 评议汇总表 copied in as one more sheet."""
    fill_org_forms(es, tpl / f"群众评议表_{es.org.key}_{UNIT}.xlsx", target,
                   [(BRANCH, _answers(es, option)) for option in options])
    tally = fill_tally(es, tpl / f"群众评议汇总表_{UNIT}.xlsx", target.with_suffix(".tally.xlsx"), UNIT,
                       _tally_rows(es, forms, counts))
    wb, source = openpyxl.load_workbook(target), openpyxl.load_workbook(tally).worksheets[0]
    ws = wb.create_sheet("评议汇总")
    for row in source.iter_rows():
        for cell in row:
            if cell.value is not None:
                ws.cell(cell.row, cell.column, cell.value)
    wb.save(target)
    tally.unlink()
    return target


def test_forms_and_their_matching_tally_in_one_workbook_count_once(es, tpl, tmp_path):
    inbox = tmp_path / "in"
    inbox.mkdir()
    _forms_and_tally_in_one_workbook(es, tpl, inbox / "平口镇_群众评议.xlsx", ["满意"] * 3 + ["不满意"], 4, [3, 0, 0, 1])
    result = _merge(inbox)
    (entry,) = result.entries
    assert entry.status == "accepted", [p.message for p in entry.problems]
    assert sum(t.forms for t in result.evaluations[UNIT]) == 4  # not 4 forms + a tally of 4


def test_a_tally_that_differs_from_the_forms_is_an_error_at_its_cell(es, tpl, tmp_path):
    inbox = tmp_path / "in"
    inbox.mkdir()
    _forms_and_tally_in_one_workbook(es, tpl, inbox / "平口镇_群众评议.xlsx", ["满意"] * 4, 6, [6, 0, 0, 0])
    (entry,) = _merge(inbox).entries
    assert entry.status == "rejected"
    wrong = [p for p in entry.problems if p.code == "eval.tally-vs-forms"]
    assert [(p.sheet, p.cell) for p in wrong][:2] == [("评议汇总", "C7"), ("评议汇总", "D7")]
    assert "填的是 6,本单位报送的评议表加起来是 4" in wrong[0].message and "评议表份数" in wrong[0].message


def test_a_tally_file_beside_form_files_is_checked_not_added_nor_replaced(es, tpl, tmp_path):
    inbox = tmp_path / "in"
    inbox.mkdir()
    _one_form_per_file(es, tpl, inbox, ["满意", "满意", "不满意"])
    fill_tally(es, tpl / f"群众评议汇总表_{UNIT}.xlsx", inbox / "平口镇_评议汇总表.xlsx", UNIT,
               {es.org.key: [(BRANCH, "", 3, {item: [2, 0, 0, 1] for item in es.org.items}),
                             ("平口镇农村党支部", "", 2, {item: [2, 0, 0, 0] for item in es.org.items})]})
    result = _merge(inbox)
    status = {e.name: e.status for e in result.entries}
    assert status["平口镇_评议汇总表.xlsx"] == "rejected" and list(status.values()).count("accepted") == 3
    tally = next(e for e in result.entries if e.name == "平口镇_评议汇总表.xlsx")
    assert [(p.code, p.cell) for p in tally.problems if p.severity == "error"] == [
        ("eval.tally-vs-forms", "C8"), *[("eval.tally-vs-forms", c) for c in ("D8", "H8", "L8", "P8", "T8")]]
    assert "平口镇农村党支部" in tally.problems[0].message and "加起来是 0" in tally.problems[0].message
    assert sum(t.forms for t in result.evaluations[UNIT]) == 3


def test_member_forms_are_counted_as_forms_and_their_branch_is_no_category(es, tpl, tmp_path):
    """Three evaluators each fill a 附件5 listing the same five members: 3 forms, not 15."""
    from dianping_xlsx.testing import fill_member_form

    inbox = tmp_path / "in"
    inbox.mkdir()
    unit = "柘溪镇党委"
    members = [(name, {i: es.options[k % 4] for i in es.member.items}) for k, name in enumerate("甲乙丙丁戊")]
    path = fill_member_form(es, tpl / f"群众评议表_{es.member.key}_{unit}.xlsx", inbox / "柘溪镇_党员评议表.xlsx",
                            "柘溪镇机关党支部", members)
    wb = openpyxl.load_workbook(path)
    for n in (2, 3):
        wb.copy_worksheet(wb.worksheets[0]).title = f"评议人{n}"
    wb.save(path)
    result = _merge(inbox)
    (block,) = [b for b in result.summary.evaluations if b.form.key == es.member.key]
    assert [(r.first, r.forms) for r in block.rows] == [([unit, ""], 3), (["合计", ""], 3)]  # no 类别 row of the branch
    assert sum(block.rows[0].items[0].counts) == 15  # 15 evaluations of members
    follow = [f for f in result.summary.follow_ups if f.tally.object == "丁"]
    assert [(f.tally.forms, f.tally.category, f.tally.branch) for f in follow] == [(3, "", "柘溪镇机关党支部")]
