"""The second shipped notice (seed 003, justice-2012) through a whole evaluation, as Hunan's
half-year runs: templates per unit, files filled the way units fill them (our template, a
hand-made layout, a file re-saved by LibreOffice), merged exactly, a planted error sent back,
a unit's 工作总结 taken as its material, and the bureau above merging the offices' upward files."""

from __future__ import annotations

import csv
import datetime as dt
import subprocess
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from dianping_xlsx.api import load_notice, merge_inbox, write_summary
from dianping_xlsx.cli import main
from dianping_xlsx.definitions import Key
from dianping_xlsx.testing import Handmade, fill_template, random_values, write_handmade

from .conftest import soffice, status_of

NOTICE = load_notice("justice-2012")
TS = NOTICE.tables
TABLE = TS.tables[0]
DAY = dt.date(2012, 3, 10)


def unit_values(seed: int) -> dict[Key, int]:
    """A unit's consistent figures: partners within participants, ratings adding up."""
    values = random_values(TS, seed, scale=30)
    for c in TABLE.categories:
        values[Key(TABLE.key, c, "参加评议人数(人)", "")] = 40 + seed
        values[Key(TABLE.key, c, "其中:非中共党员合伙人(人)", "")] = 1 + seed % 3
    return values


def totals(path: Path) -> dict[tuple, int]:
    with open(path, encoding="utf-8-sig") as fh:
        return {(r["category"], r["metric"]): int(r["value"]) for r in csv.DictReader(fh) if r["unit"] == "合计"}


def run(*args) -> tuple[int, str]:
    res = CliRunner().invoke(main, [str(a) for a in args])
    return res.exit_code, res.output


def test_templates_follow_the_notice(tmp_path):
    code, out = run("template", "--notice", "justice-2012", "--period", "2012-H1", "-o", tmp_path / "t")
    assert code == 0 and "台账" not in out
    names = sorted(p.name for p in (tmp_path / "t").iterdir())
    assert names == sorted(["群众评议统计表.xlsx", "群众评议汇总表.xlsx", "群众评议表_附件2.xlsx", "群众评议表_附件3.xlsx"])
    wb = openpyxl.load_workbook(tmp_path / "t" / "群众评议统计表.xlsx")
    assert wb.sheetnames[:2] == ["填表说明", "附件4"]
    instructions = " ".join(str(c.value) for c in wb["填表说明"]["A"] if c.value)
    assert "2012年全市司法行政系统" in instructions and "2012年3月15日前" in instructions
    sheet = " ".join(str(c.value) for row in wb["附件4"].iter_rows() for c in row if c.value)
    for label in (*TABLE.categories, *(r.metric for r in TABLE.rows), "注:①党组织数、党员数按评议时的实有数填写"):
        assert label in sheet
    assert "③请于2012年3月15日前" in sheet
    assert wb["自查"]["D2"].value == "本通知只有群众评议一期,每项检查都随填随查。"  # its one period, by its name
    code, out = run("template", "--notice", "justice-2012", "--period", "2013-H1", "-o", tmp_path / "t13")
    wb = openpyxl.load_workbook(tmp_path / "t13" / "群众评议统计表.xlsx")
    assert "2013年3月15日前" in " ".join(str(c.value) for row in wb["附件4"].iter_rows() for c in row if c.value)
    code, out = run("template", "--notice", "justice-2012", "--period", "2012-H2", "-o", tmp_path / "x")
    assert code == 2 and "本通知只有 2012-H1(群众评议)一期" in out


