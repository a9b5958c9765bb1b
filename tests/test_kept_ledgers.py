"""A 台账 the notice asks units to keep and send along (留存备查并随表报送) while it defines no
ledger set: the unit's ledger workbook is received as a material (已收到材料, no return file, no
mail), never sent back as a tables file without tables; the run ends complete."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from dianping_xlsx import api
from dianping_xlsx.cli import main
from dianping_xlsx.testing import fill_template, random_values

from .conftest import sheet_rows, status_of
from .test_draft_docs import LEDGER_2027, notice_2027_docx

DAY = dt.date(2027, 6, 18)


def _drafted(tmp_path: Path) -> Path:
    """The tester's notice, drafted by definitions init and used as drafted."""
    return api.draft_notice(notice_2027_docx(tmp_path / "通知2027.docx"), tmp_path / "def" / "taoyuan-2027.toml").notice


def _tables(inbox: Path, notice: Path, unit: str, seed: int) -> Path:
    """The unit's tables from the draft's template (seed 3: values that pass the drafted rules)."""
    ts = api.load_notice(str(notice)).tables
    return fill_template(ts, inbox / f"统计表_{unit}.xlsx", unit, DAY, random_values(ts, seed))


def _ledger(path: Path, unit: str, heads=LEDGER_2027, title: str | None = "党员承诺践诺台账", sheet="附件3") -> Path:
    """The unit's ledger typed in the layout of the notice's 附件3 (openpyxl, as a clerk types it)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    if title is not None:
        ws.append(["附件3"])
        ws.append([title])
        ws.append([f"填报单位(盖章):{unit}", None, None, None, None, "填报时间:2027-06-18"])
    ws.append(list(heads))
    ws.append([1, "张三", "陬市村党支部", "修缮村道", DAY.replace(month=2), DAY.replace(month=5), "已践诺", ""][:len(heads)])
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def _merge(inbox: Path, out: Path, notice) -> tuple[int, str]:
    res = CliRunner().invoke(main, ["merge", str(inbox), "-o", str(out), "--notice", str(notice), "--period", "2027-H1",
                                    "--unit-name", "桃源县委组织部", "--date", "2027-06-25"])
    return res.exit_code, res.output


def test_the_drafted_notice_receives_a_units_ledger(tmp_path):
    """definitions init drafts the 台账 as a material kept (kind ledger, its columns, required: the
    notice says 随表报送); the unit's tables are adopted, its 台账 listed as received (not 退回),
    and a unit that sent no 台账 is reminded of it by name."""
    notice = _drafted(tmp_path)
    text = notice.read_text(encoding="utf-8")
    assert 'name = "党员承诺践诺台账"\nkind = "ledger"' in text and "读自“附件3台账留存备查并随表报送”" in text
    said = CliRunner().invoke(main, ["definitions", "check", str(notice)]).output
    assert "台账:无台账定义,党员承诺践诺台账留存备查(报来时收下,列入报送情况,不汇总)" in said
    inbox = tmp_path / "in"
    _tables(inbox, notice, "陬市镇党委", 3)
    _tables(inbox, notice, "盘塘镇党委", 3)
    _ledger(inbox / "党员承诺践诺台账_陬市镇党委.xlsx", "陬市镇党委")
    (inbox / "陬市镇党委工作小结.docx").write_bytes(b"PK\x03\x04 not read")
    (inbox / "盘塘镇党委工作小结.docx").write_bytes(b"PK\x03\x04 not read")
    code, said = _merge(inbox, tmp_path / "out", notice)
    assert code == 0, said
    assert "退回 0 个" in said and "结论:所有报送均已采用" in said
    status = status_of(tmp_path / "out" / "汇总表_2027-H1.xlsx")
    unit, state, reason = status["党员承诺践诺台账_陬市镇党委.xlsx"]
    assert (unit, state) == ("陬市镇党委", "已收到材料")
    assert reason == "这是“陬市镇党委”的党员承诺践诺台账(按标题认出)。本通知的台账留存备查,不汇总,也不审核其中的内容。"
    assert status["统计表_陬市镇党委.xlsx"][1] == "已采用"
    assert not list((tmp_path / "out").glob("退回/*"))
    result = api.merge_inbox(inbox, notice=str(notice), period="2027-H1")
    missing = {(e.unit, p.params["material"]) for e in result.entries for p in e.problems if p.code == "material.missing"}
    assert missing == {("盘塘镇党委", "党员承诺践诺台账")}
    wb = openpyxl.load_workbook(tmp_path / "out" / "汇总表_2027-H1.xlsx")
    assert "收到材料(工作小结、党员承诺践诺台账)3" in wb["报送情况"]["A1"].value


def test_a_ledger_without_title_is_known_by_its_columns(tmp_path):
    """No title, the sheet Sheet1, a file named by its unit alone: a heading row with most of the
    notice's columns (序号 and 备注 left out) says it is the 台账; the unit from the file's name."""
    notice = _drafted(tmp_path)
    inbox = tmp_path / "in"
    _tables(inbox, notice, "陬市镇党委", 3)
    _ledger(inbox / "陬市镇党委.xlsx", "陬市镇党委", heads=LEDGER_2027[1:-1], title=None, sheet="Sheet1")
    result = api.merge_inbox(inbox, notice=str(notice), period="2027-H1")
    (kept,) = [e for e in result.entries if e.name == "陬市镇党委.xlsx"]
    assert kept.status == "material" and kept.named == "陬市镇党委"
    assert kept.problems[0].code == "material.kept" and "(按列名认出)" in kept.reason
    assert kept.problems[0].position.startswith("Sheet1!A1")


def test_a_notice_listing_no_ledger_keeps_a_workbook_titled_as_one(tmp_path):
    """A notice definition without the material (written by hand before this version): a workbook
    titled …台账 without the statistics tables is still received, as a 台账, not sent back."""
    notice = _drafted(tmp_path)
    text = notice.read_text(encoding="utf-8")
    notice.write_text(text.split("\n# 推断:各单位的党员承诺践诺台账")[0], encoding="utf-8")
    inbox = tmp_path / "in"
    _tables(inbox, notice, "陬市镇党委", 3)
    _ledger(inbox / "台账.xlsx", "陬市镇党委")
    (inbox / "陬市镇党委工作小结.docx").write_bytes(b"PK\x03\x04 not read")
    code, said = _merge(inbox, tmp_path / "out", notice)
    assert code == 0, said
    unit, state, reason = status_of(tmp_path / "out" / "汇总表_2027-H1.xlsx")["台账.xlsx"]
    assert (unit, state) == ("陬市镇党委", "已收到材料") and reason.startswith("这是“陬市镇党委”的台账(按标题认出)")


def test_a_units_check_of_its_ledger_passes(tmp_path):
    """dianping check on the 台账 says what it is, not 没有找到统计表."""
    notice = _drafted(tmp_path)
    ledger = _ledger(tmp_path / "党员承诺践诺台账_陬市镇党委.xlsx", "陬市镇党委")
    (report,) = api.check_files([ledger], notice=str(notice), period="2027-H1")
    assert report.ok and [p.code for p in report.problems] == ["material.kept"]


def test_with_a_ledger_set_a_workbook_titled_ledger_is_still_sent_back(tmp_path):
    """hunan-2011 defines its ledgers: a workbook titled …台账 that is none of them has no tables, as before."""
    inbox = tmp_path / "in"
    _ledger(inbox / "台账_梅城镇党委.xlsx", "梅城镇党委", heads=["序号", "学习时间", "学习地点", "学习内容"],
            title="学习教育台账")
    result = api.merge_inbox(inbox, period="2011-H1")
    (entry,) = result.entries
    assert entry.status == "rejected" and entry.problems[-1].code == "file.no-tables"


def _with_ledger_sheet(tables: Path, unit: str, sheet: str, title: str | None) -> Path:
    """The unit's 台账 typed on a sheet added to its filled tables workbook (openpyxl, as a clerk adds it)."""
    wb = openpyxl.load_workbook(tables)
    ws = wb.create_sheet(sheet)
    if title is not None:
        ws.append([title])
        ws.append(["填报单位(盖章):", None, unit, None, None, "填报时间:", "2027-06-18"])
    ws.append(LEDGER_2027)
    ws.append([1, "张三", "陬市村党支部", "修缮村道", "2027-02-18", "2027-05-18", "已践诺", ""])
    wb.save(tables)
    return tables


