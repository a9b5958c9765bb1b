"""Under a C locale with Python's locale coercion and UTF-8 mode turned off, file names are ASCII:
the command says so before it reads or writes anything (exit 2, how to run it under UTF-8, in
words such a terminal can show), never an internal error at the first Chinese path."""

from __future__ import annotations

import os
import subprocess
import sys

from .conftest import ROOT

ASCII_ONLY = {"LC_ALL": "C", "LANG": "C", "PYTHONCOERCECLOCALE": "0", "PYTHONUTF8": "0"}


def _run(*args, **env) -> subprocess.CompletedProcess:
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "PYTHONIOENCODING"))}
    return subprocess.run([sys.executable, "-m", "dianping_xlsx", *map(str, args)], capture_output=True,
                          env={**keep, "PYTHONPATH": str(ROOT), **ASCII_ONLY, **env}, cwd=ROOT, timeout=120)


def test_merge_under_an_ascii_locale_is_refused_with_how_to_run_it(tmp_path, make_unit):
    inbox = tmp_path / "inbox"
    make_unit(inbox, "梅城镇党委", seed=1)
    res = _run("merge", inbox, "-o", tmp_path / "out", "--period", "2011-H1", "--unit-name", "X")
    err = res.stderr.decode("ascii")  # all of it readable on such a terminal
    assert res.returncode == 2, err
    assert "export LANG=C.UTF-8" in err and "PYTHONUTF8=1" in err and "Traceback" not in err
    assert not (tmp_path / "out").exists() and res.stdout == b""


def test_the_chinese_words_come_too_where_the_terminal_shows_them():
    res = _run("--version", PYTHONIOENCODING="utf-8")
    assert res.returncode == 2
    err = res.stderr.decode("utf-8")
    assert "区域设置" in err and "export LANG=C.UTF-8" in err