def test_a_whole_evaluation_merged_exactly(tmp_path):
    inbox = tmp_path / "收件箱"
    expected: dict[tuple, int] = {}
    units = ["武进区司法局", "金坛市司法局", "溧阳市司法局", "天宁区司法局"]
    for n, unit in enumerate(units):
        values = unit_values(n)
        if unit == "溧阳市司法局":  # planted: more members evaluated than there are
            values[Key(TABLE.key, "公证处", "参加评议党员数(人)", "")] = values[Key(TABLE.key, "公证处", "党员数(人)", "")] + 3
        else:
            for key, value in values.items():
                expected[(key.category, key.metric)] = expected.get((key.category, key.metric), 0) + value
        if unit == "天宁区司法局":  # typed by hand in the official layout
            write_handmade(TS, inbox / f"{unit}统计表.xlsx", unit, DAY, values, Handmade(sheet_names=("统计表",)))
        else:
            fill_template(TS, inbox / f"{unit}.xlsx", unit, DAY, values)
    (inbox / "武进区司法局_群众评议工作总结.docx").write_bytes(b"PK\x03\x04 a summary")
    code, out = run("merge", inbox, "--notice", "justice-2012", "--period", "2012-H1", "-o", tmp_path / "out",
                    "--unit-name", "常州市司法局政治部", "--date", "2012-03-16")
    assert code == 1, out  # one unit sent back: incomplete
    assert "溧阳市司法局" in out and "参加评议的党员数为" in out and "附件4" in out
    assert "附件1" not in out
    assert (tmp_path / "out" / "退回" / "溧阳市司法局_审核意见.xlsx").is_file()
    got = totals(tmp_path / "out" / "summary.csv")
    assert got == {k: v for k, v in expected.items() if k in got} and len(got) == len(expected)
    summary = openpyxl.load_workbook(tmp_path / "out" / "汇总表_2012-H1.xlsx")
    assert summary.properties.title.startswith("2012年全市司法行政系统")
    upward = openpyxl.load_workbook(tmp_path / "out" / "上报_常州市司法局政治部_2012-H1.xlsx")
    assert upward.sheetnames == ["附件4"]
    # the 工作总结 is its unit's material, never "ignored"; the units without one are told
    status = status_of(tmp_path / "out" / "汇总表_2012-H1.xlsx")
    assert status["武进区司法局_群众评议工作总结.docx"][:2] == ("武进区司法局", "已收到材料")
    assert "收到材料 1 份" in out and "缺少报送材料:2 个单位" in out
    from dianping_xlsx.api import plan_mail

    plans = plan_mail(tmp_path / "out", sender="zzb@example.cn", notice=NOTICE)
    wanting = sorted(p.unit for p in plans if p.subject.startswith("【补报材料】"))
    assert wanting == ["天宁区司法局", "金坛市司法局"]
    assert all("没有收到工作总结" in p.body for p in plans if p.subject.startswith("【补报材料】"))


def test_the_level_above_merges_the_offices(tmp_path):
    """Two offices' upward files, merged by the level above with the same notice: exact."""
    sums: dict[tuple, int] = {}
    ups = tmp_path / "市收件箱"
    for n, office in enumerate(["武进区司法局", "金坛市司法局"]):
        inbox = tmp_path / office
        for k in range(3):
            values = unit_values(10 * n + k)
            fill_template(TS, inbox / f"单位{k}.xlsx", f"{office}单位{k}", DAY, values)
            for key, value in values.items():
                sums[(key.category, key.metric)] = sums.get((key.category, key.metric), 0) + value
        result = merge_inbox(inbox, period="2012-H1", notice=NOTICE)
        written = write_summary(result, tmp_path / f"{office}结果", unit_name=office, day=dt.date(2012, 3, 14))
        ups.mkdir(exist_ok=True)
        (ups / written.upward.name).write_bytes(written.upward.read_bytes())
    city = merge_inbox(ups, period="2012-H1", notice="justice-2012", unit_name="常州市司法局")
    assert city.summary.complete and len(city.accepted) == 2
    assert {(k.category, k.metric): v for k, v in city.totals.items()} == sums


@pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_a_template_resaved_by_libreoffice_reads_the_same(tmp_path):
    values = unit_values(7)
    filled = fill_template(TS, tmp_path / "in" / "武进区司法局.xlsx", "武进区司法局", DAY, values)
    out = tmp_path / "lo"
    subprocess.run([soffice(), f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
                    "--convert-to", "xls:MS Excel 97", "--outdir", str(out), str(filled)],
                   check=True, capture_output=True, timeout=240)
    result = merge_inbox(out, period="2012-H1", notice=NOTICE)
    assert len(result.accepted) == 1 and result.totals == {k: v for k, v in values.items()}


