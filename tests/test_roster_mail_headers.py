"""The roster's 邮箱 column under the headers clerks give it (电子信箱, E-mail地址, QQ邮箱, 单位邮箱 …):
its addresses are read, and a file mailed from one is the unit's. A roster with no address at all
makes `mail send` say so once, naming the headers it has, not a unit's advice per reminder."""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner

import dianping_xlsx as api
from dianping_xlsx.cli import main

from .mailcorpus import Attachment, message
from .test_roster_headers import _load, clerk_roster

CHINA = dt.timezone(dt.timedelta(hours=8))


@pytest.mark.parametrize("head", ["电子信箱", "E-mail地址", "Email地址", "QQ邮箱", "邮件", "信箱", "电子邮件地址",
                                  "联系邮箱", "電子信箱", "单位邮箱", "报送邮箱(必填)", "联系人E-mail"])
def test_a_mail_column_by_any_header_a_clerk_gives_it(tmp_path, head):
    roster = _load(tmp_path, clerk_roster(["序号", "单位全称", "联系人", head], [[1, "县教育局党委", "张三", "JYJ@Test.Local"]]))
    assert roster.units[0].emails == ("jyj@test.local",) and roster.unused == ["联系人"]
    assert roster.by_email("jyj@test.local") is roster.units[0]


def test_a_header_named_as_the_mail_column_wins_over_one_only_holding_mail(tmp_path):
    roster = _load(tmp_path, clerk_roster(["单位名称", "备用邮箱", "电子邮箱"], [["县教育局党委", "old@test.local", "jyj@test.local"]]))
    assert roster.units[0].emails == ("jyj@test.local",) and roster.unused == ["备用邮箱"]


def _merged(tmp_path, make_unit, header):
    roster = tmp_path / "单位名册.xlsx"
    roster.write_bytes(clerk_roster(header, [[1, u, "张三", "0737-7200"] for u in ("东坪镇党委", "梅城镇党委", "小淹镇党委")]))
    table, _ = make_unit(tmp_path, "东坪镇党委", seed=1)
    eml = tmp_path / "1.eml"
    eml.write_bytes(message("东坪", "dp@qq.com", "统计表", dt.datetime(2011, 6, 23, 9, tzinfo=CHINA),
                            [Attachment("统计表.xlsx", table.read_bytes())], client="qq"))
    inbox, out = tmp_path / "收件箱", tmp_path / "汇总结果"
    api.import_mail([eml], inbox)
    res = CliRunner().invoke(main, ["merge", str(inbox), "-o", str(out), "--period", "2011-H1", "--unit-name", "安化县委创先办",
                                    "--roster", str(roster), "--jobs", "1"])
    assert res.exit_code in (0, 1), res.output
    return CliRunner().invoke(main, ["mail", "send", str(out), "--from", "czb@qq.com", "--roster", str(roster), "--inbox", str(inbox)])


def test_a_roster_without_addresses_is_said_once_with_its_headers(tmp_path, make_unit):
    res = _merged(tmp_path, make_unit, ["序号", "单位名称", "联系人", "联系电话"])
    assert res.output.count("名册“单位名册.xlsx”中没有读到邮箱列(表头是“序号”“单位名称”“联系人”“联系电话”") == 1, res.output
    assert "请在名册“邮箱”列填写后重试" not in res.output
    assert res.output.count("  催报 ") == 2 and "催报 梅城镇党委 → (无地址)" in res.output


def test_a_roster_with_some_addresses_is_not_said_to_have_none(tmp_path):
    roster = tmp_path / "单位名册.xlsx"
    roster.write_bytes(clerk_roster(["序号", "单位名称", "联系人", "邮箱"], [[1, "梅城镇党委", "张三", "mc@qq.com"],
                                                                             [2, "小淹镇党委", "李四", None]]))
    assert api.load_roster(roster).no_addresses() == ""
