"""Everything the command line says to a clerk is Chinese, and names what was given and expected."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from click.testing import CliRunner

from dianping_xlsx.cli import main

from .conftest import ROOT

CJK = re.compile(r"[\u4e00-\u9fff]")
ENGLISH_SENTENCE = re.compile(r"[A-Za-z]{2,}[ ,']+[A-Za-z]{2,}[ ,']+[A-Za-z]{2,}")


def english_lines(text: str) -> list[str]:
    """Lines with three English words in a row and no Chinese: an English sentence."""
    return [line for line in text.splitlines() if ENGLISH_SENTENCE.search(line) and not CJK.search(line)]


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


COMMANDS = [[], ["template"], ["check"], ["merge"], ["roster"], ["roster", "init"]]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "dianping")
def test_every_help_is_chinese(command):
    res = run(*command, "--help")
    assert res.exit_code == 0
    assert res.output.startswith("用法:")
    assert english_lines(res.output) == []
    assert "选项:" in res.output and "显示本帮助后退出。" in res.output


@pytest.mark.parametrize("args, words", [
    (["merge", "{inbox}"], ["缺少选项", "--period", "2011-H1"]),
    (["merge", "没有这个文件夹", "--period", "2011-H1"], ["文件夹", "没有这个文件夹", "不存在"]),
    (["merge", "{inbox}", "--period", "2011-Q3"], ["2011-Q3", "2011-H1"]),
    (["merge", "{inbox}", "--period", "2011-H1", "--threshold", "abc"], ["abc", "20%"]),
    (["merge", "{inbox}", "--period", "2011-H1", "--threshold", "150%"], ["150%", "0%", "100%"]),
    (["merge", "{inbox}", "--period", "2011-H1", "--limit", "max_rows"], ["max_rows", "名称=值"]),
    (["merge", "{inbox}", "--period", "2011-H1", "--limit", "speed=3"], ["speed", "max_rows"]),
    (["merge", "{inbox}", "--period", "2011-H1", "--jobs", "两个"], ["两个", "整数"]),
    (["merge", "{inbox}", "--period", "2011-H1", "--jobs", "0"], ["超出了允许的范围"]),
    (["merge", "{inbox}", "--period", "2011-H1", "--json"], ["没有", "--json", "选项"]),
    (["merge", "{inbox}", "--period", "2011-H1", "--date", "6月30日"], ["6月30日", "2011-06-30"]),
    (["merge", "{inbox}", "extra", "--period", "2011-H1"], ["多写了参数", "extra"]),
    (["check"], ["缺少参数", "文件"]),
    (["check", "nosuch.xlsx"], ["nosuch.xlsx", "不存在"]),
    (["check", "{inbox}"], ["是一个文件夹", "文件"]),
    (["template", "--items", "nosuch"], ["nosuch", "hunan-2011"]),
    (["template", "--table-set", "nosuch"], ["nosuch", "hunan-2011"]),
    (["merge", "{inbox}", "--period", "2011-H1", "--roster", "{inbox}"], ["是一个文件夹"]),
    (["email"], ["没有“email”这个命令", "mail"]),
    (["--nope"], ["没有“--nope”这个选项"]),
])
def test_bad_invocations_are_answered_in_chinese(args, words, tmp_path):
    inbox = tmp_path / "收件箱"
    inbox.mkdir()
    res = run(*[a.replace("{inbox}", str(inbox)) for a in args])
    assert res.exit_code == 2, res.output
    for word in words:
        assert word in res.output, (word, res.output)
    assert english_lines(res.output) == [], res.output
    assert "错误:" in res.output and "查看用法" in res.output


@pytest.mark.parametrize("args, commands", [
    (["nosuch"], "template、roster、merge、check、desk、mail、definitions"),
    (["mail", "nosuch"], "fetch、import、send"),
    (["definitions", "nosuch"], "list、check、init"),
    (["roster", "nosuch"], "init"),
])
def test_an_unknown_command_is_answered_with_the_commands_of_its_group(args, commands):
    res = run(*args)
    assert res.exit_code == 2, res.output
    assert f"没有“nosuch”这个命令(可用:{commands})。" in res.output, res.output


def test_a_near_miss_is_suggested_in_chinese_quotes():
    for args, near in ((["desc"], "desk"), (["mail", "improt"], "import"), (["merge", "--perod"], "--period")):
        res = run(*args)
        assert res.exit_code == 2 and f"“{near}”" in res.output and "您是否指" in res.output, res.output
        assert f"'{near}'" not in res.output, res.output


@pytest.mark.parametrize("given, share", [("20%", 0.2), ("20", 0.2), ("0.2", 0.2), ("35%", 0.35), ("1", 1.0),
                                          ("20\uff05", 0.2)])  # 20％ typed with a Chinese input method
def test_threshold_is_understood_as_a_share(given, share):
    from dianping_xlsx.cli.text import Share

    assert Share().convert(given, None, None) == pytest.approx(share)


def test_python_dash_m_works_like_dianping():
    res = subprocess.run([sys.executable, "-m", "dianping_xlsx", "--help"], capture_output=True,
                         text=True, encoding="utf-8", cwd=ROOT)
    assert res.returncode == 0 and res.stdout.startswith("用法: dianping")
    res = subprocess.run([sys.executable, "-m", "dianping_xlsx", "merge"], capture_output=True,
                         text=True, encoding="utf-8", cwd=ROOT)
    assert res.returncode == 2 and "缺少" in res.stderr and english_lines(res.stderr) == []


def test_help_columns_line_up_under_chinese_placeholders():
    """The help's second column starts at one screen column for every option, counting a Chinese
    character as two columns; a docstring's lines are joined without a stray space."""
    import unicodedata

    def width(text):
        return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)

    res = CliRunner().invoke(main, ["template", "--help"])
    assert "评议汇总表和台账" in res.output  # not "评议汇总表 和台账"
    starts = set()
    for line in res.output.splitlines():
        if line.startswith("  -") and "  " in line.strip():
            head = line.rstrip()
            cut = next(i for i in range(4, len(head)) if head[i - 2:i] == "  " and head[i] != " ")
            starts.add(width(head[:cut]))
    assert len(starts) == 1, starts
    assert "邮箱" in CliRunner().invoke(main, ["roster", "init", "--help"]).output


