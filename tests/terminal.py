"""Running the command as a clerk does, on a terminal: its standard error on a pseudo-terminal
(where click draws progress bars), its standard output captured."""

from __future__ import annotations

import os
import pty
import subprocess
import sys


def run_on_terminal(args: list[str], env: dict | None = None, timeout: float = 120) -> tuple[int, str, str]:
    """(exit code, what the terminal showed, standard output) of ``python -m dianping_xlsx args``."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "dianping_xlsx", *args], stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=follower, env={**os.environ, "COLUMNS": "100", **(env or {})})
    os.close(follower)
    screen = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the terminal is closed: the process has ended
            break
        if not chunk:
            break
        screen += chunk
    out, _ = proc.communicate(timeout=timeout)
    os.close(leader)
    return proc.returncode, screen.decode("utf-8", "replace"), out.decode("utf-8", "replace")
