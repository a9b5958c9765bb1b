"""A file that names no unit (填报单位 blank, a file name of generic words, no folder: unit.unnamed)
is answered as the file it is: its return file is named after it (新建 Microsoft Excel 工作表_审核意见.xlsx,
never 未填填报单位_审核意见.xlsx), and mail send answers whoever sent it — its sender when it came by
mail, else the clerk is told the sender is not known (no roster 邮箱 to fill in for a unit that is none)."""

from __future__ import annotations

import datetime as dt

from click.testing import CliRunner

from dianping_xlsx.cli import main
from dianping_xlsx.model import CHINA, RosterUnit
from dianping_xlsx.report.roster import write_blank_roster

from .mailcorpus import Attachment, message

H1 = ("--period", "2011-H1", "--date", "2011-06-30", "--unit-name", "安化县委创先办")
GENERIC = "新建 Microsoft Excel 工作表.xlsx"


def _run(*args):
    res = CliRunner().invoke(main, [str(a) for a in args])
    assert res.exit_code in (0, 1), res.output
    return res


def test_a_file_of_no_unit_is_answered_as_its_file(ts, make_unit, tmp_path):
    inbox, out = tmp_path / "收件箱", tmp_path / "汇总"
    make_unit(inbox, "", seed=1, name=GENERIC)  # 填报单位 left blank, handed over on a USB stick
    make_unit(inbox, "东坪镇党委", seed=2)
    roster = write_blank_roster(ts, tmp_path / "名册.xlsx", [RosterUnit("东坪镇党委", (), "乡镇", "", 0, ("dp@qq.com",))])
    _run("merge", inbox, "-o", out, *H1, "--roster", roster)
    assert sorted(p.name for p in (out / "退回").iterdir()) == ["新建 Microsoft Excel 工作表_审核意见.xlsx"]
    res = _run("mail", "send", out, "--from", "czb@anhua.gov.cn", "--roster", roster)
    [line] = [x for x in res.output.splitlines() if "新建 Microsoft Excel 工作表" in x]
    assert "不知道这个文件是谁报送的" in line and "名册“邮箱”列" not in line, res.output


def test_a_file_of_no_unit_that_came_by_mail_goes_back_to_its_sender(ts, make_unit, tmp_path):
    path, _ = make_unit(tmp_path / "附件", "", seed=1, name=GENERIC)
    eml = tmp_path / "来信.eml"
    # a QQ mailbox of digits, no display name: the inbox's name for the file (0622-1030_1234567890_新建 …)
    # names no unit either
    eml.write_bytes(message("", "1234567890@QQ.com", "报表", dt.datetime(2011, 6, 22, 10, 30, tzinfo=CHINA),
                            [Attachment(GENERIC, path.read_bytes())]))
    inbox, out = tmp_path / "收件箱", tmp_path / "汇总"
    _run("mail", "import", eml, "--inbox", inbox)
    roster = write_blank_roster(ts, tmp_path / "名册.xlsx", [RosterUnit("东坪镇党委", (), "乡镇", "", 0, ("dp@qq.com",))])
    _run("merge", inbox, "-o", out, *H1, "--roster", roster)
    [returned] = (out / "退回").iterdir()
    assert returned.name.endswith("新建 Microsoft Excel 工作表_审核意见.xlsx") and "未填填报单位" not in returned.name
    _run("mail", "send", out, "--from", "czb@anhua.gov.cn", "--roster", roster)
    [eml_out] = (out / "待发邮件").glob("*_退回_*.eml")
    text = eml_out.read_bytes().decode("utf-8", "replace")
    assert "To: 1234567890@qq.com" in text


def test_a_return_file_sent_again_without_a_unit_is_answered_under_the_same_name(ts, make_unit, tmp_path):
    inbox, out = tmp_path / "收件箱", tmp_path / "汇总"
    make_unit(inbox, "", seed=1, name="新建 Microsoft Excel 工作表_审核意见.xlsx")  # corrected, 填报单位 still blank
    _run("merge", inbox, "-o", out, *H1)
    assert [p.name for p in (out / "退回").iterdir()] == ["新建 Microsoft Excel 工作表_审核意见.xlsx"]  # no unit 审核意见
