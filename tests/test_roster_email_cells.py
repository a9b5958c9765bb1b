"""Two addresses in one roster 邮箱 cell, as clerks type them: on two lines (Alt+Enter), split by a
space, a full-width space or a full-width ；. Each is an address of the unit: a file mailed from the
second is the unit's, and a reminder goes to one address, never to "a b" (which a server refuses).
Aliases with a space in them (a name as written) are still one alias."""

from __future__ import annotations

import datetime as dt
import email
import email.policy

import openpyxl
from click.testing import CliRunner

import dianping_xlsx as api
from dianping_xlsx.cli import main

from .conftest import sheet_rows
from .mailcorpus import Attachment, message

CHINA = dt.timezone(dt.timedelta(hours=8))


def _roster(path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["单位名称", "别名", "类型", "电子邮箱"])
    ws.append(["东坪镇党委", "东坪 镇党委", "乡镇", "dongping@qq.com\ndp_zzb@163.com"])
    ws.append(["梅城镇党委", "", "乡镇", "meicheng@qq.com mc2@163.com"])
    ws.append(["小淹镇党委", "", "乡镇", "ｘｉａｏｙａｎ＠ｑｑ．ｃｏｍ；xy2@163.com\u3000xy3@126.com"])
    ws["D2"].alignment = openpyxl.styles.Alignment(wrap_text=True)
    wb.save(path)


def test_each_address_of_a_cell_is_the_units(tmp_path):
    roster = tmp_path / "单位名册.xlsx"
    _roster(roster)
    units = api.load_roster(roster).units
    assert [u.emails for u in units] == [("dongping@qq.com", "dp_zzb@163.com"), ("meicheng@qq.com", "mc2@163.com"),
                                         ("xiaoyan@qq.com", "xy2@163.com", "xy3@126.com")]
    assert units[0].aliases == ("东坪 镇党委",)  # only the 邮箱 column splits on spaces


def test_a_file_from_the_second_address_is_matched_and_reminders_go_to_one(tmp_path, make_unit):
    roster, inbox, out = tmp_path / "单位名册.xlsx", tmp_path / "收件箱", tmp_path / "汇总结果"
    _roster(roster)
    table, _ = make_unit(tmp_path, None, seed=1, name="统计表.xlsx")  # 填报单位 left blank: the sender's address says who
    eml = tmp_path / "1.eml"
    eml.write_bytes(message("组织办", "dp_zzb@163.com", "统计表", dt.datetime(2011, 6, 23, 9, tzinfo=CHINA),
                            [Attachment("统计表.xlsx", table.read_bytes())], client="qq"))
    api.import_mail([eml], inbox)
    res = CliRunner().invoke(main, ["merge", str(inbox), "-o", str(out), "--period", "2011-H1", "--unit-name", "安化县委创先办",
                                    "--roster", str(roster), "--jobs", "1"])
    assert res.exit_code in (0, 1), res.output
    adopted = [r["单位"] for r in sheet_rows(out / "汇总表_2011-H1.xlsx", "报送情况") if r["状态"] == "已采用"]
    assert adopted == ["东坪镇党委"]
    res = CliRunner().invoke(main, ["mail", "send", str(out), "--from", "office@example.gov.cn", "--roster", str(roster),
                                    "--inbox", str(inbox)])
    said = [email.message_from_bytes(p.read_bytes(), policy=email.policy.default)["To"]
            for p in sorted((out / "待发邮件").glob("*.eml"))]
    assert sorted(said) == ["meicheng@qq.com", "xiaoyan@qq.com"], res.output
