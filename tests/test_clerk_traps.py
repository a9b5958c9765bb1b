"""Situations a clerk creates by hand that once gave wrong or empty results with exit 0 (issue 11).

Each test makes its files with the CLI (or as a clerk's Excel saves them), then copies,
renames or leaves them where a person would, and asserts statuses, totals and codes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import shutil
import stat
import zipfile

import openpyxl
import pytest
from click.testing import CliRunner

from dianping_xlsx import check_files, load_item_set
from dianping_xlsx.cli import main
from dianping_xlsx.model import RosterUnit
from dianping_xlsx.report.roster import write_blank_roster
from dianping_xlsx.definitions import Key
from dianping_xlsx.testing import fill_org_forms, fill_template, h1_only, random_values

from .conftest import sheet_rows, status_of, tree_fingerprint

H1 = ("--period", "2011-H1", "--date", "2011-06-30")
H2 = ("--period", "2011-H2", "--date", "2011-12-30")
COUNTY = "安化县委创先办"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def totals_of(out):
    rows = csv.DictReader(io.StringIO((out / "summary.csv").read_text(encoding="utf-8-sig")))
    return {Key(r["table"], r["category"], r["metric"], r["round"]): int(r["value"])
            for r in rows if r["unit"] == "合计"}


def problems_of(out):
    return sheet_rows(out / "汇总表_2011-H1.xlsx", "问题明细", first="单位")


@pytest.fixture
def roster(ts, tmp_path):
    units = [RosterUnit("梅城镇党委", (), "乡镇"), RosterUnit("平口镇党委", (), "乡镇"),
             RosterUnit("县教育局党委", (), "县直机关")]
    return write_blank_roster(ts, tmp_path / "名册.xlsx", units)


# -- 1. the output folder ------------------------------------------------------


def test_output_folder_equal_to_or_above_the_inbox_is_refused(make_unit, tmp_path):
    inbox = tmp_path / "收件箱"
    make_unit(inbox, "梅城镇党委", seed=1)
    before = tree_fingerprint(inbox)
    for out in (inbox, tmp_path, inbox / ".."):
        res = run("merge", inbox, "-o", out, *H1)
        assert res.exit_code == 2, res.output
        assert "收件文件夹" in res.output and "汇总结果" in res.output
    assert tree_fingerprint(inbox) == before  # nothing written into the inbox
    inside = inbox / "汇总"
    assert run("merge", inbox, "-o", inside, *H1).exit_code == 0  # inside the inbox: allowed, skipped
    res = run("merge", inbox, "-o", inside, *H1)
    assert res.exit_code == 0 and "共读取 1 个文件" in res.output


# -- 2. a summary (or an old output folder) left in the inbox -------------------------


def test_a_summary_left_in_the_inbox_is_not_summed_again(make_unit, tmp_path):
    inbox = tmp_path / "收件箱"
    _, a = make_unit(inbox, "梅城镇党委", seed=1)
    _, b = make_unit(inbox, "平口镇党委", seed=2)
    make_unit(inbox, "县教育局党委", seed=3, values={Key("附件2", "农村", "党组织数", ""): "见附件"})
    out = tmp_path / "output"
    assert run("merge", inbox, "-o", out, *H1, "--unit-name", COUNTY).exit_code == 1
    expected = totals_of(out)
    assert expected == {k: a.get(k, 0) + b.get(k, 0) for k in expected}
    # the clerk copies the summary into the inbox, and an old output folder ends up inside it
    shutil.copy(out / "汇总表_2011-H1.xlsx", inbox / "汇总表_2011-H1.xlsx")
    shutil.copytree(out, inbox / "output")
    out2 = tmp_path / "output2"
    res = run("merge", inbox, "-o", out2, *H1, "--unit-name", COUNTY)
    assert res.exit_code == 1 and "采用 2 个单位" in res.output
    assert totals_of(out2) == expected  # not doubled
    status = status_of(out2 / "汇总表_2011-H1.xlsx")
    for name in ("汇总表_2011-H1.xlsx", "output/汇总表_2011-H1.xlsx"):
        assert status[name][1] == "已忽略" and "本级" in status[name][2]
    assert status["output/退回/县教育局党委_审核意见.xlsx"][1] == "已忽略"
    assert "退回给单位" in status["output/退回/县教育局党委_审核意见.xlsx"][2]
    assert status["output/summary.csv"][1] == "已忽略"


def test_own_summary_without_unit_name_is_known_by_its_inbox(make_unit, tmp_path):
    inbox = tmp_path / "in"
    make_unit(inbox, "梅城镇党委", seed=1)
    run("merge", inbox, "-o", tmp_path / "o1", *H1)  # no --unit-name
    shutil.copy(tmp_path / "o1" / "汇总表_2011-H1.xlsx", inbox / "汇总表_2011-H1.xlsx")
    res = run("merge", inbox, "-o", tmp_path / "o2", *H1)
    assert "采用 1 个单位" in res.output
    assert totals_of(tmp_path / "o2") == totals_of(tmp_path / "o1")


def test_summary_whose_properties_were_dropped_is_still_known(make_unit, tmp_path):
    """An office suite may drop custom properties on re-save: the summary's sheets still tell."""
    inbox = tmp_path / "in"
    make_unit(inbox, "梅城镇党委", seed=1)
    run("merge", inbox, "-o", tmp_path / "o1", *H1, "--unit-name", COUNTY)
    with zipfile.ZipFile(tmp_path / "o1" / "汇总表_2011-H1.xlsx") as src, \
            zipfile.ZipFile(inbox / "汇总.xlsx", "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename != "docProps/custom.xml":
                dst.writestr(info, src.read(info))
    res = run("merge", inbox, "-o", tmp_path / "o2", *H1, "--unit-name", COUNTY)
    assert "采用 1 个单位" in res.output
    assert status_of(tmp_path / "o2" / "汇总表_2011-H1.xlsx")["汇总.xlsx"][1] == "已忽略"


def test_a_child_summary_of_another_period_is_ignored_with_the_reason(make_unit, tmp_path):
    city = tmp_path / "city"
    city.mkdir()
    for county, period, day in (("安化县委创先办", H1, dt.date(2011, 6, 25)),
                                ("桃江县委创先办", H2, dt.date(2011, 12, 20))):
        make_unit(tmp_path / county, f"{county[:2]}梅城镇党委", seed=1, day=day)
        run("merge", tmp_path / county, "-o", tmp_path / f"{county}-out", *period, "--unit-name", county)
        summary = next((tmp_path / f"{county}-out").glob("汇总表_*.xlsx"))
        shutil.copy(summary, city / f"{county[:3]}.xlsx")  # the city saves both as they came
    res = run("merge", city, "-o", tmp_path / "city-out", *H2, "--unit-name", "益阳市委创先办")
    assert "采用 1 个单位" in res.output
    status = status_of(tmp_path / "city-out" / "汇总表_2011-H2.xlsx")
    assert status["桃江县.xlsx"][:2] == ("桃江县委创先办", "已采用")
    unit, state, why = status["安化县.xlsx"]
    assert state == "已忽略" and "2011年上半年" in why and "2011年下半年" in why


# -- 3. evaluation files: identified and matched like statistics files ------------------


def test_evaluation_files_go_through_the_roster(ts, make_unit, roster, tmp_path):
    es = load_item_set()
    inbox = tmp_path / "收件箱"
    make_unit(inbox, "梅城镇党委", seed=1)
    make_unit(inbox, "平口镇党委", seed=2)
    make_unit(inbox, "县教育局党委", seed=3)
    forms = tmp_path / "模板"
    assert run("template", "-o", forms, "--unit-name", "梅城镇党委").exit_code == 0  # pre-filled forms
    answers = [("梅城村党支部", {item: "满意" for item in es.org.items})] * 3
    fill_org_forms(es, forms / "群众评议表_附件4_梅城镇党委.xlsx", inbox / "梅城镇_群众评议表.xlsx", answers)
    blank = tmp_path / "blank"
    run("template", "-o", blank)
    stranger = [("某村党支部", {item: "不满意" for item in es.org.items})] * 2
    fill_org_forms(es, blank / "群众评议表_附件4.xlsx", inbox / "某镇_群众评议表.xlsx", stranger)
    out = tmp_path / "out"
    res = run("merge", inbox, "-o", out, *H1, "--roster", roster)
    status = status_of(out / "汇总表_2011-H1.xlsx")
    assert status["梅城镇_群众评议表.xlsx"][:2] == ("梅城镇党委", "已采用")
    assert status["某镇_群众评议表.xlsx"][1] == "名册外"  # this office's roster to-do, not sent back
    off = sheet_rows(out / "汇总表_2011-H1.xlsx", "名册外单位")
    assert [r["文件"] for r in off] == ["某镇_群众评议表.xlsx"]
    assert [r["表上填报单位"] for r in off] == ["某村党支部"]  # named by its forms' 党组织名称
    rows = list(openpyxl.load_workbook(out / "汇总表_2011-H1.xlsx")["群众评议汇总"].iter_rows(values_only=True))
    units = {r[0] for r in rows[5:] if r[0]}
    assert "梅城镇党委" in units and "某村党支部" not in units and "某镇_群众评议表" not in units
    assert "群众评议:1 个单位报送了评议结果" in res.output


def test_template_with_a_roster_prefills_the_tally(roster, tmp_path):
    out = tmp_path / "mail"
    assert run("template", "--roster", roster, "-o", out).exit_code == 0
    ws = openpyxl.load_workbook(out / "群众评议汇总表_平口镇党委.xlsx").worksheets[0]
    assert ws["A2"].value == "填报单位(盖章):" and ws["B2"].value == "平口镇党委"
    org = openpyxl.load_workbook(out / "群众评议表_附件4_平口镇党委.xlsx").worksheets[0]
    cells = [c for row in org.iter_rows() for c in row if isinstance(c.value, str)]
    last_printed = int(org.print_area.rsplit("$", 1)[1])  # '附件4'!$A$1:$E$14
    printed = [c.value for c in cells if c.row <= last_printed]
    assert printed[0] == "附件4" and not [t for t in printed if t.startswith("填报单位")]  # as the notice's form (issue 33)
    assert [c.value for c in cells if c.row > last_printed] == ["填报单位:", "平口镇党委"]  # below what prints


# -- 4. a blank 党组织名称 ---------------------------------------------------------------


def test_blank_organisation_name_is_an_error_at_its_cell(tmp_path):
    es = load_item_set()
    run("template", "-o", tmp_path / "t")
    path = fill_org_forms(es, tmp_path / "t" / "群众评议表_附件4.xlsx", tmp_path / "forms.xlsx",
                          [("", {item: "满意" for item in es.org.items})])
    (report,) = check_files([path], period="2011-H1")
    assert [(p.code, p.sheet, p.cell) for p in report.problems if p.severity == "error"] == [
        ("eval.no-name", "评议表1", "A3")]
    assert not any("时间" in t.object for t in report.submission.evaluations)
    assert not report.ok


# -- 5. a blank template is not a report ---------------------------------------------------


def test_blank_template_is_not_a_report(ts, roster, tmp_path, make_unit):
    mail = tmp_path / "mail"
    run("template", "--roster", roster, "-o", mail)
    inbox = tmp_path / "收件箱"
    inbox.mkdir()
    # 梅城镇 sends its template back unfilled; 平口镇 fills it with explicit zeros
    shutil.copy(mail / "领导点评群众评议统计表_梅城镇党委.xlsx", inbox / "梅城镇党委.xlsx")
    zeros = {k: 0 for k in ts.keys}
    fill_template(ts, inbox / "平口镇党委.xlsx", "平口镇党委", dt.date(2011, 6, 25), zeros,
                  mail / "领导点评群众评议统计表_平口镇党委.xlsx")
    res = run("check", inbox / "梅城镇党委.xlsx", "--period", "2011-H1")
    assert res.exit_code == 1 and "空白表" in res.output and "请修改后报送" in res.output
    assert run("check", inbox / "平口镇党委.xlsx", "--period", "2011-H1").exit_code == 0
    out = tmp_path / "out"
    res = run("merge", inbox, "-o", out, *H1, "--roster", roster)
    assert res.exit_code == 1
    status = status_of(out / "汇总表_2011-H1.xlsx")
    assert status["梅城镇党委.xlsx"][1] == "退回" and status["平口镇党委.xlsx"][1] == "已采用"
    missing = {r["单位名称"]: r["情况"] for r in sheet_rows(out / "汇总表_2011-H1.xlsx", "未报单位")}
    assert missing == {"梅城镇党委": "报送的是空白表(已退回)", "县教育局党委": "未报送"}
    assert "table.empty" in {r["代码"] for r in problems_of(out)}


# -- 6. period integrity -------------------------------------------------------------


def test_a_file_dated_outside_the_period_is_warned(make_unit, tmp_path):
    inbox = tmp_path / "收件箱12月"
    path, _ = make_unit(inbox, "梅城镇党委", seed=1, day=dt.date(2011, 6, 24))  # the June file, resent
    out = tmp_path / "out"
    run("merge", inbox, "-o", out, *H2)
    rows = sheet_rows(out / "汇总表_2011-H2.xlsx", "问题明细", first="单位")
    (row,) = [r for r in rows if r["代码"] == "date.outside-period"]
    assert "2011-06-24" in row["问题说明"] and "2011-08-01" in row["问题说明"] and row["级别"] == "警告"
    res = run("check", path, "--period", "2011-H2")
    assert "2011-06-24" in res.output and "不在2011年下半年的报送时间" in res.output
    assert "不在" not in run("check", path, "--period", "2011-H1").output


def test_previous_must_be_this_offices_previous_period(make_unit, tmp_path):
    h1 = tmp_path / "h1"
    make_unit(h1, "梅城镇党委", seed=1)
    run("merge", h1, "-o", tmp_path / "out-h1", *H1, "--unit-name", COUNTY)
    h2 = tmp_path / "h2"
    make_unit(h2, "梅城镇党委", seed=1, day=dt.date(2011, 12, 20))
    ok = run("merge", h2, "-o", tmp_path / "out-h2", *H2, "--unit-name", COUNTY, "--previous", tmp_path / "out-h1")
    assert ok.exit_code in (0, 1), ok.output
    same = run("merge", h2, "-o", tmp_path / "x", *H2, "--unit-name", COUNTY,
               "--previous", tmp_path / "out-h2")
    assert same.exit_code == 2 and "2011-H2" in same.output and "上一期" in same.output and "2011-H1" in same.output
    other = run("merge", h2, "-o", tmp_path / "y", *H2, "--unit-name", "桃江县委创先办",
                "--previous", tmp_path / "out-h1")
    assert other.exit_code == 2 and COUNTY in other.output and "桃江县委创先办" in other.output
    assert not (tmp_path / "x").exists() and not (tmp_path / "y").exists()


# -- 7. honest counts and exit codes -----------------------------------------------------


def test_headline_counts_units_not_files(make_unit, tmp_path):
    es = load_item_set()
    inbox = tmp_path / "in"
    make_unit(inbox, "梅城镇党委", seed=1)
    make_unit(inbox, "平口镇党委", seed=2)
    run("template", "-o", tmp_path / "t", "--unit-name", "梅城镇党委")
    fill_org_forms(es, tmp_path / "t" / "群众评议表_附件4_梅城镇党委.xlsx", inbox / "梅城镇评议.xlsx",
                   [("梅城村党支部", {item: "满意" for item in es.org.items})])
    out = tmp_path / "out"
    run("merge", inbox, "-o", out, *H1)
    wb = openpyxl.load_workbook(out / "汇总表_2011-H1.xlsx")
    assert wb["问题明细"]["A1"].value.startswith("共 2 个单位报送")  # 3 files, 2 units


def test_rejected_files_and_return_files_agree(make_unit, tmp_path):
    es = load_item_set()
    inbox = tmp_path / "in"
    make_unit(inbox, "梅城镇党委", seed=1, values={Key("附件2", "农村", "党组织数", ""): -3})
    good, _ = make_unit(tmp_path / "x", "平口镇党委", seed=2)
    (inbox / "平口镇党委.xlsx").write_bytes(good.read_bytes()[:3000])  # cut off in transit
    run("template", "-o", tmp_path / "t", "--unit-name", "县教育局党委")
    fill_org_forms(es, tmp_path / "t" / "群众评议表_附件4_县教育局党委.xlsx", inbox / "教育局评议.xlsx",
                   [("一中党支部", {item: "满意+不满意" for item in es.org.items})])
    out = tmp_path / "out"
    res = run("merge", inbox, "-o", out, *H1)
    assert res.exit_code == 1
    assert "退回 3 个" in res.output and "(共 2 个)" in res.output
    assert "另有 1 个退回的文件无法打开,不能生成退回文件" in res.output and "平口镇党委.xlsx" in res.output
    assert sorted(p.name for p in (out / "退回").iterdir()) == ["县教育局党委_群众评议_审核意见.xlsx",
                                                                "梅城镇党委_审核意见.xlsx"]
    opinions = openpyxl.load_workbook(out / "退回" / "县教育局党委_群众评议_审核意见.xlsx")["审核意见"]
    assert any("eval" not in str(c.value) and "打了 2 个" in str(c.value) for row in opinions.iter_rows() for c in row)


def test_warnings_are_counted_on_accepted_files_only(make_unit, tmp_path):
    inbox = tmp_path / "in"
    autumn = dt.date(2011, 9, 1)  # a 填报时间 outside the period: a warning and nothing else
    make_unit(inbox, "梅城镇党委", seed=1, day=autumn)
    make_unit(inbox, "平口镇党委", seed=2, day=autumn, values={Key("附件2", "街道社区", "党组织数", ""): "约10"})
    res = run("merge", inbox, "-o", tmp_path / "out", *H1)
    assert "另有 1 条警告" in res.output  # the rejected file's warning is not counted


def test_missing_roster_units_make_the_run_incomplete(make_unit, roster, tmp_path):
    inbox = tmp_path / "in"
    make_unit(inbox, "梅城镇党委", seed=1)
    make_unit(inbox, "平口镇党委", seed=2)
    res = run("merge", inbox, "-o", tmp_path / "out", *H1, "--roster", roster)
    assert res.exit_code == 1
    assert "结论:汇总尚不完整(名册中 1 个单位未报或被退回)" in res.output
    make_unit(inbox, "县教育局党委", seed=3)
    res = run("merge", inbox, "-o", tmp_path / "out", *H1, "--roster", roster)
    assert res.exit_code == 0 and "结论:所有报送均已采用,名册中的单位已全部报齐" in res.output


def test_a_file_off_the_roster_with_its_own_errors_goes_back_and_is_said_so(make_unit, roster, tmp_path):
    """Off the roster and a value wrong too: a return file answers it, so 报送情况 says 退回 as the
    screen does (only a file rejected for its 填报单位 alone is 名册外)."""
    inbox = tmp_path / "in"
    make_unit(inbox, "梅城镇党委", seed=1)
    make_unit(inbox, "县职业中专党委", seed=4, values={Key("附件2", "农村", "党组织数", ""): -3})
    out = tmp_path / "out"
    res = run("merge", inbox, "-o", out, *H1, "--roster", roster)
    assert res.exit_code == 1 and "退回 1 个," in res.output and (out / "退回").is_dir()
    status = openpyxl.load_workbook(out / "汇总表_2011-H1.xlsx")["报送情况"]
    assert ",退回 1,被替代" in status["A1"].value and "名册外" not in status["A1"].value
    assert [r[5] for r in status.iter_rows(values_only=True) if r and r[2] == "县职业中专党委"] == ["退回"]


def test_a_file_off_the_roster_is_this_offices_to_do_said_once(make_unit, roster, tmp_path):
    """A dissolved unit still sending (its file whole, its 填报单位 no longer on the roster) beside a
    roster unit's file with an error: the screen lists only the latter among the files to send back,
    says the unit off the roster once, as this office's roster to-do; the conclusion counts each
    once; 审核问题's first line counts the roster's units and says the overview counts the other too."""
    inbox = tmp_path / "in"
    make_unit(inbox, "梅城镇党委", seed=1)
    make_unit(inbox, "平口镇党委", seed=2, values={Key("附件2", "农村", "党组织数", ""): -3})
    make_unit(inbox, "县教育局党委", seed=3)
    make_unit(inbox, "县职业中专党委", seed=4)
    make_unit(inbox, "县职业中专党委", seed=4, name="县职业中专党委(第二份).xlsx")
    out = tmp_path / "out"
    res = run("merge", inbox, "-o", out, *H1, "--roster", roster)
    assert res.exit_code == 1
    assert "退回 1 个," in res.output
    assert "退回的文件(请通知报送单位修改后重新报送):\n  - 平口镇党委.xlsx(平口镇党委):" in res.output
    assert "县职业中专党委.xlsx(县职业中专党委)" not in res.output  # not a file to send back
    assert "名册外单位 1 个(2 个文件,未计入汇总):县职业中专党委。确属本级报送单位的,请在名册中添加" in res.output
    assert "结论:汇总尚不完整(退回 1 个文件,名册中 1 个单位未报或被退回,1 个名册外单位未计入)" in res.output
    assert sorted(p.name for p in (out / "退回").iterdir()) == ["平口镇党委_审核意见.xlsx"]
    sheet = openpyxl.load_workbook(out / "汇总表_2011-H1.xlsx")["审核问题"]
    assert sheet["A1"].value == ("名册中共 3 个单位报送:2 个报表无问题,1 个有错误(已退回);另有名册外单位 1 个,文件未计入汇总"
                                 "(见“名册外单位”表)。下面问题概览的“涉及单位”包括这 1 个名册外单位。")
    overview = {r[5]: r[3] for r in sheet.iter_rows(min_row=4, max_row=12, values_only=True) if r[5]}
    assert overview["unit.not-on-roster"] == 1, overview
    status = openpyxl.load_workbook(out / "汇总表_2011-H1.xlsx")["报送情况"]  # as the screen: 名册外, not 退回
    assert ",退回 1,名册外 1," in status["A1"].value
    assert "名册外" in [r[5] for r in status.iter_rows(values_only=True) if r and r[2] == "县职业中专党委"]

    (inbox / "平口镇党委.xlsx").unlink()  # no file of the roster's units at all
    (inbox / "梅城镇党委.xlsx").unlink()
    (inbox / "县教育局党委.xlsx").unlink()
    res = run("merge", inbox, "-o", out, *H1, "--roster", roster)
    assert "退回 0 个," in res.output and "退回的文件" not in res.output
    assert openpyxl.load_workbook(out / "汇总表_2011-H1.xlsx")["审核问题"]["A1"].value.startswith(
        "名册中的单位都没有报送;另有名册外单位 1 个")


# -- 8. an empty or junk-only inbox --------------------------------------------------------


def test_empty_or_junk_only_inbox_writes_no_summary(tmp_path):
    inbox = tmp_path / "收件箱"
    inbox.mkdir()
    res = run("merge", inbox, "-o", tmp_path / "out", *H1)
    assert res.exit_code == 1 and "没有找到任何报表" in res.output
    (inbox / "通知.docx").write_bytes(b"PK\x03\x04 not really")
    (inbox / "~$梅城镇党委.xlsx").write_bytes(b"\x00" * 162)
    res = run("merge", inbox, "-o", tmp_path / "out", *H1)
    assert res.exit_code == 1 and "没有找到任何报表" in res.output
    assert "通知.docx" in res.output and "~$梅城镇党委.xlsx" in res.output
    assert not (tmp_path / "out" / "汇总表_2011-H1.xlsx").exists()


# -- 9. template never overwrites a filled workbook ----------------------------------------


def test_template_does_not_overwrite_a_filled_workbook(ts, tmp_path):
    out = tmp_path / "模板"
    assert run("template", "-o", out).exit_code == 0
    assert run("template", "-o", out).exit_code == 0  # the same blank again: harmless
    target = out / "领导点评群众评议统计表.xlsx"
    values = h1_only(ts, random_values(ts, 4))
    fill_template(ts, target, "梅城镇党委", dt.date(2011, 6, 25), values, target)  # filled in place
    filled = target.read_bytes()
    res = run("template", "-o", out)
    assert res.exit_code == 2 and "领导点评群众评议统计表.xlsx" in res.output and "--force" in res.output
    assert target.read_bytes() == filled
    assert run("template", "-o", out, "--force").exit_code == 0
    assert target.read_bytes() != filled


# -- 10. wording against the notice ----------------------------------------------------------


def test_each_block_of_table_1_has_its_own_coverage_words(ts, make_unit, tmp_path):
    t1 = ts.table("附件1")
    secretary, member = t1.blocks[0][0], t1.blocks[1][0]
    changes = {Key("附件1", secretary, "总人数", ""): 5, Key("附件1", secretary, "参加点评人数", "第一次"): 4,
               Key("附件1", member, "总人数", ""): 9, Key("附件1", member, "参加点评人数", "第一次"): 6}
    path, _ = make_unit(tmp_path, "梅城镇党委", seed=1, values=changes)
    (report,) = check_files([path], period="2011-H1")
    words = {p.params["category"]: p.message for p in report.problems if p.code == "rule.coverage"}
    assert "要求每名书记都作点评" in words[secretary]
    assert "书记" not in words[member] and "有 3 人没有参加点评" in words[member]


def test_table_1_summary_never_adds_the_two_blocks(ts, make_unit, tmp_path):
    inbox = tmp_path / "in"
    _, values = make_unit(inbox, "梅城镇党委", seed=1)
    out = tmp_path / "out"
    run("merge", inbox, "-o", out, *H1)
    rows = list(openpyxl.load_workbook(out / "汇总表_2011-H1.xlsx")["附件1分类汇总"].iter_rows(values_only=True))
    labels = [r[0] for r in rows]
    assert "合计" not in labels
    t1 = ts.table("附件1")
    for label, block in zip(("合计(书记)", "合计(常委、班子成员)"), t1.blocks):
        (row,) = [r for r in rows if r[0] == label]
        assert row[1] == sum(values.get(Key("附件1", c, "总人数", ""), 0) for c in block)
    header = rows[1]
    second = header.index("点评覆盖率(第二次)")
    assert {r[second] for r in rows[2:] if r[0] and r[1] is not None} == {"—"}  # H1: not yet due


def test_previous_zero_reads_plainly(ts, make_unit, tmp_path):
    key = Key("附件2", "农村", "党组织数", "")
    h1 = tmp_path / "h1"
    make_unit(h1, "梅城镇党委", seed=1, values={key: 0, Key("附件2", "农村", "已被点评党组织数", "第一次"): 0,
                                                 Key("附件2", "农村", "已开展群众评议党组织数", ""): 0})
    run("merge", h1, "-o", tmp_path / "o1", *H1, "--unit-name", COUNTY)
    h2 = tmp_path / "h2"
    make_unit(h2, "梅城镇党委", seed=1, day=dt.date(2011, 12, 20), values={key: 5})
    run("merge", h2, "-o", tmp_path / "o2", *H2, "--unit-name", COUNTY, "--previous", tmp_path / "o1")
    rows = sheet_rows(tmp_path / "o2" / "汇总表_2011-H2.xlsx", "问题明细", first="单位")
    (row,) = [r for r in rows if r["代码"] == "previous.total-from-zero"]
    assert row["问题说明"] == "“农村”的党组织数本次为 5,上期为 0。请核实是上期漏报,还是本次填错。"


def test_units_of_the_previous_period_missing_now_are_said_without_a_roster(make_unit, tmp_path):
    h1 = tmp_path / "h1"
    for seed, unit in enumerate(["梅城镇党委", "东坪镇党委", "小淹镇党委"]):
        make_unit(h1, unit, seed=seed)
    run("merge", h1, "-o", tmp_path / "o1", *H1, "--unit-name", COUNTY)
    h2 = tmp_path / "h2"
    make_unit(h2, "梅城镇党委", seed=1, day=dt.date(2011, 12, 20))
    res = run("merge", h2, "-o", tmp_path / "o2", *H2, "--unit-name", COUNTY, "--previous", tmp_path / "o1")
    assert res.exit_code == 1
    assert "上期汇总表中的 2 个单位本期没有报送:东坪镇党委、小淹镇党委。" in res.output
    assert "结论:汇总尚不完整(上期报送的 2 个单位本期未报)" in res.output
    status = status_of(tmp_path / "o2" / "汇总表_2011-H2.xlsx")
    assert status == {"梅城镇党委.xlsx": ("梅城镇党委", "已采用", "")}  # keyed by file: the 未报 rows have none
    rows = sheet_rows(tmp_path / "o2" / "汇总表_2011-H2.xlsx", "报送情况")
    assert [(r["单位"], r["状态"]) for r in rows if not r["文件"]] == [("东坪镇党委", "未报"), ("小淹镇党委", "未报")]


def test_units_of_the_previous_period_missing_now_are_said_once_with_a_roster(make_unit, roster, tmp_path):
    h1 = tmp_path / "h1"
    for seed, unit in enumerate(["梅城镇党委", "平口镇党委"]):
        make_unit(h1, unit, seed=seed)
    run("merge", h1, "-o", tmp_path / "o1", *H1, "--unit-name", COUNTY, "--roster", roster)
    h2 = tmp_path / "h2"
    make_unit(h2, "梅城镇党委", seed=1, day=dt.date(2011, 12, 20))
    res = run("merge", h2, "-o", tmp_path / "o2", *H2, "--unit-name", COUNTY, "--previous", tmp_path / "o1",
              "--roster", roster)
    assert "上期汇总表中" not in res.output and "上期报送的" not in res.output  # the roster's 未报 says it
    assert "未报(含退回)2 个:平口镇党委、县教育局党委。" in res.output


def test_a_readable_file_without_tables_is_not_called_unopened_and_keeps_its_typed_unit(make_unit, tmp_path):
    inbox = tmp_path / "in"
    make_unit(inbox, "大福镇党委", seed=1)
    wb = openpyxl.Workbook()  # a work plan sent along, the unit typed on it
    ws = wb.active
    ws.append(["序号", "工作内容", "责任人"])
    ws.append([1, "组织群众评议", "张三"])
    ws["A6"], ws["B6"] = "填报单位(盖章):", "大福镇党委"
    wb.save(inbox / "工作安排.xlsx")
    os.utime(inbox / "工作安排.xlsx", (2_000_000_000, 2_000_000_000))  # saved after the tables
    res = run("merge", inbox, "-o", tmp_path / "out", *H1, "--unit-name", COUNTY)
    assert "无法打开" not in res.output
    assert ("另有 1 个退回的文件能打开,但其中没有找到统计表(附件1–3),不能生成退回文件;如是本次要报的统计表,"
            "请通知单位用下发的模板重新填报,其他文件请移出收件文件夹:工作安排.xlsx(大福镇党委)") in res.output
    status = status_of(tmp_path / "out" / "汇总表_2011-H1.xlsx")
    assert status["大福镇党委.xlsx"][1] == "已采用"  # the plan is no newer version of the tables
    assert status["工作安排.xlsx"][:2] == ("大福镇党委", "退回")


def test_a_zip_in_the_inbox_is_to_be_unpacked_and_its_unit_is_told_of_it(make_unit, roster, tmp_path):
    inbox, made = tmp_path / "in", tmp_path / "made"
    make_unit(inbox, "梅城镇党委", seed=1)
    path, _ = make_unit(made, "平口镇党委", seed=2)
    with zipfile.ZipFile(inbox / "平口镇党委.zip", "w") as z:  # the unit zipped its file before mailing it
        z.write(path, path.name)
    run("merge", inbox, "-o", tmp_path / "out", *H1, "--unit-name", COUNTY, "--roster", roster)
    rows = sheet_rows(tmp_path / "out" / "汇总表_2011-H1.xlsx", "报送情况")
    (packed,) = [r for r in rows if r["文件"] == "平口镇党委.zip"]
    assert packed["状态"] == "已忽略" and "请解压后把其中的表格文件放入收件文件夹" in packed["说明"]
    assert "另存为" not in packed["说明"]
    (missing,) = [r for r in rows if r["单位"] == "平口镇党委"]
    assert missing["状态"] == "未报" and "压缩包“平口镇党委.zip”" in missing["说明"]
    (teacher,) = [r for r in rows if r["单位"] == "县教育局党委"]
    assert teacher["说明"] == "名册中的单位,没有收到报送文件。"


def test_formal_unit_name_matches_the_roster(ts, make_unit, roster, tmp_path):
    inbox = tmp_path / "in"
    make_unit(inbox, "中共安化县平口镇委员会", seed=1, name="平口.xlsx")
    out = tmp_path / "out"
    run("merge", inbox, "-o", out, *H1, "--roster", roster)
    status = status_of(out / "汇总表_2011-H1.xlsx")
    assert status["平口.xlsx"][:2] == ("平口镇党委", "已采用")


# -- 11. outputs readable by colleagues ----------------------------------------------------------


def test_outputs_follow_the_umask(make_unit, tmp_path):
    inbox = tmp_path / "in"
    make_unit(inbox, "梅城镇党委", seed=1, values={Key("附件2", "农村", "党组织数", ""): -1})
    old = os.umask(0o022)
    try:
        from dianping_xlsx import files

        files._umask.cache_clear()
        run("merge", inbox, "-o", tmp_path / "out", *H1)
        run("template", "-o", tmp_path / "t")
    finally:
        os.umask(old)
    made = [*(tmp_path / "out").rglob("*.xlsx"), tmp_path / "out" / "summary.csv", *(tmp_path / "t").iterdir()]
    assert len(made) >= 6
    assert {oct(stat.S_IMODE(p.stat().st_mode)) for p in made} == {oct(0o644)}
    assert oct(stat.S_IMODE((tmp_path / "out" / "退回").stat().st_mode)) == oct(0o755)  # a folder: 0o777 less it
