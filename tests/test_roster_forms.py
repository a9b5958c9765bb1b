"""template --roster writes each unit its own evaluation forms, the unit's name below the printed
form (the notice's forms have no 填报单位 line), as it writes each unit's tables, tally and ledgers:
a branch's form filled from its unit's copy is counted under that unit, never as a unit off the roster."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from click.testing import CliRunner

from dianping_xlsx import api
from dianping_xlsx.cli import main
from dianping_xlsx.definitions import load_item_set
from dianping_xlsx.testing import fill_member_form, fill_org_forms

ROSTER = Path(__file__).resolve().parent.parent / "examples" / "单位名册.xlsx"
UNIT = "县人民医院党委"


def _texts(path: Path) -> list[str]:
    ws = openpyxl.load_workbook(path).worksheets[0]
    return [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]


def test_each_roster_unit_gets_its_forms_with_its_name(tmp_path):
    out = tmp_path / "tpl"
    res = CliRunner().invoke(main, ["template", "--roster", str(ROSTER), "-o", str(out), "--period", "2011-H1"])
    assert res.exit_code == 0, res.output
    assert "评议表、评议汇总表" in res.output and "空白" not in res.output
    es = load_item_set("hunan-2011")
    units = [u.name for u in api.load_roster(ROSTER).units]
    for form in (es.org, es.member):
        made = sorted(p.name for p in out.glob(f"群众评议表_{form.key}*.xlsx"))
        assert made == sorted(f"群众评议表_{form.key}_{u}.xlsx" for u in units)  # no blank one beside them
        assert UNIT in _texts(out / f"群众评议表_{form.key}_{UNIT}.xlsx")
    assert not (out / f"{es.tally_title}.xlsx").exists()


def test_a_branchs_form_from_its_units_copy_counts_for_the_unit(tmp_path):
    """The tester's case: 县人民医院党委's member form, filled by its branch 内科党支部 (所在党支部名称),
    was 填报单位“内科党支部”不在单位名册中; from the unit's own copy it is the unit's."""
    es = load_item_set("hunan-2011")
    tpl, inbox = tmp_path / "tpl", tmp_path / "in"
    api.write_templates(tpl, roster=api.load_roster(ROSTER), period="2011-H1")
    inbox.mkdir()
    fill_member_form(es, tpl / f"群众评议表_{es.member.key}_{UNIT}.xlsx", inbox / f"{UNIT}_党员评议表.xlsx",
                     "内科党支部", [("周明", {i: "满意" for i in es.member.items}),
                                   ("吴芳", {i: "不满意" for i in es.member.items})])
    other = "东坪镇党委"
    fill_org_forms(es, tpl / f"群众评议表_{es.org.key}_{other}.xlsx", inbox / "东坪镇评议表.xlsx",
                   [("东坪村党支部", {i: "满意" for i in es.org.items})])
    result = api.merge_inbox(inbox, period="2011-H1", unit_name="安化县委创先办", roster=api.load_roster(ROSTER))
    got = {e.name: (e.status, e.unit, sorted({p.code for p in e.problems})) for e in result.entries}
    assert got[f"{UNIT}_党员评议表.xlsx"][:2] == ("accepted", UNIT)
    assert got["东坪镇评议表.xlsx"][:2] == ("accepted", other)
    assert not any("unit.not-on-roster" in codes or "unit.from-form" in codes for _, _, codes in got.values())
    assert sorted(result.evaluations) == [other, UNIT]


def test_a_units_forms_in_several_files_all_count(tmp_path):
    """附件4 in one file and 附件5 in another, two branches' 附件4 each in a file of its own: pieces
    of the unit's evaluations that all count; a corrected copy of one replaces only that one."""
    import os

    es = load_item_set("hunan-2011")
    tpl, inbox = tmp_path / "tpl", tmp_path / "in"
    api.write_templates(tpl, roster=api.load_roster(ROSTER), period="2011-H1")
    inbox.mkdir()
    org, member = tpl / f"群众评议表_{es.org.key}_{UNIT}.xlsx", tpl / f"群众评议表_{es.member.key}_{UNIT}.xlsx"
    happy = {i: "满意" for i in es.org.items}
    fill_org_forms(es, org, inbox / f"{UNIT}_内科评议表.xlsx", [("内科党支部", happy)] * 3)
    fill_org_forms(es, org, inbox / f"{UNIT}_外科评议表.xlsx", [("外科党支部", happy)] * 2)
    fill_member_form(es, member, inbox / f"{UNIT}_党员评议表.xlsx", "内科党支部",
                     [("周明", {i: "满意" for i in es.member.items})])
    fixed = fill_org_forms(es, org, inbox / f"{UNIT}_外科评议表(更正).xlsx", [("外科党支部", happy)] * 4)
    os.utime(fixed, (fixed.stat().st_mtime + 60,) * 2)
    result = api.merge_inbox(inbox, period="2011-H1", unit_name="安化县委创先办", roster=api.load_roster(ROSTER))
    status = {e.name: e.status for e in result.entries}
    assert status == {f"{UNIT}_内科评议表.xlsx": "accepted", f"{UNIT}_外科评议表.xlsx": "superseded",
                      f"{UNIT}_外科评议表(更正).xlsx": "accepted", f"{UNIT}_党员评议表.xlsx": "accepted"}
    forms: dict[tuple, int] = {}
    for t in result.evaluations[UNIT]:  # a filled form is a tally of one
        forms[(t.form, t.object)] = forms.get((t.form, t.object), 0) + t.forms
    assert forms == {(es.org.key, "内科党支部"): 3, (es.org.key, "外科党支部"): 4, (es.member.key, "周明"): 1}


def test_a_branchs_form_filed_under_its_units_name_counts_for_the_unit(tmp_path):
    """A blank form (no unit on it) filled by a branch, 党组织名称 the branch, the file named after its
    unit: the roster knows the unit by the file's name, not 内科党支部 off the roster."""
    es = load_item_set("hunan-2011")
    blank, inbox = tmp_path / "blank", tmp_path / "in"
    api.write_templates(blank, period="2011-H1")
    inbox.mkdir()
    fill_member_form(es, blank / f"群众评议表_{es.member.key}.xlsx", inbox / f"{UNIT}_党员评议表.xlsx", "内科党支部",
                     [("周明", {i: "满意" for i in es.member.items})])
    result = api.merge_inbox(inbox, period="2011-H1", unit_name="安化县委创先办", roster=api.load_roster(ROSTER))
    entry, = result.entries
    assert (entry.status, entry.unit) == ("accepted", UNIT), [p.message for p in entry.problems]
    assert "unit.not-on-roster" not in {p.code for p in entry.problems}
    assert sorted(result.evaluations) == [UNIT]


def test_one_units_templates_beside_the_blank_ones(tmp_path):
    """使用说明's two lines in order: the blank templates, then one unit's into the same folder: the
    unit's forms are named after it (they collided with the blank forms: 已存在且内容不同)."""
    out = tmp_path / "模板"
    assert CliRunner().invoke(main, ["template", "-o", str(out)]).exit_code == 0
    res = CliRunner().invoke(main, ["template", "-o", str(out), "--unit-name", "梅城镇党委"])
    assert res.exit_code == 0, res.output
    es = load_item_set("hunan-2011")
    for form in (es.org, es.member):
        assert (out / f"群众评议表_{form.key}.xlsx").exists()
        assert "梅城镇党委" in _texts(out / f"群众评议表_{form.key}_梅城镇党委.xlsx")
    assert (out / f"{es.tally_title}_梅城镇党委.xlsx").exists()
