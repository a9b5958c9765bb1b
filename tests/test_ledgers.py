"""Ledgers (台账) read and checked the way units make them: our template filled in (as Excel
saves it), and a hand-made ledger with its columns in another order and an extra column, in the
unit's statistics workbook or in a file of its own. Each fault at its cell."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from dianping_xlsx.check.workbook import check_workbook
from dianping_xlsx.model import Period
from dianping_xlsx.problems import flatten
from dianping_xlsx.template.ledgers import HEADER_ROW, write_ledger_templates
from dianping_xlsx.definitions import Key, load_ledger_set
from dianping_xlsx.testing import h1_only, random_values

H1 = Period.parse("2011-H1")
COUNTED = {"参加点评人数", "已被点评党组织数", "已被点评党员数"}

APPRAISALS = [  # 点评日期, 点评人, 职务, 被点评对象, 对象类别, 附件类别, 点评方式, 点评情况, 整改措施, 落实情况
    ("2011-05-10", "李书记", "书记", "梅城村党支部", "党组织", "农村", "会议集中点评", "好", "无", "已落实"),
    ("2011-06-02", "李书记", "书记", "梅城村党支部", "党组织", "农村", "工作现场点评", "好", "无", "已落实"),  # again
    ("2011-06-03", "李书记", "书记", "东山村党支部", "党组织", "农村", "个别谈话点评", "", "", ""),
    ("2011-06-05", "王委员", "班子成员", "张三", "党员", "农村", "座谈会点评", "好", "", ""),
    ("2011-06-06", "", "书记", "李四", "党员", "农村", "相互点评", "好", "", ""),  # 点评人 missing
    ("2011-06-07", "王委员", "班子成员", "王五", "党员", "农村", "随便聊聊", "好", "", ""),  # not a way
]
COMMITMENTS = [  # 承诺主体, 名称或姓名, 所在党组织, 承诺类型, 承诺事项, 承诺日期, 承诺时限, 兑现情况, 兑现日期, 备注
    ("党员", "张三", "梅城村党支部", "业务工作", "修村道 2 公里", "2010-11-20", "2011-05-01", "推进中", "", ""),  # overdue
    ("党员", "李四", "梅城村党支部", "政治思想作风", "每月学习一次", "2011-01-05", "2011-12-31", "已兑现", "2011-07-20", ""),  # after report
    ("党组织", "东山村党支部", "", "业务工作", "建活动室", "2011-03-01", "2011-06-01", "已兑现", "2011-05-28", ""),
]
# fulfilled on 5-20, before the commitment was made on 6-01
BEFORE_START = ("党员", "王五", "东山村党支部", "服务群众", "帮扶困难户", "2011-06-01", "2011-06-20", "已兑现", "2011-05-20", "")


def _values(ts, changes):
    values = h1_only(ts, random_values(ts, 3))
    for key in list(values):
        if key.metric in COUNTED:
            values[key] = 0
    values.update(changes)
    return values


def _fill_template(path, records, start_col=0):
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    for i, record in enumerate(records):
        ws.cell(HEADER_ROW + 2 + i, 1, i + 1)
        for j, value in enumerate(record, start=2):
            ws.cell(HEADER_ROW + 2 + i, j, dt.date.fromisoformat(value) if value[:2] == "20" and value[4:5] == "-" else value)
    wb.save(path)


@pytest.fixture
def unit_files(ts, make_unit, tmp_path):
    """The unit's statistics workbook (附件2 农村 第一次: 3 organisations; 附件3 农村 第一次: 1
    member) and its two ledgers, from our templates, filled as Excel saves them."""
    ls = load_ledger_set()
    changes = {Key("附件2", "农村", "已被点评党组织数", "第一次"): 3, Key("附件3", "农村", "已被点评党员数", "第一次"): 1,
               Key("附件2", "农村", "党组织数", ""): 5, Key("附件3", "农村", "党员数", ""): 9}
    table, _ = make_unit(tmp_path, "梅城镇党委", seed=3, values=_values(ts, changes), day=dt.date(2011, 6, 25))
    appraisal, commitment = write_ledger_templates(ls, ts, tmp_path, "梅城镇党委")
    _fill_template(appraisal, APPRAISALS)
    _fill_template(commitment, [*COMMITMENTS, BEFORE_START])
    wb = openpyxl.load_workbook(commitment)
    wb.worksheets[0].cell(HEADER_ROW + 6, 2, "合计:共承诺80条,已兑现55条,未兑现15条。")
    wb.save(commitment)
    return ls, table, appraisal, commitment


def _into(table, *ledgers):
    """The ledgers' sheets copied into the statistics workbook, as a unit keeps them together."""
    wb = openpyxl.load_workbook(table)
    for path in ledgers:
        src = openpyxl.load_workbook(path).worksheets[0]
        ws = wb.create_sheet(src.title)
        for row in src.iter_rows():
            for c in row:
                if c.value is not None:
                    ws.cell(c.row, c.column, c.value)
    wb.save(table)
    return table