def test_a_returned_unit_corrects_its_file_and_its_summary_comes_in(tmp_path):
    """The cycle, under this notice: a unit sent back, its corrected file (same mail day, the name
    says 更正) adopted at the next merge, its 工作总结 received, the evaluation complete."""
    inbox = tmp_path / "收件箱"
    wrong, right = unit_values(3), unit_values(3)
    bad = Key(TABLE.key, "公证处", "参加评议党员数(人)", "")
    wrong[bad] = wrong[Key(TABLE.key, "公证处", "党员数(人)", "")] + 3
    fill_template(TS, inbox / "溧阳市司法局.xlsx", "溧阳市司法局", DAY, wrong)
    (inbox / "溧阳市司法局工作总结.docx").write_bytes(b"PK\x03\x04 a summary")
    code, out = run("merge", inbox, "--notice", "justice-2012", "--period", "2012-H1", "-o", tmp_path / "out")
    assert code == 1 and "溧阳市司法局" in out and (tmp_path / "out" / "退回" / "溧阳市司法局_审核意见.xlsx").is_file()
    fill_template(TS, inbox / "溧阳市司法局(更正).xlsx", "溧阳市司法局", DAY, right)
    code, out = run("merge", inbox, "--notice", "justice-2012", "--period", "2012-H1", "-o", tmp_path / "out")
    assert code == 0, out
    status = status_of(tmp_path / "out" / "汇总表_2012-H1.xlsx")
    assert status["溧阳市司法局(更正).xlsx"][1] == "已采用" and status["溧阳市司法局.xlsx"][1] == "被替代"
    assert status["溧阳市司法局工作总结.docx"][:2] == ("溧阳市司法局", "已收到材料")
    got = totals(tmp_path / "out" / "summary.csv")
    assert got == {(k.category, k.metric): v for k, v in right.items()}
    assert not list((tmp_path / "out" / "退回").iterdir())


def test_messages_name_the_periods_of_this_notice(tmp_path):
    """A notice of one evaluation a year speaks of its own period, never of the half-years of
    another notice: a report dated outside its window, an upward file of another year."""
    from dianping_xlsx.api import check_files

    early = fill_template(TS, tmp_path / "单位.xlsx", "武进区律师协会", dt.date(2012, 1, 5), unit_values(1))
    (report,) = check_files([early], period="2012-H1", notice=NOTICE)
    (said,) = [p.message for p in report.problems if p.code == "date.outside-period"]
    assert "2012年群众评议" in said and "如把2011年的表当作2012年报送" in said, said
    inbox = tmp_path / "区"
    fill_template(TS, inbox / "单位.xlsx", "武进区律师协会", DAY, unit_values(2))
    written = write_summary(merge_inbox(inbox, period="2012-H1", notice=NOTICE), tmp_path / "区结果",
                            unit_name="武进区司法局", day=dt.date(2012, 3, 14))
    ups = tmp_path / "市收件箱"
    ups.mkdir()
    (ups / written.upward.name).write_bytes(written.upward.read_bytes())
    city = merge_inbox(ups, period="2013-H1", notice=NOTICE, unit_name="常州市司法局")
    (said,) = {p.message for e in city.entries for p in [*e.problems, *(e.submission.problems if e.submission else ())]
               if p.code == "file.summary-other-period"}
    assert "“武进区司法局”2012年群众评议的上报文件,与本次汇总的2013年群众评议不同" in said, said
    for words in ("上半年", "下半年"):
        assert words not in said


