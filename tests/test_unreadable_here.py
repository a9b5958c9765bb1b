"""A file the office's own machine cannot read (gone while the merge ran, no permission, held by
another program: an OS error, not the file's content) is the clerk's to-do: listed with the reason
and what to do, never sent back to its unit, no mail written for it, not counted as 退回."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from click.testing import CliRunner

import dianping_xlsx as api
from dianping_xlsx.cli import main
from dianping_xlsx.cli.screens import merge_lines
from dianping_xlsx.model import RosterUnit
from dianping_xlsx.report.roster import write_blank_roster

from .conftest import sheet_rows, status_of
from .mailcorpus import Attachment, message

CHINA = dt.timezone(dt.timedelta(hours=8))
OFFICE = "安化县委创先办"
UNITS = [("东坪镇党委", "dp@qq.com"), ("乐安镇党委", "la@163.com"), ("仙溪镇党委", "xx@qq.com")]


def _mailed_inbox(tmp_path, make_unit, ts):
    """Three units' reports imported from their mails (as dianping mail fetch saves them), and the roster."""
    made, inbox = tmp_path / "made", tmp_path / "收件箱"
    made.mkdir()
    for n, (unit, address) in enumerate(UNITS):
        path, _ = make_unit(made, unit, seed=10 + n)
        when = dt.datetime(2011, 6, 20 + n, 9, 0, tzinfo=CHINA)
        (tmp_path / f"{n}.eml").write_bytes(message(unit, address, "报表", when, [Attachment("统计表.xlsx", path.read_bytes())]))
    api.import_mail([tmp_path / f"{n}.eml" for n in range(len(UNITS))], inbox)
    roster = tmp_path / "单位名册.xlsx"
    write_blank_roster(ts, roster, [RosterUnit(u, (), "乡镇", "", 0, (a,)) for u, a in UNITS])
    return inbox, roster


def _merged(tmp_path, inbox, roster, files=None):
    out = tmp_path / "汇总结果"
    result = api.merge_inbox(inbox, period="2011-H1", roster=roster, unit_name=OFFICE, jobs=1, files=files)
    written = api.write_summary(result, out, unit_name=OFFICE, day=dt.date(2011, 6, 30))
    return result, written, out


def _is_the_clerks(tmp_path, result, written, out, roster, name):
    s = result.summary
    assert not s.returned and not s.unopened, [e.name for e in s.returned + s.unopened]
    assert not s.complete and "1 个文件本机无法读取" in s.shortfalls and not any(p.startswith("退回") for p in s.shortfalls)
    unit, state, why = status_of(written.workbook)[name]
    assert state == "无法读取" and "本机无法读取这个文件" in why and "不必通知报送单位" in why, why
    assert [r["情况"] for r in sheet_rows(written.workbook, "未报单位") if r["单位名称"] == "东坪镇党委"] == [
        "已报送,但本机无法读取该文件,请检查后重新汇总"]
    screen = "\n".join(merge_lines(result, written))
    assert "另有 1 个文件本机无法读取(不是单位文件的问题,没有退回)" in screen and "退回的文件" not in screen
    assert "请直接通知单位重新发送" not in screen
    assert not (out / "退回").exists() and [e.name for e in s.unreadable] == [name]
    dry = CliRunner().invoke(main, ["mail", "send", str(out), "--from", "czb@anhua.gov.cn", "--name", OFFICE,
                                    "--roster", str(roster), "--due", "2011-07-05"])
    assert dry.exit_code == 0, dry.output
    assert not list((out / "待发邮件").glob("*.eml")), dry.output  # neither 退回重报 nor 催报 to 东坪镇党委


def test_a_file_gone_while_the_merge_ran_is_not_sent_back(tmp_path, make_unit, ts):
    """The file was listed, then moved away by a colleague before it was read: 文件不存在."""
    inbox, roster = _mailed_inbox(tmp_path, make_unit, ts)
    files = api.inbox_files(inbox)
    (gone,) = [p for p in files if "东坪镇党委" in p.name]
    gone.unlink()
    result, written, out = _merged(tmp_path, inbox, roster, files)
    _is_the_clerks(tmp_path, result, written, out, roster, gone.relative_to(inbox).as_posix())
    assert "(文件或文件夹不存在)" in status_of(written.workbook)[gone.name][2]  # the reason in Chinese


def _modes_honoured(folder) -> bool:
    """Whether a file of mode 0 cannot be read here (root, or a file system without modes, reads it)."""
    probe = folder / "probe"
    probe.write_bytes(b"x")
    probe.chmod(0)
    try:
        probe.read_bytes()
        return False
    except OSError:
        return True
    finally:
        probe.chmod(0o644)
        probe.unlink()


def test_a_file_without_read_permission_is_not_sent_back(tmp_path, make_unit, ts):
    if os.name != "posix":
        pytest.skip("file modes are POSIX's")
    if not _modes_honoured(tmp_path):  # root reads any file: this test again, without that power
        _again_without_override(tmp_path)
        return
    inbox, roster = _mailed_inbox(tmp_path, make_unit, ts)
    (locked,) = [p for p in inbox.iterdir() if "东坪镇党委" in p.name]
    locked.chmod(0)
    try:
        result, written, out = _merged(tmp_path, inbox, roster)
    finally:
        locked.chmod(0o644)
    _is_the_clerks(tmp_path, result, written, out, roster, locked.name)
    assert "(没有权限)" in status_of(written.workbook)[locked.name][2]


_AGAIN = "DIANPING_TEST_WITHOUT_OVERRIDE"


def _again_without_override(tmp_path) -> None:
    """Run this test in a child pytest whose root has lost the capabilities that read and write any
    file (setpriv drops them from the bounding set before exec), as a clerk's account is."""
    import shutil
    import subprocess
    import sys

    setpriv = shutil.which("setpriv")
    if setpriv is None or os.environ.get(_AGAIN):
        pytest.skip("this user reads any file, whatever its mode, and setpriv is not there to drop that")
    test = f"{__file__}::test_a_file_without_read_permission_is_not_sent_back"
    done = subprocess.run([setpriv, "--bounding-set=-dac_override,-dac_read_search,-fowner", sys.executable,
                           "-m", "pytest", "-q", "-p", "no:cacheprovider", "--basetemp", str(tmp_path / "child"), test],
                          env={**os.environ, _AGAIN: "1"}, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0 and " passed" in done.stdout, done.stdout[-3000:] + done.stderr[-2000:]
