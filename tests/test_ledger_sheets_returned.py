"""A workbook of tables and ledger sheets sent back for its ledger: the return file holds the tables
alone, so it says that the ledger sheets are not in it and that the unit corrects its own file and
sends it whole again; done so, the next merge reads the ledger. A unit that sends the return file
alone instead is adopted without its ledger, and the clerk is told (ledger.lost), never in silence."""

from __future__ import annotations

import datetime as dt
import shutil

import openpyxl

import dianping_xlsx as api

from .conftest import sheet_rows

D = dt.datetime
UNIT = "羊角塘镇党委"
HEAD = ["序号", "承诺主体", "名称或姓名", "所在党组织", "承诺类型", "承诺事项", "承诺日期", "承诺时限", "兑现情况", "兑现日期"]
ROWS = [("党员", "王华", "机关支部", "服务群众", "帮扶困难户2户", D(2011, 1, 5), D(2011, 12, 31), "已兑现", D(2011, 4, 2)),
        ("党组织", "机关支部", "", "服务群众", "建便民服务点", D(2011, 1, 5), D(2011, 12, 31), "未兑现", None),
        ("党员", "张华", "机关支部", "业务工作", "修村道1公里", D(2011, 1, 5), D(2011, 12, 31), "推进中", None)]
WRONG, RIGHT = "共承诺3条,已兑现1条,未兑现1条", "共承诺3条,已兑现1条,未兑现1条,推进中1条"


def _dated(wb, day: str) -> None:
    """The 填报时间 of every table, by the names the template gives those cells."""
    for name, found in wb.defined_names.items():
        if name.endswith("_填报时间"):
            sheet, ref = next(iter(found.destinations))
            wb[sheet][ref.replace("$", "")].value = day


def _sent(ts, inbox, make_unit):
    """Our template filled in, the unit's commitment ledger pasted into a sheet of the same workbook,
    its totals line not adding up."""
    tables, _ = make_unit(inbox, UNIT, seed=1, values=dict.fromkeys(ts.keys, 0))
    wb = openpyxl.load_workbook(tables)
    ws = wb.create_sheet("公开承诺台账")
    ws.append([f"{UNIT}公开承诺台账"])
    ws.append(HEAD)
    for i, row in enumerate(ROWS, start=1):
        ws.append([i, *row])
    ws.append([WRONG])
    wb.save(tables)
    return tables


def _merge(inbox, out):
    result = api.merge_inbox(inbox, period="2011-H1", jobs=1)
    api.write_summary(result, out, unit_name="安化县委创先办", day=dt.date(2011, 6, 30))
    return result


def _commitments(result) -> int:
    return sum(e.submission.ledger_rows.get("commitment", 0) for e in result.entries
               if e.status == "accepted" and e.submission is not None)


def _first_round(ts, tmp_path, make_unit):
    inbox = tmp_path / "收件箱"
    original = _sent(ts, inbox, make_unit)
    result = _merge(inbox, tmp_path / "out")
    assert [e.status for e in result.entries] == ["rejected"]
    return inbox, original, tmp_path / "out" / "退回" / f"{UNIT}_审核意见.xlsx"


def test_the_return_file_says_the_ledger_sheets_are_not_in_it_and_the_original_corrected_whole_is_read(
        ts, tmp_path, make_unit):
    inbox, original, returned = _first_round(ts, tmp_path, make_unit)
    opinions = openpyxl.load_workbook(returned)["审核意见"]
    said = opinions["A3"].value
    assert "台账工作表(“公开承诺台账”)不在本文件中" in said and f"原文件“{UNIT}.xlsx”" in said, said
    assert "公开承诺台账!A6" in said and "整个重新报送" in said, said
    line = next(r for r in opinions.iter_rows(min_row=6, values_only=True) if r[3] == "公开承诺台账!A6")
    assert line[2] and "不在本文件中" in line[2], line
    plan, = [p for p in api.plan_mail(tmp_path / "out", sender="czb@anhua.gov.cn", sender_name="安化县委创先办")
             if p.kind == "退回"]  # the mail says it too, not 在附件中修改
    assert "“公开承诺台账”)不在附件中" in plan.body and "把改好的原文件整个重新发送" in plan.body, plan.body
    assert "在附件中修改" not in plan.body
    # the unit does what it is told: its own file corrected, dated anew, sent again beside the first
    wb = openpyxl.load_workbook(original)
    wb["公开承诺台账"]["A6"] = RIGHT
    _dated(wb, "2011-06-27")
    wb.save(inbox / f"{UNIT}(更正).xlsx")
    result = _merge(inbox, tmp_path / "out2")
    assert {e.name: e.status for e in result.entries} == {f"{UNIT}(更正).xlsx": "accepted", f"{UNIT}.xlsx": "superseded"}
    assert _commitments(result) == 3
    assert not [p for e in result.entries for p in e.problems if p.code == "ledger.lost"]


def test_the_return_file_sent_alone_is_adopted_and_the_clerk_is_told_the_ledger_is_lost(ts, tmp_path, make_unit):
    inbox, original, returned = _first_round(ts, tmp_path, make_unit)
    wb = openpyxl.load_workbook(returned)
    _dated(wb, "2011-06-27")
    wb.save(inbox / f"{UNIT}(更正).xlsx")
    result = _merge(inbox, tmp_path / "out2")
    adopted = next(e for e in result.entries if e.status == "accepted")
    assert adopted.name == f"{UNIT}(更正).xlsx" and _commitments(result) == 0
    lost, = [p for p in adopted.problems if p.code == "ledger.lost"]
    assert lost.severity == "warning" and lost.file == adopted.name
    assert f"“{UNIT}.xlsx”中有(工作表“公开承诺台账”,共 3 条记录)" in lost.message, lost.message
    assert "填报时间改为修改当天" in lost.message
    listed = [r for r in sheet_rows(tmp_path / "out2" / "汇总表_2011-H1.xlsx", "问题明细", "单位")
              if r["代码"] == "ledger.lost"]
    assert [r["文件"] for r in listed] == [adopted.name]
    # told, the unit sends its own file corrected whole: the ledger is read again, nothing more said
    wb = openpyxl.load_workbook(original)
    wb["公开承诺台账"]["A6"] = RIGHT
    _dated(wb, "2011-06-29")
    wb.save(inbox / f"{UNIT}(台账).xlsx")
    result = _merge(inbox, tmp_path / "out3")
    assert _commitments(result) == 3
    assert not [p for e in result.entries for p in e.problems if p.code == "ledger.lost"]
