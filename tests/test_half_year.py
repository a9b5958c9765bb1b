"""The half-year as a county runs it (issue 21): several merges in a row, files as units make them.

A unit is sent back and corrects its file; units keep ledgers in their own workbooks and name
their files as they please; the county sends its result up and the city merges it. Each test
builds the situation the way it arises and asserts statuses, totals and what the clerk reads.
"""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from dianping_xlsx.definitions import Key

from .conftest import sheet_rows, status_of
from .test_clerk_traps import run, totals_of
from .test_ledgers import unit_files  # noqa: F401 (a fixture)

H1 = ("--period", "2011-H1", "--date", "2011-06-30")
COUNTY = "安化县委创先办"


def overview(book):
    """The 审核问题 overview: (title, level, units, places, code) per kind of problem."""
    wb = openpyxl.load_workbook(book)
    rows = list(wb["审核问题"].iter_rows(values_only=True))
    top = next(i for i, r in enumerate(rows) if r and r[0] == "问题")
    out = []
    for r in rows[top + 1:]:
        if not r or r[0] in (None, ""):
            break
        out.append(r)
    per_unit_top = next(i for i, r in enumerate(rows) if r and r[0] == "单位")
    per_unit = [r for r in rows[per_unit_top + 1:] if r and r[0]]
    return out, per_unit


# -- 1. a corrected error is not a problem of this summary -----------------------------


def test_a_corrected_file_leaves_no_trace_of_the_old_error(make_unit, tmp_path):
    inbox = tmp_path / "收件箱"
    _, mei = make_unit(inbox, "梅城镇党委", seed=1)
    bad = Key("附件2", "农村", "已被点评党组织数", "第一次")
    total = Key("附件2", "农村", "党组织数", "")
    make_unit(inbox, "平口镇党委", seed=2, day=dt.date(2011, 6, 20),
              values={total: 20, bad: 25, Key("附件2", "农村", "已开展群众评议党组织数", ""): 20})
    out1 = tmp_path / "o1"
    first = run("merge", inbox, "-o", out1, *H1, "--unit-name", COUNTY)
    assert first.exit_code == 1 and "退回 1 个" in first.output
    assert (out1 / "退回" / "平口镇党委_审核意见.xlsx").exists()

    # the unit corrects its figure and sends the file again, dated later
    _, fixed = make_unit(inbox, "平口镇党委", seed=2, day=dt.date(2011, 6, 27), name="平口镇党委(更正).xlsx",
                         values={total: 20, bad: 20, Key("附件2", "农村", "已开展群众评议党组织数", ""): 20})
    out2 = tmp_path / "o2"
    second = run("merge", inbox, "-o", out2, *H1, "--unit-name", COUNTY)
    assert second.exit_code == 0, second.output
    assert "数字超过总数" not in second.output  # the screen's 主要问题 names no old error
    headline = openpyxl.load_workbook(out2 / "汇总表_2011-H1.xlsx")["审核问题"]["A1"].value
    assert headline == "共 2 个单位报送:1 个报表无问题,1 个报表有警告(已采用)。" and "有错误" not in headline
    kinds, per_unit = overview(out2 / "汇总表_2011-H1.xlsx")
    assert all(k[2] != "错误" for k in kinds), kinds
    assert "rule.exceeds" not in {k[5] for k in kinds}
    assert all(r[2] != "错误" for r in per_unit), per_unit
    assert not (out2 / "退回").exists() or not list((out2 / "退回").iterdir())
    # the superseded file is still visible where it belongs, marked as such
    status = status_of(out2 / "汇总表_2011-H1.xlsx")
    assert status["平口镇党委.xlsx"][1] == "被替代"
    listed = [r for r in sheet_rows(out2 / "汇总表_2011-H1.xlsx", "问题明细", first="单位")
              if r["代码"] == "rule.exceeds"]
    assert listed and all(r["文件"] == "平口镇党委.xlsx" and r["文件状态"] == "被替代" for r in listed)
    assert totals_of(out2)[bad] == mei[bad] + fixed[bad] == mei[bad] + 20


# -- 2. a unit's ledgers follow its tables ---------------------------------------------------


@pytest.fixture
def county_roster(ts, tmp_path):
    from dianping_xlsx.model import RosterUnit
    from dianping_xlsx.report.roster import write_blank_roster

    units = [RosterUnit("梅城镇党委", (), "乡镇"), RosterUnit("平口镇党委", (), "乡镇"),
             RosterUnit("县教育局党委", (), "县直机关")]
    return write_blank_roster(ts, tmp_path / "名册.xlsx", units)