def test_a_ledger_sheet_in_the_tables_workbook_is_the_units_ledger(tmp_path):
    """The 台账 on a sheet beside the tables (titled …台账, or only its columns on a sheet named
    Sheet1) is the unit's 台账 received: no 缺少报送材料, no 【补报材料】; a unit that sent none is
    told what is looked for (title, sheet name, file name or columns, a file or a sheet), not that
    its file name should hold 台账."""
    notice = _drafted(tmp_path)
    inbox = tmp_path / "in"
    _with_ledger_sheet(_tables(inbox, notice, "陬市镇党委", 3), "陬市镇党委", "承诺践诺台账", "陬市镇党委党员承诺践诺台账")
    _with_ledger_sheet(_tables(inbox, notice, "热市镇党委", 3), "热市镇党委", "Sheet1", None)
    _tables(inbox, notice, "盘塘镇党委", 3)
    for unit in ("陬市镇党委", "热市镇党委", "盘塘镇党委"):
        (inbox / f"{unit}工作小结.docx").write_bytes(b"PK\x03\x04 not read")
    result = api.merge_inbox(inbox, notice=str(notice), period="2027-H1")
    said = {(e.unit, p.code): p for e in result.entries for p in e.problems if p.code.startswith("material.")}
    missing = {unit for unit, code in said if code == "material.missing"}
    assert missing == {"盘塘镇党委"}
    title = said[("陬市镇党委", "material.kept-sheet")]
    assert (title.sheet, title.cell) == ("承诺践诺台账", "A1")
    assert title.message == ("工作表“承诺践诺台账”是本单位的党员承诺践诺台账(按标题认出),已作为党员承诺践诺台账收下。"
                             "本通知的台账留存备查,不汇总,也不审核其中的内容。")
    heads = said[("热市镇党委", "material.kept-sheet")]
    assert (heads.sheet, heads.cell) == ("Sheet1", "A1") and "(按列名认出)" in heads.message
    asked = said[("盘塘镇党委", "material.missing")].message
    assert "文件名中应含" not in asked
    assert "(标题、工作表名称或文件名中含“台账”,或表头有“序号”“姓名”“所在党支部”等列;" \
           "单独一个文件或统计表中的一个工作表均可)" in asked
    assert all(e.status == "accepted" for e in result.entries if e.name.startswith("统计表_"))
    out = tmp_path / "out"
    code, screen = _merge(inbox, out, notice)
    assert code == 0, screen
    wanted = {m.unit for m in api.plan_mail(out, sender="czb@example.cn", notice=str(notice)) if "补报材料" in m.subject}
    assert wanted == {"盘塘镇党委"}