def test_on_windows_python_dash_m_is_named_as_typed(monkeypatch):
    """`py -m dianping_xlsx` on Windows (the dianping command often not on its PATH): its usage
    lines and hints say so; `dianping` everywhere else."""
    import os

    from dianping_xlsx.cli import _prog_name

    monkeypatch.setattr(sys, "argv", [str(ROOT / "dianping_xlsx" / "__main__.py")])
    assert _prog_name() == ("py -m dianping_xlsx" if os.name == "nt" else "dianping")
    monkeypatch.setattr(os, "name", "nt")
    assert _prog_name() == "py -m dianping_xlsx"
    monkeypatch.setattr(sys, "argv", ["C:\\Python\\Scripts\\dianping.exe"])
    assert _prog_name() == "dianping"


def test_output_into_a_closed_pipe_is_no_bug():
    """dianping … | head: the reader goes away before the command has written; it ends quietly
    (exit 141, as a Unix tool stopped by SIGPIPE), never 程序内部出错 with a traceback."""

    from pathlib import Path

    from dianping_xlsx.definitions import notices

    notice = Path(notices.__file__).parent / "notices" / "hunan-2011.toml"
    proc = subprocess.Popen([sys.executable, "-m", "dianping_xlsx", "definitions", "check", str(notice)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()  # the reader gone before a line is written
    err = proc.stderr.read().decode("utf-8", "replace")
    assert proc.wait(timeout=120) == 141 and "程序内部出错" not in err and "Traceback" not in err, err