def merged_ledger_units(out):
    path = out / "合并台账_2011-H1.xlsx"
    if not path.exists():
        return {}
    ws = openpyxl.load_workbook(path)["领导点评全程记实台账"]
    units = [r[0] for r in ws.iter_rows(min_row=4, values_only=True) if r[0]]
    return {u: units.count(u) for u in units}


def test_ledgers_wait_for_their_tables_through_a_return_and_a_correction(unit_files, make_unit, ts,
                                                                           county_roster, tmp_path):
    import shutil

    from .test_ledgers import APPRAISALS, _fill_template
    from dianping_xlsx.template.ledgers import write_ledger_templates

    ls, table, appraisal, _ = unit_files
    inbox = tmp_path / "收件箱"
    inbox.mkdir()
    shutil.copy(table, inbox / "梅城镇党委.xlsx")  # 附件2 农村 第一次 3, its ledger has 2: sent back
    shutil.copy(appraisal, inbox / "梅城镇党委-领导点评全程记实台账.xlsx")
    make_unit(inbox, "县教育局党委", seed=5)
    (tmp_path / "pk").mkdir()
    only, _ = write_ledger_templates(ls, ts, tmp_path / "pk", "平口镇党委")  # ledgers only, no tables
    _fill_template(only, APPRAISALS[:3])
    shutil.copy(only, inbox / "平口镇党委台账.xlsx")
    args = (*H1, "--unit-name", COUNTY, "--roster", county_roster, "--due", "2011-06-28")

    out1 = tmp_path / "o1"
    res = run("merge", inbox, "-o", out1, *args)
    assert res.exit_code == 1 and "台账暂不计入 2 个" in res.output, res.output
    status = status_of(out1 / "汇总表_2011-H1.xlsx")
    assert status["梅城镇党委.xlsx"][1] == "退回"
    assert status["梅城镇党委-领导点评全程记实台账.xlsx"][1] == "暂不计入"
    assert "统计表已退回" in status["梅城镇党委-领导点评全程记实台账.xlsx"][2]
    assert status["平口镇党委台账.xlsx"][1] == "暂不计入" and "没有采用" in status["平口镇党委台账.xlsx"][2]
    rows = sheet_rows(out1 / "汇总表_2011-H1.xlsx", "报送情况")
    pk = [r for r in rows if r["单位"] == "平口镇党委" and r["状态"] == "未报"]
    assert len(pk) == 1 and "只报送了台账" in pk[0]["说明"]  # 未报 for the tables, and says so
    missing = {r["单位名称"]: r["情况"] for r in sheet_rows(out1 / "汇总表_2011-H1.xlsx", "未报单位")}
    assert missing == {"梅城镇党委": "已报送但被退回", "平口镇党委": "只报送了台账,没有报送统计表"}
    assert merged_ledger_units(out1) == {}  # no ledger of a unit whose tables are not adopted
    assert "点评记实情况" not in openpyxl.load_workbook(out1 / "汇总表_2011-H1.xlsx").sheetnames
    assert not (out1 / "退回" / "梅城镇党委-领导点评全程记实台账_审核意见.xlsx").exists()

    # 梅城 corrects its figure (3 -> 2) and sends the tables again; the ledger is not resent
    wb = openpyxl.load_workbook(inbox / "梅城镇党委.xlsx")
    cell = _cell_of(ts, inbox / "梅城镇党委.xlsx", Key("附件2", "农村", "已被点评党组织数", "第一次"))
    wb[cell[0]][cell[1]] = 2
    _set_date(wb, "2011-06-27")
    wb.save(inbox / "梅城镇党委(更正).xlsx")
    out2 = tmp_path / "o2"
    res = run("merge", inbox, "-o", out2, *args)
    status = status_of(out2 / "汇总表_2011-H1.xlsx")
    assert status["梅城镇党委(更正).xlsx"][1] == "已采用" and status["梅城镇党委.xlsx"][1] == "被替代"
    assert status["梅城镇党委-领导点评全程记实台账.xlsx"][1] == "已采用"
    assert status["平口镇党委台账.xlsx"][1] == "暂不计入"
    assert merged_ledger_units(out2) == {"梅城镇党委": len(APPRAISALS)}
    counted = {r[0]: r for r in openpyxl.load_workbook(out2 / "汇总表_2011-H1.xlsx")["点评记实情况"]
               .iter_rows(min_row=4, values_only=True) if r[0]}
    assert set(counted) == {"梅城镇党委", "合计"} and counted["合计"][1] == len(APPRAISALS)


