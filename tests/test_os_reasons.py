"""The operating system's reasons are said in Chinese wherever they reach the clerk (a file that
cannot be read, an output that cannot be written), never in English."""

from __future__ import annotations

import errno
import os
import re

import pytest
from click.testing import CliRunner

from dianping_xlsx.cli import main
from dianping_xlsx.text import os_reason

H1 = ("--period", "2011-H1", "--date", "2011-06-30")


@pytest.mark.parametrize("code, words", [
    ("ENOENT", "文件或文件夹不存在"), ("EACCES", "没有权限"), ("EPERM", "没有权限"), ("ENOSPC", "磁盘空间已满"),
    ("EROFS", "只读"), ("EBUSY", "占用"), ("EISDIR", "文件夹"), ("ENAMETOOLONG", "太长"), ("EMFILE", "太多"),
    ("EIO", "磁盘读写出错")])
def test_each_errno_is_said_in_chinese(code, words):
    number = getattr(errno, code)
    said = os_reason(OSError(number, os.strerror(number)))
    assert words in said and not re.search("[A-Za-z]", said), said


@pytest.mark.parametrize("winerror, words", [(32, "另一个程序占用"), (33, "锁定")])
def test_windows_sharing_violations_are_said_in_chinese(winerror, words):
    exc = PermissionError(errno.EACCES, "The process cannot access the file because it is being used by another process")
    exc.winerror = winerror  # as Windows sets it
    assert words in os_reason(exc)


def test_an_unknown_reason_is_never_english():
    assert os_reason(OSError(errno.EOVERFLOW, "Value too large for defined data type")) == f"系统错误,代码 {errno.EOVERFLOW}"
    assert os_reason(OSError("something odd")) == "原因不明"


def test_a_full_disk_while_writing_is_said_in_chinese(make_unit, tmp_path, monkeypatch):
    """The outputs' final renames fail as on a full disk: exit 3, 磁盘空间已满, the English never shown."""
    inbox = tmp_path / "in"
    make_unit(inbox, "梅城镇党委", seed=1)

    def full(*_a, **_k):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    res = CliRunner().invoke(main, ["merge", str(inbox), "-o", str(tmp_path / "out"), *H1])
    assert res.exit_code == 3 and "写入结果时出错(磁盘空间已满)" in res.output, res.output
    assert "No space" not in res.output
