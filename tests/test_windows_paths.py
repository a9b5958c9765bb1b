"""What Windows and macOS do differently: worker processes started by spawn; file names with
Chinese characters, spaces and full-width brackets in every command."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from dianping_xlsx.cli import main

from .conftest import ROOT

ARGS = ["--period", "2011-H1", "--unit-name", "安化县委创先办", "--date", "2011-06-30",
        "--roster", str(ROOT / "examples" / "单位名册.xlsx"), "--due", "2011-06-28"]


def cli(*args, start: str | None = None, cwd=None):
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    if start:
        env["DIANPING_START_METHOD"] = start
    return subprocess.run([sys.executable, "-m", "dianping_xlsx", *map(str, args)], capture_output=True,
                          text=True, encoding="utf-8", env=env, cwd=cwd, timeout=600)


def test_merge_under_spawn_gives_the_same_outputs_as_fork(tmp_path):
    """The start method Windows and macOS use: the same files, byte for byte."""
    outs = {}
    for start in ("fork", "spawn"):
        out = tmp_path / start
        res = cli("merge", ROOT / "examples" / "2011-H1", "-o", out, *ARGS, "--jobs", "2", start=start)
        assert res.returncode == 1 and "结论:汇总尚不完整" in res.stdout, res.stderr
        assert "Traceback" not in res.stderr
        outs[start] = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert outs["fork"] == outs["spawn"]
    assert "汇总表_2011-H1.xlsx" in outs["spawn"] and any(n.startswith("退回/") for n in outs["spawn"])


def test_check_under_spawn(tmp_path):
    res = cli("check", ROOT / "examples" / "2011-H1" / "梅城镇党委.xlsx", ROOT / "examples" / "2011-H1" / "县公安局党委.xlsx",
              "--period", "2011-H1", start="spawn")
    assert res.returncode == 1 and "可以报送" in res.stdout and "请修改后报送" in res.stdout
    assert "file.crashed" not in res.stdout and "异常退出" not in res.stdout


def test_help_stays_light_under_spawn():
    code = ("import sys; from dianping_xlsx.cli import main\n"
            "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "heavy = [m for m in ('pandas', 'openpyxl', 'xlsxwriter', 'python_calamine') if m in sys.modules]\n"
            "print('HEAVY', heavy)")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, encoding="utf-8",
                         env={**os.environ, "DIANPING_START_METHOD": "spawn"})
    assert "HEAVY []" in res.stdout


def test_chinese_names_spaces_and_full_width_brackets_in_every_command(make_unit, tmp_path):
    inbox = tmp_path / "收件 箱(2011年上半年)"
    make_unit(inbox, "梅城镇党委", seed=1, name="梅城镇 党委(更正).xlsx")
    make_unit(inbox / "子 文件夹", "平口镇党委", seed=2, name="平口镇[终稿] 2011.xlsx", day=dt.date(2011, 6, 26))
    out = tmp_path / "汇总 结果(县)"
    res = CliRunner().invoke(main, ["merge", str(inbox), "-o", str(out), "--period", "2011-H1"])
    assert res.exit_code == 0, res.output
    assert (out / "汇总表_2011-H1.xlsx").exists() and "采用 2 个单位" in res.output
    res = CliRunner().invoke(main, ["check", str(inbox / "梅城镇 党委(更正).xlsx"), "--period", "2011-H1"])
    assert res.exit_code == 0 and "梅城镇 党委(更正).xlsx" in res.output
    res = CliRunner().invoke(main, ["template", "-o", str(tmp_path / "模板 (2011)"), "--unit-name", "县教育局(党委)"])
    assert res.exit_code == 0 and (tmp_path / "模板 (2011)" / "领导点评群众评议统计表_县教育局(党委).xlsx").exists()
    res = CliRunner().invoke(main, ["roster", "init", "-o", str(tmp_path / "名 册(2011).xlsx")])
    assert res.exit_code == 0 and (tmp_path / "名 册(2011).xlsx").exists()


@pytest.mark.parametrize("command", [["--help"], ["merge", "--help"]])
def test_python_dash_m_in_a_folder_with_a_chinese_name(tmp_path, command):
    folder = tmp_path / "县委 创先办"
    folder.mkdir()
    res = cli(*command, cwd=folder)
    assert res.returncode == 0 and res.stdout.startswith("用法:")


def test_a_gbk_console_never_fails_on_a_character_it_cannot_hold(make_unit, tmp_path):
    """cmd.exe's output redirected to a file (or piped) is GBK: a unit named with • or 😀 is
    printed with ? in their place and every command goes on (it was exit 4, a traceback and
    "已写出的结果没有改动" after the outputs had been written)."""
    from dianping_xlsx.definitions import Key

    inbox = tmp_path / "收件箱"  # a text for a number: the unit is named in both screens
    make_unit(inbox, "仙溪镇•党委😀", seed=1, name="仙溪镇.xlsx", values={Key("附件3", "农村", "党员数", ""): "见附件"})
    env = {**os.environ, "PYTHONIOENCODING": "gbk"}
    for args in (["check", inbox / "仙溪镇.xlsx", "--period", "2011-H1"],
                 ["merge", inbox, "-o", tmp_path / "输出", "--period", "2011-H1", "--unit-name", "安化县委创先办",
                  "--date", "2011-06-30"]):
        res = subprocess.run([sys.executable, "-m", "dianping_xlsx", *map(str, args)], capture_output=True,
                             env=env, cwd=tmp_path, timeout=600)
        out, err = res.stdout.decode("gbk"), res.stderr.decode("gbk")
        assert res.returncode == 1, (args[0], out, err)  # the file is sent back, the run goes on
        assert "仙溪镇?党委?" in out and "见附件" in out and "Traceback" not in err and "程序内部出错" not in err


def test_no_output_is_named_as_a_windows_device(make_unit, tmp_path):
    """Units named LPT1.党委 or con: their return files are not LPT1.党委_审核意见.xlsx (Windows opens
    the printer port for LPT1.anything), nor is a file handed over as LPT1.党委.xlsx kept so; the
    desk's uploads follow the same rule (tests/test_desk_security.py)."""
    from dianping_xlsx import hand_to_inbox
    from dianping_xlsx.definitions import Key
    from dianping_xlsx.files import WINDOWS_DEVICES

    inbox = tmp_path / "收件箱"
    bad = {Key("附件3", "农村", "党员数", ""): "见附件"}  # sent back: a return file named after the unit
    for seed, unit in enumerate(["LPT1.党委", "con"]):
        path, _ = make_unit(tmp_path, unit, seed=seed + 1, name=f"单位{seed}.xlsx", values=bad)
        hand_to_inbox(inbox, f"{unit}.xlsx", path.read_bytes())
    res = CliRunner().invoke(main, ["merge", str(inbox), "-o", str(tmp_path / "输出"), "--period", "2011-H1",
                                    "--unit-name", "安化县委创先办", "--date", "2011-06-30"])
    assert res.exit_code == 1, res.output
    returned = sorted(p.name for p in (tmp_path / "输出" / "退回").iterdir())
    assert returned == ["LPT1_.党委_审核意见.xlsx", "con__审核意见.xlsx"], returned
    assert sorted(p.name for p in inbox.iterdir() if p.is_file()) == ["LPT1_.党委.xlsx", "con_.xlsx"]
    for name in returned + [p.name for p in inbox.iterdir() if p.is_file()]:
        assert name.partition(".")[0].upper() not in WINDOWS_DEVICES