def test_a_unit_that_sent_only_its_kept_ledger_is_asked_for_its_tables(tmp_path):
    """A roster unit whose only file is its kept 台账: 报送情况 and 未报单位 say it sent only the
    台账 (as when a ledger set reads it), the 台账 stays 已收到材料, and its reminder asks for the
    tables, not for the 台账. One that sent only its 工作小结 is said so too."""
    from dianping_xlsx.model import RosterUnit
    from dianping_xlsx.report.roster import write_blank_roster

    notice = _drafted(tmp_path)
    ts = api.load_notice(str(notice)).tables
    roster = write_blank_roster(ts, tmp_path / "名册.xlsx", [RosterUnit("陬市镇党委", (), "乡镇"),
                                                              RosterUnit("黄石镇党委", (), "乡镇"),
                                                              RosterUnit("盘塘镇党委", (), "乡镇")])
    inbox = tmp_path / "in"
    _tables(inbox, notice, "陬市镇党委", 3)
    _ledger(inbox / "党员承诺践诺台账_陬市镇党委.xlsx", "陬市镇党委")
    (inbox / "陬市镇党委工作小结.docx").write_bytes(b"PK\x03\x04 not read")
    _ledger(inbox / "黄石镇党委台账.xlsx", "黄石镇党委")
    (inbox / "盘塘镇党委工作小结.docx").write_bytes(b"PK\x03\x04 not read")
    out = tmp_path / "out"
    res = CliRunner().invoke(main, ["merge", str(inbox), "-o", str(out), "--notice", str(notice), "--period", "2027-H1",
                                    "--unit-name", "桃源县委组织部", "--date", "2027-06-25", "--roster", str(roster)])
    assert res.exit_code == 1, res.output
    book = out / "汇总表_2027-H1.xlsx"
    rows = sheet_rows(book, "报送情况")
    assert [(r["单位"], r["状态"]) for r in rows if r["文件"] == "黄石镇党委台账.xlsx"] == [("黄石镇党委", "已收到材料")]
    (absent,) = [r for r in rows if not r["文件"] and r["单位"] == "黄石镇党委"]
    assert (absent["状态"], absent["说明"]) == ("未报", "名册中的单位,只报送了台账,没有报送统计表。")
    assert {r["单位名称"]: r["情况"] for r in sheet_rows(book, "未报单位")} == {
        "黄石镇党委": "只报送了台账,没有报送统计表", "盘塘镇党委": "只报送了工作小结,没有报送统计表"}
    (mail,) = [m for m in api.plan_mail(out, sender="czb@example.cn", roster=roster, notice=str(notice))
               if m.unit == "黄石镇党委"]
    assert mail.subject.startswith("【催报】") and "尚未收到您单位的" in mail.body and "台账" not in mail.body
    assert [a.name for a in mail.attachments] == ["统计表_黄石镇党委.xlsx"]


