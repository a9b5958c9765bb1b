"""Mass evaluation: forms and tallies read, ticks counted by hand, rates, follow-ups."""

from __future__ import annotations

import subprocess

import openpyxl
import pytest
from click.testing import CliRunner

from dianping_xlsx.cli import main
from dianping_xlsx.read.evaluations import EvalReader, parse_mark
from dianping_xlsx.definitions import load_item_set, load_table_set
from dianping_xlsx.template.forms import write_evaluation_templates
from dianping_xlsx.problems import flatten
from dianping_xlsx.read.grids import load_grids
from dianping_xlsx.testing import fill_member_form, fill_org_forms, fill_tally

from .conftest import sheet_rows, soffice, status_of

ARGS = ["--period", "2011-H1", "--unit-name", "安化县委创先办", "--date", "2011-06-30"]


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def es():
    return load_item_set("hunan-2011")


@pytest.fixture(scope="module")
def blanks(es, tmp_path_factory):
    folder = tmp_path_factory.mktemp("forms")
    org, member, tally = write_evaluation_templates(es, load_table_set(), folder)
    return {"org": org, "member": member, "tally": tally}


def read(es, path):
    return EvalReader(es).read(load_grids(path))


@pytest.mark.parametrize("raw, mark", [
    ("√", "tick"), ("✓", "tick"), ("✔", "tick"), ("v", "tick"), ("V", "tick"), (1, "tick"), (1.0, "tick"),
    ("1", "tick"), ("是", "tick"), (" √ ", "tick"), ("", "blank"), (None, "blank"), ("×", "blank"),
    (0, "blank"), ("否", "blank"), ("好", None), ("√√", None), (2, None), (True, "tick"), (False, "blank"),
])
def test_parse_mark(raw, mark):
    assert parse_mark(raw, load_item_set()) == mark


def test_org_forms_counted_by_hand(es, blanks, tmp_path):
    i1, i2, i3, i4, i5 = es.org.items
    forms = [  # three evaluators of 梅城村党支部, one of 东坪村党支部
        ("梅城村党支部", {i1: "满意", i2: "满意", i3: "比较满意", i4: "满意", i5: "满意"}),
        ("梅城村党支部", {i1: "满意", i2: "基本满意", i3: "不满意", i4: "满意", i5: "比较满意"}),
        ("梅城村党支部", {i1: "不满意", i2: "满意", i3: "不满意", i4: "基本满意", i5: "不满意"}),
        ("东坪村党支部", {i1: "满意", i2: "满意", i3: "满意", i4: "满意", i5: "满意"}),
    ]
    path = fill_org_forms(es, blanks["org"], tmp_path / "forms.xlsx", forms, tick="✓")
    tallies, problems = read(es, path)
    assert problems == []
    from dianping_xlsx.merge.summary import by_object, satisfied_rate, unsatisfied

    merged = {t.object: t for t in by_object(tallies)}
    mei = merged["梅城村党支部"]
    assert mei.forms == 3
    assert mei.counts[i1] == [2, 0, 0, 1]
    assert mei.counts[i3] == [0, 1, 0, 2]
    assert satisfied_rate(es, mei.counts[i3]) == pytest.approx(1 / 3)
    assert unsatisfied(es, mei) == (4, pytest.approx(4 / 15))
    assert merged["东坪村党支部"].counts[i5] == [1, 0, 0, 0]


def test_form_problems_at_their_cells(es, blanks, tmp_path):
    i1, i2, i3, i4, i5 = es.org.items
    forms = [("甲村党支部", {i1: "", i2: "满意+不满意", i3: "满意", i4: "满意", i5: "满意"})]
    path = fill_org_forms(es, blanks["org"], tmp_path / "bad.xlsx", forms)
    wb = openpyxl.load_workbook(path)
    wb["评议表1"]["B8"].value = "好"  # a mark that is not a tick (row of i4)
    wb.save(path)
    tallies, problems = read(es, path)
    assert tallies == []
    assert flatten(problems) == [["eval.no-tick", "评议表1", "B5"],
                                 ["eval.two-ticks", "评议表1", "E6"],
                                 ["eval.bad-mark", "评议表1", "B8"]]
    assert "打了 2 个“√”" in problems[1].message