def _cell_of(ts, path, key):
    from dianping_xlsx.check.workbook import check_workbook

    cell = check_workbook(path, ts, None).cells[key]
    return cell.sheet, cell.ref


def _set_date(wb, text):
    """The 填报时间 of our template, as a clerk types it."""
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str) and c.value.startswith("填报时间"):
                    ws.cell(c.row, c.column + 1).value = dt.date.fromisoformat(text)
                    return
    raise AssertionError("no 填报时间")


def test_check_holds_the_tables_against_ledger_files_given_with_them(unit_files, tmp_path):
    """dianping check with the unit's table and its separate ledger file: the same verdict as merge."""
    _, table, appraisal, _ = unit_files
    res = run("check", table, appraisal, "--period", "2011-H1")
    assert res.exit_code != 0 and "请修改后报送" in res.output and "台账" in res.output, res.output
    alone = run("check", table, "--period", "2011-H1")
    assert "可以报送" in alone.output and alone.exit_code == 0, alone.output


def test_a_ledger_sent_after_the_due_date_does_not_make_the_unit_late(make_unit, ts, tmp_path):
    from dianping_xlsx.template.ledgers import write_ledger_templates
    from dianping_xlsx.definitions import load_ledger_set

    from .test_ledgers import APPRAISALS, _fill_template

    inbox = tmp_path / "收件箱"
    make_unit(inbox, "梅城镇党委", seed=1, day=dt.date(2011, 6, 25), values=dict.fromkeys(ts.keys, 0))
    appraisal, _ = write_ledger_templates(load_ledger_set(), ts, inbox, "梅城镇党委")
    _fill_template(appraisal, APPRAISALS[:2])
    wb = openpyxl.load_workbook(appraisal)
    _set_date(wb, "2011-07-05")  # the ledger came a week after the tables, after the due date
    wb.save(appraisal)
    out = tmp_path / "o"
    res = run("merge", inbox, "-o", out, *H1, "--due", "2011-06-28")
    assert "逾期报送 0 个" in res.output, res.output
    assert not [r for r in sheet_rows(out / "汇总表_2011-H1.xlsx", "报送情况") if r["逾期"]]


# -- 3. units' own ledgers -----------------------------------------------------------------------


def test_an_own_ledger_missing_a_column_is_one_finding_and_never_held_against_the_tables(make_unit, ts, tmp_path):
    """A unit's ledger without its 附件类别 column: one finding naming what was looked for, not one
    per record, and its clean tables are not sent back with ledger.above."""
    inbox = tmp_path / "收件箱"
    _, values = make_unit(inbox, "平口镇党委", seed=4)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["平口镇党委领导点评全程记实台账"])
    ws.append(["日期", "点评领导", "职务", "点评对象", "对象类别", "方式", "点评内容"])  # no 类别 at all
    for k in range(40):
        ws.append(["2011-05-%02d" % (k % 28 + 1), "李书记", "书记", f"党员{k}", "党员", "会议集中点评", "好"])
    wb.save(inbox / "平口镇党委-领导点评全程记实台账.xlsx")
    result = __import__("dianping_xlsx").merge_inbox(inbox, period="2011-H1")
    status = {e.name: (e.unit, e.status) for e in result.entries}
    assert status["平口镇党委-领导点评全程记实台账.xlsx"] == ("平口镇党委", "accepted")
    assert status["平口镇党委.xlsx"] == ("平口镇党委", "accepted")
    codes = [p.code for p in result.problems]
    assert codes.count("ledger.missing-column") == 1 and "ledger.missing-field" not in codes
    assert "ledger.above" not in codes and "ledger.below" not in codes
    missing = next(p for p in result.problems if p.code == "ledger.missing-column")
    assert "“附件类别”" in missing.message and "“类别”" in missing.message and "无法与统计表对照" in missing.message


