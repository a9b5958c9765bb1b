"""One desk to a workspace, and each message sent once, across processes: a second `dianping desk`
on a workspace another desk runs on is refused, told that desk's address (a desk killed leaves no
stale lock); a port taken by another program is said in Chinese before anything is said started;
two sends from the same results folder at once (two desks, a desk and `dianping mail send`) send
each message once."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time

import pytest

from .mailservers import smtp_server  # noqa: F401 - fixture
from .test_mail_send import _sending, _setup

pytest.importorskip("uvicorn", reason="the desk needs uvicorn (pip install -e .)")


def _desk(*args: str) -> list[str]:
    return [sys.executable, "-m", "dianping_xlsx", "desk", *args, "--no-browser"]


def _started(command: list[str]) -> tuple[subprocess.Popen, str]:
    """A desk running in a process of its own, and the address it printed."""
    proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, encoding="utf-8")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if "请在浏览器中打开:" in line:
            return proc, line.split("请在浏览器中打开:", 1)[1].strip()
        if not line and proc.poll() is not None:
            break
    proc.kill()
    raise AssertionError(f"the desk did not start: {proc.stderr.read()}")


def _stopped(proc: subprocess.Popen, sig=signal.SIGTERM) -> None:
    if proc.poll() is None:
        os.kill(proc.pid, sig)
    proc.communicate(timeout=30)


def test_a_second_desk_on_the_same_workspace_is_refused_with_the_first_ones_address(tmp_path):
    folder = tmp_path / "工作台"
    first, address = _started(_desk("--workspace", str(folder)))
    try:
        second = subprocess.run(_desk("--workspace", str(folder)), capture_output=True, text=True,
                                encoding="utf-8", timeout=60)
        assert second.returncode == 1, second
        assert "已有一个工作台在运行" in second.stderr and address in second.stderr, second.stderr
        assert "工作台已启动" not in second.stdout and "http" not in second.stdout
        other, _ = _started(_desk("--workspace", str(tmp_path / "另一个")))  # another workspace: its own desk
        _stopped(other)
    finally:
        _stopped(first, signal.SIGKILL)  # killed: no clean-up of its own
    again, _ = _started(_desk("--workspace", str(folder)))  # the lock died with it
    _stopped(again)


def test_a_port_taken_by_another_program_is_said_in_chinese_before_anything_started(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        res = subprocess.run(_desk("--workspace", str(tmp_path / "ws"), "--port", str(port)), capture_output=True,
                             text=True, encoding="utf-8", timeout=60)
    assert res.returncode == 2, res
    assert f"端口 {port} 已被其他程序占用" in res.stderr and "--port" in res.stderr, res.stderr
    assert res.stdout == "" and "http" not in res.stderr and "ERROR" not in res.stderr and "Errno" not in res.stderr


def test_two_sends_at_once_from_one_results_folder_send_each_message_once(tmp_path, make_unit, ts, smtp_server):
    out, roster = _setup(tmp_path, make_unit, ts)
    smtp_server.delay = 1.0  # each message takes a second: the second send starts while the first sends
    command = [sys.executable, "-m", "dianping_xlsx", *_sending(out, roster, smtp_server)]
    first = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8")
    deadline = time.monotonic() + 60
    while not smtp_server.received and first.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)  # the first has sent one message and is sending the next
    second = subprocess.run(command, capture_output=True, text=True, encoding="utf-8", timeout=120)
    said_first, _ = first.communicate(timeout=120)
    assert first.returncode == 0 and second.returncode == 0, (said_first, second.stdout, second.stderr)
    sent = sorted(to[0] for _, to, _ in smtp_server.received)
    assert sent == ["city@yiyang.gov.cn", "la@163.com", "mc@qq.com"], sent  # each once, the 上报 too
    assert "已发送" in said_first and "以前已发送" in second.stdout and "上报内容相同" in second.stdout, second.stdout
    log = [json.loads(line) for line in (out / "待发邮件" / "已发送.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(log) == 3