def test_member_form(es, blanks, tmp_path):
    j1, j2, j3, j4 = es.member.items
    members = [
        ("张三", {j1: "满意", j2: "满意", j3: "比较满意", j4: "满意"}),
        ("李四", {j1: "不满意", j2: "不满意", j3: "基本满意", j4: "不满意"}),
        ("王五", {j1: "满意", j2: "", j3: "满意", j4: "满意"}),  # an item left empty
    ]
    path = fill_member_form(es, blanks["member"], tmp_path / "m.xlsx", "梅城村党支部", members)
    tallies, problems = read(es, path)
    assert {t.object: t.counts[j1] for t in tallies} == {"张三": [1, 0, 0, 0], "李四": [0, 0, 0, 1]}
    assert all(t.branch == "梅城村党支部" and t.category == "" for t in tallies)  # a branch is no 类别
    assert flatten(problems) == [["eval.no-tick", "附件5", "F8"]]


@pytest.mark.parametrize("typed", ["党组织名称：梅城村党支部", "党组织名称:梅城村党支部", "党组织名称 梅城村党支部",
                                   "党组织名称∶ 梅城村党支部", "党组织名称——梅城村党支部"])
def test_a_name_after_any_usual_separator_is_read(es, blanks, tmp_path, typed):
    """A Chinese input method types the full-width colon: the name after it is the form's."""
    path = fill_org_forms(es, blanks["org"], tmp_path / "f.xlsx", [("某村", {i: "满意" for i in es.org.items})])
    wb = openpyxl.load_workbook(path)
    wb["评议表1"]["A3"].value = typed
    wb.save(path)
    tallies, problems = read(es, path)
    assert problems == [] and [t.object for t in tallies] == ["梅城村党支部"]


def test_a_member_forms_branch_after_a_full_width_colon_is_kept(es, blanks, tmp_path):
    path = fill_member_form(es, blanks["member"], tmp_path / "m.xlsx", "",
                            [("张三", {i: "满意" for i in es.member.items})])
    wb = openpyxl.load_workbook(path)
    cell = next(c for row in wb.worksheets[0].iter_rows() for c in row if str(c.value).startswith("所在党支部名称"))
    cell.value = "所在党支部名称：梅城村党支部"
    wb.save(path)
    tallies, _ = read(es, path)
    assert [t.branch for t in tallies] == ["梅城村党支部"]


