"""Workers end with the process that started them: a parent killed with kill -9 (a desk whose
window was closed, a crash) leaves no worker behind, busy or idle, under fork and under spawn."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")

SCRIPT = textwrap.dedent("""
    import sys
    from pathlib import Path
    from dianping_xlsx.api import DEFAULT_TABLE_SET, _table_set
    from dianping_xlsx.check.checking import Checking
    from dianping_xlsx.check.pool import check_in_workers

    files = [(Path(sys.argv[1]), f"f{n}.xlsx") for n in range(6)]
    print("started", flush=True)
    for _ in check_in_workers(files, Checking(_table_set(DEFAULT_TABLE_SET), None), jobs=2):
        pass
""")
# every process of the test (the parent, and workers under fork or spawn) reads files slowly, so
# that the workers are busy when their parent dies
SLOW = textwrap.dedent("""
    import time
    import dianping_xlsx.check.workbook as workbook

    def slow(*args, **kwargs):
        time.sleep(600)

    workbook.check_workbook = slow
""")


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_workers_end_when_their_parent_is_killed(tmp_path, method):
    script = tmp_path / "parent.py"
    script.write_text(SCRIPT, encoding="utf-8")
    dummy = tmp_path / "a.xlsx"
    dummy.write_bytes(b"PK\\x03\\x04")
    (tmp_path / "sitecustomize.py").write_text(SLOW, encoding="utf-8")
    env = {**os.environ, "DIANPING_START_METHOD": method, "PYTHONPATH": str(tmp_path)}
    parent = subprocess.Popen([sys.executable, str(script), str(dummy)], stdout=subprocess.PIPE, env=env,
                              cwd=Path(__file__).resolve().parent.parent)
    try:
        assert parent.stdout.readline().strip() == b"started"
        deadline = time.monotonic() + 30
        while len(workers := _children(parent.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert len(workers) >= 2, workers
        time.sleep(1.0 if method == "fork" else 3.0)  # the workers are reading (spawn: importing first)
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait()
        deadline = time.monotonic() + 5
        while any(_alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        left = [w for w in workers if _alive(w)]
        for w in left:
            os.kill(w, signal.SIGKILL)
        assert not left, f"workers alive after their parent was killed: {left}"
    finally:
        if parent.poll() is None:
            parent.kill()