@pytest.mark.parametrize("due, said", [
    (None, "本次汇总未给出报送截止时间，没有核对各单位是否按时报送。"),
    (dt.date(2012, 3, 12), "报送截止时间为2012年3月12日，各单位均按时报送。"),
])
def test_the_circular_says_units_were_on_time_only_when_it_was_checked(tmp_path, due, said):
    """The notice gives no deadline for units: without --due nothing was checked, and the circular
    says so instead of 各单位均按时报送 at a 规定时间 nobody compared the files with."""
    import docx

    inbox = tmp_path / "收件箱"
    for k in range(2):
        fill_template(TS, inbox / f"单位{k}.xlsx", f"武进区单位{k}", DAY, unit_values(k))
    written = write_summary(merge_inbox(inbox, period="2012-H1", notice=NOTICE, due=due), tmp_path / "out",
                            unit_name="武进区司法局", day=dt.date(2012, 3, 14))
    text = "\n".join(p.text for p in docx.Document(written.documents["circular"]).paragraphs)
    assert said in text, text
    if due is None:
        assert "按时报送。" not in text.replace(said, "") and "规定时间" not in text


def test_two_rules_of_one_code_are_told_apart(tmp_path):
    """Two declared rules of the generic code rule.failed (the 评议票数合计 sum, an error; the law
    firms' partners, a warning) failed by units filling our template: every overview (the screen's
    主要问题, 审核问题's kinds and units' lines, 情况通报) names each rule, never the same title twice."""
    import docx

    from .test_problem_overview import overview

    inbox = tmp_path / "收件箱"
    firm = "律师事务所"
    for n, unit in enumerate(["东坪镇党委", "县卫生局党委"]):
        values = unit_values(n)
        total = Key(TABLE.key, firm, "评议票数合计(票)", "")
        values[total] = sum(values[Key(TABLE.key, firm, m, "")] for m in ("满意(票)", "比较满意(票)", "基本满意(票)", "不满意(票)")) + 1
        values[Key(TABLE.key, firm, "参加评议党组织数(个)", "")] = max(1, values[Key(TABLE.key, firm, "参加评议党组织数(个)", "")])
        values[Key(TABLE.key, firm, "党组织数(个)", "")] = max(values[Key(TABLE.key, firm, "参加评议党组织数(个)", "")],
                                                                values[Key(TABLE.key, firm, "党组织数(个)", "")])
        values[Key(TABLE.key, firm, "其中:非中共党员合伙人(人)", "")] = 0
        fill_template(TS, inbox / f"{unit}.xlsx", unit, DAY, values)
    out = tmp_path / "out"
    code, said = run("merge", inbox, "--notice", "justice-2012", "--period", "2012-H1", "-o", out,
                     "--unit-name", "溧阳市司法局", "--date", "2012-03-14")
    sum_title = "未通过审核规则(“评议票数合计(票)”等于满意(票)、比较满意(票)、基本满意(票)、不满意(票)之和)"
    firm_title = "未通过审核规则(律师事务所邀请了非中共党员合伙人)"
    assert f"主要问题:{sum_title}:2 个单位;{firm_title}:2 个单位。" in said, said
    kinds, units = overview(out / "汇总表_2012-H1.xlsx")
    assert [(k["问题"], k["级别"]) for k in kinds if k["代码"] == "rule.failed"] == [(sum_title, "错误"), (firm_title, "警告")]
    assert [(u["单位"], u["问题"]) for u in units if u["代码"] == "rule.failed"] == [
        ("东坪镇党委", sum_title), ("东坪镇党委", firm_title), ("县卫生局党委", sum_title), ("县卫生局党委", firm_title)]
    circular = "".join(p.text for p in docx.Document(out / "情况通报_2012-H1.docx").paragraphs)
    assert "律师事务所邀请了非中共党员合伙人" in circular and "评议票数合计" in circular


def test_a_group_of_several_rules_says_its_level():
    """Where a group of the generic code holds more than one rule (or rules not known by name), its
    title cannot name one: a warning group says its level, so that it still differs from the errors."""
    from dianping_xlsx.problemplaces import group_title

    assert group_title("rule.failed", "error", {"甲", "乙"}) == "未通过审核规则"
    assert group_title("rule.failed", "warning", {"甲", "乙"}) == "未通过审核规则(警告)"
    assert group_title("rule.failed", "warning", {"甲"}) == "未通过审核规则(甲)"
    assert group_title("rule.coverage", "warning", {"甲"}) == "未全覆盖"  # a code that says what: as it is
    assert group_title("value.negative", "warning") == "负数"  # not a declared rule's: the level is the run's