def test_each_fault_at_its_cell(unit_files, ts):
    ls, table, appraisal, commitment = unit_files
    sub = check_workbook(_into(table, appraisal, commitment), ts, H1, ledgers=ls)
    found = flatten(sub.problems)
    sheet_a, sheet_c = "领导点评全程记实台账", "公开承诺台账"
    row = HEADER_ROW + 2  # the first record's row (1-based)
    assert ["ledger.repeat-person", sheet_a, f"E{row + 1}"] in found  # 梅城村党支部 twice in the first round
    assert ["ledger.missing-field", sheet_a, f"C{row + 4}"] in found  # 点评人
    assert ["ledger.unknown-value", sheet_a, f"H{row + 5}"] in found  # 随便聊聊
    cell_orgs = sub.cells[Key("附件2", "农村", "已被点评党组织数", "第一次")]
    # 3 reported, 2 distinct organisations in the ledger (梅城村 counted once): above, an error
    assert ["ledger.above", "附件2", cell_orgs.ref] in found
    above = next(p for p in sub.problems if p.code == "ledger.above")
    assert above.params["reported"] == 3 and above.params["counted"] == 2 and above.severity == "error"
    cell_members = sub.cells[Key("附件3", "农村", "已被点评党员数", "第一次")]
    assert ["ledger.below", "附件3", cell_members.ref] in found  # 1 reported, 3 members recorded
    assert len([p for p in found if p[0] == "ledger.above"]) == 1
    assert ["ledger.overdue", sheet_c, f"H{row}"] in found  # 修村道: due 5-1, still 推进中
    assert ["ledger.fulfilled-after", sheet_c, f"J{row + 1}"] in found  # 7-20, after the 6-25 report
    assert ["ledger.fulfilled-before-start", sheet_c, f"J{row + 3}"] in found  # 5-20, made on 6-01
    # made in 2010 (the commitment, not the report, is older than the period): not a date problem
    assert not [p for p in found if p[0] == "ledger.date-outside" and p[1] == sheet_c]
    totals = next(p for p in sub.problems if p.code == "ledger.totals")
    assert (totals.sheet, totals.cell) == (sheet_c, f"B{HEADER_ROW + 6}") and totals.params["sum"] == 70
    assert sub.ledger_rows == {"appraisal": 6, "commitment": 4}
    assert not sub.ok  # the table figure above its ledger and the totals send the file back


def test_a_hand_made_ledger_in_a_file_of_its_own(ts, tmp_path):
    """Columns in another order, an extra column, a title row, dates typed as text."""
    ls = load_ledger_set()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "台账"
    ws.append(["梅城镇党委领导点评记实"])
    ws.append(["填报单位:", "梅城镇党委"])
    ws.append(["点评人", "被点评对象", "备注(本单位加的)", "点评日期", "对象类别", "附件类别", "点评方式", "点评人职务"])
    ws.append(["李书记", "梅城村党支部", "", "2011年5月10日", "党组织", "农村", "会议集中点评", "书记"])
    ws.append(["李书记", "东山村党支部", "", "2011.6.3", "党组织", "農村", "個別談話點評", "书记"])  # traditional
    ws.append(["李书记", "西山村党支部", "", "2010-12-01", "党组织", "农村", "会议集中点评", "书记"])  # last period
    path = tmp_path / "梅城镇台账.xlsx"
    wb.save(path)
    sub = check_workbook(path, ts, H1, ledgers=ls)
    assert sub.unit == "梅城镇党委" and not sub.has_tables and sub.ledger_rows == {"appraisal": 3}
    found = flatten(sub.problems)
    assert ["ledger.date-outside", "台账", "D6"] in found
    assert not [p for p in found if p[0] in ("ledger.unknown-value", "ledger.bad-date", "ledger.missing-field")]
    assert sub.ok and sub.unit_key == "ledger:appraisal:unit:梅城镇党委"