def test_ledger_records_outside_the_period_count_in_no_round(ts, tmp_path):
    from dianping_xlsx.check.workbook import check_workbook
    from dianping_xlsx.model import Period
    from dianping_xlsx.definitions import load_ledger_set

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["梅城镇党委领导点评全程记实台账"])
    ws.append(["序号", "点评日期", "点评人", "点评人职务", "被点评对象", "对象类别", "类别", "点评方式"])
    ws.append([1, "2010-12-28", "李书记", "书记", "东山村党支部", "党组织", "农村", "会议集中点评"])  # last year
    ws.append([2, "2011-05-10", "李书记", "书记", "西山村党支部", "党组织", "农村", "集中座谈"])  # another way
    ws.append([3, "2011-05-11", "李书记", "镇长", "南山村党支部", "党组织", "农村", "会议集中点评"])  # open list
    path = tmp_path / "梅城镇党委台账.xlsx"
    wb.save(path)
    sub = check_workbook(path, ts, Period.parse("2011-H1"), ledgers=load_ledger_set())
    assert sub.unit == "梅城镇党委"
    assert sub.ledger_counts == {("附件2", "已被点评党组织数", "农村", "第一次"): 2}  # not 第二次 for 2010-12-28
    found = {(p.code, p.cell): p for p in sub.problems}
    assert ("ledger.date-outside", "B3") in found
    # 点评方式 is a closed list: another value is a warning; 点评人职务 is open: a note only
    assert found[("ledger.unknown-value", "H4")].severity == "warning"
    assert found[("ledger.other-value", "D5")].severity == "info"
    h2 = check_workbook(path, ts, Period.parse("2011-H2"), ledgers=load_ledger_set())
    # in December both rounds of 2011 are reported on: the May records count in 第一次, 2010 in none
    assert h2.ledger_counts == {("附件2", "已被点评党组织数", "农村", "第一次"): 2}
    assert not [p for p in h2.problems if p.code == "ledger.date-outside" and p.cell != "B3"]


# -- 4. the step up to the city ------------------------------------------------------------------


def _county(ts, make_unit, tmp_path, name: str, units: list[str], roster_extra: list[str], seed: int):
    """A county's half-year: its units' files, its roster, its merge; returns (out, totals, result)."""
    from dianping_xlsx.model import RosterUnit
    from dianping_xlsx.report.roster import write_blank_roster

    inbox = tmp_path / name / "收件箱"
    made = {}
    for n, unit in enumerate(units):
        _, made[unit] = make_unit(inbox, unit, seed=seed + n)
    roster = write_blank_roster(ts, tmp_path / name / "名册.xlsx",
                                [RosterUnit(u, (), "乡镇") for u in units + roster_extra])
    out = tmp_path / name / "汇总结果"
    res = run("merge", inbox, "-o", out, *H1, "--unit-name", name, "--roster", roster)
    totals = {k: sum(v.get(k, 0) for v in made.values()) for k in ts.keys}
    return out, totals, res


