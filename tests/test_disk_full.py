"""A disk that fills while merge writes (or a file size the system refuses): every writer's
failure is the documented write error, exit 3, said once in Chinese; the previous outputs stay."""

from __future__ import annotations

import errno
import shutil
import subprocess
import sys

import pytest

from dianping_xlsx.files import OutputError, writing

from .conftest import ROOT, tree_fingerprint

ARGS = ("--period", "2011-H1", "--unit-name", "安化县委创先办", "--due", "2011-06-28", "--date", "2011-06-30")


def _merge(inbox, out, limit: int | None = None) -> subprocess.CompletedProcess:
    """The command as the clerk runs it; with ``limit``, no file it writes may grow beyond that
    many bytes (RLIMIT_FSIZE: the system refuses the write, as a full disk does)."""

    def small_files():
        import resource
        import signal

        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a refused write, not a killed process
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    command = [sys.executable, "-m", "dianping_xlsx", "merge", str(inbox), "-o", str(out),
               "--roster", str(inbox.parent / "单位名册.xlsx"), *ARGS]
    return subprocess.run(command, capture_output=True, text=True, timeout=300, cwd=ROOT,
                          preexec_fn=small_files if limit else None)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_FSIZE and the forked writer: Linux")
def test_a_refused_write_exits_3_in_chinese_and_keeps_the_old_outputs(tmp_path):
    """Every writer fails: the summary and the ranking (xlsxwriter, whose FileCreateError is no
    OSError: it was exit 4, "程序内部出错"), the Word documents, the return file and the CSV in
    the forked process (its English traceback reached the terminal before the parent's words)."""
    inbox = tmp_path / "收件箱"
    shutil.copytree(ROOT / "examples" / "2011-H1", inbox)
    shutil.copy(ROOT / "examples" / "单位名册.xlsx", tmp_path / "单位名册.xlsx")
    out = tmp_path / "汇总"
    first = _merge(inbox, out)
    assert first.returncode == 1, first.stderr  # the examples: complete outputs, some sent back
    assert (out / "退回").is_dir() and (out / "评先评优_2011-H1.xlsx").is_file()
    before = tree_fingerprint(out)
    res = _merge(inbox, out, limit=8192)
    assert res.returncode == 3, res.stderr
    said = res.stderr.strip().splitlines()  # one line: no traceback, no "Exception ignored in …"
    assert len(said) == 1 and said[0].startswith("错误:写入结果时出错(") and "重新运行" in said[0], res.stderr
    assert tree_fingerprint(out) == before  # nothing replaced, no temp file left taking space
    assert sorted(p.name for p in out.iterdir()) == sorted({p.split("/")[0] for p in before})


def test_a_library_wrapping_the_systems_error_is_a_write_error():
    from xlsxwriter.exceptions import FileCreateError

    with pytest.raises(OutputError, match="写入结果时出错") as caught:
        with writing():
            try:
                raise OSError(errno.ENOSPC, "No space left on device")
            except OSError as exc:
                raise FileCreateError(exc)  # as xlsxwriter's Workbook.close() does
    assert caught.value.exit_code == 3


def test_a_bug_while_writing_stays_a_bug():
    with pytest.raises(KeyError):
        with writing():
            try:
                raise OSError(errno.ENOENT, "No such file or directory")
            except OSError:
                raise KeyError("ours")  # our code failing while handling an OS error: not the disk