def _hand_made_form(es, path, title: str, number=lambda i: "") -> None:
    """A 附件4 typed by a clerk in a blank workbook, in the notice's layout, every item 满意."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "评议表"
    ws["A1"], ws["A2"], ws["A3"] = "", title, f"{es.org.name_label}市公证处党支部"
    for j, option in enumerate(es.options):
        ws.cell(4, 2 + j, option)
    for i, item in enumerate(es.org.items):
        ws.cell(5 + i, 1, number(i) + item)
        ws.cell(5 + i, 2, "√")
    wb.save(path)


@pytest.mark.parametrize("title, number", [
    ("{key}:{title}", lambda i: ""), ("2011年{title}", lambda i: ""), ("{key} 2011年度{title}", lambda i: ""),
    ("{title}", lambda i: f"{i + 1}."), ("{title}", lambda i: f"{i + 1}、"), ("{title}", lambda i: f"({i + 1})"),
    ("{title}", lambda i: "一二三四五"[i] + "、"),
])
def test_a_hand_made_forms_title_prefix_and_numbered_items_are_read(es, tmp_path, title, number):
    path = tmp_path / "hand.xlsx"
    _hand_made_form(es, path, title.format(key=es.org.key, title=es.org.title), number)
    tallies, problems = read(es, path)
    assert problems == [] and [(t.object, t.counts[es.org.items[4]]) for t in tallies] == [("市公证处党支部", [1, 0, 0, 0])]


def test_a_form_that_cannot_be_read_says_what_was_looked_for(es, tmp_path):
    from dianping_xlsx.api import check_files

    path = tmp_path / "hand.xlsx"
    _hand_made_form(es, path, "群众满意度测评表")
    (report,) = check_files([path], period="2011-H1")
    assert [(p.code, p.sheet, p.cell) for p in report.problems if p.severity == "error"] == [("eval.unread", "评议表", "A5")]
    said = next(p.message for p in report.problems if p.code == "eval.unread")
    assert es.org.title in said and es.forms_count in said


def test_a_tick_right_of_the_last_option_is_said_at_its_cell(es, blanks, tmp_path):
    i1, i2, *_ = es.org.items
    path = fill_org_forms(es, blanks["org"], tmp_path / "f.xlsx", [("甲村党支部", {i: "满意" for i in es.org.items})])
    wb = openpyxl.load_workbook(path)
    ws = wb["评议表1"]
    ws["B6"].value, ws["F6"].value = None, "√"  # the tick of the second item one column right of 不满意
    wb.save(path)
    tallies, problems = read(es, path)
    assert tallies == [] and ["eval.stray-mark", "评议表1", "F6"] in flatten(problems)
    said = next(p.message for p in problems if p.code == "eval.stray-mark")
    assert f"“{i2}”一行在“不满意”右边" in said


def test_a_boolean_in_a_tick_cell_is_said_in_chinese(es, blanks, tmp_path):
    from dianping_xlsx.read.evaluations import shown

    assert shown(True) == "TRUE(是)" and shown(False) == "FALSE(否)"
    path = fill_org_forms(es, blanks["org"], tmp_path / "f.xlsx", [("甲村党支部", {i: "" for i in es.org.items})])
    wb = openpyxl.load_workbook(path)
    for r in range(5, 10):
        wb["评议表1"].cell(r, 2).value = True  # TRUE typed (or a checkbox's cell) under 满意
    wb.save(path)
    tallies, problems = read(es, path)
    assert problems == [] and tallies[0].counts[es.org.items[0]] == [1, 0, 0, 0]


def test_the_tallys_number_cells_ask_for_forms_not_persons(blanks):
    ws = openpyxl.load_workbook(blanks["tally"]).worksheets[0]
    (rule, *_) = ws.data_validations.dataValidation
    assert "份数" in rule.prompt and "人数" not in rule.prompt and "人数" not in rule.error


def test_a_row_without_a_name_is_an_error_at_its_name_cell(es, blanks, tmp_path):
    j1 = es.member.items[0]
    members = [("张三", {i: "满意" for i in es.member.items}), ("", {i: "不满意" for i in es.member.items})]
    path = fill_member_form(es, blanks["member"], tmp_path / "m.xlsx", "梅城村党支部", members)
    tallies, problems = read(es, path)
    assert [t.object for t in tallies] == ["张三"] and tallies[0].counts[j1] == [1, 0, 0, 0]
    assert flatten(problems) == [["eval.row-no-name", "附件5", "A7"]]
    assert "“党员姓名”没有填写" in problems[0].message and "没有计入" in problems[0].message
    full = {item: [6, 2, 1, 1] for item in es.org.items}
    path = fill_tally(es, blanks["tally"], tmp_path / "t.xlsx", "梅城镇党委",
                      {"附件4": [("梅城村党支部", "", 10, full), ("", "", 10, full)]})
    tallies, problems = read(es, path)
    assert [t.object for t in tallies] == ["梅城村党支部"]
    assert [(p.code, p.cell) for p in problems] == [("eval.row-no-name", "A8")]
    assert "“党组织名称”没有填写" in problems[0].message


def test_tally_sheet_and_mismatch(es, blanks, tmp_path):
    i1 = es.org.items[0]
    full = {item: [6, 2, 1, 1] for item in es.org.items}
    rows = {"附件4": [("梅城村党支部", "农村", 10, full),
                      ("错村党支部", "农村", 10, {**full, i1: [6, 2, 1, 2]})]}
    path = fill_tally(es, blanks["tally"], tmp_path / "t.xlsx", "梅城镇党委", rows)
    tallies, problems = read(es, path)
    assert [(t.object, t.category, t.forms, t.counts[i1]) for t in tallies] == [
        ("梅城村党支部", "农村", 10, [6, 2, 1, 1]), ("错村党支部", "农村", 10, [6, 2, 1, 2])]
    assert [(p.code, p.params["sum"], p.params["forms"]) for p in problems] == [("eval.tally-mismatch", 11, 10)]


def test_merge_reports_evaluations_and_follow_ups(es, blanks, tmp_path, make_unit):
    inbox = tmp_path / "in"
    make_unit(inbox, "梅城镇党委", 1)
    ok = {item: [6, 2, 1, 1] for item in es.org.items}
    bad = {item: [1, 1, 2, 6] for item in es.org.items}
    fill_tally(es, blanks["tally"], inbox / "梅城镇评议汇总.xlsx", "梅城镇党委",
               {"附件4": [("梅城村党支部", "农村", 10, ok), ("新华社区党支部", "街道社区", 10, bad)]})
    i1 = es.org.items[0]
    forms = [("东坪村党支部", {item: "满意" for item in es.org.items})] * 2
    fill_org_forms(es, blanks["org"], inbox / "东坪镇评议表.xlsx", forms)
    out = tmp_path / "out"
    res = run("merge", inbox, "-o", out, *ARGS)
    assert res.exit_code == 0, res.output
    assert "群众评议:2 个单位报送了评议结果;不满意占比超过 20% 的有 1 个" in res.output
    assert "采用 1 个单位(另有 2 份只含群众评议)" in res.output
    wb = openpyxl.load_workbook(out / "汇总表_2011-H1.xlsx")
    status = status_of(wb)
    assert status["梅城镇评议汇总.xlsx"][1] == "已采用" and status["梅城镇党委.xlsx"][1] == "已采用"
    rows = list(wb["群众评议汇总"].iter_rows(min_row=7, values_only=True))
    by_unit = {r[0]: r for r in rows if r[0]}
    # per unit: forms, 不满意 count and share, then each item's 满意率 (printed, one page wide)
    assert by_unit["梅城镇党委"][2:5] == (20, 35, pytest.approx(35 / 100))
    assert by_unit["梅城镇党委"][5] == pytest.approx(10 / 20)  # the first item's: (6 + 4) of 20 forms
    # right of the printed columns, each item's 4 option counts and 4 shares (the first item's here)
    heads = [c.value for c in wb["群众评议汇总"][5]]
    detail = heads.index(i1, 6)
    assert by_unit["梅城镇党委"][detail:detail + 4] == (7, 3, 3, 7)
    assert by_unit["梅城镇党委"][detail + 4:detail + 8] == (pytest.approx(0.35), pytest.approx(0.15),
                                                          pytest.approx(0.15), pytest.approx(0.35))
    printed = 5 + max(len(f.items) for f in es.forms)  # the counts and the items' 满意率: A to J
    assert wb["群众评议汇总"].print_area.split(":")[1].startswith(f"${openpyxl.utils.get_column_letter(printed)}$")
    assert detail > printed
    # no 填报单位 on the forms: the forms' own 党组织名称 names the unit (issue 11), not the file
    assert by_unit["东坪村党支部"][2] == 2 and "东坪镇评议表" not in by_unit
    total = next(r for r in rows if r[0] == "合计")
    assert total[2] == 22 and total[detail:detail + 4] == (9, 3, 3, 7)
    cats = {r[1]: r[2] for r in rows if r[0] == "(按类别)"}
    assert cats == {"农村": 10, "街道社区": 10}
    follow = [(r["评议对象"], r["不满意次数"]) for r in sheet_rows(wb, "评议跟进", first="单位")]
    assert follow == [("新华社区党支部", 30)]
    assert i1 in [c.value for c in wb["群众评议汇总"][5]]


def test_evaluation_errors_reject_the_file(es, blanks, tmp_path, make_unit):
    inbox = tmp_path / "in"
    make_unit(inbox, "梅城镇党委", 1)
    forms = [("甲村党支部", {item: "" for item in es.org.items})]
    fill_org_forms(es, blanks["org"], inbox / "空表.xlsx", forms)
    res = run("merge", inbox, "-o", tmp_path / "out", *ARGS)
    assert res.exit_code == 1
    assert status_of(tmp_path / "out" / "汇总表_2011-H1.xlsx")["空表.xlsx"][1] == "退回"
    assert status_of(tmp_path / "out" / "汇总表_2011-H1.xlsx")["梅城镇党委.xlsx"][1] == "已采用"


def test_second_item_set_is_data(tmp_path):
    res = run("template", "-o", tmp_path, "--items", "justice-2012")
    assert res.exit_code == 0
    # the item set's own numbering and titles (seed 003): 附件2 党支部…评议表, 附件3 党员…评议表
    ws = openpyxl.load_workbook(tmp_path / "群众评议表_附件2.xlsx")["附件2"]
    assert ws["A1"].value == "附件2" and ws["A2"].value == "党支部开展创先争优活动情况评议表"
    member = openpyxl.load_workbook(tmp_path / "群众评议表_附件3.xlsx")["附件3"]
    assert member["A2"].value == "党员创先争优群众评议表"
    items = [ws.cell(r, 1).value for r in range(5, 10)]
    assert items == list(load_item_set("justice-2012").org.items)
    assert "发挥职能优势为群众办实事、做好事、解难事情况" in items
    other = load_item_set("justice-2012")
    forms = [("司法所党支部", {item: "满意" for item in other.org.items})]
    path = fill_org_forms(other, tmp_path / "群众评议表_附件2.xlsx", tmp_path / "f.xlsx", forms)
    tallies, problems = read(other, path)
    assert problems == [] and tallies[0].counts[other.org.items[3]] == [1, 0, 0, 0]
    assert tallies[0].object == "司法所党支部"
    # read with the wrong item set, nothing is read as evaluations, and the file is an error
    wrong_tallies, _ = read(load_item_set("hunan-2011"), path)
    assert wrong_tallies == []
    from dianping_xlsx import check_files

    (report,) = check_files([path], period="2011-H1", items="hunan-2011")
    assert "file.no-tables" in {p.code for p in report.problems} and not report.ok


def test_printable_forms(es, blanks):
    ws = openpyxl.load_workbook(blanks["org"])["附件4"]
    assert ws["A2"].value == "基层党组织开展创先争优活动群众评议表"
    assert [ws.cell(4, c).value for c in range(2, 6)] == list(es.options)
    texts = {c.value for row in ws.iter_rows() for c in row if c.value}
    assert {"意见和建议", "整改落实情况", es.tick_note, es.org.opinion_title} <= texts
    assert ws.page_setup.paperSize == 9
    ws5 = openpyxl.load_workbook(blanks["member"])["附件5"]
    assert ws5["A4"].value == "党员姓名"
    assert ws5.page_setup.orientation == "landscape"


@pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")
@pytest.mark.parametrize("fmt", ["xlsx", "xls", "ods"])
def test_forms_read_back_after_libreoffice(es, blanks, tmp_path, fmt):
    forms = [("梅城村党支部", {item: o for item, o in zip(es.org.items, es.options + ("满意",))})]
    (tmp_path / "src").mkdir()
    src = fill_org_forms(es, blanks["org"], tmp_path / "src" / "forms.xlsx", forms)
    members = [("张三", {item: "比较满意" for item in es.member.items})]
    msrc = fill_member_form(es, blanks["member"], tmp_path / "src" / "members.xlsx", "梅城村党支部", members)
    out = tmp_path / fmt
    filters = {"xlsx": "xlsx:Calc MS Excel 2007 XML", "xls": "xls:MS Excel 97", "ods": "ods"}
    subprocess.run([soffice(), f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                    "--convert-to", filters[fmt], "--outdir", str(out), str(src), str(msrc)],
                   check=True, capture_output=True, timeout=240)
    tallies, problems = read(es, out / f"forms.{fmt}")
    assert problems == []
    assert [t.counts[es.org.items[3]] for t in tallies] == [[0, 0, 0, 1]]
    tallies, problems = read(es, out / f"members.{fmt}")
    assert problems == [] and tallies[0].counts[es.member.items[0]] == [0, 1, 0, 0]


def test_evaluations_alone_do_not_count_as_reporting(es, blanks, tmp_path, ts):
    from dianping_xlsx.model import RosterUnit
    from dianping_xlsx.report.roster import write_blank_roster

    roster = write_blank_roster(ts, tmp_path / "r.xlsx", [RosterUnit("梅城镇党委", (), "乡镇")])
    inbox = tmp_path / "in"
    inbox.mkdir()
    ok = {item: [6, 2, 1, 1] for item in es.org.items}
    fill_tally(es, blanks["tally"], inbox / "评议.xlsx", "梅城镇党委", {"附件4": [("梅城村党支部", "", 10, ok)]})
    out = tmp_path / "out"
    res = run("merge", inbox, "-o", out, *ARGS, "--roster", roster)
    assert "未报(含退回)1 个:梅城镇党委" in res.output  # its statistics tables are still missing
    assert [r["单位名称"] for r in sheet_rows(out / "汇总表_2011-H1.xlsx", "未报单位")] == ["梅城镇党委"]