def test_two_counties_up_to_a_city_with_a_formal_name_roster(ts, make_unit, tmp_path):
    import shutil

    from dianping_xlsx.model import RosterUnit
    from dianping_xlsx.report.roster import write_blank_roster

    a_out, a_totals, a_res = _county(ts, make_unit, tmp_path, "安化县委创先办", ["梅城镇党委", "东坪镇党委"], [], 10)
    b_out, b_totals, b_res = _county(ts, make_unit, tmp_path, "桃江县委创先办", ["桃花江镇党委", "灰山港镇党委"],
                                     ["修山镇党委"], 20)  # 修山镇 has not reported: incomplete
    assert a_res.exit_code == 0 and b_res.exit_code == 1
    a_up = a_out / "上报_安化县委创先办_2011-H1.xlsx"
    b_up = b_out / "上报_桃江县委创先办_2011-H1.xlsx"
    # what goes up: 附件1–3 with the totals, ready to stamp, nothing about single units
    wb = openpyxl.load_workbook(a_up)
    assert wb.sheetnames == ["附件1", "附件2", "附件3"]
    texts = " ".join(str(c.value) for ws in wb for row in ws.iter_rows() for c in row if c.value is not None)
    assert "安化县委创先办" in texts and "2011年6月30日" in texts
    assert "梅城镇党委" not in texts and "东坪镇党委" not in texts

    # the city names the counties formally, and its clerk once added a wrong alias (桃江 row, 安化's name)
    city_roster = write_blank_roster(ts, tmp_path / "市名册.xlsx", [
        RosterUnit("中共安化县委创先争优活动领导小组办公室", (), "县"),
        RosterUnit("中共桃江县委创先争优活动领导小组办公室", ("安化县委创先办",), "县"),
        RosterUnit("中共沅江市委创先争优活动领导小组办公室", (), "县级市"),
    ])
    inbox = tmp_path / "市收件箱"
    inbox.mkdir()
    shutil.copy(a_up, inbox / a_up.name)
    shutil.copy(b_up, inbox / b_up.name)
    out = tmp_path / "市汇总"
    res = run("merge", inbox, "-o", out, *H1, "--unit-name", "益阳市委创先办", "--roster", city_roster)
    status = status_of(out / "汇总表_2011-H1.xlsx")
    assert status[a_up.name][:2] == ("中共安化县委创先争优活动领导小组办公室", "已采用")
    assert status[b_up.name][:2] == ("中共桃江县委创先争优活动领导小组办公室", "已采用")  # never superseded
    assert totals_of(out) == {k: a_totals[k] + b_totals[k] for k in ts.keys}  # roll-up exact
    assert "您是否指" not in res.output
    problems = {(r["单位"], r["代码"]): r for r in sheet_rows(out / "汇总表_2011-H1.xlsx", "问题明细", first="单位")}
    incomplete = problems[("中共桃江县委创先争优活动领导小组办公室", "unit.incomplete-below")]
    assert incomplete["级别"] == "警告" and "修山镇党委" in incomplete["问题说明"]
    assert ("中共安化县委创先争优活动领导小组办公室", "unit.incomplete-below") not in problems
    missing = {r["单位名称"] for r in sheet_rows(out / "汇总表_2011-H1.xlsx", "未报单位")}
    assert missing == {"中共沅江市委创先争优活动领导小组办公室"}

    # a county the roster does not know: the city clerk's to-do, never a return file to the county
    other = _county(ts, make_unit, tmp_path, "资阳区委创先办", ["长春镇党委"], [], 30)[0]
    shutil.copy(other / "上报_资阳区委创先办_2011-H1.xlsx", inbox)
    out2 = tmp_path / "市汇总2"
    res = run("merge", inbox, "-o", out2, *H1, "--unit-name", "益阳市委创先办", "--roster", city_roster)
    off = sheet_rows(out2 / "汇总表_2011-H1.xlsx", "名册外单位")
    assert [r["表上填报单位"] for r in off] == ["资阳区委创先办"]
    assert "安化" not in off[0]["说明"] and "桃江" not in off[0]["说明"]  # no other county suggested
    assert not (out2 / "退回").exists()
    assert totals_of(out2) == totals_of(out)


def test_the_county_sends_up_only_a_complete_summary_unless_forced(ts, make_unit, tmp_path):
    out, _, res = _county(ts, make_unit, tmp_path, "桃江县委创先办", ["桃花江镇党委"], ["修山镇党委"], 40)
    assert res.exit_code == 1
    args = ["mail", "send", out, "--from", "czb@taojiang.gov.cn", "--name", "桃江县委创先办",
            "--up", "city@yiyang.gov.cn"]
    held = run(*args)
    assert held.exit_code == 1 and "修山镇党委" in held.output and "--force" in held.output
    assert not list((out / "待发邮件").glob("*上报*.eml"))
    forced = run(*args, "--force")
    assert forced.exit_code == 0, forced.output
    (eml,) = list((out / "待发邮件").glob("*上报*.eml"))
    assert "上报_桃江县委创先办_2011-H1.xlsx" in forced.output


def test_the_upward_workbook_copied_into_the_own_inbox_is_not_counted_again(ts, make_unit, tmp_path):
    import shutil

    out, totals, _ = _county(ts, make_unit, tmp_path, "安化县委创先办", ["梅城镇党委"], [], 50)
    inbox = tmp_path / "安化县委创先办" / "收件箱"
    shutil.copy(out / "上报_安化县委创先办_2011-H1.xlsx", inbox)
    again = tmp_path / "again"
    res = run("merge", inbox, "-o", again, *H1, "--unit-name", "安化县委创先办")
    assert res.exit_code == 0 and totals_of(again) == totals
    assert status_of(again / "汇总表_2011-H1.xlsx")["上报_安化县委创先办_2011-H1.xlsx"][1] == "已忽略"


def test_a_june_summary_made_in_december_is_dated_in_june(make_unit, tmp_path):
    inbox = tmp_path / "收件箱"
    make_unit(inbox, "梅城镇党委", seed=1)
    out = tmp_path / "o"
    res = run("merge", inbox, "-o", out, "--period", "2011-H1", "--unit-name", COUNTY)  # no --date
    assert "不在2011年上半年的报送时间" in res.output and "--date" in res.output
    ws = openpyxl.load_workbook(out / "上报_安化县委创先办_2011-H1.xlsx")["附件1"]
    texts = [c.value for row in ws.iter_rows(max_row=4) for c in row if isinstance(c.value, str)]
    assert any("2011年6月30日" in t for t in texts), texts