def test_merge_holds_the_tables_against_a_ledger_sent_in_its_own_file(unit_files, ts, tmp_path):
    import shutil

    import dianping_xlsx as api

    ls, table, appraisal, commitment = unit_files
    inbox = tmp_path / "收件箱"
    inbox.mkdir()
    shutil.copy(table, inbox / "梅城镇党委_统计表.xlsx")
    shutil.copy(appraisal, inbox / "梅城镇党委_点评台账.xlsx")
    result = api.merge_inbox(inbox, period="2011-H1", jobs=1)
    status = {e.name: e.status for e in result.entries}
    # the tables go back; the ledger waits for them (held, not counted, not sent back)
    assert status == {"梅城镇党委_统计表.xlsx": "rejected", "梅城镇党委_点评台账.xlsx": "held"}
    held = next(e for e in result.entries if e.name == "梅城镇党委_点评台账.xlsx")
    assert [p.code for p in held.problems][-1] == "ledger.held-returned" and "退回" in held.reason
    assert result.summary.ledgers is None  # nothing counted: no 点评记实情况, no merged ledger
    tables = next(e for e in result.entries if e.name == "梅城镇党委_统计表.xlsx")
    above = [p for p in tables.problems if p.code == "ledger.above"]
    assert len(above) == 1 and above[0].sheet == "附件2" and above[0].params["counted"] == 2
    # without the ledger file, the same tables are accepted: nothing to hold them against
    (inbox / "梅城镇党委_点评台账.xlsx").unlink()
    assert {e.status for e in api.merge_inbox(inbox, period="2011-H1", jobs=1).entries} == {"accepted"}


def test_a_county_can_make_figures_above_the_ledger_a_warning(unit_files, ts, tmp_path):
    from dianping_xlsx.definitions import load_ledger_set as load

    _, table, appraisal, _ = unit_files
    text = load().text.replace('above = "error"', 'above = "warning"')
    spec = tmp_path / "county-ledgers.toml"
    spec.write_text(text, encoding="utf-8")
    sub = check_workbook(_into(table, appraisal), ts, H1, ledgers=load(str(spec)))
    above = [p for p in sub.problems if p.code == "ledger.above"]
    assert len(above) == 1 and above[0].severity == "warning" and sub.ok


def test_the_summary_shows_the_ledgers_merged_and_counted(ts, tmp_path, make_unit):
    import dianping_xlsx as api

    ls = load_ledger_set()
    inbox = tmp_path / "收件箱"
    inbox.mkdir()
    made = {}
    for n, unit in enumerate(["梅城镇党委", "东坪镇党委"]):
        appraisal, commitment = write_ledger_templates(ls, ts, inbox, unit)
        _fill_template(appraisal, [r for r in APPRAISALS[:4]] if n == 0 else [APPRAISALS[3]])
        _fill_template(commitment, [COMMITMENTS[0], COMMITMENTS[2]] if n == 0 else COMMITMENTS[2:])
        made[unit] = (appraisal, commitment)
        make_unit(inbox, unit, seed=n, values=dict.fromkeys(ts.keys, 0))  # the tables the ledgers follow
    result = api.merge_inbox(inbox, period="2011-H1", jobs=1)
    assert {e.status for e in result.entries} == {"accepted"}
    out = api.write_summary(result, tmp_path / "out", unit_name="安化县委创先办", day=dt.date(2011, 6, 30))
    wb = openpyxl.load_workbook(out.workbook)
    assert out.ledgers.name == "合并台账_2011-H1.xlsx"
    merged = openpyxl.load_workbook(out.ledgers)["领导点评全程记实台账"]
    rows = [r for r in merged.iter_rows(min_row=4, values_only=True) if r[0]]
    assert len(rows) == 4 + 1  # the sum of the units' records
    assert rows[0][:5] == ("东坪镇党委", "1", "2011-06-05", "王委员", "班子成员")  # files in name order
    assert [r[0] for r in rows].count("梅城镇党委") == 4
    counted = {r[0]: r for r in wb["点评记实情况"].iter_rows(min_row=4, values_only=True) if r[0]}
    assert counted["梅城镇党委"][1:3] == (4, 3)  # 4 records, 3 distinct in the first round (梅城村 twice)
    assert counted["合计"][1:3] == (5, 4)
    promises = {r[0]: r for r in wb["公开承诺情况"].iter_rows(min_row=4, values_only=True) if r[0]}
    header = [c.value for c in wb["公开承诺情况"][3]]
    assert promises["合计"][header.index("承诺数")] == 3
    assert promises["合计"][header.index("已兑现")] == 2 and promises["合计"][header.index("推进中")] == 1
    assert promises["梅城镇党委"][header.index("逾期未兑现")] == 1 and promises["合计"][header.index("兑现率")] == pytest.approx(2 / 3)  # a number, as a percent
    assert wb["公开承诺情况"].cell(4, header.index("兑现率") + 1).number_format == "0.0%"


