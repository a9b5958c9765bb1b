"""A merge into an output folder whose 退回 the clerk made read-only (or that belongs to another
account): the old return files moved aside are removed all the same where the folder is ours, and
where they cannot be, the clerk is told where they are, that they are void, and what to do; never a
hidden folder of old 审核意见 left without a word."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys

import pytest

import dianping_xlsx as api
from dianping_xlsx.cli.screens import merge_lines

from .test_unreadable_here import _modes_honoured

_AGAIN = "DIANPING_TEST_WITHOUT_OVERRIDE"
NOBODY = 65534


def _twice(tmp_path, make_unit, ts, spoil):
    """A county with one unit sent back, merged into ``out``; ``spoil(退回)``; merged again."""
    inbox, out = tmp_path / "收件箱", tmp_path / "汇总结果"
    make_unit(inbox, "东坪镇党委", seed=1)
    make_unit(inbox, "梅城镇党委", seed=2, values={ts.keys[0]: -3})  # a negative count: sent back
    result = api.merge_inbox(inbox, period="2011-H1", jobs=1)
    first = api.write_summary(result, out, day=dt.date(2011, 6, 30))
    assert [p.name for p in first.returns] == ["梅城镇党委_审核意见.xlsx"]
    spoil(out / "退回")
    return result, api.write_summary(result, out, day=dt.date(2011, 6, 30)), out


def _read_only(folder):
    folder.chmod(0o555)


def _someone_elses(folder):
    folder.chmod(0o555)  # while it is ours
    for path in (*folder.iterdir(), folder):
        os.chown(path, NOBODY, NOBODY)


def _without_override(tmp_path, test: str) -> bool:
    """Whether this runs where modes are honoured; else ``test`` again in a child pytest whose root
    lost the capabilities that write anywhere (as tests/test_unreadable_here.py does): True when done."""
    if os.name != "posix":
        pytest.skip("file modes are POSIX's")
    if _modes_honoured(tmp_path):
        return True
    setpriv = shutil.which("setpriv")
    if setpriv is None or os.environ.get(_AGAIN):
        pytest.skip("this user writes anywhere, whatever the modes, and setpriv is not there to drop that")
    done = subprocess.run([setpriv, "--bounding-set=-dac_override,-dac_read_search,-fowner", sys.executable,
                           "-m", "pytest", "-q", "-p", "no:cacheprovider", "--basetemp", str(tmp_path / "child"),
                           f"{__file__}::{test}"], env={**os.environ, _AGAIN: "1"}, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0 and " passed" in done.stdout, done.stdout[-3000:] + done.stderr[-2000:]
    return False


def test_a_read_only_return_folder_of_ours_is_replaced_whole(tmp_path, make_unit, ts):
    if not _without_override(tmp_path, "test_a_read_only_return_folder_of_ours_is_replaced_whole"):
        return
    result, written, out = _twice(tmp_path, make_unit, ts, _read_only)
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == []  # no .tmp-old-退回-…
    assert [p.name for p in (out / "退回").iterdir()] == ["梅城镇党委_审核意见.xlsx"] and written.left == []
    assert "无法删除" not in "\n".join(merge_lines(result, written))


def test_old_return_files_that_cannot_be_removed_are_said(tmp_path, make_unit, ts):
    if not _without_override(tmp_path, "test_old_return_files_that_cannot_be_removed_are_said"):
        return
    if os.geteuid() != 0:
        pytest.skip("a folder of another account is made with chown, as root")
    result, written, out = _twice(tmp_path, make_unit, ts, _someone_elses)
    (old,) = [p for p in out.iterdir() if p.name.startswith(".tmp-old-退回-")]
    try:
        assert [p.name for p in (out / "退回").iterdir()] == ["梅城镇党委_审核意见.xlsx"]
        screen = "\n".join(merge_lines(result, written))
        said = (f"以前的退回文件已移到“{old}”,但无法删除(没有权限)。本次的退回文件在“{out / '退回'}”中,"
                f"“{old.name}”里的都已作废,请不要发送;请检查这个文件夹的权限(是否设为只读、是否属于其他用户)"
                "或其中的文件是否正在 Excel/WPS 中打开(请关闭它),然后把它删除。")
        assert written.left == [said] and said in screen
        again = api.write_summary(result, out, day=dt.date(2011, 6, 30))  # the next run: said again, still there
        assert again.left == [said] and old.exists()
    finally:
        for path in (old, *old.iterdir()):
            os.chown(path, os.geteuid(), os.getegid())