def _titled_ledger(path: Path, title: str, heads: list[str]) -> Path:
    """A ledger a unit typed in its own layout: its title row, then its column heads, no 填报单位."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "台账"
    ws.append([title])
    ws.append(heads)
    ws.append([1, DAY, "镇党委书记", *["已落实"] * (len(heads) - 3)])
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def test_ledgers_alone_are_their_units_though_the_notice_knows_not_their_words(tmp_path):
    """justice-2012 lists no 台账, so its words are not 领导点评 nor 公开承诺: an inbox of ledger
    files alone (no tables, no roster) credits each to the unit its title or file name begins with,
    cut at the table set's unit ending (党委, 党组), never to 东坪镇党委领导点评."""
    inbox = tmp_path / "in"
    review = ["序号", "点评日期", "点评人", "被点评对象", "点评情况", "整改措施", "落实情况"]
    promise = ["序号", "承诺人", "所在支部", "承诺类别", "承诺内容", "承诺时间", "完成情况"]
    _titled_ledger(inbox / "东坪镇党委领导点评台账.xlsx", "东坪镇党委领导点评全程记实台账", review)
    _titled_ledger(inbox / "县卫生局党委公开承诺台账.xlsx", "县卫生局党委公开承诺台账", promise)
    _titled_ledger(inbox / "县财政局党组_2012年上半年领导点评台账.xlsx", "领导点评全程记实台账", review)
    _titled_ledger(inbox / "县司法局台账.xlsx", "县司法局台账", review)  # no ending: the name as it is
    result = api.merge_inbox(inbox, notice="justice-2012", period="2012-H1")
    named = {e.name: (e.status, e.named) for e in result.entries}
    assert named == {"东坪镇党委领导点评台账.xlsx": ("material", "东坪镇党委"),
                     "县卫生局党委公开承诺台账.xlsx": ("material", "县卫生局党委"),
                     "县财政局党组_2012年上半年领导点评台账.xlsx": ("material", "县财政局党组"),
                     "县司法局台账.xlsx": ("material", "县司法局")}
    reasons = {e.name: e.reason for e in result.entries}
    assert reasons["东坪镇党委领导点评台账.xlsx"].startswith("这是“东坪镇党委”的台账(按标题认出)")