def test_a_blank_ledger_template_sent_along_is_said_and_not_used(unit_files, ts, tmp_path):
    """A clerk attaches the blank 台账 template with the tables: no table figure is held against
    an empty ledger (that would send every figure back); the blank ledger is named."""
    ls, table, _, _ = unit_files
    (tmp_path / "blank").mkdir()
    blank, _ = write_ledger_templates(ls, ts, tmp_path / "blank", "梅城镇党委")
    sub = check_workbook(_into(table, blank), ts, H1, ledgers=ls)
    assert ["ledger.empty", "领导点评全程记实台账", f"A{HEADER_ROW + 1}"] in flatten(sub.problems)
    assert not [p for p in sub.problems if p.code in ("ledger.above", "ledger.below")]
    assert sub.ok and sub.ledger_counts is None


def test_the_merged_ledger_copied_back_into_the_inbox_is_not_a_unit(ts, tmp_path, make_unit):
    """A clerk copies 合并台账 into the inbox (or next period's): ignored with the reason, never
    read as one more unit's ledger (its records would count twice) — also when its properties
    were lost (a copy saved by another program): then its sheets' titles tell."""
    import shutil
    import zipfile

    import dianping_xlsx as api

    ls = load_ledger_set()
    inbox = tmp_path / "收件箱"
    inbox.mkdir()
    for n, unit in enumerate(["梅城镇党委", "东坪镇党委"]):
        appraisal, _ = write_ledger_templates(ls, ts, inbox, unit)
        _fill_template(appraisal, APPRAISALS[:4] if n == 0 else [APPRAISALS[3]])
        make_unit(inbox, unit, seed=n, values=dict.fromkeys(ts.keys, 0))
    first = api.merge_inbox(inbox, period="2011-H1", jobs=1)
    written = api.write_summary(first, tmp_path / "out", unit_name="安化县委创先办", day=dt.date(2011, 6, 30))
    shutil.copy(written.ledgers, inbox / "合并台账_2011-H1.xlsx")
    with zipfile.ZipFile(written.ledgers) as src, zipfile.ZipFile(inbox / "台账汇总(另存).xlsx", "w") as dst:
        for item in src.infolist():  # the same workbook without its custom properties
            if item.filename != "docProps/custom.xml":
                dst.writestr(item, src.read(item).replace(b'<Override PartName="/docProps/custom.xml"', b"<Override x=\"\"")
                             if item.filename == "[Content_Types].xml" else src.read(item))
    again = api.merge_inbox(inbox, period="2011-H1", jobs=1)
    status = {e.name: (e.status, e.reason) for e in again.entries}
    for name in ("合并台账_2011-H1.xlsx", "台账汇总(另存).xlsx"):
        assert status[name][0] == "ignored" and "合并台账" in status[name][1], status[name]
    counted = {a.unit: a.records for a in again.summary.ledgers.appraisals}
    assert counted == {a.unit: a.records for a in first.summary.ledgers.appraisals} == {
        "梅城镇党委": 4, "东坪镇党委": 1, "合计": 5}
